"""HTML pages: detection, charset, blocks, comment markup, titles, broken and huge pages."""

from __future__ import annotations

import codecs
import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import blogwash
from blogwash.charset import declared_charset, decode_page
from blogwash.cli import main
from blogwash.page import Parser, read_page
from blogwash.pagekind import is_page
from blogwash.pipeline import run
from tests.conftest import FIXTURES, case_input

PARSERS: list[Parser] = ["html.parser"]
if importlib.util.find_spec("lxml") is not None:
    PARSERS.append("lxml")
HTML_CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "input.html").is_file())


def page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def lines(data: bytes, parser: Parser = "html.parser") -> list[str]:
    return read_page(data, parser=parser).decoded.text.split("\n")


# -- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body>x</body></html>",
        b"\n  <!doctype HTML>\n<html>",
        b"<html lang='de'><body>x",
        b"\xef\xbb\xbf<!DOCTYPE html><p>x",
        b"<!-- saved from url=(0042)https://example.org -->\n<!DOCTYPE html>",
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0">',
        codecs.BOM_UTF16_LE + "<!DOCTYPE html><p>x".encode("utf-16-le"),
    ],
)
def test_pages_are_sniffed(data: bytes) -> None:
    assert is_page(data)


@pytest.mark.parametrize(
    "data",
    [
        b"<h1>Notes on caf&eacute;</h1><p>Text</p>",
        b"Title\nSee <html> tags explained below.\n",
        b"",
    ],
)
def test_text_dumps_with_tags_are_not_pages(data: bytes) -> None:
    assert not is_page(data)


def test_page_suffix_decides() -> None:
    assert is_page(b"plain words", "saved/page.HTM")
    assert is_page(b"plain words", "page.html")
    assert not is_page(b"plain words", "page.txt")


# -- charset --------------------------------------------------------------------------------


def test_declared_charset_is_used_when_the_bytes_agree() -> None:
    data = '<meta charset="windows-1252"><p>“Café” – 5 €</p>'.encode("cp1252")
    decoded, label = decode_page(data)
    assert (decoded.encoding, label) == ("cp1252", "windows-1252")
    assert "“Café” – 5 €" in decoded.text


def test_latin1_label_means_windows_1252() -> None:
    data = '<meta charset="ISO-8859-1"><p>“quoted”</p>'.encode("cp1252")
    assert decode_page(data)[0].text.endswith("<p>“quoted”</p>")


def test_declaration_contradicted_by_utf8_bytes_is_ignored() -> None:
    data = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Café</p>'
    decoded, label = decode_page(data.encode("utf-8"))
    assert (decoded.encoding, label) == ("utf-8", "iso-8859-1")
    assert decoded.text.endswith("<p>Café</p>")


def test_declared_utf8_over_cp1252_bytes_falls_back_to_detection() -> None:
    text = "<meta charset='utf-8'><p>" + "Très beau récit, Geneviève. " * 20 + "</p>"
    decoded, label = decode_page(text.encode("cp1252"))
    assert label == "utf-8"
    assert decoded.encoding != "utf-8"
    assert "Très beau récit, Geneviève." in decoded.text


def test_unknown_label_and_bom() -> None:
    assert decode_page(b"<meta charset='x-klingon'><p>ok</p>")[0].encoding == "utf-8"
    bom = codecs.BOM_UTF8 + "<meta charset='windows-1252'><p>é</p>".encode()
    assert decode_page(bom)[0].text.endswith("<p>é</p>")


def test_declarations_found_where_pages_put_them() -> None:
    xml = b'<?xml version="1.0" encoding="ISO-8859-15"?><html>'
    assert declared_charset(xml) == "iso-8859-15"
    late = b"<head><style>" + b"x" * 5000 + b"</style><meta charset=koi8-r></head>"
    assert declared_charset(late) == "koi8-r"


def test_declared_charset_reaches_the_document() -> None:
    doc = blogwash.clean(page("<h1>T</h1><p>x</p>", '<meta charset="utf-8">'), name="p.html")
    assert doc["source"]["declared_charset"] == "utf-8"
    assert "declared_charset" not in blogwash.clean(b"T\nx\n", name="d.txt")["source"]


# -- blocks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("parser", PARSERS)
def test_blocks_are_what_a_reader_sees(parser: Parser) -> None:
    data = page(
        "<nav><a href='/'>Home</a></nav><h1>Title</h1>"
        "<p>One <b>bold</b> line<br>and a second</p><ul><li>item</li><li>two</li></ul>"
        "<table><tr><td>cell</td><td>other</td></tr></table><pre>a\n  b</pre>"
        "<script>var x = '<p>no</p>';</script><style>p{}</style><noscript>Enable JS</noscript>"
        "<p hidden>h</p><p style='display: none'>h</p><span class='screen-reader-text'>h</span>"
        "<form><label>Name</label><input name=n><button>Send</button></form>"
        "<!-- a comment --><p>end &amp; done</p>",
        "<title>Head title</title>",
    )
    assert lines(data, parser) == [
        "Title",
        "One bold line",
        "and a second",
        "item",
        "two",
        "cell",
        "other",
        "a",
        "b",
        "end & done",
    ]


@pytest.mark.parametrize("parser", PARSERS)
def test_a_form_or_nav_around_the_content_is_kept(parser: Parser) -> None:
    wrapped = page("<form id='aspnetForm'><h1>Title</h1><p>Body</p><input name=x></form>")
    assert lines(wrapped, parser) == ["Title", "Body"]
    unclosed = page("<nav><a>Home</a><main><h1>Title</h1><p>Body</p></main>")
    assert lines(unclosed, parser)[-2:] == ["Title", "Body"]


# -- comments -------------------------------------------------------------------------------

WORDPRESS = """
<h1>Post</h1><div class="entry-content"><p>Article text.</p></div>
<div id="comments"><h2>2 thoughts</h2><ol class="comment-list">
<li id="comment-1" class="comment depth-1"><div id="div-comment-1" class="comment-body">
 <div class="comment-author vcard"><cite class="fn">Ann Lee</cite>
 <span class="says">says:</span></div>
 <div class="comment-meta"><a href="#c1">May 3, 2021 at 9:15 am</a></div>
 <p>First paragraph.</p><p>Second paragraph.</p>
 <div class="reply"><a class="comment-reply-link">Reply</a></div></div>
 <ul class="children"><li id="comment-2" class="comment bypostauthor depth-2">
  <div id="div-comment-2" class="comment-body">
  <div class="comment-author vcard"><cite class="fn">Bo</cite> <span class="says">says:</span></div>
  <div class="comment-meta"><a href="#c2">May 3, 2021 at 10:00 am</a></div>
  <p>Thanks, Ann!</p></div></li></ul></li>
<li id="comment-3" class="pingback"><div class="comment-body">Pingback: elsewhere</div></li>
</ol><h3>Leave a Reply</h3><form><textarea></textarea></form></div>
<footer><p>Footer line</p></footer>"""


@pytest.mark.parametrize("parser", PARSERS)
def test_wordpress_comments_authors_parents(parser: Parser) -> None:
    p = read_page(page(WORDPRESS), parser=parser)
    assert [(c.author, c.parent, c.by_post_author) for c in p.comments] == [
        ("Ann Lee", None, False),
        ("Bo", 0, True),
    ]
    doc = blogwash.clean(page(WORDPRESS), name="wp.html")
    assert doc["article"] == {"title": "Post", "author": "Bo", "text": "Article text."}
    assert [
        (c["author"], c["author_from"], c["text"], c["meta"], c["parent"]) for c in doc["comments"]
    ] == [
        (
            "Ann Lee",
            "markup",
            "First paragraph.\nSecond paragraph.",
            ["Ann Lee says:", "May 3, 2021 at 9:15 am", "Reply"],
            None,
        ),
        ("Bo", "markup", "Thanks, Ann!", ["Bo says:", "May 3, 2021 at 10:00 am"], 0),
    ]
    assert doc["boilerplate"] == [
        "2 thoughts",
        "Pingback: elsewhere",
        "Leave a Reply",
        "Footer line",
    ]


def test_lines_printed_after_a_later_comment_are_chrome() -> None:
    """Comments stay in page order, each in one piece: what a comment prints below its
    replies (a thread's reply button, text broken nesting left behind) is boilerplate."""
    body = """<h1>T</h1><ol class="commentlist"><li id="comment-1" class="comment">
    <p>First.</p><ul class="children"><li id="comment-2" class="comment"><p>Reply.</p></li>
    </ul><p>Below the replies.</p><div class="reply"><a>Reply</a></div></li></ol>"""
    result = run(page(body), name="late.html")
    doc = result.document
    assert [(c["text"], c["parent"]) for c in doc["comments"]] == [("First.", None), ("Reply.", 0)]
    assert doc["boilerplate"] == ["Below the replies.", "Reply"]
    owners = [o for o in result.split.owner if o is not None]
    assert owners == sorted(owners)


def test_drupal_anchor_markers_and_indented_replies() -> None:
    body = """<h1>T</h1><div id="comments">
    <a id="comment-7"></a><article class="comment"><span class="username">Ida</span>
    <div class="content"><p>Top.</p></div></article>
    <div class="indented"><a id="comment-8"></a><article class="comment">
    <span class="username">Jo</span><div class="content"><p>Reply.</p></div></article></div>
    <a id="comment-9"></a><article class="comment"><span class="username">Kai</span>
    <div class="content"><p>Next.</p></div></article></div>"""
    doc = blogwash.clean(page(body), name="d.html")
    assert [(c["author"], c["text"], c["parent"]) for c in doc["comments"]] == [
        ("Ida", "Top.", None),
        ("Jo", "Reply.", 0),
        ("Kai", "Next.", None),
    ]


def test_dt_dd_comment_list() -> None:
    body = """<h1>T</h1><dl id="comment_list">
    <dt id="comment-11" class="comment"><span class="comment_author">Lu</span>
    <span class="comment_time">June 1, 2015</span></dt>
    <dd class="comment"><div id="comment-body-11"><p>Hello there.</p></div></dd>
    <dt id="comment-12" class="comment"><span class="comment_author">Max</span></dt>
    <dd class="comment"><p>Second.</p></dd></dl>"""
    doc = blogwash.clean(page(body), name="d.html")
    assert [(c["author"], c["text"], c["meta"]) for c in doc["comments"]] == [
        ("Lu", "Hello there.", ["Lu June 1, 2015"]),
        ("Max", "Second.", ["Max"]),
    ]


def test_old_blogger_comment_block() -> None:
    body = """<h3 class="post-title">T</h3><div id="comments"><h4>2 comments:</h4>
    <dl id="comments-block">
    <dt class="comment-author" id="c1111111111"><a name="c1111111111"></a>
    <a href="/profile/1">Anna</a> said...</dt>
    <dd class="comment-body"><p>Lovely photos!</p></dd>
    <dd class="comment-footer"><span class="comment-timestamp"><a href="#">3/03/2010 10:00 AM</a>
    </span></dd>
    <dt class="comment-author" id="c2222222222"><a name="c2222222222"></a>Anonymous said...</dt>
    <dd class="comment-body"><p>Where was this?</p></dd>
    </dl></div>"""
    doc = blogwash.clean(page(body, '<meta property="og:title" content="T">'), name="b.html")
    assert [(c["author"], c["text"], c["meta"]) for c in doc["comments"]] == [
        ("Anna", "Lovely photos!", ["Anna said...", "3/03/2010 10:00 AM"]),
        ("Anonymous", "Where was this?", ["Anonymous said..."]),
    ]


def test_disqus_and_schema_org_comments() -> None:
    disqus = """<h1>T</h1><div id="disqus_thread"><ul id="post-list">
    <li class="post" id="post-501"><span class="author">Nia</span>
    <div class="post-message"><p>From Disqus.</p></div>
    <ul class="children"><li class="post" id="post-502"><span class="author">Oz</span>
    <div class="post-message"><p>Answer.</p></div></li></ul></li></ul></div>"""
    doc = blogwash.clean(page(disqus), name="q.html")
    assert [(c["author"], c["text"], c["parent"]) for c in doc["comments"]] == [
        ("Nia", "From Disqus.", None),
        ("Oz", "Answer.", 0),
    ]
    typed = """<h1>T</h1><section><div itemscope itemtype="https://schema.org/Comment">
    <span itemprop="author">Pia</span><div itemprop="text"><p>Typed comment.</p></div></div>
    </section>"""
    doc = blogwash.clean(page(typed), name="s.html")
    assert [(c["author"], c["text"]) for c in doc["comments"]] == [("Pia", "Typed comment.")]


def test_flat_list_with_depth_classes() -> None:
    body = """<h1>T</h1><div class="comment-list">
    <div id="comment-1" class="comment depth-1"><p class="comment-author">A</p>
    <div class="comment-content"><p>One.</p></div></div>
    <div id="comment-2" class="comment depth-2"><p class="comment-author">B</p>
    <div class="comment-content"><p>Two.</p></div></div>
    <div id="comment-3" class="comment depth-1"><p class="comment-author">C</p>
    <div class="comment-content"><p>Three.</p></div></div></div>"""
    doc = blogwash.clean(page(body), name="f.html")
    assert [(c["author"], c["parent"]) for c in doc["comments"]] == [
        ("A", None),
        ("B", 0),
        ("C", None),
    ]


def test_comments_found_by_their_text_containers_alone() -> None:
    body = """<h1>Post</h1><p>Article.</p><div class="feedback"><h3>2 Comments</h3>
    <div class="box"><div class="head"><span class="comment-author">Ana</span>
    <span class="when">May 2, 2020</span></div><div class="comment-text"><p>First!</p></div></div>
    <div class="box"><div class="head"><span class="comment-author">Ben</span></div>
    <div class="comment-text"><p>Second one.</p><p>Two lines.</p></div></div></div>
    <p>Footer</p>"""
    doc = blogwash.clean(page(body), name="t.html")
    assert [(c["author"], c["text"], c["meta"]) for c in doc["comments"]] == [
        ("Ana", "First!", ["Ana May 2, 2020"]),
        ("Ben", "Second one.\nTwo lines.", ["Ben"]),
    ]
    assert doc["boilerplate"] == ["2 Comments", "Footer"]


def test_author_from_text_cues_when_the_markup_has_no_author_element() -> None:
    body = """<h1>T</h1><ol class="commentlist">
    <li id="comment-5" class="comment"><p>Harm Otten sagt:</p><p>25. Februar 2020</p>
    <p>Schöner Beitrag.</p></li>
    <li id="comment-6" class="comment"><p>Gute Idee, danke!</p><p>Liebe Grüße, Anna</p></li>
    </ol>"""
    doc = blogwash.clean(page(body), name="c.html")
    assert [
        (c["author"], c["author_from"], c["text"], c["signature"]) for c in doc["comments"]
    ] == [
        ("Harm Otten", "meta", "Schöner Beitrag.", None),
        ("Anna", "signature", "Gute Idee, danke!", "Liebe Grüße, Anna"),
    ]


def test_author_element_text_is_cleaned_and_repaired() -> None:
    body = """<h1>T</h1><ol class="commentlist">
    <li id="comment-5" class="comment">
    <div class="comment-author">Jos&eacute;  Mar&Atilde;&shy;a says:</div>
    <div class="comment-content"><p>Hola.</p></div></li></ol>"""
    doc = blogwash.clean(page(body), name="c.html")
    assert doc["comments"][0]["author"] == "José María"


def test_no_comment_markup_falls_back_to_the_text_split() -> None:
    data, name = case_input(FIXTURES / "html-no-markup")
    doc = blogwash.clean(data, name=name)
    assert [(c["author"], c["author_from"]) for c in doc["comments"]] == [
        ("Ria", "meta"),
        ("Bas", "meta"),
        ("Kees", "meta"),
    ]
    assert doc["article"]["title"] == "Moestuin in maart"


# -- titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "head", "title"),
    [
        ("<h1>Only heading</h1><p>x</p>", "<title>Other</title>", "Only heading"),
        (
            "<h1>Site name</h1><h1>The post</h1><p>x</p>",
            "<meta property='og:title' content='The post'><title>The post | Site name</title>",
            "The post",
        ),
        (
            "<h1>Site name</h1><h3>The post title</h3><p>x</p>",
            "<meta property='og:title' content='The post title'>",
            "The post title",
        ),
        ("<h2>Not a title</h2><p>x</p>", "<meta property='og:title' content='From OG'>", "From OG"),
        ("<p>x</p>", "<title>From title</title>", "From title"),
    ],
)
def test_title_h1_then_og_title_then_title(body: str, head: str, title: str) -> None:
    doc = blogwash.clean(page(body, head), name="t.html")
    assert doc["article"]["title"] == title


def test_title_from_the_head_is_the_first_line() -> None:
    result = run(page("<p>Body.</p>", "<title>Head title</title>"), name="t.html")
    assert result.normalized.lines == ("Head title", "Body.")
    assert result.split.roles == ("title", "article")


# -- broken and huge pages ------------------------------------------------------------------


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("tag", ["div", "span", "b", "li", "p", "blockquote"])
def test_ten_thousand_deep_nesting(parser: Parser, tag: str) -> None:
    nested = f"<{tag}>x" * 10_000 + "end" + f"</{tag}>" * 10_000
    data = page(f"<h1>Deep</h1>{nested}")
    p = read_page(data, parser=parser)
    assert p.blocks[0].text == "Deep"
    assert p.decoded.text.endswith("end")
    doc = blogwash.clean(data, name="deep.html")
    assert doc["article"]["title"] == "Deep"


@pytest.mark.parametrize("parser", PARSERS)
def test_ten_thousand_deep_comments(parser: Parser) -> None:
    nested = "".join(f'<div id="comment-{k}" class="comment"><p>c{k}</p>' for k in range(10_000))
    p = read_page(page(f"<h1>T</h1><div id='comments'>{nested}</div>"), parser=parser)
    assert len(p.comments) == 10_000
    assert p.comments[-1].parent == 9_998


@pytest.mark.parametrize("parser", PARSERS)
def test_unclosed_tags_and_stray_closers(parser: Parser) -> None:
    data = (
        b"<!DOCTYPE html><html><body></div></div></span><h1>Broken</h1></p>"
        b"<p>first<p>second</td></tr></table><div><div><ul><li>a<li>b"
        b"</body></html></div></html><p>after the end"
    )
    text = read_page(data, parser=parser).decoded.text.split("\n")
    assert text == ["Broken", "first", "second", "a", "b", "after the end"]


def test_nul_bytes_and_bad_references_do_not_break_the_page() -> None:
    data = page("<h1>T</h1><p>nul\x00byte \x01 and caf\u00e9</p><p>x&#0;y&#xD800;z</p>")
    doc = blogwash.clean(data, name="odd.html")
    assert doc["source"]["encoding"] == "utf-8"
    assert doc["article"]["title"] == "T"
    assert doc["article"]["text"].split("\n")[0] == "nulbyte and café"


def test_a_large_page_is_read_whole() -> None:
    """~5 MB through the whole pipeline (``tools/bench_pages.py`` measures up to 50 MB)."""
    comment = (
        '<li id="comment-{k}" class="comment"><div class="comment-author">'
        '<cite class="fn">User {k}</cite></div><div class="comment-content">'
        "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20 + "</p>"
        "<p>" + "Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. " * 20 + "</p>"
        "</div></li>"
    )
    count = 1_900
    items = "".join(comment.format(k=k) for k in range(count))
    data = page(f"<h1>Big</h1><p>Text.</p><ol class='commentlist'>{items}</ol>")
    assert len(data) > 5_000_000
    doc = blogwash.clean(data, name="big.html")
    assert len(doc["comments"]) == count
    assert doc["comments"][-1]["author"] == f"User {count - 1}"
    assert doc["comments"][-1]["text"].count("\n") == 1


# -- fixtures and parsers -------------------------------------------------------------------


@pytest.mark.skipif(len(PARSERS) < 2, reason="lxml is not installed")
@pytest.mark.parametrize("name", HTML_CASES)
def test_fixtures_read_the_same_with_either_parser(name: str) -> None:
    data = (FIXTURES / name / "input.html").read_bytes()
    a, b = (read_page(data, parser=parser) for parser in PARSERS)
    assert a.blocks == b.blocks
    assert a.comments == b.comments
    assert a.title == b.title


def test_at_least_three_html_fixtures() -> None:
    assert len(HTML_CASES) >= 3


# -- command line ---------------------------------------------------------------------------


def test_directories_give_html_and_htm_pages(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes(page(WORDPRESS))
    (pages / "b.htm").write_bytes(page("<h1>B</h1><p>x</p>"))
    (pages / "c.txt").write_bytes(b"Title\nText.\n")
    (pages / "d.css").write_bytes(b"p {}")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(pages), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json", "c.json"]
    doc = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert [c["parent"] for c in doc["comments"]] == [None, 0]


def test_stdin_page_is_sniffed() -> None:
    result = CliRunner().invoke(main, ["clean", "-"], input=page(WORDPRESS))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [c["author_from"] for c in doc["comments"]] == ["markup", "markup"]
