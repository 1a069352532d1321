"""precheck: which lines can a repair rule change at all? Most of a dump is clean text.

ftfy spends its time proving that clean text is clean: for every line it runs
``ftfy.badness.BADNESS_RE``, a regex of 37 alternatives over a few hundred characters,
at every position. With blogwash's configuration (``ftfyfix.FTFY_CONFIG``) ftfy can change
a line only if

- ``is_bad(line)`` holds (it gates the whole encoding fix, ``decode_inconsistent_utf8`` and
  the C1 fix inside it included), or
- the line holds a C1 control (the separate ``fix_c1_controls`` step), or
- the line holds a surrogate (``fix_surrogates``).

Every alternative of ``BADNESS_RE`` needs a character of ``ANCHORS`` or one of the two-
character ``PAIRS``, and no match is longer than ``WINDOW`` characters: both are checked
alternative by alternative against ftfy's own regex in ``tests/test_precheck.py``. So a line
without an anchor or pair cannot be bad, and a line with them is bad exactly when
``BADNESS_RE`` matches within ``WINDOW`` characters of one: ``ftfy_may_change`` is *exact*,
not a guess. The anchors were picked, per alternative, from the rarer side (currency,
superscripts, capital accented letters); where both sides are common in clean text (an
accented letter and a curly quote) the pair of them is the trigger instead, so ``“quoted”``
or ``Grüße`` alone do not make a line suspect.

Our own rules each need characters of their own (``suspect`` lists them), so ``suspect`` is
the union of all triggers. A false positive (a clean line looked at) costs time; a false
negative would lose a repair, and ``tests/test_precheck.py`` runs every rule on lines the
precheck skips, from the fixture table, the golden dumps, ftfy's suite and random text.
"""

from __future__ import annotations

import re

from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

from blogwash import singlebyte

_CAT = MOJIBAKE_CATEGORIES
# MacRoman's characters that cp1252 and Latin-1 lack (``√ π ∂ ≈``): evidence of UTF-8
# read as MacRoman (``misread.py``).
MACROMAN_ONLY = "".join(
    sorted(
        c
        for c in bytes(range(0x80, 0x100)).decode("mac-roman")
        if ord(c) > 0xFF and c not in bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
    )
)
# Characters of which every BADNESS_RE match not covered by PAIRS holds at least one. The
# extras: Œ œ (`[Œœ][^A-Za-z]`), Ù Ú Û (Arabic mojibake; leads of ``leftover-utf8``), Ђ
# (`вЂ`), ‚ (`‚Ä`, `‚[âó]`), ° (`[upper_accented]°`); š ž ¶ В-Е and MACROMAN_ONLY are not
# needed by ftfy but are the evidence of our own rules (ISO-8859-15, ISO-8859-2, UTF-8 read
# as cp1251 or MacRoman).
_ANCHOR_CLASS = "".join(
    _CAT[name] for name in ("c1", "bad", "currency", "numeric", "box", "upper_accented")
)
_ANCHOR_BODY = (
    f"{_ANCHOR_CLASS}\u0152\u0153\u00d9\u00da\u00db\u0402\u201a\u00b0"
    f"\u0161\u017e\u00b6\u0412-\u0415{MACROMAN_ONLY}\ud800-\udfff"
)
ANCHORS = re.compile(f"[{_ANCHOR_BODY}]")
# The alternatives of BADNESS_RE whose every character can be common in clean text: an
# accented letter (or Cyrillic/Greek capital) next to a quote mark, a closing quote or
# currency sign next to an accented letter. Each regex starts with a character class, so a
# whole-text scan stays fast.
_QUOTES = _CAT["start_punctuation"] + _CAT["end_punctuation"]
_PAIR_CLASSES = (
    (
        f"{_CAT['lower_accented']}{_CAT['upper_accented']}\u0412\u0413\u0420\u0421"
        "\u0392\u0393\u039e\u039f",
        f"{_QUOTES}{_CAT['c1']}{_CAT['bad']}{_CAT['currency']}\u00b0\u00b5",
    ),
    (
        f"{_CAT['box']}{_CAT['end_punctuation']}{_CAT['currency']}{_CAT['numeric']}",
        f"{_CAT['lower_accented']}{_CAT['start_punctuation']}",
    ),
)
PAIRS = tuple(re.compile(f"[{first}][{second}]") for first, second in _PAIR_CLASSES)
# Where an anchor or a pair starts, in order, in one scan: each match is one character.
_PLACES = re.compile(
    f"[{_ANCHOR_BODY}{''.join(first for first, _ in _PAIR_CLASSES)}]"
    f"(?:(?<=[{_ANCHOR_BODY}])"
    + "".join(f"|(?<=[{first}])(?=[{second}])" for first, second in _PAIR_CLASSES)
    + ")"
)

# The longest BADNESS_RE match (`ГўВЂВ.[A-Za-z ]`), checked against ftfy in the tests.
WINDOW = 7

_C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff]")
# Every BADNESS_RE match holds two non-ASCII characters, unless it holds a C1 control or one
# of SOLO (Ã Â Œ œ; checked against ftfy's regex in the tests), so a line with none of these
# (two non-ASCII characters within WINDOW of each other, a C1 control, one of SOLO) cannot
# be bad: one fast scan, which stops at the first, saves the window checks on many lines.
SOLO = "\u00c3\u00c2\u0152\u0153"
_MAYBE_BAD = re.compile(
    f"[^\\x00-\\x7f](?:(?<=[\\x80-\\x9f\\ud800-\\udfff{SOLO}])|.{{0,{WINDOW - 2}}}[^\\x00-\\x7f])",
    re.DOTALL,
)

# Three Latin-1 letters in a row: Cyrillic (cp1251, KOI8-R) read as cp1252 or Latin-1
# (`Ïðèâåò`). Rare in clean Latin-script text, where accented letters stand between
# unaccented ones.
_LATIN1_RUN = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]" * 3)  # not {3}: see _scan

# An entity that a rule of ours may act on: HTML-escaped mojibake or a double escape.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


# One whole-text scan finds the suspect lines. It stops at two kinds of characters. Those
# of the first kind mark a line at once (anchors; SHIFT, what a Central European reading
# changes) or after a look at their neighbours (`&` of an entity, the closing quote of a
# pair, singlebyte.RARE); they are rare in clean text. Those of the second kind, accented
# letters, mark a line when followed by what PAIRS[0] or a Latin-1 run needs, which the
# regex itself checks: they are common, and cost no Python step. (One scan of both kinds
# costs about half of two scans, one per kind: the time goes into stepping over the text.)
_SHIFT = frozenset(singlebyte.SHIFT)
_FIRST = (
    f"{_ANCHOR_BODY}{re.escape(singlebyte.SHIFT)}{singlebyte.RARE.pattern[1:-1]}"
    f"{_CAT['end_punctuation']}&"
)
_LATIN1 = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_SECOND = (
    f"{_CAT['lower_accented']}{_CAT['upper_accented']}{_LATIN1}"
    "\u0412\u0413\u0420\u0421\u0392\u0393\u039e\u039f"
)
_SECOND_NEXT = (
    f"[{_QUOTES}{_CAT['c1']}{_CAT['bad']}{_CAT['currency']}\u00b0\u00b5]|[{_LATIN1}][{_LATIN1}]"
)
# A match longer than one character is of the second kind and marks its line; a match of
# one character is of the first kind and needs `_marks`.
_SCAN = re.compile(f"[{_FIRST}{_SECOND}](?:(?<=[{_SECOND}])(?:{_SECOND_NEXT})|(?<=[{_FIRST}]))")


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _marks(text: str, pos: int) -> bool:
    char = text[pos]
    if char in _SHIFT or ANCHORS.match(text, pos) is not None:
        return True
    if char == "&":
        return _ENTITY.match(text, pos) is not None
    if PAIRS[1].match(text, pos) is not None:
        return True
    return (
        singlebyte.RARE.match(text, pos) is not None
        and singlebyte.evidence_at(text, pos) is not None
    )


def _starts(text: str) -> list[int]:
    """The offsets where the suspect lines start, in order."""
    starts: list[int] = []
    pos = 0
    while (m := _SCAN.search(text, pos)) is not None:
        at = m.start()
        if m.end() - at == 1 and not _marks(text, at):
            pos = at + 1
            continue
        starts.append(_line_start(text, at))
        end = text.find("\n", m.end())
        if end < 0:
            break
        pos = end + 1
    return starts


def suspect_line_starts(text: str) -> list[tuple[int, int]]:
    """``(number, offset)`` of each line of ``text`` that may need a repair: its 0-based
    number (lines split at ``\\n``) and where it starts in ``text``.

    >>> suspect_line_starts("clean\\nGr\u00c3\u00bc\u00c3\u0178e\\n“Grüße”")
    [(1, 6)]
    """
    out: list[tuple[int, int]] = []
    pos = number = 0
    for start in _starts(text):
        number += text.count("\n", pos, start)
        out.append((number, start))
        pos = start
    return out


def suspect_lines(text: str) -> list[int]:
    """The 0-based numbers of the lines of ``text`` (split at ``\\n``) that may need a
    repair, found by a whole-text scan rather than a call per line.

    >>> suspect_lines("clean\\nGr\u00c3\u00bc\u00c3\u0178e\\n“Grüße”\\ncaf&Atilde;&copy;")
    [1, 3]
    """
    return [number for number, _ in suspect_line_starts(text)]


def suspect(line: str) -> bool:
    """Can any repair rule change ``line`` (no ``\\n`` in it)? False means: certainly not.

    >>> suspect("„Schöne Grüße“ aus Köln, und ’n Kaffee für 3 €")
    True
    >>> suspect("„Schöne Grüße“ aus Köln, und ’n Kaffee")
    False
    >>> suspect("caf\u00c3\u00a9"), suspect("caf&Atilde;&copy;"), suspect("\u00cf\u00f0\u00e8")
    (True, True, True)
    """
    return bool(_starts(line))


def ftfy_may_change(line: str) -> bool:
    """Exactly ftfy's own gate (``is_bad`` or C1 or surrogates), at a fraction of its cost.

    >>> ftfy_may_change("“Curly” quotes and café are fine")
    False
    >>> ftfy_may_change("caf\u00c3\u00a9"), ftfy_may_change("x\u0085y")
    (True, True)
    """
    if line.isascii() or _MAYBE_BAD.search(line) is None:
        return False
    return _bad_near_anchors(line) or _C1_OR_SURROGATE.search(line) is not None


def is_bad(text: str) -> bool:
    """Exactly ``ftfy.badness.is_bad(text)``, at a fraction of its cost.

    ftfy asks it again of every text it has fixed, to see that the fix is done: on a long
    line that is a full ``BADNESS_RE`` scan of clean text, its most expensive case.

    >>> is_bad("“Curly” quotes and café are fine"), is_bad("caf\u00c3\u00a9")
    (False, True)
    """
    if text.isascii() or _MAYBE_BAD.search(text) is None:
        return False
    return _bad_near_anchors(text)


def _bad_near_anchors(line: str) -> bool:
    """``is_bad``, searching only the windows around the anchors and pairs, merged where
    they overlap; a line of mojibake is known bad after its first window. (``BADNESS_RE``
    has no lookaround and no anchors, so what it finds inside a window is a match of the
    whole line too.)"""
    lo = hi = -1
    for m in _PLACES.finditer(line):
        place = m.start()
        start = max(0, place - WINDOW + 1)
        if start > hi:
            if hi >= 0 and BADNESS_RE.search(line, lo, hi):
                return True
            lo = start
        hi = place + WINDOW + 1  # places come in order: the window reaches furthest
    return hi >= 0 and BADNESS_RE.search(line, lo, hi) is not None
