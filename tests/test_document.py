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
from tests.properties import check_document


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
    check_document(run(data, name=name))


def test_cleaning_the_output_again_changes_nothing(case: Path) -> None:
    data, name = case_input(case)
    doc = blogwash.clean(data, name=name)
    texts = [doc["article"]["text"]] + [c["text"] for c in doc["comments"]]
    for text in texts:
        again = blogwash.run(text.encode("utf-8"))
        assert again.normalized.text == text
        assert again.repaired.repairs == ()
        assert again.normalized.repairs == ()
