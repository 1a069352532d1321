"""emit: assemble the JSON document (schema ``blogwash/1``) and serialise it."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import PurePath
from typing import Any

from blogwash.document import Decoded, Normalized, Repaired, Split
from blogwash.jsontext import indented

SCHEMA = "blogwash/1"


def document_id(data: bytes, name: str | None) -> str:
    """Stable id: the input's file stem when it has one, else a hash of its bytes."""
    if name and name != "-":
        stem = PurePath(name).name
        for suffix in (".gz", ".txt", ".html", ".htm", ".jsonl"):
            if stem.endswith(suffix) and len(stem) > len(suffix):
                stem = stem[: -len(suffix)]
        return stem
    return hashlib.sha256(data).hexdigest()[:16]


def emit(
    data: bytes,
    name: str | None,
    decoded: Decoded,
    repaired: Repaired,
    normalized: Normalized,
    split: Split,
) -> dict[str, Any]:
    """Build the output document; key order is fixed here and never sorted."""
    source: dict[str, Any] = {
        "path": name,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "encoding": decoded.encoding,
        "confidence": round(decoded.confidence, 4),
        "language": decoded.language,
    }
    if decoded.bom:
        source["bom"] = decoded.bom
    if decoded.bytes_by_encoding:
        source["bytes_by_encoding"] = dict(decoded.bytes_by_encoding)
    if decoded.undecodable_bytes:
        source["undecodable_bytes"] = decoded.undecodable_bytes
    if decoded.declared_charset:
        source["declared_charset"] = decoded.declared_charset
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "id": document_id(data, name),
        "source": source,
        "article": {
            "title": split.title,
            "author": split.article_author,
            "text": "\n".join(split.article),
        },
        "comments": [
            {
                "author": c.author,
                "author_from": c.author_from,
                "text": c.text,
                "signature": c.signature,
                "meta": list(c.meta),
                "parent": c.parent,
            }
            for c in split.comments
        ],
        "boilerplate": list(split.boilerplate),
        "repairs": [r.as_dict() for r in (*repaired.repairs, *normalized.repairs)],
    }
    return doc


def dumps(doc: dict[str, Any], *, indent: int | None = 2) -> str:
    """Serialise as JSON text: no ASCII escaping, stable layout, NFC.

    Content fields are NFC already (the normalize stage sees to it); only a repair log's
    exact ``before`` string can hold a decomposed sequence. Then the combining marks are
    written as ``\\uXXXX`` escapes: the JSON text stays NFC and the value stays exact.
    ``indent=None`` gives one line (a JSONL record; newlines in values are escaped):

    >>> dumps({"a": "x\\ny", "b": [1]}, indent=None)
    '{"a":"x\\\\ny","b":[1]}\\n'
    """
    if indent is None:
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    else:
        # json.dumps(doc, ensure_ascii=False, indent=indent), byte for byte, in a third
        # less time: with an indent json encodes in Python, not C.
        text = indented(doc, indent)
    if not unicodedata.is_normalized("NFC", text):
        text = "".join(f"\\u{ord(c):04x}" if _escape(c) else c for c in text)
    return text + "\n"


def _escape(c: str) -> bool:
    return unicodedata.combining(c) != 0 or unicodedata.normalize("NFC", c) != c
