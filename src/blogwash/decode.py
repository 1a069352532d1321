"""decode: bytes of unknown encoding -> text, saying how.

Order of decisions, each cheaper and surer than the next:

1. empty input is an empty document; a byte-order mark decides and is removed;
2. a strict UTF-8 decode of the whole input decides most files (the fast path), unless
   the bytes hold NUL (UTF-16/32 without BOM) or an ISO-2022 escape, which are valid
   UTF-8 yet mean something else;
3. known binary signatures (PNG, ZIP, PDF...) and NUL-heavy data that is not UTF-16/32
   are refused as "not text";
4. otherwise one chardet call decides (see ``detect.py``) — made on the bytes outside the
   runs that are valid UTF-8, so that a UTF-8 page with stray cp1252 comments is judged
   by its cp1252 part. When the UTF-8 runs are real (``mixed.py``), the file is decoded
   run by run; when chardet finds no text encoding, the input is refused as "not text".

Nothing is decoded with ``errors="replace"`` or ``"ignore"``: bytes that no candidate
decodes are kept (``undecodable.py``) and counted in ``Decoded.undecodable_bytes``.
"""

from __future__ import annotations

import codecs
import re

from blogwash import detect, mixed
from blogwash.document import Decoded
from blogwash.undecodable import decode_keeping


class NotTextError(ValueError):
    """The input is binary (an image, archive, executable...), not a text dump."""


_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures of common binary formats that are never blog dumps.
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # ZIP, DOCX, JAR
    b"%PDF-",
    b"\x7fELF",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"RIFF",
    b"\x00\x00\x01\x00",  # ICO
)

# An ISO-2022 designation or shift (ESC $ B, ESC ( J, ESC $ ) C, SS2...). A terminal
# colour code (ESC [) is not one: UTF-8 dumps of terminal logs keep the fast path.
_ISO2022_ESCAPE = re.compile(rb"\x1b(?:[$()*+\-./]|[NO])")

# Share of NUL bytes above which data that is not UTF-16/32 is refused as binary.
NUL_HEAVY = 0.1

# The single-byte encoding of stray runs in a mixed file when chardet cannot name one:
# by far the most common one on the web (and a superset of latin-1's printable range).
MIXED_FALLBACK = "cp1252"


def decode(data: bytes) -> Decoded:
    """Decode ``data`` to text and report the encoding used.

    >>> decode("café".encode("utf-8")).encoding
    'utf-8'
    >>> text = "Les cafés de Lyon sont petits et très animés. Voilà, à la prochaine, chère amie !"
    >>> decode(text.encode("cp1252")).text == text, decode(text.encode("cp1252")).encoding
    (True, 'cp1252')
    >>> decode(b"")
    Decoded(text='', encoding='utf-8', confidence=1.0, language=None, bom=None, \
bytes_by_encoding=None, undecodable_bytes=0, declared_charset=None)
    """
    if not data:
        return Decoded(text="", encoding="utf-8")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data[len(bom) :], encoding)
    has_nul = b"\x00" in data
    has_escape = b"\x1b" in data and _ISO2022_ESCAPE.search(data) is not None
    if not has_nul and not has_escape:
        try:
            return Decoded(text=data.decode("utf-8"), encoding="utf-8")
        except UnicodeDecodeError as exc:
            cut = _cut_short(data, exc)
            if cut is not None:
                return cut
    if any(data.startswith(magic) for magic in _BINARY_MAGIC):
        raise NotTextError("not text: the bytes look like a binary file (image, archive, PDF...)")
    if has_nul:
        wide = _decode_wide(data)
        if wide is not None:
            return wide
        if data.count(b"\x00") > len(data) * NUL_HEAVY:
            raise NotTextError("not text: NUL-heavy data that is not UTF-16 or UTF-32")
        if not has_escape:
            # A stray NUL in a UTF-8 file is a control character, not a reason to guess.
            try:
                return Decoded(text=data.decode("utf-8"), encoding="utf-8")
            except UnicodeDecodeError:
                pass
    return _decode_detected(data)


def _cut_short(data: bytes, exc: UnicodeDecodeError) -> Decoded | None:
    """A UTF-8 file whose last character was cut off (a truncated download or dump).

    Everything before it decodes, so the error is at the very end; the cut bytes become
    one U+FFFD (counted as undecodable) instead of sending the whole file to chardet,
    which read the stray lead byte as cp1252 (``Ã``). Only when the part before holds
    non-ASCII UTF-8: a single-byte file ending in ``é`` (0xE9) looks the same.

    >>> d = decode("Café crème".encode("utf-8") + "é".encode("utf-8")[:1])
    >>> d.text, d.encoding, d.undecodable_bytes
    ('Café crème\ufffd', 'utf-8', 1)
    >>> decode(b"Voil\\xe0").encoding != "utf-8"
    True
    """
    if exc.reason != "unexpected end of data" or exc.end != len(data):
        return None
    head = data[: exc.start]
    if head.isascii():
        return None
    return Decoded(
        text=head.decode("utf-8") + "\ufffd",
        encoding="utf-8",
        undecodable_bytes=len(data) - exc.start,
    )


def _decode_bom(body: bytes, encoding: str) -> Decoded:
    bom_name = encoding.replace("-le", "").replace("-be", "")
    # A BOM followed by bytes that do not fit it: keep what decodes, count the rest.
    text, bad = decode_keeping(body, encoding)
    return Decoded(text=text, encoding=encoding, bom=bom_name, undecodable_bytes=bad)


def _decode_wide(data: bytes) -> Decoded | None:
    """UTF-16/32 without BOM: ASCII-range text leaves NULs in a fixed byte position."""
    head = data[:8192]
    n = len(head)
    if n < 4:
        return None
    candidates: list[str] = []
    if n % 4 == 0 or len(data) % 4 == 0:
        zeros_32le = sum(1 for i in range(1, n, 4) if head[i : i + 3] == b"\x00\x00\x00")
        zeros_32be = sum(1 for i in range(0, n - 3, 4) if head[i : i + 3] == b"\x00\x00\x00")
        if zeros_32le * 4 > n * 0.6:
            candidates.append("utf-32-le")
        if zeros_32be * 4 > n * 0.6:
            candidates.append("utf-32-be")
    odd_nul = head[1::2].count(0)
    even_nul = head[0::2].count(0)
    half = n / 2
    if odd_nul > half * 0.3 and even_nul < half * 0.05:
        candidates.append("utf-16-le")
    if even_nul > half * 0.3 and odd_nul < half * 0.05:
        candidates.append("utf-16-be")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return Decoded(text=text, encoding=encoding, confidence=0.9)
    return None


def _decode_detected(data: bytes) -> Decoded:
    runs = mixed.scan(data)
    found = detect.detect(mixed.without_utf8(data, runs))
    if found.encoding is None:
        raise NotTextError("not text: chardet finds no text encoding that fits these bytes")
    if _mixed_candidate(data, runs, found.encoding):
        judge = found.encoding if detect.is_single_byte(found.encoding) else MIXED_FALLBACK
        if mixed.is_mixed(data, runs, judge):
            return _decode_mixed(data, runs, found)
    found = detect.detect_sparse(data, found)
    assert found.encoding is not None  # detect_sparse never forgets an answer
    text, encoding, bad = _decode_whole(data, found.encoding)
    return Decoded(
        text=text,
        encoding=encoding,
        confidence=found.confidence,
        language=found.language,
        undecodable_bytes=bad,
    )


def _mixed_candidate(data: bytes, runs: mixed.Runs, encoding: str) -> bool:
    """Worth judging as mixed: both kinds of run, and not a multi-byte file that decodes.

    A Big5 or EUC-KR file holds runs that are valid UTF-8 by chance; when the detected
    multi-byte encoding reads the whole file, it is that encoding.
    """
    if not runs.utf8 or not runs.has_other:
        return False
    if detect.is_single_byte(encoding):
        return True
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return True
    return False


def _decode_mixed(data: bytes, runs: mixed.Runs, page: detect.Detection) -> Decoded:
    """Detect the stray runs' encoding on their own lines, then decode run by run.

    A second chardet call, on the stray lines alone and among the web's single-byte
    encodings: the first one saw the page with its UTF-8 letters cut out, which reads
    like no language at all. On one short line chardet is a guess (confidence at or below
    its threshold); then the page decides: the web encoding that can hold most of the
    UTF-8 part's letters (a Greek page: a Greek code page). Ties go to the first call's
    answer when it is a credible web encoding (the page's old ``<meta charset>``), then to
    cp1252 (the web's most common, and the default when nothing tells them apart: a lone
    ``©``), then to chardet's guess.

    ``confidence`` is chardet's in the stray runs' encoding, 0 when the page or the
    default chose it; ``language`` is the page's, from the first call, which saw it all.
    """
    found = detect.detect_web_single_byte(mixed.single_byte_lines(data, runs))
    single = found.encoding if found.encoding in detect.WEB_SINGLE_BYTE else MIXED_FALLBACK
    if found.confidence <= detect.LOW_CONFIDENCE:
        credible = page.confidence > detect.LOW_CONFIDENCE
        first = (page.encoding,) if credible and page.encoding in detect.WEB_SINGLE_BYTE else ()
        order = dict.fromkeys((*first, MIXED_FALLBACK, single, *detect.WEB_SINGLE_BYTE))
        page_letters = mixed.page_letters(data, runs)
        single = max(order, key=lambda e: mixed.page_agreement(page_letters, e))
    result = mixed.decode_runs(data, runs, single)
    return Decoded(
        text=result.text,
        encoding=f"mixed:utf-8+{single}",
        confidence=found.confidence if single == found.encoding else 0.0,
        language=page.language,
        bytes_by_encoding={"utf-8": result.utf8_bytes, single: result.single_bytes},
        undecodable_bytes=result.undecodable,
    )


def _decode_whole(data: bytes, encoding: str) -> tuple[str, str, int]:
    """Decode with ``encoding``, else its superset, else keeping the bytes it cannot read.

    chardet judged at most its window; bytes past it may not fit the named codec.
    """
    for candidate in (encoding, detect.SUPERSETS.get(encoding)):
        if candidate is None:
            continue
        try:
            return data.decode(candidate), candidate, 0
        except UnicodeDecodeError:
            continue
    text, bad = decode_keeping(data, encoding)
    return text, encoding, bad
