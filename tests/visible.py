"""Readable diffs for golden files: invisible characters are made visible."""

from __future__ import annotations

import difflib
import unicodedata

_NAMES = {"\t": "\\t", "\r": "\\r", "\u00a0": "<NBSP>", "\ufeff": "<BOM>", "\u200b": "<ZWSP>"}


def visible(text: str) -> str:
    out = []
    for c in text:
        if c in _NAMES:
            out.append(_NAMES[c])
        elif (
            c != "\n"
            and (unicodedata.category(c)[0] in "CZ" and c != " ")
            or unicodedata.combining(c)
        ):
            out.append(f"<U+{ord(c):04X}>")
        else:
            out.append(c)
    return "".join(out)


def diff(expected: str, actual: str, label: str) -> str:
    lines = difflib.unified_diff(
        visible(expected).splitlines(),
        visible(actual).splitlines(),
        fromfile=f"{label} (golden)",
        tofile=f"{label} (now)",
        lineterm="",
    )
    return "\n".join(lines)
