"""Small, exact cases for each stage on its own."""

from __future__ import annotations

import codecs

import pytest

import blogwash
from blogwash.decode import NotTextError
from blogwash.split import split
from tests.conftest import FIXTURES

# -- decode ---------------------------------------------------------------------------------

TEXT = "Zażółć gęślą jaźń – “quoted” café\n"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_and_is_removed(bom: bytes, codec: str) -> None:
    decoded = blogwash.decode(bom + TEXT.encode(codec))
    assert decoded.text == TEXT
    assert decoded.encoding == codec


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    text = "Plain English text with one café in it.\n" * 3
    decoded = blogwash.decode(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)


def test_cp1252_file() -> None:
    text = "Les cafés de Lyon sont “petits” et très animés. Voilà l’été à Lyon.\n" * 3
    decoded = blogwash.decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_mixed_utf8_and_cp1252_is_decoded_per_run() -> None:
    data = "Québec – été\n".encode() + "Très beau récit, Geneviève\n".encode("cp1252")
    decoded = blogwash.decode(data)
    assert decoded.text == "Québec – été\nTrès beau récit, Geneviève\n"
    assert decoded.encoding == "mixed:utf-8+cp1252"
    assert decoded.bytes_by_encoding == {"utf-8": len(data) - 3, "cp1252": 3}


def test_empty_input_is_an_empty_document() -> None:
    assert blogwash.decode(b"").text == ""
    doc = blogwash.clean(b"")
    assert doc["article"] == {"title": None, "author": None, "text": ""}
    assert doc["comments"] == []


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + bytes(100), b"PK\x03\x04" + bytes(100), b"%PDF-1.4\n" + bytes(50)],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(NotTextError, match="not text"):
        blogwash.decode(data)


# -- repair ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“Curly” quotes, ‘single’ ones… and an ellipsis",
        "De ĳsbeer en de ĳzeren ﬁets",
        "全角：テスト、「括弧」",
        "Emoji 👍🏽 and ❤️",
        "Ele disse “não” à mãe; Ã is a letter in Romanian: Ãtena",
        "Smith† died in 1923; see † 1923 and Jones†",
        "decomposed cafe\u0301 stays",
        "windows line\r",
        "soft\u00adhyphen",
    ],
)
def test_repair_keeps_correct_text(text: str) -> None:
    result = blogwash.repair(text)
    assert result.text == text
    assert result.repairs == ()


@pytest.mark.parametrize(
    ("broken", "fixed", "rule"),
    [
        ("cafÃ©", "café", "mojibake"),
        ("â€œFlow en zakendoenâ€\u00a0welke", "“Flow en zakendoen” welke", "lost-byte-quote"),
        ("“Flow en zakendoen†welke", "“Flow en zakendoen” welke", "lost-byte-quote"),
        ("“quoted textâ€", "“quoted text”", "lost-byte-quote"),
    ],
)
def test_repair_fixes_and_logs(broken: str, fixed: str, rule: str) -> None:
    result = blogwash.repair("line one\n" + broken)
    assert result.text == "line one\n" + fixed
    assert {r.rule for r in result.repairs} >= {rule}
    assert all(r.line == 2 for r in result.repairs)


def test_repair_rule_can_be_turned_off() -> None:
    assert blogwash.repair("“a zakendoen†welke", disabled=["lost-byte-quote"]).repairs == ()
    with pytest.raises(ValueError, match="unknown repair rule"):
        blogwash.repair("x", disabled=["nope"])


# -- normalize ------------------------------------------------------------------------------


def test_normalize_entities_tags_controls_nfc() -> None:
    result = blogwash.normalize("caf&eacute; <b>bold</b>\x07 cafe\u0301<br>next\u2028third\r")
    assert result.lines == ("café bold café", "next", "third")
    assert result.origin == (1, 1, 1)
    assert {r.rule for r in result.repairs} == {"html", "control-char", "nfc"}


def test_normalize_keeps_text_that_only_looks_like_html() -> None:
    assert blogwash.normalize("x<y and 3 < 5, AT&T").lines == ("x<y and 3 < 5, AT&T",)


def test_normalize_whitespace_is_not_logged() -> None:
    result = blogwash.normalize("  a \u00a0 b\t\n\n")
    assert result.lines == ("a b",)
    assert result.repairs == ()


# -- split ----------------------------------------------------------------------------------


def test_split_meta_lines() -> None:
    text = "\n".join(
        [
            "A title",
            "The article paragraph.",
            "2 Comments",
            "John says:",
            "March 3, 2015 at 4:12 pm",
            "Great post.",
            "Reply",
            "Mary says:",
            "March 4, 2015 at 9:00 am",
            "Thanks!",
            "Reply",
            "Leave a Reply",
        ]
    )
    s = split(text)
    assert s.title == "A title"
    assert s.article == ("The article paragraph.",)
    assert [(c.author, c.author_from, c.text) for c in s.comments] == [
        ("John", "meta", "Great post."),
        ("Mary", "meta", "Thanks!"),
    ]
    assert s.comments[0].meta == ("John says:", "March 3, 2015 at 4:12 pm", "Reply")
    assert s.boilerplate == ("2 Comments", "Leave a Reply")


def test_split_article_without_comments() -> None:
    s = split("Title\nOne paragraph.\nAnother paragraph.")
    assert s.comments == ()
    assert s.article == ("One paragraph.", "Another paragraph.")


def test_split_sign_offs_in_many_languages() -> None:
    text = (FIXTURES / "multi-signoffs" / "input.txt").read_bytes()
    doc = blogwash.clean(text)
    assert [(c["author"], c["signature"]) for c in doc["comments"]] == [
        ("Lucía", "Un abrazo, Lucía"),
        ("Giulia", "Un saluto, Giulia"),
        ("Kasia", "Pozdrawiam, Kasia"),
        ("Sofie", "Kram, Sofie"),
        ("Mads", "Med venlig hilsen, Mads"),
        ("Marco", "Saludos\nMarco"),
    ]
    assert doc["article"]["author"] == "Marco"  # signs once and is greeted (Ciao Marco,)
    assert doc["boilerplate"] == ["Los comentarios están cerrados."]


def test_split_names_above_comments_with_reply_buttons() -> None:
    doc = blogwash.clean((FIXTURES / "en-name-reply" / "input.txt").read_bytes())
    assert [(c["author"], c["text"]) for c in doc["comments"]] == [
        ("John Miller", "Great post, I want to go there too!"),
        ("Anna", "Lisbon is my favourite city. Did you try the pastéis de nata?"),
        ("Tom", "Thanks for sharing."),
    ]
    assert doc["comments"][0]["meta"] == ["John Miller", "Reply"]


def test_normalize_is_silent_on_url_like_lines(recwarn: pytest.WarningsRecorder) -> None:
    assert blogwash.normalize("http://example.com/?a=1&amp;b=2").lines == (
        "http://example.com/?a=1&b=2",
    )
    assert len(recwarn) == 0


def test_utf16_with_an_odd_byte_count_keeps_and_counts_the_stray_byte() -> None:
    decoded = blogwash.decode(codecs.BOM_UTF16_LE + "Title\n".encode("utf-16-le") + b"x")
    assert (decoded.text, decoded.encoding, decoded.undecodable_bytes) == (
        "Title\n\ufffd",
        "utf-16-le",
        1,
    )


def test_repair_is_linear_on_one_long_line() -> None:
    """A line of 160 000 characters with one non-ASCII character in the middle (minified
    CSS left in a page) once took minutes: the single-byte segment pattern rescanned."""
    import time

    line = "ab{c:d} " * 10_000 + "\ufffd" + "ab{c:d} " * 10_000
    start = time.process_time()
    blogwash.repair(line)
    assert time.process_time() - start < 2.0


def test_split_a_comment_count_under_the_title_is_not_the_comment_section() -> None:
    text = "\n".join(
        [
            "A title",
            "By Anna · 12 Comments",
            "12 Comments",
            "First paragraph of the article, long enough to be prose.",
            "Second paragraph of the article.",
            "Third paragraph of the article.",
            "Fourth paragraph of the article.",
            "Fifth paragraph.",
            "Sixth paragraph.",
            "Seventh paragraph.",
            "Eighth paragraph.",
            "Ninth paragraph.",
            "Tenth paragraph.",
            "Eleventh paragraph.",
            "12 Comments",
            "John says:",
            "March 3, 2015 at 4:12 pm",
            "Great post.",
            "Mary says:",
            "March 4, 2015 at 9:00 am",
            "Thanks!",
        ]
    )
    s = split(text)
    assert len(s.article) == 11  # the eleven paragraphs stay the article
    assert s.boilerplate == ("By Anna · 12 Comments", "12 Comments", "12 Comments")
    assert [c.author for c in s.comments] == ["John", "Mary"]


def test_split_a_reply_cut_keeps_the_reply_button_with_the_earlier_comment() -> None:
    # A block the blog author signs, holding the previous commenter's text and a reply
    # button above the reply: the button stays with the earlier comment, in page order.
    text = "\n".join(
        [
            "Gast",
            "Mia Sommer",
            "Lieber Tom, danke für den Text. Ich sehe das ähnlich, aber nicht in allem, und "
            "schreibe dazu gern noch mehr, wenn ich Zeit habe, heute leider nicht.",
            "1 Monat her",
            "Karl",
            "Wie so oft triffst du den Punkt, Tom. Vieles ist leichter geworden, manches "
            "schwerer, und über das meiste davon könnte man lange reden, heute nur kurz.",
            "1 Monat her",
            "Autor",
            "ich gehe kaum noch ins kino, das programm interessiert mich nicht mehr und die "
            "säle sind mir zu groß geworden, früher war das anders.",
            "March 3, 2015 at 4:12 pm",
            "Reply",
            "Dat is inderdaad een fantastische verslaving!",
            "Dank voor je comment Arno.",
            "groet, Rikkert",
            "groet, Rikkert",
        ]
    )
    parts = split(text)
    owners = [o for o in parts.owner if o is not None]
    assert owners == sorted(owners)
    reply = text.split("\n").index("Reply")
    assert parts.roles[reply] == "meta"
    assert parts.owner[reply] == parts.owner[reply + 1]  # with "Dat is inderdaad ..."
    assert parts.comments[parts.owner[reply + 1]].author == "Arno"
