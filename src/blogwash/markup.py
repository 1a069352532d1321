"""markup: what blog markup conventions say about an element, as data plus small predicates.

Comment systems agree on a few conventions, and blogwash reads those, never a site's own
class names:

- a comment carries an ``id`` with its number (WordPress ``comment-123``,
  ``li-comment-123``, ``div-comment-123``; Drupal's empty ``<a id="comment-123">`` before
  it; wpDiscuz ``wc-comm-123_0``; old Disqus ``dsq-comment-123``; Blogger ``c1234567890``),
  or a ``comment`` class, or schema.org / RDFa ``Comment`` typing; Disqus's own markup is
  ``li.post`` inside ``#disqus_thread``;
- replies sit inside their parent comment (``ul.children``, Blogger's
  ``.comment-replies``) or in a thread container right after it (Drupal's ``.indented``);
- its parts are named by class words, compound names ending in the head noun
  (``comment-author``, ``wc-comment-author``, ``comment__author-name``), or by microdata /
  RDFa properties (``itemprop="author"``, ``property="schema:text"``), or by element
  (``cite``, ``time``).

Class names are cut into words at ``-`` and ``_`` and judged by their *last* word (or last
two): ``comment-author`` is an author, ``comment-author-avatar`` an avatar, and
WordPress's per-user ``comment-author-jane`` nothing. Each table below says what one kind
of word means; a false match costs little because the text cues of the split stage still
check every line, a missed one costs the markup's help for that page.
"""

from __future__ import annotations

import re
from typing import Literal

from bs4.element import Tag

Part = Literal["author", "date", "meta", "body"]

# Elements whose content is never text a reader sees: raw text (scripts, styles) and
# elements that cannot hold other elements.
RAW_TAGS = frozenset(
    {
        "script", "style", "title", "meta", "link", "base", "textarea", "input", "img",
        "source", "track", "area", "embed", "param", "col", "wbr",
    }
)  # fmt: skip

# Containers a reader does not read as the page's text: the head, navigation, forms and
# their controls, embedded media. Dropped with everything inside, *unless* they hold the
# page's content (an ``<h1>``, ``<article>``, ``<main>``, a comment): broken markup (an
# unclosed ``<nav>``, a missing ``</head>``, ASP.NET's page-wide ``<form>``) can put the
# whole page inside one, and dropping it would drop the page.
SKIPPED_TAGS = frozenset(
    {
        "head", "nav", "form", "button", "select", "option", "optgroup", "datalist",
        "noscript", "template", "iframe", "frame", "frameset", "svg", "math", "canvas",
        "object", "applet", "audio", "video", "map", "dialog", "picture",
    }
)  # fmt: skip

# Elements that hold the page's content (see ``SKIPPED_TAGS``).
LANDMARK_TAGS = frozenset({"h1", "article", "main"})

# Elements that start a new block (a line of the flat dump). Everything else is inline.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend",
        "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Lists and thread containers: a comment nested in another one *through* such an element
# is a reply, not a second wrapper of the same comment.
LIST_TAGS = frozenset({"ul", "ol", "dl", "menu"})

# Classes meaning "visually hidden, for screen readers": not part of the page as read.
_HIDDEN_CLASSES = frozenset(
    {"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden", "element-invisible"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# -- comment items -------------------------------------------------------------------------

# An id naming a comment by number: optional prefix words, "comment"/"comm", optional
# suffix words (``comment-body-12``, ``comment-wrapper-12``), the number, an optional
# second number (wpDiscuz ``wc-comm-12_3``: comment 12, parent 3).
_ITEM_ID = re.compile(
    r"^(?:[a-z]+[-_]){0,2}?(?:comment|comm)(?P<words>(?:[-_][a-z]+){0,2})[-_]?(\d+)(?:[-_]\d+)?$",
    re.IGNORECASE,
)
# Numbered ids that name something about the comments, not a comment: navigation
# (``comment_nav_1``), pages (``comment-page-2``), forms.
_NOT_ITEM_WORDS = frozenset(
    {"nav", "navigation", "page", "pages", "paged", "pagination", "form", "respond", "list", "feed"}
)
# Blogger numbers comments ``c`` + a long id.
_BLOGGER_ID = re.compile(r"^c(\d{6,})$")
# Disqus: ``li.post`` with ``id="post-123"`` inside ``#disqus_thread``.
_DISQUS_ID = re.compile(r"^post-(\d+)$")
_ITEM_CLASSES = frozenset(
    {"comment", "comment-item", "comment-entry", "comment-single", "single-comment", "dsq-comment"}
)
_ITEM_TYPES = re.compile(r"(?:^|[\s/:])(?:Comment|UserComments)\b")
# Containers that may carry a comment id; an inline element is a comment only when it is
# an empty anchor in front of the comment (Drupal).
_ITEM_TAGS = frozenset({"li", "div", "article", "section", "dt", "dd", "aside", "tr", "td"})

# A comment section: ``#comments``, ``.comment-list``, ``#disqus_thread``...
_AREA_WORDS = re.compile(
    r"^(?:[a-z]+[-_])?(?:comments|commentlist|disqus[-_]thread|discussion)"
    r"(?:[-_](?:area|list|section|container|wrapper|wrap|block|box|holder|thread|content))?$"
    r"|^(?:[a-z]+[-_])?comment[-_]?(?:area|list|section|container|wrapper|thread)$",
    re.IGNORECASE,
)
# Thread containers holding replies (beside their parent, not inside it).
_THREAD_WORDS = frozenset(
    {"children", "child", "replies", "indented", "sub-comments", "subcomments", "thread"}
)
_DEPTH_CLASS = re.compile(r"^(?:depth|level|comment-depth|wc_comment_level)-(\d+)$")

# -- parts of a comment ---------------------------------------------------------------------

_AUTHOR_LAST = frozenset(
    {
        "author", "fn", "user", "username", "nickname", "nick", "name", "authorname",
        "commenter", "poster",
    }
)  # fmt: skip
_AUTHOR_LAST_TWO = frozenset(
    {("author", "name"), ("author", "link"), ("user", "name"), ("user", "link"), ("comment", "by")}
)
_DATE_LAST = frozenset(
    {"date", "time", "timestamp", "datetime", "published", "posted", "ago", "dateline", "when"}
)
_META_LAST = frozenset(
    {
        "meta", "metas", "metadata", "commentmetadata", "header", "footer", "byline",
        "submitted", "says", "title", "subject", "titre", "reply", "respond", "link", "links",
        "permalink", "actions", "action", "tools", "toolbar", "util", "utils", "like", "likes",
        "dislike", "vote", "votes", "rating", "ratings", "stars", "share", "report", "flag",
        "quote", "edit", "button", "buttons", "count", "number", "avatar", "badge", "label",
        "toggle", "trigger", "expand", "collapse",
    }
)  # fmt: skip
# Decorations next to a name: whatever else their classes say, not the name itself.
_DECORATION = frozenset({"label", "badge", "role", "avatar", "icon", "flair"})
# A body class is a body word alone (``content``, ``text``) or compounded with a word
# naming comments (``comment-content``, ``wc-comment-text``, ``post-message``): styling
# classes end in the same words (``secondary-text``, ``panel-body``, ``media-body``).
_BODY_LAST = frozenset({"content", "text", "body", "message", "entry"})
_BODY_OWNERS = frozenset({"comment", "comments", "post", "reply", "commentbody", "msg"})
_BODY_SUFFIXES = ("body", "text", "content", "message")

_AUTHOR_PROPS = re.compile(r"(?:^|\s)(?:foaf:name|schema:author|sioc:has_creator)(?:\s|$)")
_DATE_PROPS = re.compile(
    r"(?:^|\s)(?:dc:date|dc:created|schema:dateCreated|schema:datePublished)(?:\s|$)"
)
_BODY_PROPS = re.compile(r"(?:^|\s)(?:schema:text|content:encoded|sioc:content)(?:\s|$)")
_TITLE_PROPS = re.compile(r"(?:^|\s)(?:schema:name|dc:title)(?:\s|$)")
_ITEMPROP_PART: dict[str, Part] = {
    "author": "author",
    "creator": "author",
    "datecreated": "date",
    "datepublished": "date",
    "datemodified": "date",
    "commenttime": "date",
    "text": "body",
    "commenttext": "body",
    "articlebody": "body",
}

_CONTENT_PROPS = re.compile(r"(?:^|\s)(?:content:encoded|schema:articleBody)(?:\s|$)")
_POST_AUTHOR_CLASSES = frozenset({"bypostauthor", "blog-author", "by-post-author"})

# Main article content, where the page marks it.
_CONTENT_CLASSES = frozenset(
    {
        "entry-content", "post-content", "post-body", "postbody", "article-body",
        "article-content", "articlebody", "entry-body", "post-entry", "single-content",
        "blog-post-content", "story-body", "article__body", "article__content", "post__content",
        "entry__content", "content-body", "td-post-content", "post-text", "article-text",
    }
)  # fmt: skip


def classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    if isinstance(value, str):
        return value.split()
    return list(value or ())


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return " ".join(value)


def _words(token: str) -> list[str]:
    return [w for w in re.split(r"[-_]+", token.lower()) if w]


def is_hidden(tag: Tag) -> bool:
    """Not shown to a reader: the ``hidden`` attribute, inline ``display:none``, or a
    screen-reader-only class.

    >>> from bs4 import BeautifulSoup
    >>> is_hidden(BeautifulSoup('<p style="display: none">x</p>', "html.parser").p)
    True
    """
    if tag.has_attr("hidden") or _attr(tag, "aria-hidden").lower() == "true":
        return True
    style = _attr(tag, "style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    return any(c.lower() in _HIDDEN_CLASSES for c in classes(tag))


def is_navigation(tag: Tag) -> bool:
    return _attr(tag, "role").lower() in ("navigation", "search", "menubar")


def is_skipped(tag: Tag) -> bool:
    """Dropped with its content unless it holds the page's content (``SKIPPED_TAGS``)."""
    return tag.name in SKIPPED_TAGS or is_hidden(tag) or is_navigation(tag)


def item_number(tag: Tag) -> str | None:
    """The comment number in a comment id, or None.

    >>> from bs4 import BeautifulSoup
    >>> ids = ["comment-12", "li-comment-12", "div-comment-12", "wc-comm-12_3", "c123456789",
    ...        "comment-body-12", "comments", "comment-form", "post-12", "comment_nav_1"]
    >>> [item_number(BeautifulSoup(f'<div id="{i}">x</div>', "html.parser").div) for i in ids]
    ['12', '12', '12', '12', '123456789', '12', None, None, None, None]
    """
    ident = _attr(tag, "id") or _attr(tag, "name")
    if not ident:
        return None
    m = _ITEM_ID.match(ident)
    if m is not None:
        if _NOT_ITEM_WORDS.intersection(_words(m.group("words"))):
            return None
        return m.group(2)
    m = _BLOGGER_ID.match(ident)
    return m.group(1) if m is not None else None


def disqus_number(tag: Tag) -> str | None:
    """``li.post#post-123`` (callers check that it sits in ``#disqus_thread``)."""
    if tag.name != "li" or "post" not in classes(tag):
        return None
    m = _DISQUS_ID.match(_attr(tag, "id"))
    return m.group(1) if m else None


def is_item_tag(tag: Tag) -> bool:
    return tag.name in _ITEM_TAGS


def is_ping(tag: Tag) -> bool:
    """A pingback or trackback listed among the comments: not a reader's comment."""
    return any(c.lower() in ("pingback", "trackback") for c in classes(tag))


def is_item_class(tag: Tag) -> bool:
    """A comment by class or by schema.org / RDFa typing (no number to go by)."""
    if any(c.lower() in _ITEM_CLASSES for c in classes(tag)):
        return True
    typed = _attr(tag, "itemtype") or _attr(tag, "typeof")
    return bool(typed) and _ITEM_TYPES.search(typed) is not None


def is_comment_text(tag: Tag) -> bool:
    """A comment's text container named as such (``comment-body``, ``comment-content``,
    ``comment_text``, ``commenttext``): the last resort for finding comments on a page
    that marks nothing else.

    >>> from bs4 import BeautifulSoup
    >>> [is_comment_text(BeautifulSoup(h, "html.parser").find(True)) for h in (
    ...     '<div class="comment-body">', '<p class="commentText">', '<div class="entry-content">')]
    [True, True, False]
    """
    for c in classes(tag):
        words = _words(c)
        if not words or words[-1] not in _BODY_LAST and not words[-1].endswith(_BODY_SUFFIXES):
            continue
        if any(w.startswith("comment") for w in words):
            return True
    return False


def is_comment_area(tag: Tag) -> bool:
    """``#comments``, ``.comments-area``, ``ol.commentlist``, ``#disqus_thread``...

    >>> from bs4 import BeautifulSoup
    >>> [is_comment_area(BeautifulSoup(h, "html.parser").find(True)) for h in (
    ...     '<div id="comments">', '<ol class="comment-list">', '<div class="comment">',
    ...     '<ul class="recent-comments">', '<div id="disqus_thread">')]
    [True, True, False, True, True]
    """
    names = [_attr(tag, "id"), *classes(tag)]
    return any(n and _AREA_WORDS.match(n) for n in names)


def is_thread(tag: Tag) -> bool:
    """A container of replies: ``ul.children``, ``.comment-replies``, ``.indented``."""
    if tag.name in LIST_TAGS:
        return True
    for c in classes(tag):
        words = _words(c)
        if words and (words[-1] in _THREAD_WORDS or "-".join(words[-2:]) in _THREAD_WORDS):
            return True
    return False


def depth(tag: Tag) -> int | None:
    """Reply depth a flat comment list prints as a class (``depth-2``), or None."""
    for c in classes(tag):
        m = _DEPTH_CLASS.match(c.lower())
        if m is not None:
            return int(m.group(1))
    return None


def is_content(tag: Tag) -> bool:
    """The article's main text container (``itemprop=articleBody``, RDFa
    ``content:encoded``, ``.entry-content``...). Comments use the same properties; that
    does no harm, a comment's lines are placed by the comment markup first."""
    if _attr(tag, "itemprop").lower() == "articlebody":
        return True
    if _CONTENT_PROPS.search(_attr(tag, "property")):
        return True
    return any(c.lower() in _CONTENT_CLASSES for c in classes(tag))


def marks_post_author(tag: Tag) -> bool:
    """WordPress marks the post author's comments ``bypostauthor``, Blogger their name
    ``blog-author``."""
    return any(c.lower() in _POST_AUTHOR_CLASSES for c in classes(tag))


def part_of(tag: Tag) -> Part | None:
    """Which part of a comment an element holds, by its element, properties and classes.

    >>> from bs4 import BeautifulSoup
    >>> def part(html: str) -> Part | None:
    ...     return part_of(BeautifulSoup(html, "html.parser").find(True))
    >>> [part(h) for h in ('<cite class="fn">', '<div class="comment-author vcard">',
    ...     '<span class="comment__author-name">', '<div class="comment-author-avatar">',
    ...     '<div class="comment-author-jane">', '<time>', '<div class="wc-comment-text">')]
    ['author', 'author', 'author', 'meta', None, 'date', 'body']
    >>> [part(h) for h in ('<div class="comment-reply">', '<p class="comment-content">',
    ...     '<div>', '<div class="wc-blog-post_author wc-comment-label">',
    ...     '<span class="comment-actions secondary-text">', '<div class="media-body">')]
    ['meta', 'body', None, 'meta', 'meta', None]
    """
    itemprop = _attr(tag, "itemprop").lower()
    for prop in itemprop.split():
        if prop in _ITEMPROP_PART:
            return _ITEMPROP_PART[prop]
    prop = _attr(tag, "property")
    if prop:
        if _BODY_PROPS.search(prop):
            return "body"
        if _AUTHOR_PROPS.search(prop):
            return "author"
        if _TITLE_PROPS.search(prop):
            return "meta"
        if _DATE_PROPS.search(prop):
            return "date"
    found: Part | None = None
    names = classes(tag)
    if any(_words(c)[-1:] and _words(c)[-1] in _DECORATION for c in names):
        return "meta"  # a role badge (``wc-blog-post_author wc-comment-label``), an icon
    for c in names:
        part = _class_part(c)
        if part is not None and (found is None or _RANK[part] > _RANK[found]):
            found = part
    if found is not None:
        return found
    if tag.name == "cite":
        return "author"
    if tag.name == "time":
        return "date"
    return None


# When one element carries classes of several parts (``comment-meta comment-author``), the
# more specific one wins.
_RANK: dict[Part, int] = {"author": 3, "date": 2, "body": 1, "meta": 0}


def _class_part(token: str) -> Part | None:
    words = _words(token)
    if not words:
        return None
    last = words[-1]
    two = tuple(words[-2:])
    if last in _AUTHOR_LAST or two in _AUTHOR_LAST_TWO:
        return "author"
    if last in _DATE_LAST:
        return "date"
    if last in _META_LAST:
        return "meta"
    if last in _BODY_LAST and (len(words) == 1 or _BODY_OWNERS.intersection(words)):
        return "body"
    if len(words) == 1 and last.endswith(_BODY_SUFFIXES) and "comment" in last:
        return "body"  # commenttext, thiscommentbody
    return None


def author_rank(tag: Tag) -> int:
    """How surely an author element holds just the name: hCard ``fn`` and microdata first,
    compound class names next, a bare ``cite`` last."""
    if _attr(tag, "itemprop").lower() in ("author", "name", "creator"):
        return 3
    if _AUTHOR_PROPS.search(_attr(tag, "property")):
        return 3
    if "fn" in (c.lower() for c in classes(tag)):
        return 3
    if tag.name == "cite" and not classes(tag):
        return 1
    return 2
