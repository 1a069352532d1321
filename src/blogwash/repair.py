"""repair: undo mojibake, change nothing that is correct.

Works line by line and never adds or removes a line, so every repair-log entry names the
line of the decoded text it was made on. Normalisation (NFC, line breaks, control
characters, whitespace) is *not* done here; see ``normalize``.

Rules (names as they appear in the ``repairs`` log and in ``--no-repair``):

``lost-byte-quote``
    UTF-8 ``”`` is E2 80 9D; read as cp1252 the 9D byte is undefined and gets lost, and a
    following space may come back as NBSP. What is left (``â€\\xa0``, ``â€ ``, ``â€�``,
    ``â€?``, a trailing ``â€``) is turned back into ``”`` before ftfy sees it, and ftfy's
    own misreading (``zakendoen†welke``, the space swallowed) is undone after it. Both only
    when the line holds an unclosed ``“`` before the place: a footnote dagger has none.
``mojibake``
    ftfy's re-decoding of text that was decoded with the wrong codec (``Ã©`` -> ``é``).
``c1-controls``, ``lossy-sequences``, ``byte-a0``, ``inconsistent-utf8``
    ftfy's other encoding fixes, named after the ftfy step that made them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ftfy

from blogwash.changes import changes
from blogwash.document import Repair, Repaired

STAGE = "repair"

# ftfy, configured to fix encodings and nothing else:
# - uncurl_quotes=False: curly quotes are correct text, straightening them loses data;
# - fix_latin_ligatures / fix_character_width=False: `ĳ`, `ﬁ`, full-width CJK punctuation
#   are legitimate characters;
# - fix_line_breaks, remove_control_chars, normalization, remove_terminal_escapes: these are
#   normalisation and belong to the normalize stage (so the two can be told apart in the log);
# - unescape_html=False: entities are the normalize stage's job (via beautifulsoup4).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

RULES = (
    "lost-byte-quote",
    "mojibake",
    "c1-controls",
    "lossy-sequences",
    "byte-a0",
    "inconsistent-utf8",
    "surrogates",
)

# ftfy step name -> our rule name.
_FTFY_STEPS = {
    "fix_c1_controls": "c1-controls",
    "replace_lossy_sequences": "lossy-sequences",
    "restore_byte_a0": "byte-a0",
    "decode_inconsistent_utf8": "inconsistent-utf8",
    "fix_surrogates": "surrogates",
}

# The cp1252 reading of E2 80 (the first two bytes of ” “ ‘ ’ – — …) followed by what is
# left when the third byte went missing: NBSP or space (the space came back in its
# place), U+FFFD or '?' (a lossy re-encode), or the end of the line.
_LOST_QUOTE_RAW = re.compile("\u00e2\u20ac(\u00a0| |\ufffd|\\?|$)")
# ftfy reads `â€\xa0` as E2 80 A0 = `†` and swallows the space: a dagger glued between
# two letters cannot be a footnote mark.
_LOST_QUOTE_DAGGER = re.compile(r"(?<=\w)\u2020(?=\w)")
_OPEN_QUOTE = "\u201c"
_OPEN_QUOTE_RAW = "\u00e2\u20ac\u0153"


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

    def __call__(self, text: str) -> Repaired:
        lines = text.split("\n")
        log: list[Repair] = []
        out: list[str] = []
        for number, line in enumerate(lines, start=1):
            fixed = line if line.isascii() else self._repair_line(line, number, log)
            out.append(fixed)
        return Repaired(text="\n".join(out), repairs=tuple(log))

    def _repair_line(self, line: str, number: int, log: list[Repair]) -> str:
        if "lost-byte-quote" not in self.disabled:
            fixed = _restore_lost_quotes_raw(line)
            log.extend(changes(STAGE, number, line, fixed, "lost-byte-quote"))
            line = fixed
        fixed, rule = self._ftfy(line)
        if rule is not None:
            log.extend(changes(STAGE, number, line, fixed, rule))
            line = fixed
        if "lost-byte-quote" not in self.disabled:
            fixed = _restore_lost_quotes_dagger(line)
            log.extend(changes(STAGE, number, line, fixed, "lost-byte-quote"))
            line = fixed
        return line

    def _ftfy(self, line: str) -> tuple[str, str | None]:
        fixed, explanation = ftfy.fix_and_explain(line, config=FTFY_CONFIG)
        if fixed == line:
            return line, None
        steps = list(explanation or [])
        if any(action in ("encode", "decode", "transcode") for action, _ in steps):
            rule = "mojibake"
        else:
            rule = next((_FTFY_STEPS[name] for _, name in steps if name in _FTFY_STEPS), "mojibake")
        if rule in self.disabled:
            return line, None
        return fixed, rule


def _has_open_quote_before(line: str, pos: int, opener: str, closer: str) -> bool:
    head = line[:pos]
    return head.rfind(opener) > head.rfind(closer)


def _restore_lost_quotes_raw(line: str) -> str:
    """``“x â€\\xa0y`` (a ``”`` whose third byte was lost) -> ``“x ” y`` in raw mojibake.

    >>> _restore_lost_quotes_raw("â€œFlow en zakendoenâ€\\xa0welke")
    'â€œFlow en zakendoen” welke'
    >>> _restore_lost_quotes_raw("Smithâ€\\xa0died")  # no open quote: left to ftfy
    'Smithâ€\\xa0died'
    """
    if "\u00e2\u20ac" not in line:
        return line

    def fix(m: re.Match[str]) -> str:
        opener = _OPEN_QUOTE_RAW if _OPEN_QUOTE_RAW in line[: m.start()] else _OPEN_QUOTE
        if not _has_open_quote_before(line, m.start(), opener, "\u201d"):
            return m.group(0)
        tail = m.group(1)
        return "\u201d" + (" " if tail in ("\u00a0", " ") else "")

    return _LOST_QUOTE_RAW.sub(fix, line)


def _restore_lost_quotes_dagger(line: str) -> str:
    """ftfy's ``zakendoen†welke`` (a lost-byte ``”`` + space) -> ``zakendoen” welke``.

    >>> _restore_lost_quotes_dagger("“Flow en de kunst van het zakendoen†welke in")
    '“Flow en de kunst van het zakendoen” welke in'
    >>> _restore_lost_quotes_dagger("Smith† 1923 and Jones†")
    'Smith† 1923 and Jones†'
    """
    if "\u2020" not in line:
        return line

    def fix(m: re.Match[str]) -> str:
        if _has_open_quote_before(line, m.start(), _OPEN_QUOTE, "\u201d"):
            return "\u201d "
        return m.group(0)

    return _LOST_QUOTE_DAGGER.sub(fix, line)


def repair(text: str, *, disabled: Iterable[str] = ()) -> Repaired:
    """Repair mojibake in ``text``; ``disabled`` turns rules off by name.

    >>> repair("caf\u00c3\u00a9 \u201cok\u201d").text
    'café “ok”'
    """
    return Repairer(disabled)(text)
