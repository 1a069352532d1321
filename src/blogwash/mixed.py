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
  letters (KOI8-R ``п÷я─``) or no letter at all (cp1255 ``׳•`` for ``ו``; see
  ``plausible.py``); a chance run reads as ordinary text (``её``).
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
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from ftfy.badness import is_bad

from blogwash.plausible import letterless, oddities
from blogwash.undecodable import decode_keeping

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_HIGH_BYTES = bytes(range(0x80, 0x100))
# A whole high-byte run made of valid UTF-8 sequences (RFC 3629: no overlong forms, no
# surrogates), found by the regex engine rather than by decoding a million runs. Each form
# is a lead byte and what may follow it.
_UTF8_FORMS: tuple[tuple[bytes, bytes], ...] = (
    (rb"[\xc2-\xdf]", rb"[\x80-\xbf]"),
    (rb"\xe0", rb"[\xa0-\xbf][\x80-\xbf]"),
    (rb"[\xe1-\xec\xee\xef]", rb"[\x80-\xbf]{2}"),
    (rb"\xed", rb"[\x80-\x9f][\x80-\xbf]"),
    (rb"\xf0", rb"[\x90-\xbf][\x80-\xbf]{2}"),
    (rb"[\xf1-\xf3]", rb"[\x80-\xbf]{3}"),
    (rb"\xf4", rb"[\x80-\x8f][\x80-\xbf]{2}"),
)
_UTF8_SEQUENCE = b"|".join(lead + rest for lead, rest in _UTF8_FORMS)
# The pattern starts with a plain byte class, so the regex engine skips ASCII and
# continuation bytes at C speed instead of trying the whole pattern at every byte (ten
# times faster on single-byte files). The lookbehinds then anchor it at a run's start (a
# long run is never retried from its middle) and pick the first sequence's form.
_UTF8_FIRST = b"|".join(b"(?<=" + lead + b")" + rest for lead, rest in _UTF8_FORMS)
_UTF8_RUN = re.compile(
    rb"[\xc2-\xf4](?<![\x80-\xff][\xc2-\xf4])(?:"
    + _UTF8_FIRST
    + rb")(?:"
    + _UTF8_SEQUENCE
    + rb")*(?![\x80-\xff])"
)
# Read as cp1252 when judging mojibake: ISO-8859-1/15 differ from it only in rarely
# used positions, and ftfy's heuristic knows cp1252's mojibake, not theirs.
_MOJIBAKE_AS = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-15": "cp1252"}

Span = tuple[int, int]
# At most this many UTF-8 runs (evenly spaced) are judged to call a file mixed.
VERDICT_SAMPLE = 2000


class Verdict(Enum):
    """What a UTF-8-valid run looks like when the rest of the file is single-byte."""

    MOJIBAKE = "mojibake"
    SAME_ALPHABET = "same-alphabet"
    CHANCE = "chance"


@dataclass(frozen=True)
class Runs:
    """The high-byte runs of a file: ``utf8`` are valid UTF-8, ``other`` are not.

    ``other`` is listed only when asked for (a mixed file): a 5 MB Russian text has a
    million runs, and a pure single-byte file only needs to know that there are some.
    """

    data: bytes = field(repr=False)
    utf8: tuple[Span, ...]
    has_other: bool

    @functools.cached_property
    def other(self) -> tuple[Span, ...]:
        starts = {start for start, _ in self.utf8}
        return tuple(m.span() for m in _HIGH_RUN.finditer(self.data) if m.start() not in starts)


@dataclass(frozen=True)
class MixedText:
    """A mixed file decoded: the text, bytes read each way, bytes neither could read."""

    text: str
    utf8_bytes: int
    single_bytes: int
    undecodable: int


def scan(data: bytes) -> Runs:
    """Find the high-byte runs of ``data`` that are valid UTF-8, and whether others exist.

    >>> runs = scan("é ".encode() + "è".encode("cp1252"))
    >>> runs, runs.other
    (Runs(utf8=((0, 2),), has_other=True), ((3, 4),))
    """
    utf8 = tuple(m.span() for m in _UTF8_RUN.finditer(data))
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return Runs(data, utf8, high > sum(end - start for start, end in utf8))


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
    if not runs.utf8 or not runs.has_other:
        return False
    # An even sample is as good as all runs for a share, and keeps big files fast.
    step = max(1, len(runs.utf8) // VERDICT_SAMPLE)
    verdicts = [verdict(data, run, encoding) for run in runs.utf8[::step]]
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
    if encodable(data[start:end].decode("utf-8"), encoding):
        return Verdict.SAME_ALPHABET
    return Verdict.CHANCE


def page_letters(data: bytes, runs: Runs) -> frozenset[str]:
    """The distinct characters of the UTF-8 part: the page around the stray runs.

    >>> page = "Dziękuję, ładnie\\n".encode() + "Dzięki".encode("cp1250")
    >>> sorted(page_letters(page, scan(page)))
    ['ę', 'ł']
    """
    return frozenset().union(*(data[s:e].decode("utf-8") for s, e in runs.utf8))


def page_agreement(page: frozenset[str], encoding: str) -> int:
    """How many of the page's characters ``encoding`` can hold.

    A stray comment is most likely in the alphabet of the page around it: when chardet
    cannot tell cp1252 from cp1250 on one short line, a Polish page's ``ą`` (which only
    cp1250 has) or a French page's ``è`` (which only cp1252 has) can.

    >>> page_agreement(frozenset("ęł"), "cp1250"), page_agreement(frozenset("ęł"), "cp1252")
    (2, 0)
    """
    return sum(encodable(c, encoding) for c in page)


def decode_runs(data: bytes, runs: Runs, encoding: str) -> MixedText:
    """UTF-8 runs as UTF-8, the other high-byte runs as ``encoding``, ASCII as ASCII.

    >>> page = "Québec – été\\n".encode() + "Très beau récit\\n".encode("cp1252")
    >>> mixed = decode_runs(page, scan(page), "cp1252")
    >>> mixed.text, mixed.single_bytes
    ('Québec – été\\nTrès beau récit\\n', 2)
    >>> page = "Ольга –\\n".encode() + "Её вкус мне нравится.\\n".encode("cp1251")
    >>> decode_runs(page, scan(page), "cp1251").text  # Её is valid UTF-8 (Ÿ) by chance
    'Ольга –\\nЕё вкус мне нравится.\\n'
    """
    chance = [
        run
        for run in _on_lines(runs.utf8, _lines(data, runs.other))
        if verdict(data, run, encoding) is Verdict.CHANCE
    ]
    pieces: list[str] = []
    pos = 0
    single = 0
    undecodable = 0
    # Between single-byte runs everything is ASCII or real UTF-8: one decode per stretch.
    for start, end in sorted((*runs.other, *chance)):
        pieces.append(data[pos:start].decode("utf-8"))
        text, bad = decode_keeping(data[start:end], encoding)
        pieces.append(text)
        single += end - start
        undecodable += bad
        pos = end
    pieces.append(data[pos:].decode("utf-8"))
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


def _on_lines(runs: tuple[Span, ...], lines: list[Span]) -> Iterator[Span]:
    """The ``runs`` that start on one of ``lines`` (both sorted; lines disjoint)."""
    i = 0
    for run in runs:
        while i < len(lines) and lines[i][1] <= run[0]:
            i += 1
        if i == len(lines):
            return
        if lines[i][0] <= run[0]:
            yield run


def _cut(data: bytes, spans: tuple[Span, ...], start: int, end: int) -> bytes:
    """``data[start:end]`` without ``spans`` (sorted, inside the range)."""
    parts: list[bytes] = []
    pos = start
    for s, e in spans:
        parts.append(data[pos:s])
        pos = e
    parts.append(data[pos:end])
    return b"".join(parts)


def encodable(text: str, encoding: str) -> bool:
    """Can ``encoding`` hold every character of ``text``?

    >>> encodable("Grüße", "cp1250"), encodable("è", "cp1250")
    (True, False)
    """
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
