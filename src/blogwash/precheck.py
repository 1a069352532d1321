"""precheck: which lines can a repair rule change at all? Most of a dump is clean text.

ftfy spends its time proving that clean text is clean: for every line it runs
``ftfy.badness.BADNESS_RE``, a regex of 37 alternatives over a few hundred characters,
at every position. With blogwash's configuration (``ftfyfix.FTFY_CONFIG``) ftfy can change
a line only if

- ``is_bad(line)`` holds (it gates the whole encoding fix, ``decode_inconsistent_utf8`` and
  the C1 fix inside it included), or
- the line holds a C1 control (the separate ``fix_c1_controls`` step), or
- the line holds a surrogate (``fix_surrogates``).

Every alternative of ``BADNESS_RE`` needs at least one character of ``ANCHORS`` (checked
alternative by alternative against ftfy's own regex in ``tests/test_precheck.py``), and no
match is longer than ``WINDOW`` characters. So a line without an anchor cannot be bad, and a
line with anchors is bad exactly when ``BADNESS_RE`` matches within ``WINDOW`` characters of
one of them: ``ftfy_may_change`` is *exact*, not a guess, and it costs one fast
character-class scan for most lines. A false positive (a clean line sent to ftfy) costs
time; a false negative would lose a repair, and there is none by construction.

The anchors were picked, per alternative, from the rarer side: curly quotes, currency,
superscripts, capital accented letters. Lowercase accented letters (``ä é ß``) and ``’``,
the characters clean European prose is full of, are not anchors.
"""

from __future__ import annotations

import re

from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

# Characters of which every BADNESS_RE match holds at least one (see the module docstring).
# The extras: Œ œ (`[Œœ][^A-Za-z]`), Ù (Arabic mojibake), Ђ (`вЂ`), ° (the middle of the
# Cyrillic and Greek 3-character sequences); š ž ¶ В-Е and MACROMAN_ONLY are not needed
# by ftfy but are the evidence of our own rules (ISO-8859-15, ISO-8859-2, UTF-8 read as
# cp1251 or MacRoman).
_ANCHOR_CLASS = "".join(
    MOJIBAKE_CATEGORIES[name]
    for name in (
        "c1",
        "bad",
        "currency",
        "numeric",
        "box",
        "start_punctuation",
        "end_punctuation",
        "upper_accented",
    )
)
# MacRoman's characters that cp1252 and Latin-1 lack (``√ π ∂ ≈``): evidence of UTF-8
# read as MacRoman (``misread.py``).
MACROMAN_ONLY = "".join(
    sorted(
        c
        for c in bytes(range(0x80, 0x100)).decode("mac-roman")
        if ord(c) > 0xFF and c not in bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
    )
)
ANCHORS = re.compile(
    f"[{_ANCHOR_CLASS}\u0152\u0153\u00d9\u0402\u00b0\u0161\u017e\u00b6\u0412\u0413\ud800-\udfff]"
)

# The longest BADNESS_RE match (`ГўВЂВ.[A-Za-z ]`), checked against ftfy in the tests.
WINDOW = 7

_C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff]")

# Three Latin-1 letters in a row: Cyrillic (cp1251, KOI8-R) read as cp1252 or Latin-1
# (`Ïðèâåò`). Rare in clean Latin-script text, where accented letters stand between
# unaccented ones.
_LATIN1_RUN = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]" * 3)  # not {3}: see _scan

# An entity that a rule of ours may act on: HTML-escaped mojibake or a double escape.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _scan(pattern: re.Pattern[str], text: str, out: set[int]) -> None:
    # One C-level scan per pattern: each starts with a character class, which lets the
    # regex engine skip ahead fast (an alternation of them, or `[..]{3}`, would not).
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        out.add(start)
        if end < 0:
            return
        pos = end + 1


def suspect_lines(text: str) -> list[int]:
    """The 0-based numbers of the lines of ``text`` (split at ``\\n``) that ``suspect`` lets
    through, found by whole-text scans rather than a call per line.

    >>> suspect_lines("clean\\nGr\u00c3\u00bc\u00c3\u0178e\\nclean too\\ncaf&Atilde;&copy;")
    [1, 3]
    """
    starts: set[int] = set()
    for pattern in (ANCHORS, _LATIN1_RUN, _ENTITY):
        _scan(pattern, text, starts)
    out: list[int] = []
    pos = number = 0
    for start in sorted(starts):
        number += text.count("\n", pos, start)
        out.append(number)
        pos = start
    return out


def suspect(line: str) -> bool:
    """Can any repair rule change ``line``? False means: certainly not, skip it.

    >>> suspect("Grüße aus Köln, schöne Tage und ’n Kaffee")
    False
    >>> suspect("caf\u00c3\u00a9"), suspect("caf&Atilde;&copy;"), suspect("\u00cf\u00f0\u00e8")
    (True, True, True)
    """
    if line.isascii():
        return "&" in line and _ENTITY.search(line) is not None
    if ANCHORS.search(line) is not None or _LATIN1_RUN.search(line) is not None:
        return True
    return "&" in line and _ENTITY.search(line) is not None


def ftfy_may_change(line: str) -> bool:
    """Exactly ftfy's own gate (``is_bad`` or C1 or surrogates), at a fraction of its cost.

    >>> ftfy_may_change("“Curly” quotes and café are fine")
    False
    >>> ftfy_may_change("caf\u00c3\u00a9"), ftfy_may_change("x\u0085y")
    (True, True)
    """
    if line.isascii():
        return False
    if _C1_OR_SURROGATE.search(line) is not None:
        return True
    # Search the windows around the anchors, merged where they overlap.
    lo, hi = -1, -1
    for match in ANCHORS.finditer(line):
        start, end = max(0, match.start() - WINDOW + 1), match.start() + WINDOW
        if start > hi:
            if hi >= 0 and BADNESS_RE.search(line, lo, hi):
                return True
            lo = start
        hi = end
    return hi >= 0 and BADNESS_RE.search(line, lo, hi) is not None
