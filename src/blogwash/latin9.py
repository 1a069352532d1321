"""latin9: UTF-8 that was read as ISO-8859-15 (Latin-9), which ftfy does not know.

ISO-8859-15 is Latin-1 with eight characters swapped for ``€ Š š Ž ž Œ œ Ÿ`` (bytes A4 A6
A8 B4 B8 BC BD BE). UTF-8 read as Latin-9 therefore looks like Latin-1 mojibake with those
eight among the continuation bytes: ``Grüße`` (47 72 C3 BC C3 9F 65) becomes
``GrÃŒÃ\\x9fe``. ftfy reads ``Œ`` as cp1252's 8C and fails, or worse, decodes wrongly.

A line is a candidate only if every character on it is one a Latin-9 reading can give. We
look for the shapes of UTF-8 byte sequences in the Latin-9 reading (a lead byte C2-F4
followed by the right number of continuation bytes 80-BF) and decode each one that is valid
UTF-8, but only on a line where at least one of them holds one of the eight Latin-9
characters: without one, the text is plain Latin-1/cp1252 mojibake and ftfy's business.
Correct text would need a letter from C2-F4 followed by one of the eight symbols and
then valid UTF-8 structure, which real words do not have (a false positive would need
``Ã€``-like pairs in prose); a false negative leaves the line to ftfy, as before.

The eight are cp1252 characters too, at other bytes, so most sequences also read as cp1252
mojibake: ``â€œ`` is ``“`` in cp1252 but U+293D in Latin-9. The Latin-9 reading wins only
where it is strictly more plausible (``singlebyte.oddity`` plus ftfy's badness) than the
cp1252/Latin-1 one: ``GrÌße`` has an uppercase letter inside a word, ``Grüße`` has not.
On a tie ftfy's cp1252 reading is kept, it is by far the more common mix-up.
"""

from __future__ import annotations

import re

from ftfy.badness import badness

from blogwash.singlebyte import oddity, to_bytes

_SPECIFIC = "\u20ac\u0160\u0161\u017d\u017e\u0152\u0153\u0178"  # € Š š Ž ž Œ œ Ÿ
_HAS_SPECIFIC = re.compile(f"[{_SPECIFIC}]")
# Characters the Latin-9 reading gives for continuation bytes 80-BF.
_CONT = "[" + re.escape(bytes(range(0x80, 0xC0)).decode("iso8859-15")) + "]"
_SEQUENCE = re.compile(
    f"(?:[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}})+"
)


def _is_latin9(line: str) -> bool:
    """Could the whole line be a Latin-9 reading? (``’``, ``¤`` or ``≥`` say no.)"""
    try:
        line.encode("iso8859-15")
    except UnicodeEncodeError:
        return False
    return True


def _latin9(m: re.Match[str]) -> str:
    try:
        return m.group().encode("iso8859-15").decode("utf-8")
    except UnicodeDecodeError:
        return m.group()


def _cp1252(m: re.Match[str]) -> str:
    try:
        return to_bytes(m.group()).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return m.group()


def _implausibility(text: str) -> int:
    return sum(oddity(text)) + badness(text)


def fix(line: str) -> str:
    """Decode UTF-8 sequences read as Latin-9, on lines that show a Latin-9 character.

    >>> fix("Gr\u00c3\u0152\u00c3\\x9fe aus K\u00c3\u00b6ln")
    'Grüße aus Köln'
    >>> fix("Prix: 5 €, Ã la carte")  # no Latin-9 character inside a sequence
    'Prix: 5 €, Ã la carte'
    >>> fix("the â€œbestâ€\x9d")  # cp1252 mojibake of “ ”: ftfy's
    'the â€œbestâ€\x9d'
    """
    if _HAS_SPECIFIC.search(line) is None or not _is_latin9(line):
        return line
    sequences = _SEQUENCE.findall(line)
    if not any(c in _SPECIFIC for s in sequences for c in s):
        return line
    fixed = _SEQUENCE.sub(_latin9, line)
    if fixed == line or _implausibility(fixed) >= _implausibility(_SEQUENCE.sub(_cp1252, line)):
        return line
    return fixed
