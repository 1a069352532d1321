"""pagekind: is this input an HTML page or a flat text dump? (Cheap: no HTML parser is
imported to answer, so a run over text dumps never loads one.)"""

from __future__ import annotations

import re

# What a page starts with, after a BOM, whitespace, comments and an XML declaration.
# One whitespace byte per repetition (``\s``, not ``\s+``): ``(?:\s+)*`` backtracks
# exponentially on a head of blank lines that is not a page (60 empty lines: minutes).
_PAGE_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
PAGE_SUFFIXES = (".html", ".htm")


def is_page(data: bytes, name: str | None = None) -> bool:
    """An HTML page, by its file name or by how it starts.

    A text dump that merely holds some tags (``<p>``, ``&eacute;``) is not a page: only a
    document that opens with ``<!doctype html>`` or ``<html>`` is sniffed as one.

    >>> is_page(b"<!DOCTYPE html><html><body>x</body></html>")
    True
    >>> is_page(b"<h1>Title</h1><p>text</p>"), is_page(b"x", "saved.HTM")
    (False, True)
    """
    if name and name.lower().endswith(PAGE_SUFFIXES):
        return True
    head = data[:4096]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(codec, errors="ignore").encode("ascii", errors="ignore")
    return _PAGE_START.match(head) is not None
