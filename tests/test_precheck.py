"""The precheck never skips a line that ftfy or a blogwash rule would change.

Three kinds of evidence: a proof against ftfy's own regex (every alternative of
``BADNESS_RE`` needs an anchor character, and no match is longer than ``WINDOW``), the
exact agreement of ``ftfy_may_change`` with ftfy's gate on many inputs (random ones too),
and the fixture table, the golden dumps and ftfy's own suite (when ``make eval-repair`` has
cached it) run with and without the precheck.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import ftfy
import pytest
from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tools.ftfy_suite import cached, extra_bad

from blogwash import precheck
from blogwash.ftfyfix import FTFY_CONFIG
from blogwash.repair import Repairer
from tests.conftest import FIXTURES

try:
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_parse  # type: ignore[no-redef]

TABLE = Path(__file__).resolve().parent / "data" / "repair_cases.json"
CONFIG = FTFY_CONFIG._replace(explain=False)
C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff]")


def _chars(op: object, av: object) -> set[str] | None:
    """The characters one regex item can match, or None if not a small finite set."""
    name = str(op)
    if name == "LITERAL":
        assert isinstance(av, int)
        return {chr(av)}
    if name != "IN":
        return None
    out: set[str] = set()
    assert isinstance(av, list)
    for sub_op, sub_av in av:
        if str(sub_op) == "LITERAL":
            out.add(chr(sub_av))
        elif str(sub_op) == "RANGE":
            out.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
        else:  # NEGATE, CATEGORY: not finite
            return None
    return out


def _alternatives() -> list[object]:
    parsed = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    ((op, (_, alternatives)),) = parsed.data
    assert str(op) == "BRANCH"
    return list(alternatives)


def _pair_sets() -> list[tuple[set[str], set[str]]]:
    out = []
    for pair in precheck.PAIRS:
        (op1, av1), (op2, av2) = sre_parse.parse(pair.pattern).data
        first, second = _chars(op1, av1), _chars(op2, av2)
        assert first and second
        out.append((first, second))
    return out


def test_every_badness_alternative_needs_an_anchor_or_a_pair() -> None:
    alternatives = _alternatives()
    pairs = _pair_sets()
    assert len(alternatives) > 30
    for alternative in alternatives:
        mandatory = [_chars(op, av) for op, av in alternative.data]  # type: ignore[attr-defined]
        anchored = any(
            chars and all(precheck.ANCHORS.fullmatch(c) for c in chars) for chars in mandatory
        )
        paired = any(
            a and b and a <= first and b <= second
            for a, b in zip(mandatory, mandatory[1:], strict=False)
            for first, second in pairs
        )
        assert anchored or paired, f"no anchor or pair in BADNESS_RE alternative {alternative}"


def test_every_badness_alternative_needs_two_non_ascii_characters_or_a_solo_one() -> None:
    solo = set(precheck.SOLO) | {chr(c) for c in range(0x80, 0xA0)}
    for alternative in _alternatives():
        mandatory = [_chars(op, av) for op, av in alternative.data]  # type: ignore[attr-defined]
        non_ascii = [chars for chars in mandatory if chars and not any(c.isascii() for c in chars)]
        assert len(non_ascii) >= 2 or any(chars <= solo for chars in non_ascii), alternative


def test_no_badness_match_is_longer_than_the_window() -> None:
    widths = [alt.getwidth()[1] for alt in _alternatives()]  # type: ignore[attr-defined]
    assert max(widths) <= precheck.WINDOW


def _exact_gate(line: str) -> bool:
    return is_bad(line) or C1_OR_SURROGATE.search(line) is not None


def _lines() -> Iterator[str]:
    for case in json.loads(TABLE.read_text(encoding="utf-8")):
        yield from case["original"].split("\n")
        yield from extra_bad(case["original"]).split("\n")
    for dump in sorted(FIXTURES.glob("*/decode.txt")):
        yield from dump.read_text(encoding="utf-8").split("\n")


def _never_skips_a_change(lines: Iterator[str]) -> int:
    unchecked = Repairer()
    checked = 0
    for line in lines:
        assert precheck.ftfy_may_change(line) == _exact_gate(line), repr(line)
        if precheck.suspect(line):
            continue
        checked += 1
        assert ftfy.fix_text(line, CONFIG) == line, f"skipped, but ftfy changes {line!r}"
        assert unchecked._repair_line(line, 1, []) == line, f"skipped, but changed: {line!r}"
    return checked


def test_precheck_never_skips_a_change_in_the_fixture_table_and_dumps() -> None:
    assert _never_skips_a_change(_lines()) > 50


def test_precheck_never_skips_a_change_in_ftfys_suite() -> None:
    cases = cached()
    if cases is None:
        pytest.skip("ftfy's suite is not cached: run `make eval-repair` once")
    texts = [t for case in cases for t in (case.original, extra_bad(case.original))]
    _never_skips_a_change(line for text in texts for line in text.split("\n"))


# Characters that mojibake and clean text are made of: ASCII, Latin-1, cp1252's extras,
# Latin Extended-A, Greek, Cyrillic, box drawing, math, C1 controls.
_ALPHABET = (
    "aeAEs .,?!-\u00a0"
    + "".join(chr(c) for c in range(0x80, 0x180))
    + "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
    + "ΒΓΞΟβ€ΆВГРСвЂ№√≈∂≠─│┌┐┬├╔═▀░"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=14))
@example("x ”é x")  # only a pair makes this bad
def test_ftfy_may_change_is_ftfys_gate_on_random_text(text: str) -> None:
    assert precheck.ftfy_may_change(text) == _exact_gate(text)
    if _exact_gate(text):  # whatever ftfy might change is looked at
        assert precheck.suspect(text)
    if not precheck.suspect(text):
        assert ftfy.fix_text(text, CONFIG) == text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET + "\n\ud800", max_size=20))
@example("x ”é x")
@example("Ã\n©")
def test_is_bad_is_ftfys_is_bad_on_random_text(text: str) -> None:
    assert precheck.is_bad(text) == is_bad(text)


# Words and pieces of words with the damage our own rules look for, and clean ones.
_PIECES = [
    "Za¿ó³æ", "gêœl¹", "Ïðèâåò", "ðÒÉ×ÅÔ", "Dìkuji", "èlánek", "Coatl‡n", "conf’an", "m³",
    "by³", "³atwy", "Dìkuji, èlánek je skvìlý", "Èeský", "GrÃŒÃ\x9fe", "caf&Atilde;&copy;",
    "&amp;eacute;", "â€œ", "â€\xa0",
    "â€", "†", "mГ©d", "Г ", "┬┐que", "pi√π", "Ù Ù¡", "بلد", "Grüße", "“", "”", "„", "é",
    "à", "ł", "ß", "Ä", "–", "…", "’", "«", "»", "¿", "€", " ", " ", "x", "de", "\u00a0",
]  # fmt: skip
_UNCHECKED = Repairer()


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8))
@example(["Dìkuji, èlánek je skvìlý"])
def test_no_rule_changes_a_line_the_precheck_skips(pieces: list[str]) -> None:
    line = "".join(pieces)
    if not precheck.suspect(line):
        assert _UNCHECKED._repair_line(line, 1, []) == line
