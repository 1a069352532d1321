"""Property-based invariants (hypothesis): any bytes in -> a valid document or a clear
error; idempotence; nothing lost; determinism; correct text unchanged."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import blogwash
from blogwash.decode import NotTextError
from blogwash.document import Normalized, Repair
from blogwash.emit import dumps
from blogwash.normalize import _normalize_line, normalize
from tests.properties import check_document

# Derandomized: CI must be repeatable; `make fuzz` is where randomness explores.
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# Text that looks like a dump: lines of words, names, sign-offs, dates, entities, mojibake.
PIECES = st.sampled_from(
    [
        "Hallo Anna,",
        "groet, Rikkert",
        "Liebe Grüße, Kathrin",
        "Harm Otten sagt:",
        "25. Februar 2020 um 13:02 Uhr",
        "John on March 3, 2015 at 4:12 pm",
        "Reply",
        "12 Kommentare",
        "Leave a Reply",
        "Thanks for your comment, John.",
        "caf\u00c3\u00a9 and \u00e2\u20ac\u0153quoted\u00e2\u20ac\x9d",
        "&eacute; &amp; <b>bold</b> <br>",
        "\u201cFlow en zakendoen\u2020welke\u201d",
        "cafe\u0301 \u00ad soft\u200b \ufeff",
        "{ 1 trackback }",
        "",
        " ",
    ]
)
DUMP_LINES = st.lists(st.one_of(PIECES, st.text(max_size=60)), max_size=30)


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_document_or_a_clear_error(data: bytes) -> None:
    try:
        trace = blogwash.run(data, name="fuzz.txt")
    except NotTextError as exc:
        assert str(exc).startswith("not text")
        return
    check_document(trace)


@SETTINGS
@given(DUMP_LINES)
def test_dump_like_text(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    try:
        trace = blogwash.run(data)
    except NotTextError:
        return
    check_document(trace)


@SETTINGS
@given(DUMP_LINES)
def test_cleaning_the_output_again_changes_nothing(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    try:
        doc = blogwash.clean(data)
    except NotTextError:
        return
    for text in [doc["article"]["text"]] + [c["text"] for c in doc["comments"]]:
        again = blogwash.run(text.encode("utf-8"))
        assert again.normalized.text == text
        assert again.document["repairs"] == []


@SETTINGS
@given(st.binary(max_size=1500))
def test_same_input_same_bytes_out(data: bytes) -> None:
    try:
        first = dumps(blogwash.clean(data, name="x.txt"))
    except NotTextError:
        return
    assert dumps(blogwash.clean(data, name="x.txt")) == first


WORDS = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x2FFF),
    min_size=1,
    max_size=12,
)


@SETTINGS
@given(st.lists(st.lists(WORDS, min_size=1, max_size=8), min_size=1, max_size=12))
def test_correct_text_comes_out_unchanged(paragraphs: list[list[str]]) -> None:
    """NFC text without mojibake, markup or control characters keeps every line as is."""
    text = "\n".join(" ".join(words) for words in paragraphs)
    text = unicodedata.normalize("NFC", text)
    trace = blogwash.run(text.encode("utf-8"))
    assert trace.repaired.text == text or trace.repaired.repairs
    if not trace.repaired.repairs:
        assert list(trace.normalized.lines) == [x for x in text.split("\n") if x.strip()]


def _line_by_line(text: str) -> Normalized:
    """The normalize stage as it was before its whole-text scans: every line through the
    per-line rules."""
    out: list[str] = []
    origin: list[int] = []
    log: list[Repair] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        for piece in _normalize_line(raw, number, log):
            if piece:
                out.append(piece)
                origin.append(number)
    return Normalized("\n".join(out), tuple(out), tuple(origin), tuple(log))


# Lines that take normalize's per-line path, and lines it only strips.
LINE_KINDS = st.sampled_from(
    ["a  b", "\tx", "y\r", "p\u00a0q", "\u2028", "\x0c", " z ", "\u3000w", "caf&eacute;", "\x01"]
)


@SETTINGS
@given(st.lists(st.one_of(PIECES, LINE_KINDS, st.text(max_size=60)), max_size=30))
def test_normalize_finds_every_line_that_needs_work(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert normalize(text) == _line_by_line(text)


@SETTINGS
@given(st.lists(st.one_of(PIECES, LINE_KINDS, st.text(max_size=60)), max_size=30))
def test_normalized_lines_are_the_split_stages_lines(lines: list[str]) -> None:
    """The pipeline hands normalize's ``lines`` to ``split`` instead of splitting its text
    again: they must be the text's non-blank lines, exactly."""
    normalized = normalize("\n".join(lines))
    expected = [x for x in normalized.text.split("\n") if x and not x.isspace()]
    assert list(normalized.lines) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a&amp;b\n" * 3000,  # markup on every line: all lines go line by line
        "a&amp;b\nplain \n" * 3000,
        "plain\n" * 3000 + "x  y\n" * 3000,  # dense late: scanned, not given up on
        "a  b\n" * 3000,
        "cafe\u0301\n\u00e9t\u00e9\n" * 1000,
    ],
)
def test_normalize_of_long_texts_is_the_line_by_line_one(text: str) -> None:
    assert normalize(text) == _line_by_line(text)
