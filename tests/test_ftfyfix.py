"""ftfyfix.fix_and_explain gives what ftfy's own fix_and_explain gives with FTFY_CONFIG."""

from __future__ import annotations

import json
from pathlib import Path

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st
from tools.ftfy_suite import cached, extra_bad

from blogwash import ftfyfix, precheck
from tests.conftest import FIXTURES
from tests.test_precheck import _ALPHABET

TABLE = Path(__file__).resolve().parent / "data" / "repair_cases.json"


def _same_as_ftfy(line: str) -> None:
    text, steps = ftfy.fix_and_explain(line, config=ftfyfix.FTFY_CONFIG)
    ours, our_steps = ftfyfix.fix_and_explain(line)
    assert ours == text, repr(line)
    if text != line:
        assert ftfyfix.rule_of(our_steps) == ftfyfix.rule_of(list(steps or [])), repr(line)


def test_same_as_ftfy_on_the_table_dumps_and_suite() -> None:
    texts = [case["original"] for case in json.loads(TABLE.read_text(encoding="utf-8"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/decode.txt"))]
    texts += [t for case in cached() or [] for t in (case.original, extra_bad(case.original))]
    for text in texts + [extra_bad(t) for t in texts]:
        for line in text.split("\n"):
            _same_as_ftfy(line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=14))
def test_same_as_ftfy_on_random_text(text: str) -> None:
    _same_as_ftfy(text)


def test_suspect_lines_is_suspect_per_line() -> None:
    for dump in sorted(FIXTURES.glob("*/decode.txt")):
        text = dump.read_text(encoding="utf-8") + "\ncaf&Atilde;&copy;\n\nx"
        lines = text.split("\n")
        expected = [i for i, line in enumerate(lines) if precheck.suspect(line)]
        assert precheck.suspect_lines(text) == expected
