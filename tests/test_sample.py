"""The user's sample dump must come out exactly as the brief describes."""

from __future__ import annotations

import pytest

import blogwash
from tests.conftest import FIXTURES, SAMPLE

# The sample is kept as a fixture too, so the test runs without ../shared.
SAMPLE_BYTES = (FIXTURES / "nl-sample" / "input.txt").read_bytes()


def test_fixture_is_the_users_sample() -> None:
    if not SAMPLE.is_file():
        pytest.skip("../shared/seeds is not on this machine")
    assert SAMPLE.read_bytes() == SAMPLE_BYTES


def test_article_has_six_paragraphs_by_rikkert() -> None:
    doc = blogwash.clean(SAMPLE_BYTES, name="000_c309727116dc1621.txt")
    assert doc["article"]["title"] is None
    assert doc["article"]["author"] == "Rikkert"
    paragraphs = doc["article"]["text"].split("\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Naast gespreks-, vraag- en luistertechnieken")
    assert paragraphs[-1].startswith("Kunnen we dit leren als verkopers?")


def test_ten_comments_with_their_authors() -> None:
    doc = blogwash.clean(SAMPLE_BYTES)
    authors = [c["author"] for c in doc["comments"]]
    assert authors == [
        "Arno", "Rikkert", "Jan", "Rikkert", "Jan", "Rikkert", "Liran", "Liran", "Rikkert", None,
    ]  # fmt: skip
    evidence = [c["author_from"] for c in doc["comments"]]
    assert evidence == [
        "reply", "signature", "reply", "signature", "reply", "signature", "signature",
        "reply", "signature", None,
    ]  # fmt: skip
    signatures = [c["signature"] for c in doc["comments"]]
    assert signatures[1] == "groet, Rikkert"
    assert signatures[3] == "Groet, Rikkert"
    assert signatures[6] == "groet, Liran"
    assert signatures[7] is None  # "sorry Rikkert" addresses Rikkert, it does not sign
    assert doc["comments"][6]["text"].startswith("Beste Rikkert,")
    assert doc["comments"][7]["text"] == "IK BEDOEL JAN!\nsorry Rikkert"
    assert doc["comments"][9]["text"] == "kan iemand zijn Pitch vertellen, zogenaamd je call pitch?"


def test_footer_lines_are_boilerplate() -> None:
    doc = blogwash.clean(SAMPLE_BYTES)
    assert doc["boilerplate"] == ["Comments on this entry are closed.", "{ 1 trackback }"]


def test_lost_byte_quote_is_repaired_and_logged_and_nothing_else_changes() -> None:
    doc = blogwash.clean(SAMPLE_BYTES)
    assert "zakendoen\u201d welke" in doc["article"]["text"]
    assert doc["repairs"] == [
        {
            "stage": "repair",
            "line": 4,
            "before": "zakendoen\u2020welke",
            "after": "zakendoen\u201d welke",
            "rule": "lost-byte-quote",
        }
    ]
    # Every correct curly quote, ellipsis and é is kept exactly.
    original = SAMPLE_BYTES.decode("utf-8")
    cleaned = "\n".join(
        [doc["article"]["text"]]
        + [c["text"] + "\n" + (c["signature"] or "") for c in doc["comments"]]
    )
    for char in "\u2018\u2019\u201c\u201d\u2026\u00e9\u2013":
        expected = original.count(char) + (1 if char == "\u201d" else 0)
        assert cleaned.count(char) == expected, char
