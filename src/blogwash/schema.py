"""The JSON Schema of the output document (``blogwash schema`` prints it)."""

from __future__ import annotations

from typing import Any

from blogwash.emit import SCHEMA

_NULLABLE_STR: dict[str, Any] = {"type": ["string", "null"]}

SCHEMA_DOCUMENT: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://github.com/blogwash/blogwash/schema/blogwash-1.json",
    "title": "blogwash document",
    "type": "object",
    "required": ["schema", "id", "source", "article", "comments", "boilerplate", "repairs"],
    "properties": {
        "schema": {"const": SCHEMA},
        "id": {"type": "string", "description": "Stable id: input file stem, else sha256 prefix."},
        "source": {
            "type": "object",
            "required": ["path", "bytes", "sha256", "encoding"],
            "properties": {
                "path": _NULLABLE_STR,
                "bytes": {"type": "integer", "minimum": 0},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "encoding": {
                    "type": "string",
                    "description": "Python codec name, or 'mixed:utf-8+cp1252' for mixed files.",
                },
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "language": _NULLABLE_STR,
                "bom": {"type": "string"},
                "bytes_by_encoding": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "minimum": 0},
                },
                "undecodable_bytes": {"type": "integer", "minimum": 0},
                "line": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "JSONL input: the 1-based line the page was read from.",
                },
                "declared_charset": {
                    "type": "string",
                    "description": "HTML pages: the charset the page declares, as written.",
                },
            },
        },
        "article": {
            "type": "object",
            "required": ["title", "author", "text"],
            "properties": {
                "title": _NULLABLE_STR,
                "author": _NULLABLE_STR,
                "text": {"type": "string", "description": "Paragraphs joined by '\\n'."},
            },
        },
        "comments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["author", "text", "signature", "meta", "parent"],
                "properties": {
                    "author": _NULLABLE_STR,
                    "author_from": {
                        "enum": ["markup", "signature", "meta", "reply", "salutation", None],
                        "description": "The evidence the author name comes from.",
                    },
                    "text": {"type": "string"},
                    "signature": _NULLABLE_STR,
                    "meta": {"type": "array", "items": {"type": "string"}},
                    "parent": {
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "description": "Index of the comment this one replies to (page markup).",
                    },
                },
            },
        },
        "boilerplate": {"type": "array", "items": {"type": "string"}},
        "blogwash": {
            "type": "object",
            "description": "Written by `blogwash clean`: the version and a digest of the options "
            "that made this document; with source.sha256 it tells a rerun what is up to date.",
            "required": ["version", "options"],
            "properties": {"version": {"type": "string"}, "options": {"type": "string"}},
        },
        "repairs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["stage", "line", "before", "after", "rule"],
                "properties": {
                    "stage": {"enum": ["repair", "normalize"]},
                    "line": {"type": "integer", "minimum": 1},
                    "before": {"type": "string"},
                    "after": {"type": "string"},
                    "rule": {"type": "string"},
                },
            },
        },
    },
}
