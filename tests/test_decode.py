"""The decode stage's decisions, one exact case each (the basics are in test_stages.py)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

import chardet
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import blogwash
from blogwash import mixed
from blogwash.decode import NotTextError

MARKUP = b"<p>plain ASCII markup, nothing to see here</p>\n"


@pytest.fixture
def chardet_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Records every chardet call blogwash makes (detect and detect_all)."""
    calls: list[str] = []
    for name in ("detect", "detect_all"):
        real = getattr(chardet, name)

        def counting(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(chardet, name, counting)
    yield calls


# -- fast path and what bypasses it ---------------------------------------------------------


def test_utf8_never_asks_chardet(chardet_calls: list[str]) -> None:
    text = "Grüße – “quoted” \x1b[31mterminal colour\x1b[0m 👍\n"
    decoded = blogwash.decode(text.encode())
    assert (decoded.text, decoded.encoding, decoded.confidence) == (text, "utf-8", 1.0)
    assert chardet_calls == []


def test_iso2022_escape_is_not_taken_for_ascii() -> None:
    text = "日本語のテキストです。こんにちは、世界。"
    decoded = blogwash.decode(text.encode("iso2022_jp"))
    assert (decoded.text, decoded.encoding, decoded.language) == (text, "iso2022_jp", "ja")


def test_a_stray_nul_in_utf8_is_kept_as_a_control_character() -> None:
    text = "Ein Absatz über Köln.\n" * 20 + "\x00"
    decoded = blogwash.decode(text.encode())
    assert (decoded.text, decoded.encoding) == (text, "utf-8")


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be", "utf-16-be"])
def test_wide_encodings_without_bom(codec: str) -> None:
    text = "Plain text with one café in it.\n" * 3
    decoded = blogwash.decode(text.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.bom) == (text, codec, None)


# -- not text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"ab\x00\x00\x00\x01\x00\x00" * 50, "not text: NUL-heavy data that is not UTF-16"),
        (bytes(range(1, 9)) * 200 + b"\xff", "not text: chardet finds no text encoding"),
        (b"\x1f\x8b\x08\x00" + bytes(range(256)), "not text: the bytes look like a binary file"),
    ],
)
def test_binary_is_refused_with_the_reason(data: bytes, why: str) -> None:
    with pytest.raises(NotTextError, match=why):
        blogwash.decode(data)


# -- single-byte files ----------------------------------------------------------------------


def test_single_byte_file_costs_one_chardet_call(chardet_calls: list[str]) -> None:
    text = (
        "Każdej zimy robię pierogi według przepisu mojej babci. Farsz z kaszy gryczanej, "
        "suszonych grzybów i smażonej cebuli – prosty, a smakuje jak dzieciństwo.\n"
    )
    decoded = blogwash.decode(text.encode("cp1250"))
    assert (decoded.text, decoded.encoding, decoded.language) == (text, "cp1250", "pl")
    assert chardet_calls == ["detect"]


def test_non_ascii_past_chardets_window_is_seen() -> None:
    late = "Grüße aus Köln, schöne Straße, süße Äpfel und ein Café.\n"
    data = MARKUP * 7000 + late.encode("cp1252")
    assert len(data) > chardet.DEFAULT_MAX_BYTES
    decoded = blogwash.decode(data)
    assert decoded.text.endswith(late)
    assert decoded.encoding == "cp1252"


def test_low_confidence_detects_again_on_the_high_byte_segments(
    chardet_calls: list[str],
) -> None:
    # One MacRoman apostrophe in 300 KB of ASCII: Latin-1 would read "BlanchardÕs".
    data = MARKUP * 6000 + b'"Product"="Daniel Blanchard\xd5s Trackpad"\n' + MARKUP * 100
    decoded = blogwash.decode(data)
    assert "Daniel Blanchard’s Trackpad" in decoded.text
    assert decoded.encoding == "mac-roman"
    assert chardet_calls == ["detect", "detect_all"]


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Это её дом, и всё в нём хорошо. Мы любим её сад и её кухню.\n", "koi8-r"),
        ("Её вкус мне нравится больше, чем хлеб из магазина.\n", "cp1251"),
    ],
)
def test_chance_utf8_in_single_byte_text_is_not_mixed(text: str, codec: str) -> None:
    # KOI8-R "её" is C5 A3 and cp1251 "Её" C5 B8: both valid UTF-8 (ţ, Ÿ) by chance.
    decoded = blogwash.decode(text.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.bytes_by_encoding) == (text, codec, None)


# -- mixed files ----------------------------------------------------------------------------


def test_mixed_polish_page_with_a_cp1250_comment() -> None:
    page = "Pierogi z kaszą – przepis babci\nCiasto zagniatam z mąki.\n"
    comment = "Dziękuję za „babciny” sposób!\n"
    data = page.encode() + comment.encode("cp1250")
    decoded = blogwash.decode(data)
    assert decoded.text == page + comment
    assert decoded.encoding == "mixed:utf-8+cp1250"
    # ę ę „ ” ó: five single bytes; everything else (ASCII included) is UTF-8.
    assert decoded.bytes_by_encoding == {"utf-8": len(data) - 5, "cp1250": 5}


def test_mixed_chance_utf8_run_inside_the_pasted_comment_stays_single_byte() -> None:
    page = "Как я учился печь хлеб – история\nПервые буханки были плотными.\n"
    comment = "Её вкус мне нравится больше, спасибо!\n"
    decoded = blogwash.decode(page.encode() + comment.encode("cp1251"))
    assert decoded.text == page + comment
    assert decoded.encoding == "mixed:utf-8+cp1251"


def test_mixed_cp1252_undefined_byte_is_kept_and_counted() -> None:
    page = "Québec – été, une ville magnifique\n"
    decoded = blogwash.decode(page.encode() + b"Tr\xe8s \x9d beau\n")
    assert decoded.text == page + "Très \x9d beau\n"
    assert decoded.encoding == "mixed:utf-8+cp1252"
    assert decoded.undecodable_bytes == 1


# -- what source says -----------------------------------------------------------------------


def test_source_counts_bytes_no_codec_reads() -> None:
    # A UTF-8 BOM decides, so 0xFF cannot be read: U+FFFD, the last resort, and counted.
    data = codecs.BOM_UTF8 + b"ok \xff\n"
    assert blogwash.decode(data).text == "ok \ufffd\n"
    source = blogwash.clean(data, name="x.txt")["source"]
    assert (source["encoding"], source["bom"], source["undecodable_bytes"]) == ("utf-8", "utf-8", 1)


def test_source_of_a_mixed_file() -> None:
    data = "Québec – été\n".encode() + "Très beau récit, Geneviève\n".encode("cp1252")
    source = blogwash.clean(data, name="x.txt")["source"]
    assert source["encoding"] == "mixed:utf-8+cp1252"
    assert source["bytes_by_encoding"] == {"utf-8": len(data) - 3, "cp1252": 3}
    assert source["language"] == "fr"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=6),
            st.sampled_from([b"\xc3\xa9", b"\xe2\x80\x99", b"\xf0\x9f\x98\x80", b"\xed\xa0\x80"]),
            st.sampled_from([b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80", b"\xe9", b" "]),
        ),
        max_size=40,
    )
)
def test_utf8_runs_are_the_high_byte_runs_that_decode(pieces: list[bytes]) -> None:
    """``mixed.scan``'s regex agrees with Python's strict UTF-8 decoder, run by run."""
    data = b"".join(pieces)
    runs = [m.span() for m in re.finditer(rb"[\x80-\xff]+", data)]
    valid = []
    for start, end in runs:
        try:
            data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        valid.append((start, end))
    scanned = mixed.scan(data)
    assert list(scanned.utf8) == valid
    assert scanned.has_other == (len(valid) < len(runs))
