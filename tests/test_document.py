"""Document-level invariants on every fixture: schema, nothing lost, idempotence."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jsonschema

import blogwash
from blogwash.emit import dumps
from blogwash.pipeline import run
from blogwash.schema import SCHEMA_DOCUMENT
from tests.conftest import case_input


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


def test_document_matches_schema(case: Path) -> None:
    data, name = case_input(case)
    doc = blogwash.clean(data, name=name)
    jsonschema.validate(doc, SCHEMA_DOCUMENT)


def test_serialised_document_is_nfc_utf8_json(case: Path) -> None:
    data, name = case_input(case)
    doc = blogwash.clean(data, name=name)
    text = dumps(doc)
    assert unicodedata.is_normalized("NFC", text)
    assert json.loads(text.encode("utf-8")) == doc
    assert list(doc) == ["schema", "id", "source", "article", "comments", "boilerplate", "repairs"]


def test_nothing_is_lost(case: Path) -> None:
    """Every non-empty normalized line lands in exactly one place, in order."""
    data, name = case_input(case)
    result = run(data, name=name)
    lines = list(result.normalized.lines)
    doc = result.document
    art = doc["article"]
    places: list[list[str]] = []
    places.append([art["title"]] if art["title"] is not None else [])
    places.append(art["text"].split("\n") if art["text"] else [])
    for c in doc["comments"]:
        for key in ("meta", "text", "signature"):
            value = c[key]
            if isinstance(value, list):
                places.append(value)
            else:
                places.append(value.split("\n") if value else [])
    places.append(doc["boilerplate"])
    flat = [line for place in places for line in place]
    assert sorted(flat) == sorted(lines), "lines lost or duplicated"
    for place in places:
        assert _is_subsequence(place, lines), f"out of order: {place[:3]}"
    # Comments come in page order: each comment's first body line after the previous one's.
    roles = result.split.roles
    owners = [o for o in result.split.owner if o is not None]
    assert owners == sorted(owners)
    assert len(roles) == len(lines)


def test_cleaning_the_output_again_changes_nothing(case: Path) -> None:
    data, name = case_input(case)
    doc = blogwash.clean(data, name=name)
    texts = [doc["article"]["text"]] + [c["text"] for c in doc["comments"]]
    for text in texts:
        again = blogwash.run(text.encode("utf-8"))
        assert again.normalized.text == text
        assert again.repaired.repairs == ()
        assert again.normalized.repairs == ()
