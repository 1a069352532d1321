"""Invariants every cleaned document must hold, shared by the property tests and the
fuzzing harness (`make fuzz`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import jsonschema

from blogwash.emit import dumps
from blogwash.pipeline import Trace
from blogwash.schema import SCHEMA_DOCUMENT

_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA_DOCUMENT)


def places(doc: dict[str, Any]) -> list[list[str]]:
    """Every place a normalized line can land in, in document order."""
    art = doc["article"]
    out: list[list[str]] = [[art["title"]] if art["title"] is not None else []]
    out.append(art["text"].split("\n") if art["text"] else [])
    for c in doc["comments"]:
        out.append(list(c["meta"]))
        out.append(c["text"].split("\n") if c["text"] else [])
        out.append(c["signature"].split("\n") if c["signature"] else [])
    out.append(list(doc["boilerplate"]))
    return out


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


def check_document(trace: Trace) -> None:
    """Schema, UTF-8 JSON round trip, nothing lost, order kept."""
    doc = trace.document
    _VALIDATOR.validate(doc)
    text = dumps(doc)
    text.encode("utf-8")  # no lone surrogates can reach the output
    lines = list(trace.normalized.lines)
    flat = [line for place in places(doc) for line in place]
    assert Counter(flat) == Counter(lines), "a line was lost or duplicated"
    for place in places(doc):
        assert _is_subsequence(place, lines), "a place lost the page order"
    assert len(trace.split.roles) == len(lines)
    owners = [o for o in trace.split.owner if o is not None]
    assert owners == sorted(owners), "comments out of page order"
