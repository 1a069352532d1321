"""lostbytes: a ``”`` whose third UTF-8 byte was lost on the way.

UTF-8 ``”`` is E2 80 9D. Read as cp1252, E2 80 become ``â€`` but 9D is undefined there, so
converters drop it, replace it with ``?`` or U+FFFD, and a following space often comes back
as NBSP. What reaches us is ``â€\\xa0``, ``â€ ``, ``â€�``, ``â€?`` or a trailing ``â€``.
ftfy reads ``â€\\xa0`` (and ``â€ ``, via its byte-A0 fix) as E2 80 A0 = ``†`` and the space
is gone: ``zakendoen†welke``.

Both forms are repaired only with evidence on the same line: an unclosed opening quote
(``“`` or its mojibake ``â€œ``) before the place, or, for the raw form, other cp1252
mojibake of a quote or dash (``â€™``, ``â€“``) on the line. A footnote dagger
(``Smith†``, ``† 1923``) has neither, and ``â€`` that is not followed by a lost byte is left
to ftfy, as is a line with two layers of mojibake (``Ã¢â€``), where ``â€`` is part of a longer
sequence. The cost of this caution: a lost quote on a line with no other clue stays broken
(ftfy's dagger), which is visible and logged nowhere — a false negative, not a new error.
"""

from __future__ import annotations

import re

_OPEN = "\u201c"
_CLOSE = "\u201d"
_OPEN_RAW = "\u00e2\u20ac\u0153"  # “ read as cp1252
_CLOSE_RAW = "\u00e2\u20ac\ufffd"
_RAW = "\u00e2\u20ac"

# `â€` + what is left where 9D was: NBSP or space (the space came back in its place),
# U+FFFD or '?' (a lossy re-encode), or the end of the line.
_LOST_RAW = re.compile("\u00e2\u20ac(\u00a0| |\ufffd|\\?|$)")
# Other cp1252 mojibake of E2 80 xx punctuation: proof that the line went through cp1252.
_OTHER_RAW = re.compile("\u00e2\u20ac[\u0153\u2122\u02dc\u201c\u2013\u2014\u00a6\u2022\u02c6]")
# Two layers of mojibake (`Ã¢â€`, `Ãƒ`, `Ã‚`): there `â€` is part of a longer sequence that
# ftfy decodes as a whole, not a lost quote.
_DOUBLE_LAYER = re.compile("[\u00c3\u00e3][\u00a2\u0192\u201a]")
# ftfy's reading of `â€\xa0`: a dagger glued between two word characters.
_GLUED_DAGGER = re.compile(r"(?<=\w)\u2020(?=\w)")


def _unclosed(head: str, opener: str, closer: str) -> bool:
    return head.rfind(opener) > head.rfind(closer)


def restore_raw(line: str) -> str:
    """``“x â€\\xa0y`` (a ``”`` whose third byte was lost) -> ``“x ” y``, before ftfy.

    The ``”`` comes back, and the space if the lost byte took it with it.

    >>> restore_raw("â€œFlow en zakendoenâ€\\xa0welke")
    'â€œFlow en zakendoen” welke'
    >>> restore_raw("It\u00e2\u20ac\u2122s â€œquotedâ€")
    'Itâ€™s â€œquoted”'
    >>> restore_raw("Smithâ€\\xa0died")  # no clue on the line: left to ftfy
    'Smithâ€\\xa0died'
    >>> restore_raw("Ã¢â€�â€™ double layer")  # part of a longer sequence: left to ftfy
    'Ã¢â€�â€™ double layer'
    """
    if _RAW not in line or _DOUBLE_LAYER.search(line):
        return line
    evidence = _OTHER_RAW.search(line) is not None

    def fix(m: re.Match[str]) -> str:
        head = line[: m.start()]
        if not (
            evidence or _unclosed(head, _OPEN_RAW, _CLOSE_RAW) or _unclosed(head, _OPEN, _CLOSE)
        ):
            return m.group(0)
        return _CLOSE + (" " if m.group(1) in ("\u00a0", " ") else "")

    return _LOST_RAW.sub(fix, line)


# A `�` ending a word (closing quotes end words), as ftfy leaves a lost-byte `”`.
_LOSSY = re.compile("(?<=\\S)\ufffd(?!\\w)")


def restore_lossy(line: str) -> str:
    """ftfy's ``“bb+�`` (its reading of a lost-byte ``”`` under two layers) -> ``“bb+”``.

    Called only on a line where ftfy itself just made the ``�``: a ``�`` that came with the
    input stays whatever the context.

    >>> restore_lossy("upgraded to “bb+� from “bb�")
    'upgraded to “bb+” from “bb”'
    >>> restore_lossy("caf� and “x”�")
    'caf� and “x”�'
    """
    if "\ufffd" not in line:
        return line

    def fix(m: re.Match[str]) -> str:
        return _CLOSE if _unclosed(line[: m.start()], _OPEN, _CLOSE) else m.group(0)

    return _LOSSY.sub(fix, line)


def restore_dagger(line: str) -> str:
    """ftfy's ``zakendoen†welke`` (a lost-byte ``”`` + space) -> ``zakendoen” welke``.

    Only a dagger glued between two word characters after an unclosed ``“``.

    >>> restore_dagger("“Flow en de kunst van het zakendoen†welke in")
    '“Flow en de kunst van het zakendoen” welke in'
    >>> restore_dagger("Smith† 1923 and Jones†, “a†” and Smith†died")
    'Smith† 1923 and Jones†, “a†” and Smith†died'
    """
    if "\u2020" not in line:
        return line

    def fix(m: re.Match[str]) -> str:
        if _unclosed(line[: m.start()], _OPEN, _CLOSE):
            return _CLOSE + " "
        return m.group(0)

    return _GLUED_DAGGER.sub(fix, line)
