"""page: an HTML page as a reader sees it, one block per line, with what its markup says.

A saved page is decoded (``charset.decode_page``), parsed with beautifulsoup4 (lxml when
installed, else Python's ``html.parser``) and walked twice, in document order: once to find
the comments (``_Finder``), once to read the page into blocks (``_Walker``): headings,
paragraphs, list items, table cells, each ``<br>`` a line break; scripts, styles,
navigation, forms and hidden elements dropped. That is the flat dump form the text stages
already handle, so repair and normalize run on it unchanged, line by line.

Each block keeps the markup's cues: which comment it belongs to, which part of it
(author, date, other meta, body), whether it is a heading, whether it sits in the
article's marked content or in the comment section. Comments are found by the
conventions in ``markup`` and grouped by their number, so the ``<li id="comment-7">`` and
the ``<div id="div-comment-7">`` inside it are one comment, and a comment nested in
another through a list or reply container is a reply (``parent``).

Both walks over the tree are iterative (explicit stacks): a page nested 100 000 elements
deep costs time in proportion to its size and never hits Python's recursion limit.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Tag,
)

from blogwash import markup
from blogwash.charset import decode_page
from blogwash.document import Decoded
from blogwash.markup import Part

Parser = Literal["lxml", "html.parser"]

_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction, CData)
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


def default_parser() -> Parser:
    """lxml when it is installed (fast, C), else Python's own ``html.parser``."""
    return "lxml" if importlib.util.find_spec("lxml") is not None else "html.parser"


@dataclass(frozen=True)
class Block:
    """One line of the page as read, with the markup's cues."""

    text: str
    comment: int | None = None  # index of the comment (page order) it belongs to
    part: Part | None = None  # which part of that comment, when the markup names it
    heading: int = 0  # 1..6 for <h1>..<h6>
    content: bool = False  # inside the article's marked main content
    area: bool = False  # inside the comment section (a container holding comments)


@dataclass(frozen=True)
class PageComment:
    """What the markup says about one comment."""

    author: str | None  # the author element's text, as printed
    parent: int | None  # index of the comment it replies to
    by_post_author: bool = False  # marked as written by the post's author


@dataclass(frozen=True)
class Page:
    """A page read into blocks. ``decoded.text`` is the blocks' text, one per line."""

    decoded: Decoded
    blocks: tuple[Block, ...]
    comments: tuple[PageComment, ...]
    title: int | None  # index of the title block
    author: str | None  # the article's author where the page names one
    parser: str


def read_page(data: bytes, *, parser: Parser | None = None) -> Page:
    """Decode, parse and walk a page into blocks.

    >>> page = read_page(b'''<!doctype html><title>T - Site</title><h1>T</h1><p>Body</p>
    ... <ol class="commentlist"><li id="comment-1"><cite class="fn">Ann</cite> says:
    ... <p>Nice.</p><ul class="children"><li id="comment-2"><cite>Bo</cite>
    ... <p>Thanks!</p></li></ul></li></ol>''')
    >>> page.decoded.text.split("\\n")
    ['T', 'Body', 'Ann says:', 'Nice.', 'Bo', 'Thanks!']
    >>> [(c.author, c.parent) for c in page.comments]
    [('Ann', None), ('Bo', 0)]
    """
    decoded, label = decode_page(data)
    chosen = parser or default_parser()
    with warnings.catch_warnings():
        # An XHTML page is still read as HTML, the way a browser serving it as text/html does.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(decoded.text, chosen)
    found = _Finder(soup).run()
    if not found.group_of:
        found = _Finder(soup, _comments_by_text_containers(soup)).run()
    walk = _Walker(found).run(soup)
    blocks, comments = _number_comments(walk, found)
    title = _choose_title(soup, blocks)
    if title is not None and title[0] is None:
        blocks.insert(0, Block(text=title[1]))
        title = (0, title[1])
    flat = [b.text for b in blocks]
    return Page(
        decoded=replace(decoded, text="\n".join(flat), declared_charset=label),
        blocks=tuple(blocks),
        comments=tuple(comments),
        title=None if title is None else title[0],
        author=_article_author(soup, comments),
        parser=chosen,
    )


# -- finding the comments -------------------------------------------------------------------


@dataclass(eq=False)
class _Group:
    """One comment as found in the markup (possibly several elements: li + inner div)."""

    parent: _Group | None
    depth: int | None
    ping: bool
    by_post_author: bool = False


@dataclass
class _Found:
    group_of: dict[int, _Group] = field(default_factory=dict)  # id(element) -> its comment
    keep: set[int] = field(default_factory=set)  # skipped elements that hold the content
    areas: set[int] = field(default_factory=set)  # comment sections that hold comments


@dataclass
class _Scope:
    """Walking state for the children of one element.

    ``group`` is the comment around them. ``claim`` is set by a marker child (Drupal's
    empty ``<a id="comment-7">``, a ``<dt>``): the siblings after it belong to the marker's
    comment, until that comment has its element (``claim_filled``), or for a ``<dt>``,
    until the next one.
    """

    group: _Group | None = None
    through_thread: bool = False  # a list / reply container lies between them and ``group``
    in_disqus: bool = False
    claim: _Group | None = None
    claim_filled: bool = False
    claim_dt: bool = False


# Elements that may stand, empty, in front of the comment they number.
_MARKER_TAGS = frozenset({"a", "span", "div"})


class _Finder:
    """First walk: which elements are comments, and which comment each one belongs to."""

    def __init__(self, soup: BeautifulSoup, extra_items: frozenset[int] = frozenset()) -> None:
        self.soup = soup
        self.extra_items = extra_items  # ids of elements to take as comments (class-less)
        self.found = _Found()
        self.by_number: dict[str, _Group] = {}
        self.open_skipped: list[Tag] = []
        self.open_areas: list[Tag] = []

    def run(self) -> _Found:
        # Frames: the element, the scope of its children, its children, the next index.
        stack: list[tuple[Tag, _Scope, list[PageElement], int]] = [
            (self.soup, _Scope(), list(self.soup.contents), 0)
        ]
        while stack:
            tag, scope, children, k = stack[-1]
            if k == len(children):
                stack.pop()
                self._leave(tag)
                continue
            stack[-1] = (tag, scope, children, k + 1)
            child = children[k]
            if not isinstance(child, Tag) or child.name in markup.RAW_TAGS:
                continue
            inner = self._visit(child, scope)
            self._enter(child)
            stack.append((child, inner, list(child.contents), 0))
        return self.found

    def _enter(self, tag: Tag) -> None:
        if markup.is_skipped(tag):
            self.open_skipped.append(tag)
        if markup.is_comment_area(tag):
            self.open_areas.append(tag)
        if tag.name in markup.LANDMARK_TAGS or markup.is_content(tag):
            self._keep_open()

    def _keep_open(self) -> None:
        # Skipped elements around the page's content stay (see ``markup.SKIPPED_TAGS``).
        _mark_open(self.open_skipped, self.found.keep)

    def _leave(self, tag: Tag) -> None:
        if self.open_skipped and self.open_skipped[-1] is tag:
            self.open_skipped.pop()
        if self.open_areas and self.open_areas[-1] is tag:
            self.open_areas.pop()

    def _visit(self, tag: Tag, scope: _Scope) -> _Scope:
        """Classify ``tag`` (updating its siblings' claim) and return its children's scope."""
        in_disqus = scope.in_disqus or tag.get("id") == "disqus_thread"
        number = markup.item_number(tag)
        if number is None and in_disqus:
            number = markup.disqus_number(tag)
        top = scope.group is None or scope.through_thread
        marker = (
            number is not None
            and top
            and (tag.name == "dt" or tag.name in _MARKER_TAGS and _is_empty(tag))
        )
        if number is not None and (marker or markup.is_item_tag(tag)):
            group = self.by_number.get(number)
            if group is None:
                # Nested in another comment: a reply, with or without a list between.
                group = self._new(tag, scope.group)
                self.by_number[number] = group
            if marker:
                scope.claim, scope.claim_filled, scope.claim_dt = group, False, tag.name == "dt"
            else:
                scope.claim = None
            return self._item(tag, group, in_disqus)
        if id(tag) in self.extra_items or markup.is_item_tag(tag) and markup.is_item_class(tag):
            claim = scope.claim
            if claim is not None and (
                scope.claim_dt and tag.name == "dd" or not scope.claim_filled
            ):
                scope.claim_filled = True
                return self._item(tag, claim, in_disqus)
            scope.claim = None
            if claim is None and scope.group is not None and not scope.through_thread:
                return self._item(tag, scope.group, in_disqus)  # a wrapper and its inner element
            return self._item(tag, self._new(tag, scope.group), in_disqus)
        claim = scope.claim
        if claim is not None:
            if scope.claim_dt:
                if tag.name == "dd":
                    self.found.group_of[id(tag)] = claim
                    return _Scope(group=claim, in_disqus=in_disqus)
                scope.claim = None
            elif markup.is_thread(tag):
                # Replies right after their comment (Drupal's ``.indented``).
                scope.claim = None
                return _Scope(group=claim, through_thread=True, in_disqus=in_disqus)
            elif not scope.claim_filled:
                self.found.group_of[id(tag)] = claim
                return _Scope(group=claim, in_disqus=in_disqus)
            else:
                scope.claim = None
        thread = scope.through_thread or (scope.group is not None and markup.is_thread(tag))
        return _Scope(group=scope.group, through_thread=thread, in_disqus=in_disqus)

    def _item(self, tag: Tag, group: _Group, in_disqus: bool) -> _Scope:
        self.found.group_of[id(tag)] = group
        group.ping = group.ping or markup.is_ping(tag)
        group.by_post_author = group.by_post_author or markup.marks_post_author(tag)
        _mark_open(self.open_areas, self.found.areas)
        self._keep_open()
        return _Scope(group=group, in_disqus=in_disqus)

    def _new(self, tag: Tag, parent: _Group | None) -> _Group:
        return _Group(parent=parent, depth=markup.depth(tag), ping=False)


def _comments_by_text_containers(soup: BeautifulSoup) -> frozenset[int]:
    """Comments on a page that marks only their text (``div.comment-body``): each one is the
    largest element around one such text container that holds no other.

    Counts the containers under every element in one post-order pass, then climbs from each
    container while the parent holds just that one.
    """
    texts: list[Tag] = []
    count: dict[int, int] = {}
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    order: list[Tag] = []  # post-order
    while stack:
        tag, k = stack.pop()
        if k == 0:
            if tag is not soup and markup.is_comment_text(tag):
                texts.append(tag)
            stack.append((tag, 1))
            for child in reversed(tag.contents):
                if isinstance(child, Tag) and child.name not in markup.RAW_TAGS:
                    stack.append((child, 0))
        else:
            order.append(tag)
    inside = {id(t) for t in texts}
    for tag in order:
        n = int(id(tag) in inside)
        for child in tag.contents:
            if isinstance(child, Tag):
                n += count.get(id(child), 0)
        count[id(tag)] = n
    items: set[int] = set()
    for text in texts:
        if count[id(text)] != 1:
            continue  # a text container holding another one is a wrapper
        item = text
        parent = item.parent
        while (
            parent is not None
            and parent is not soup
            and parent.name not in ("body", "html")
            and count.get(id(parent)) == 1
            and not markup.is_comment_area(parent)
        ):
            item, parent = parent, parent.parent
        items.add(id(item))
    return frozenset(items)


def _mark_open(open_tags: list[Tag], marked: set[int]) -> None:
    """Mark every open element, innermost first, stopping at one marked before: the ones
    around it were marked with it, so each element is marked once and a page nested
    100 000 deep stays linear."""
    for tag in reversed(open_tags):
        if id(tag) in marked:
            break
        marked.add(id(tag))


def _is_empty(tag: Tag) -> bool:
    return all(isinstance(c, NavigableString) and not c.strip() for c in tag.contents)


# -- walking the page into blocks -----------------------------------------------------------


@dataclass
class _Line:
    """A block being built: its text pieces and the context of its first word."""

    pieces: list[str] = field(default_factory=list)
    ctx: _Ctx | None = None
    part: Part | None = None  # the part of a comment the last words came from


# Parts printed side by side in one line (``<cite>Rosi</cite><span class="datetime">``)
# that a theme separates with CSS margins: the flat line gets a space between them.
_META_PARTS = frozenset({"author", "date", "meta"})


@dataclass(frozen=True)
class _Ctx:
    group: _Group | None = None
    part: Part | None = None
    heading: int = 0
    content: bool = False
    area: bool = False
    pre: bool = False
    body: _BodyRecord | None = None


@dataclass(eq=False)
class _BodyRecord:
    """A body element's own blocks; if it turns out to wrap the author or date too, it was
    a wrapper of the whole comment and those blocks are left to the text cues."""

    blocks: list[int] = field(default_factory=list)
    wraps_meta: bool = False


@dataclass(eq=False)
class _AuthorSlot:
    """The text of one author element of a comment."""

    group: _Group
    rank: int
    outer: _AuthorSlot | None  # the author element it is nested in, if any
    pieces: list[str] = field(default_factory=list)
    superseded: bool = False  # a nested author element holds the name more exactly


@dataclass
class _Walk:
    texts: list[str] = field(default_factory=list)
    ctxs: list[_Ctx] = field(default_factory=list)
    authors: list[_AuthorSlot] = field(default_factory=list)
    bodies: list[_BodyRecord] = field(default_factory=list)


# No name sits in author elements nested deeper than this; the cap keeps a page of 100 000
# nested ``<span class="author">`` linear.
MAX_AUTHOR_NESTING = 8

# A frame of the second walk: the children, the next index, their context, whether the
# element is a block, the author slot it opened.
_Frame = tuple[list[PageElement], int, "_Ctx", bool, "_AuthorSlot | None"]


class _Walker:
    """Second walk: the page as a reader sees it, one block per line."""

    def __init__(self, found: _Found) -> None:
        self.found = found
        self.out = _Walk()
        self.line = _Line()
        self.slots: list[_AuthorSlot] = []

    def run(self, soup: BeautifulSoup) -> _Walk:
        stack: list[_Frame] = [(list(soup.contents), 0, _Ctx(), True, None)]
        while stack:
            children, k, ctx, block, slot = stack[-1]
            if k == len(children):
                stack.pop()
                if block:
                    self._flush()
                if slot is not None:
                    self.slots.pop()
                continue
            stack[-1] = (children, k + 1, ctx, block, slot)
            child = children[k]
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIPPED_STRINGS):
                    self._text(str(child), ctx)
                continue
            if not isinstance(child, Tag) or self._dropped(child):
                continue
            if child.name in ("br", "hr"):
                self._flush()
                continue
            inner, own = self._context(child, ctx)
            new_slot = self._open_slot(child, inner) if own == "author" else None
            is_block = child.name in markup.BLOCK_TAGS
            if is_block:
                self._flush()
            stack.append((list(child.contents), 0, inner, is_block, new_slot))
        self._flush()
        return self.out

    def _dropped(self, tag: Tag) -> bool:
        if tag.name in markup.RAW_TAGS:
            return True
        return markup.is_skipped(tag) and id(tag) not in self.found.keep

    def _context(self, tag: Tag, ctx: _Ctx) -> tuple[_Ctx, Part | None]:
        """The context of ``tag``'s content, and the part ``tag`` itself names."""
        group = self.found.group_of.get(id(tag), ctx.group)
        if group is ctx.group:
            part, body = ctx.part, ctx.body
        else:
            part, body = None, None  # a new comment starts with no part
        own = markup.part_of(tag) if group is not None else None
        if group is not None and own == "author" and markup.marks_post_author(tag):
            group.by_post_author = True
        if own is not None:
            if own == "body":
                body = _BodyRecord()
                self.out.bodies.append(body)
            elif body is not None and (own == "author" or own == "date" and tag.name != "time"):
                # The "body" holds the author or date line: it wraps the whole comment.
                body.wraps_meta = True
            part = own
        return (
            _Ctx(
                group=group,
                part=part,
                heading=int(tag.name[1]) if tag.name in markup.HEADINGS else ctx.heading,
                content=ctx.content or markup.is_content(tag),
                area=ctx.area or id(tag) in self.found.areas,
                pre=ctx.pre or tag.name == "pre",
                body=body,
            ),
            own,
        )

    def _open_slot(self, tag: Tag, ctx: _Ctx) -> _AuthorSlot | None:
        if ctx.group is None or len(self.slots) >= MAX_AUTHOR_NESTING:
            return None
        outer = next((s for s in reversed(self.slots) if s.group is ctx.group), None)
        slot = _AuthorSlot(group=ctx.group, rank=markup.author_rank(tag), outer=outer)
        self.slots.append(slot)
        self.out.authors.append(slot)
        return slot

    def _text(self, text: str, ctx: _Ctx) -> None:
        if ctx.pre and "\n" in text:
            first, *rest = text.split("\n")
            self._text(first, replace(ctx, pre=False))
            for piece in rest:
                self._flush()
                self._text(piece, replace(ctx, pre=False))
            return
        line = self.line
        if text.strip():
            if line.ctx is None:
                line.ctx = ctx
            elif (
                ctx.part != line.part
                and ctx.part in _META_PARTS
                and line.part in _META_PARTS
                and not line.pieces[-1][-1:].isspace()
                and not text[:1].isspace()
            ):
                line.pieces.append(" ")
            line.part = ctx.part
        line.pieces.append(text)
        if ctx.part == "author":
            for slot in self.slots:
                if slot.group is ctx.group:
                    slot.pieces.append(text)

    def _flush(self) -> None:
        line, self.line = self.line, _Line()
        if line.ctx is None:
            return
        text = _HTML_WHITESPACE.sub(" ", "".join(line.pieces)).strip()
        if not text:
            return
        if line.ctx.part == "body" and line.ctx.body is not None:
            line.ctx.body.blocks.append(len(self.out.texts))
        self.out.texts.append(text)
        self.out.ctxs.append(line.ctx)


def _number_comments(walk: _Walk, found: _Found) -> tuple[list[Block], list[PageComment]]:
    """Number the comments in page order (of their first block) and freeze the blocks."""
    wrapped = {i for body in walk.bodies if body.wraps_meta for i in body.blocks}
    order: dict[int, int] = {}  # id(group) -> comment index
    groups: list[_Group] = []
    for ctx in walk.ctxs:
        g = ctx.group
        if g is not None and not g.ping and id(g) not in order:
            order[id(g)] = len(groups)
            groups.append(g)
    blocks = []
    for i, (text, ctx) in enumerate(zip(walk.texts, walk.ctxs, strict=True)):
        g = ctx.group
        index = order.get(id(g)) if g is not None else None
        part = ctx.part if index is not None and i not in wrapped else None
        blocks.append(
            Block(
                text=text,
                comment=index,
                part=part,
                heading=ctx.heading,
                content=ctx.content,
                area=ctx.area or g is not None,
            )
        )
    authors = _authors(walk.authors)
    comments: list[PageComment] = []
    last_at_depth: dict[int, int] = {}  # printed depth -> the latest comment at that depth
    for k, g in enumerate(groups):
        parent = g.parent
        while parent is not None and id(parent) not in order:
            parent = parent.parent
        index = order[id(parent)] if parent is not None else None
        if g.depth is not None:
            if index is None and g.depth > 1:
                # A flat list that prints the reply depth: the latest comment one level up.
                index = last_at_depth.get(g.depth - 1)
            last_at_depth[g.depth] = k
        author = authors.get(id(g))
        comments.append(PageComment(author=author, parent=index, by_post_author=g.by_post_author))
    return blocks, comments


def _authors(slots: list[_AuthorSlot]) -> dict[int, str]:
    """Each comment's author: of nested author elements the innermost that holds text
    (``cite.fn`` inside ``.comment-author``); of separate ones the surest, then the first."""
    texts = {id(s): _HTML_WHITESPACE.sub(" ", "".join(s.pieces)).strip() for s in slots}
    for slot in slots:
        if texts[id(slot)] and slot.outer is not None:
            slot.outer.superseded = True
    best: dict[int, _AuthorSlot] = {}
    for slot in slots:
        if slot.superseded or not texts[id(slot)]:
            continue
        current = best.get(id(slot.group))
        if current is None or slot.rank > current.rank:
            best[id(slot.group)] = slot
    return {g: texts[id(slot)] for g, slot in best.items()}


# -- title and author of the article --------------------------------------------------------


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _head_titles(soup: BeautifulSoup) -> list[str]:
    """og:title, then <title>: the page's own word on its title, when there is no <h1>."""
    out: list[str] = []
    for meta in soup.find_all("meta"):
        key = str(meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:title", "twitter:title"):
            content = _HTML_WHITESPACE.sub(" ", str(meta.get("content") or "")).strip()
            if content:
                out.append(content)
                break
    title = soup.find("title")
    if title is not None:
        text = _HTML_WHITESPACE.sub(" ", title.get_text()).strip()
        if text:
            out.append(text)
    return out


# Share of a heading's words the head's title must repeat for the two to be one title.
TITLE_MATCH = 0.6


def _choose_title(soup: BeautifulSoup, blocks: list[Block]) -> tuple[int | None, str] | None:
    """``<h1>`` first, then ``og:title``, then ``<title>``.

    Several ``<h1>`` are common (site name and post title), so the head's title
    (``og:title``, else ``<title>``) picks among them: the ``<h1>`` whose words it repeats
    (at least ``TITLE_MATCH`` of them), the one covering most of it if several do
    (``<title>`` is often "Post – Site"). When it repeats no ``<h1>`` but an ``<h2>``/``<h3>``
    nearly word for word, that is the post title (Blogger prints the blog's name as
    ``<h1>``, the post's as ``<h3>``). Else the first ``<h1>`` inside the marked article
    content, else the first ``<h1>``. With no ``<h1>`` at all, the head's title, which is
    no block of the page: it comes back with index None and becomes the first line.
    """
    heads = _head_titles(soup)
    headings = [i for i, b in enumerate(blocks) if 1 <= b.heading <= 3 and b.comment is None]
    h1 = [i for i in headings if blocks[i].heading == 1]
    for ref in heads:
        ref_words = set(_words(ref))
        scored = []
        for i in headings:
            own = _words(blocks[i].text)
            if not own:
                continue
            shared = sum(1 for w in own if w in ref_words)
            coverage = shared / len(own)
            exact = coverage == 1.0 and shared >= 0.8 * len(ref_words)
            if blocks[i].heading == 1 and coverage >= TITLE_MATCH or exact:
                scored.append((blocks[i].heading == 1, shared, -i))
        if scored:
            best = -max(scored)[2]
            return best, blocks[best].text
    if h1:
        in_content = [i for i in h1 if blocks[i].content]
        chosen = in_content[0] if in_content else h1[0]
        return chosen, blocks[chosen].text
    if heads:
        return None, heads[0]
    return None


def _article_author(soup: BeautifulSoup, comments: list[PageComment]) -> str | None:
    """The post's author: whom the comment markup marks as such (``bypostauthor``), else
    ``<meta name="author">``."""
    marked = Counter(c.author for c in comments if c.by_post_author and c.author)
    if marked:
        return marked.most_common(1)[0][0]
    meta = soup.find("meta", attrs={"name": re.compile(r"^author$", re.IGNORECASE)})
    if isinstance(meta, Tag):
        content = _HTML_WHITESPACE.sub(" ", str(meta.get("content") or "")).strip()
        return content or None
    return None
