"""decode: bytes of unknown encoding -> text, saying how.

Order of decisions (each one cheaper and surer than the next):

1. a byte-order mark decides and is removed;
2. a strict UTF-8 decode of the whole input decides most files (the fast path), unless the
   bytes hold NUL (UTF-16/32 without BOM) or ESC (ISO-2022), which go to detection;
3. input that is valid UTF-8 in places and holds stray single-byte runs elsewhere (a UTF-8
   page with comments pasted in cp1252) is decoded per run;
4. everything else goes to chardet.

Nothing is decoded with ``errors="replace"``: bytes that no candidate decodes are counted
in ``Decoded.undecodable_bytes``.
"""

from __future__ import annotations

import codecs
import re

import chardet

from blogwash.document import Decoded


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

# One valid UTF-8 multi-byte sequence (RFC 3629: no overlongs, no surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf][\x80-\xbf]"
    rb"|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf][\x80-\xbf]"
    rb"|[\xf1-\xf3][\x80-\xbf][\x80-\xbf][\x80-\xbf]"
    rb"|\xf4[\x80-\x8f][\x80-\xbf][\x80-\xbf]"
)
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")

# The single-byte encoding of stray runs in a mixed file when nothing better is known:
# by far the most common one on the web (and a superset of latin-1's printable range).
MIXED_FALLBACK = "cp1252"


def decode(data: bytes) -> Decoded:
    """Decode ``data`` to text and report the encoding used.

    >>> decode("café".encode("utf-8")).encoding
    'utf-8'
    >>> decode("café".encode("cp1252")).text
    'café'
    """
    if not data:
        return Decoded(text="", encoding="utf-8")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data[len(bom) :], encoding)
    if b"\x00" not in data and b"\x1b" not in data:
        try:
            return Decoded(text=data.decode("utf-8"), encoding="utf-8")
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise NotTextError("not text: the bytes look like a binary file (image, archive, PDF...)")
    if b"\x00" in data:
        wide = _decode_wide(data)
        if wide is not None:
            return wide
        if data.count(b"\x00") * 10 > len(data):
            raise NotTextError("not text: NUL-heavy data that is not UTF-16 or UTF-32")
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    return _decode_detected(data)


def _decode_bom(body: bytes, encoding: str) -> Decoded:
    bom_name = encoding.replace("-le", "").replace("-be", "")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        # A BOM followed by bytes that do not fit it: keep what decodes, count the rest.
        text, bad = _decode_counting(body, encoding)
        return Decoded(text=text, encoding=encoding, bom=bom_name, undecodable_bytes=bad)
    return Decoded(text=text, encoding=encoding, bom=bom_name)


def _looks_binary(data: bytes) -> bool:
    return any(data.startswith(magic) for magic in _BINARY_MAGIC)


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


def _decode_mixed(data: bytes) -> Decoded | None:
    """Valid UTF-8 in places, stray single-byte runs elsewhere: decode per run.

    Decided only when the file holds real UTF-8 multi-byte sequences, so a pure
    single-byte file (where such sequences are vanishingly rare) never lands here.
    """
    pieces: list[str] = []
    pos = 0
    n_multibyte = 0
    n_long = 0
    single_bytes = 0
    undecodable = 0
    for run in _HIGH_RUN.finditer(data):
        start, end = run.span()
        i = start
        while i < end:
            m = _UTF8_MULTIBYTE.match(data, i)
            if m is not None:
                n_multibyte += 1
                n_long += m.end() - i > 2
                i = m.end()
            else:
                i += 1
    if n_long == 0 and n_multibyte < 2:
        return None
    for run in _HIGH_RUN.finditer(data):
        start, end = run.span()
        pieces.append(data[pos:start].decode("ascii"))
        i = start
        while i < end:
            m = _UTF8_MULTIBYTE.match(data, i)
            if m is not None:
                pieces.append(data[i : m.end()].decode("utf-8"))
                i = m.end()
                continue
            byte = data[i : i + 1]
            try:
                pieces.append(byte.decode(MIXED_FALLBACK))
            except UnicodeDecodeError:
                # cp1252 leaves 5 bytes undefined: keep them as their latin-1 code point.
                pieces.append(byte.decode("latin-1"))
                undecodable += 1
            single_bytes += 1
            i += 1
        pos = end
    pieces.append(data[pos:].decode("ascii", errors="strict"))
    total = len(data)
    return Decoded(
        text="".join(pieces),
        encoding=f"mixed:utf-8+{MIXED_FALLBACK}",
        confidence=0.9,
        bytes_by_encoding={"utf-8": total - single_bytes, MIXED_FALLBACK: single_bytes},
        undecodable_bytes=undecodable,
    )


def _decode_detected(data: bytes) -> Decoded:
    result = chardet.detect(data, prefer_superset=True)
    encoding = result.get("encoding")
    if encoding is None:
        raise NotTextError("not text: no text encoding fits these bytes")
    encoding = _python_name(encoding)
    confidence = float(result.get("confidence") or 0.0)
    language = result.get("language") or None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text, bad = _decode_counting(data, MIXED_FALLBACK)
        return Decoded(
            text=text,
            encoding=MIXED_FALLBACK,
            confidence=confidence,
            language=language,
            undecodable_bytes=bad,
        )
    return Decoded(text=text, encoding=encoding, confidence=confidence, language=language)


def _python_name(encoding: str) -> str:
    """chardet's name -> Python's canonical codec name (``Windows-1252`` -> ``cp1252``)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode keeping every byte: undecodable ones become U+FFFD and are counted."""
    text = data.decode(encoding, errors="replace")
    good = data.decode(encoding, errors="ignore")
    # Each replacement stands for at least one byte; this is the count of lost places.
    return text, max(0, text.count("\ufffd") - good.count("\ufffd"))
