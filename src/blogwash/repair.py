"""repair: undo mojibake, change nothing that is correct.

Works line by line and never adds or removes a line, so every repair-log entry names the
line of the decoded text it was made on. Normalisation (NFC, line breaks, control
characters, whitespace, plain HTML entities) is *not* done here; see ``normalize``.

Most lines are clean: ``precheck.suspect`` lets through only lines some rule can change, and
ftfy sees only lines its own gate would pass (``precheck.ftfy_may_change``, exact). Each
suspect line then goes through the rules in this order; each change is logged under the
rule that made it, and every rule can be turned off by name. A line that talks *about*
mojibake (``mentions.py``: ``Ã©`` next to ``é``, or ``“â€™”`` quoted) is left alone.


``double-escaped`` (``entities.py``)
    ``&amp;eacute;`` -> ``&eacute;`` (an entity escaped twice); markup entities stay.
``html-mojibake`` (``entities.py``)
    ``caf&Atilde;&copy;`` -> ``café``: entities that spell mojibake.
``lost-byte-quote`` (``lostbytes.py``)
    ``“x â€\\xa0y`` -> ``“x ” y``: a ``”`` whose third UTF-8 byte was lost; again after
    ftfy for its readings of one (``zakendoen†welke``, a ``�`` ftfy made).
``iso-8859-15`` (``latin9.py``)
    UTF-8 read as ISO-8859-15 (``GrÃŒÃ\\x9fe`` -> ``Grüße``), which ftfy does not know.
``mojibake``, ``c1-controls``, ``lossy-sequences``, ``byte-a0``, ``inconsistent-utf8``,
``surrogates``
    ftfy's fixes (``ftfyfix.py``): a re-decoding is ``mojibake``, the others are named after
    the ftfy step that made them.
``utf8-misread``, ``leftover-utf8`` (``misread.py``)
    UTF-8 read as cp1251, cp437 or MacRoman where ftfy's heuristic does not fire
    (``mГ©dicament``, ``┬┐que``, ``pi√π``), and non-Latin UTF-8 pieces ftfy left behind
    next to their own script (``Ù Ù Ù¡`` -> ``٠٠١``).
``single-byte`` (``singlebyte.py``)
    cp1250/ISO-8859-2/cp1251/KOI8-R text read as cp1252 or Latin-1 (``Za¿ó³æ`` ->
    ``Zażółć``, ``Ïðèâåò`` -> ``Привет``), where the new reading is clearly more plausible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from blogwash import (
    entities,
    ftfyfix,
    latin9,
    lostbytes,
    mentions,
    misread,
    precheck,
    singlebyte,
)
from blogwash.changes import changes
from blogwash.document import Repair, Repaired

STAGE = "repair"

RULES = (
    "lost-byte-quote",
    *ftfyfix.RULES,
    "iso-8859-15",
    "utf8-misread",
    "leftover-utf8",
    "single-byte",
    "html-mojibake",
    "double-escaped",
)

_FTFY = "ftfy"


def _repair_text(text: str) -> str:
    """Every encoding repair, unlogged: what an HTML-escaped word is checked with."""
    text = latin9.fix(text)
    text = ftfyfix.fix(text)[0]
    return singlebyte.fix(text)


# The rules in the order they run; _FTFY stands for ftfy's fixes, logged under their names.
_STEPS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("double-escaped", entities.unescape_double),
    ("html-mojibake", lambda line: entities.fix_escaped_mojibake(line, _repair_text)),
    ("lost-byte-quote", lostbytes.restore_raw),
    ("iso-8859-15", latin9.fix),
    (_FTFY, lambda line: line),
    ("utf8-misread", misread.misread),
    ("leftover-utf8", misread.leftovers),
    ("single-byte", singlebyte.fix),
    ("lost-byte-quote", lostbytes.restore_dagger),
)


class Repairer:
    """Immutable repair configuration: which rules are turned off."""

    def __init__(self, disabled: Iterable[str] = ()) -> None:
        unknown = set(disabled) - set(RULES)
        if unknown:
            raise ValueError(
                f"unknown repair rule(s): {', '.join(sorted(unknown))}; "
                f"known rules: {', '.join(RULES)}"
            )
        self.disabled = frozenset(disabled)
        self._steps = tuple(step for step in _STEPS if step[0] not in self.disabled)
        self._lost_quotes = "lost-byte-quote" not in self.disabled

    def __call__(self, text: str) -> Repaired:
        # Only the suspect lines are cut out of the text, and only the repaired ones are
        # pasted back: the clean lines, most of a dump, are never split off one by one.
        log: list[Repair] = []
        pieces: list[str] = []
        done = 0
        for index, start in precheck.suspect_line_starts(text):
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            line = text[start:end]
            fixed = self._repair_line(line, index + 1, log)
            if fixed != line:
                pieces += (text[done:start], fixed)
                done = end
        if not pieces:
            return Repaired(text=text, repairs=tuple(log))
        pieces.append(text[done:])
        return Repaired(text="".join(pieces), repairs=tuple(log))

    def _repair_line(self, line: str, number: int, log: list[Repair]) -> str:
        entries: list[Repair] = []
        fixed = self._apply_rules(line, number, entries)
        if fixed == line or mentions.talks_about_mojibake(line):
            return line
        log.extend(entries)
        return fixed

    def _apply_rules(self, line: str, number: int, log: list[Repair]) -> str:
        for rule, fix in self._steps:
            if rule == _FTFY:
                fixed, ftfy_rule = self._ftfy(line)
                if ftfy_rule is None:
                    continue
                log.extend(changes(STAGE, number, line, fixed, ftfy_rule))
                if fixed.count("\ufffd") > line.count("\ufffd") and self._lost_quotes:
                    restored = lostbytes.restore_lossy(fixed)
                    log.extend(changes(STAGE, number, fixed, restored, "lost-byte-quote"))
                    fixed = restored
                line = fixed
                continue
            fixed = fix(line)
            if fixed != line:
                log.extend(changes(STAGE, number, line, fixed, rule))
                line = fixed
        return line

    def _ftfy(self, line: str) -> tuple[str, str | None]:
        if not precheck.ftfy_may_change(line):
            return line, None
        fixed, rule = ftfyfix.fix(line)
        if rule is None or rule in self.disabled:
            return line, None
        return fixed, rule


def repair(text: str, *, disabled: Iterable[str] = ()) -> Repaired:
    """Repair mojibake in ``text``; ``disabled`` turns rules off by name.

    >>> repair("caf\u00c3\u00a9 \u201cok\u201d").text
    'café “ok”'
    >>> [(r.line, r.before, r.after, r.rule) for r in repair("ok\\nZa¿ó³æ").repairs]
    [(2, 'Za¿ó³æ', 'Zażółć', 'single-byte')]
    """
    return Repairer(disabled)(text)
