"""mixed: UTF-8 pages holding stray single-byte runs, decoded run by run.

A blog moved to UTF-8 keeps the comments that were pasted in cp1252 years ago, so one
file holds both. No whole-file decode is right for it: UTF-8 fails on the old bytes and
cp1252 turns every new ``é`` into ``Ã©``. The unit of decision here is the *high-byte
run*, a maximal stretch of bytes >= 0x80 between ASCII bytes (the accented letters of a
word, a curly quote): a run is either valid UTF-8 or read with the file's single-byte
encoding. ASCII means the same in both.

The risk is the other way round: a pure single-byte file (Russian in KOI8-R, Thai in
TIS-620) holds a few runs that are valid UTF-8 by chance — KOI8-R ``её`` is the bytes
C5 A3, which UTF-8 reads as ``ţ``. Two tests tell a real UTF-8 run from a chance one,
both asked of the single-byte encoding ``E`` the rest of the file is in:

- *mojibake*: read as ``E``, real UTF-8 gives the sequences ftfy recognises as mojibake
  (``Ã©``, ``â€™``, ``Ð¿Ñ€``), a capital inside a word (``kaszÄ…``) or a symbol between
  letters (KOI8-R ``п÷я─``) or no letter at all (cp1255 ``׳©׳œ``; see ``plausible.py``);
  a chance run reads as ordinary text (``её``).
- *same alphabet*: real UTF-8 text in a cp1252 file is French or German, whose letters
  cp1252 can also hold. A chance decoding lands anywhere in Unicode (``ţ`` in a Russian
  text, Samaritan letters in cp866) and ``E`` cannot represent it.

A file is mixed only when at least one run is mojibake in ``E`` and at least half the
UTF-8-valid runs pass a test. On chardet 5.2.0's corpus no single-byte file passes (see
``make eval-decode``). Within a mixed file a run that fails both tests is still read as
UTF-8, unless its line holds single-byte runs: encodings change at line (comment)
boundaries, so there it is a chance run inside the pasted text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import Enum

from ftfy.badness import is_bad

from blogwash.plausible import letterless, oddities
from blogwash.undecodable import decode_keeping

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
# Read as cp1252 when judging mojibake: ISO-8859-1/15 differ from it only in rarely
# used positions, and ftfy's heuristic knows cp1252's mojibake, not theirs.
_MOJIBAKE_AS = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-15": "cp1252"}

Span = tuple[int, int]


class Verdict(Enum):
    """What a UTF-8-valid run looks like when the rest of the file is single-byte."""

    MOJIBAKE = "mojibake"
    SAME_ALPHABET = "same-alphabet"
    CHANCE = "chance"


@dataclass(frozen=True)
class Runs:
    """The high-byte runs of a file: ``utf8`` are valid UTF-8, ``other`` are not."""

    utf8: tuple[Span, ...]
    other: tuple[Span, ...]


@dataclass(frozen=True)
class MixedText:
    """A mixed file decoded: the text, bytes read each way, bytes neither could read."""

    text: str
    utf8_bytes: int
    single_bytes: int
    undecodable: int


def scan(data: bytes) -> Runs:
    """Split the high-byte runs of ``data`` into valid-UTF-8 ones and the rest.

    >>> scan("é ".encode() + "è".encode("cp1252"))
    Runs(utf8=((0, 2),), other=((3, 4),))
    """
    utf8: list[Span] = []
    other: list[Span] = []
    for m in _HIGH_RUN.finditer(data):
        try:
            m.group().decode("utf-8")
        except UnicodeDecodeError:
            other.append(m.span())
        else:
            utf8.append(m.span())
    return Runs(tuple(utf8), tuple(other))


def without_utf8(data: bytes, runs: Runs) -> bytes:
    """``data`` with its UTF-8 runs cut out: what chardet should judge.

    >>> without_utf8(b"caf\\xc3\\xa9 caf\\xe9", scan(b"caf\\xc3\\xa9 caf\\xe9"))
    b'caf caf\\xe9'
    """
    return _cut(data, runs.utf8, 0, len(data))


def single_byte_lines(data: bytes, runs: Runs) -> bytes:
    """The lines that hold single-byte runs, UTF-8 runs cut out: the stray text alone.

    >>> page = "Québec\\n".encode() + "Très beau\\n".encode("cp1252")
    >>> single_byte_lines(page, scan(page))
    b'Tr\\xe8s beau\\n'
    """
    parts: list[bytes] = []
    starts = [s for s, _ in runs.utf8]
    for start, end in _lines(data, runs.other):
        inside = runs.utf8[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        parts.append(_cut(data, inside, start, end))
    return b"".join(parts)


def is_mixed(data: bytes, runs: Runs, encoding: str) -> bool:
    """Are the UTF-8-valid runs real UTF-8 in a file otherwise in ``encoding``?

    >>> page = "Québec – été\\n".encode() + "Très beau récit\\n".encode("cp1252")
    >>> is_mixed(page, scan(page), "cp1252")
    True
    >>> koi8 = "Это её дом, всё хорошо\\n".encode("koi8-r")
    >>> scan(koi8).utf8, is_mixed(koi8, scan(koi8), "koi8-r")
    (((4, 6),), False)
    """
    if not runs.utf8 or not runs.other:
        return False
    verdicts = [verdict(data, run, encoding) for run in runs.utf8]
    mojibake = verdicts.count(Verdict.MOJIBAKE)
    passed = len(verdicts) - verdicts.count(Verdict.CHANCE)
    return mojibake > 0 and passed * 2 >= len(verdicts)


def verdict(data: bytes, run: Span, encoding: str) -> Verdict:
    """Is the UTF-8-valid ``run`` of ``data`` real UTF-8, or single-byte text by chance?

    >>> verdict("kaszą i".encode(), (4, 6), "cp1250")  # kaszÄ…: a capital inside a word
    <Verdict.MOJIBAKE: 'mojibake'>
    >>> verdict("Её вкус".encode("cp1251"), (0, 2), "cp1251")  # UTF-8 would say Ÿ
    <Verdict.CHANCE: 'chance'>
    """
    start, end = run
    reader = _MOJIBAKE_AS.get(encoding, encoding)
    # One byte of context either side: the patterns look at neighbouring letters. A byte
    # ``reader`` has no character for reads as U+FFFD, which ftfy rightly counts as bad:
    # such a run is not text in that encoding. (This reading only judges, never outputs.)
    as_single = data[max(0, start - 1) : end + 1].decode(reader, errors="replace")
    alone = data[start:end].decode(reader, errors="replace")
    if is_bad(as_single) or oddities(as_single) or letterless(alone):
        return Verdict.MOJIBAKE
    if _encodable(data[start:end].decode("utf-8"), encoding):
        return Verdict.SAME_ALPHABET
    return Verdict.CHANCE


def page_agreement(data: bytes, runs: Runs, encoding: str) -> int:
    """How many of the UTF-8 part's distinct non-ASCII characters ``encoding`` can hold.

    A stray comment is most likely in the alphabet of the page around it: when chardet
    cannot tell cp1252 from cp1250 on one short line, a Polish page's ``ą`` (which only
    cp1250 has) or a French page's ``è`` (which only cp1252 has) can.

    >>> page = "Dziękuję, ładnie\\n".encode() + "Dziękuję!\\n".encode("cp1250")
    >>> page_agreement(page, scan(page), "cp1250"), page_agreement(page, scan(page), "cp1252")
    (2, 0)
    """
    page = set("".join(data[s:e].decode("utf-8") for s, e in runs.utf8))
    return sum(_encodable(c, encoding) for c in page)


def decode_runs(data: bytes, runs: Runs, encoding: str) -> MixedText:
    """UTF-8 runs as UTF-8, the other high-byte runs as ``encoding``, ASCII as ASCII.

    >>> page = "Québec – été\\n".encode() + "Très beau récit\\n".encode("cp1252")
    >>> mixed = decode_runs(page, scan(page), "cp1252")
    >>> mixed.text, mixed.single_bytes
    ('Québec – été\\nTrès beau récit\\n', 2)
    >>> comment = "Её вкус мне нравится.\\n".encode("cp1251")  # Её is valid UTF-8 (Ÿ)
    >>> decode_runs("Ольга –\\n".encode() + comment, scan("Ольга –\\n".encode() + comment),
    ...             "cp1251").text
    'Ольга –\\nЕё вкус мне нравится.\\n'
    """
    single_lines = _lines(data, runs.other)
    pieces: list[str] = []
    pos = 0
    single = 0
    undecodable = 0
    utf8 = set(runs.utf8)
    for run in sorted((*runs.utf8, *runs.other)):
        start, end = run
        pieces.append(data[pos:start].decode("ascii"))
        if run in utf8 and not (
            _within(run, single_lines) and verdict(data, run, encoding) is Verdict.CHANCE
        ):
            pieces.append(data[start:end].decode("utf-8"))
        else:
            text, bad = decode_keeping(data[start:end], encoding)
            pieces.append(text)
            single += end - start
            undecodable += bad
        pos = end
    pieces.append(data[pos:].decode("ascii"))
    return MixedText("".join(pieces), len(data) - single, single, undecodable)


def _lines(data: bytes, spans: tuple[Span, ...]) -> list[Span]:
    """The distinct lines (start, end incl. newline) that hold any of ``spans``."""
    lines: list[Span] = []
    for start, _ in spans:
        if lines and start < lines[-1][1]:
            continue
        first = data.rfind(b"\n", 0, start) + 1
        last = data.find(b"\n", start)
        lines.append((first, len(data) if last < 0 else last + 1))
    return lines


def _within(run: Span, lines: list[Span]) -> bool:
    """Is ``run`` on one of ``lines`` (sorted, disjoint)?"""
    i = bisect.bisect_right(lines, run[0], key=lambda line: line[0]) - 1
    return i >= 0 and lines[i][0] <= run[0] < lines[i][1]


def _cut(data: bytes, spans: tuple[Span, ...], start: int, end: int) -> bytes:
    """``data[start:end]`` without ``spans`` (sorted, inside the range)."""
    parts: list[bytes] = []
    pos = start
    for s, e in spans:
        parts.append(data[pos:s])
        pos = e
    parts.append(data[pos:end])
    return b"".join(parts)


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
