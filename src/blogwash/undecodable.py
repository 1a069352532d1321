"""undecodable: decode with one codec, keeping and counting the bytes it cannot read.

Never ``errors="replace"`` or ``"ignore"``: those hide how much was lost. Here a byte the
codec has no character for is kept where it can be — a byte 0x80-0x9F becomes the C1
control of the same number, which is what browsers do with cp1252's five undefined bytes
(81 8D 8F 90 9D) and what the repair stage knows how to read back — and becomes U+FFFD
only as a last resort (any other byte: an invalid multi-byte sequence, a hole in an ISO
code page). Either way it is counted, and the count goes to ``source.undecodable_bytes``.
"""

from __future__ import annotations

import re

# surrogateescape turns byte 0xXY that does not decode into the lone surrogate U+DCXY.
_ESCAPED = re.compile("[\udc80-\udcff]")


def decode_keeping(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode ``data``; return the text and how many bytes did not decode.

    >>> decode_keeping(b"caf\\xe9 \\x9d", "cp1252")
    ('café \\x9d', 1)
    >>> decode_keeping(b"ok \\xff", "utf-8")
    ('ok \\ufffd', 1)
    >>> decode_keeping("ok".encode("utf-16-le") + b"x", "utf-16-le")
    ('ok\\ufffd', 1)
    """
    try:
        text = data.decode(encoding, errors="surrogateescape")
    except UnicodeDecodeError:
        # Wide codecs cannot escape an ASCII-range byte (UTF-16 with an odd byte count):
        # then U+FFFD marks each place, and the count is of the places.
        text = data.decode(encoding, errors="replace")
        count = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
        return text, count
    count = 0

    def keep(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        byte = ord(m.group()) - 0xDC00
        return chr(byte) if byte < 0xA0 else "\ufffd"

    return _ESCAPED.sub(keep, text), count
