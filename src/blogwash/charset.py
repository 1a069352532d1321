"""charset: what an HTML page says about its own encoding, and whether to believe it.

A saved page often declares its charset (``<meta charset="...">``, ``<meta http-equiv=
"Content-Type" content="text/html; charset=...">``, an XML declaration). The declaration is
the author's word and beats any statistical guess, but it is wrong often enough to be
checked: pages re-saved as UTF-8 keep their old ``iso-8859-1`` meta, CMSs print ``utf-8``
over database content in cp1252. So a declaration is used only when the bytes agree:

- they decode strictly with it, and
- a single-byte declaration is not contradicted by bytes that are valid UTF-8 with
  multi-byte sequences in them (the page was re-encoded after it was written).

Otherwise the decode stage's own detection decides (``blogwash.decode``), which also
handles BOMs, mixed UTF-8 + cp1252 pages and undecodable bytes.
"""

from __future__ import annotations

import codecs
import re

from blogwash.decode import decode
from blogwash.document import Decoded

# How far into the page to look for a declaration. The HTML standard's prescan stops at
# 1024 bytes; real pages put kilobytes of inline CSS and scripts before their meta tags,
# and a later declaration is still the author's word, so look further.
PRESCAN_BYTES = 65536

_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_CHARSET_ATTR = re.compile(rb"""\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(
    rb"""^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""", re.IGNORECASE
)

# Labels browsers read differently from Python's codec of the same name (WHATWG Encoding
# standard): latin-1 and ASCII labels mean windows-1252, and so on. A page that declares
# "iso-8859-1" and holds a curly quote (0x93) was written in windows-1252.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "big5": "big5hkscs",
}

# A page cannot really be in these when it was found by an ASCII prescan: the standard
# reads a UTF-16 declaration in ASCII-compatible bytes as UTF-8.
_ASCII_INCOMPATIBLE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}

# A page whose first markup is ASCII text: ``<!doctype``, ``<html``, ``<?xml``...
_ASCII_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<[!?A-Za-z]{2}")

# One valid UTF-8 multi-byte sequence (lead byte + continuation bytes).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def declared_charset(data: bytes) -> str | None:
    """The charset label the page declares, as written (lower-cased), or None.

    >>> declared_charset(b'<html><head><meta charset="ISO-8859-1"></head>')
    'iso-8859-1'
    >>> declared_charset(b"<meta http-equiv=Content-Type content='text/html; charset=utf-8'>")
    'utf-8'
    >>> declared_charset(b"<html><body>charset=koi8-r</body>") is None
    True
    """
    head = data[:PRESCAN_BYTES]
    xml = _XML_DECL.match(head)
    if xml is not None:
        return xml.group(1).decode("ascii").lower()
    for meta in _META.finditer(head):
        found = _CHARSET_ATTR.search(meta.group(0))
        if found is not None:
            return found.group(1).decode("ascii").lower()
    return None


def codec_for(label: str) -> str | None:
    """Python's codec for a declared label, read the way browsers read it.

    >>> codec_for("ISO-8859-1"), codec_for("utf8"), codec_for("x-no-such-thing")
    ('cp1252', 'utf-8', None)
    """
    label = label.strip().lower()
    name = _WHATWG_ALIASES.get(label, label)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec in _ASCII_INCOMPATIBLE:
        return "utf-8"
    return codec


def decode_page(data: bytes) -> tuple[Decoded, str | None]:
    """Decode a page: its declared charset when the bytes agree, else detection.

    Returns the decoded text and the declared label (``None`` when the page declares
    none), so the caller can record both.

    >>> page = '<meta charset="windows-1252"><p>“Café”</p>'.encode("cp1252")
    >>> decoded, label = decode_page(page)
    >>> decoded.text[-13:], decoded.encoding, label
    ('<p>“Café”</p>', 'cp1252', 'windows-1252')
    >>> resaved = '<meta charset="iso-8859-1"><p>Café</p>'.encode("utf-8")
    >>> decode_page(resaved)[0].encoding  # the bytes are UTF-8 whatever the meta says
    'utf-8'
    """
    label = declared_charset(data)
    if b"\x00" in data and _ASCII_START.match(data):
        # NUL bytes in a page that starts in ASCII: not UTF-16/32 (that would put NULs
        # between the letters of "<!doctype"), so not a reason for the decode stage to try
        # wide encodings. Browsers drop them; so do we.
        data = data.replace(b"\x00", b"")
    if label is None or _has_bom(data):
        return decode(data), label
    codec = codec_for(label)
    if codec is None or not _consistent(data, codec):
        return decode(data), label
    return Decoded(text=data.decode(codec), encoding=codec, confidence=1.0), label


def _has_bom(data: bytes) -> bool:
    # A byte-order mark outranks any declaration (HTML standard); decode() handles it.
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _consistent(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    if codec == "utf-8" or codecs.lookup(codec).name in _MULTIBYTE_CODECS:
        return True
    # A single-byte declaration over bytes that are valid UTF-8 holding multi-byte
    # sequences: such byte pairs are vanishingly rare in real single-byte text
    # ("Ã©" is not something people type), so the page was re-encoded as UTF-8.
    if _UTF8_MULTIBYTE.search(data) is None:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


_MULTIBYTE_CODECS = frozenset(
    {"gb18030", "cp932", "cp949", "big5hkscs", "big5", "euc_jp", "shift_jis", "euc_kr", "gbk"}
)
