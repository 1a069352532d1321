"""pagesplit: the split stage for HTML pages — the markup where it speaks, text cues elsewhere.

When the page's markup marks its comments (``page.read_page`` found comment elements),
that markup is trusted: each comment's lines are the blocks inside its element, its author
is the text of its author element (``author_from: "markup"``), its ``parent`` the comment
it is nested in. Within a comment the markup usually also says which lines are the body;
where it does not, each line is judged by the text split's own line classifier
(``split.classify``: author/date lines, reply buttons, sign-offs), so the two stages agree
on what a meta line is.

Around the comments: the title is the block ``page`` chose (``<h1>``, else ``og:title``
/ ``<title>``); blocks before it are page chrome (boilerplate); the article runs from the
title to the comment section, narrowed to the page's marked content container when it has
one; everything after the comment section starts and outside a comment is boilerplate.

When the markup marks no comments, the text split runs on the page's lines from the title
on, exactly as on a flat dump.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from blogwash.cues import classify
from blogwash.document import Comment, Normalized, Split
from blogwash.page import Block, Page
from blogwash.patterns import Patterns, load
from blogwash.split import split

# Line kinds (``cues.classify``) of a comment's meta lines rather than its words.
META_KINDS = frozenset({"author", "date", "action", "number", "header", "boiler", "footer"})
# Kinds that make a line outside the comments page chrome rather than article.
CHROME_KINDS = frozenset({"header", "footer", "boiler"})
NAME_MAX_WORDS = 4


def split_page(
    page: Page,
    normalized: Normalized,
    *,
    patterns: Patterns | None = None,
    tidy: Callable[[str], str] = str.strip,
) -> Split:
    """Split a page's normalized lines using its markup.

    ``tidy`` takes a string from the markup (an author name) through the same repair and
    normalization as the lines, so a name reads the same in ``author`` as in ``meta``.
    """
    p = patterns or load()
    lines = list(normalized.lines)
    blocks = [page.blocks[o - 1] for o in normalized.origin]
    title_line = None
    if page.title is not None:
        title_line = next((i for i, o in enumerate(normalized.origin) if o - 1 == page.title), None)
    if not any(b.comment is not None for b in blocks):
        return _text_route(lines, title_line, p)
    return _MarkupSplit(lines, blocks, page, title_line, p, tidy).run()


def _text_route(lines: list[str], title_line: int | None, p: Patterns) -> Split:
    """No comment markup: the text split, from the title on (lines above are chrome)."""
    start = title_line or 0
    sub = split("\n".join(lines[start:]), patterns=p)
    roles = ["boilerplate"] * start + list(sub.roles)
    owner: list[int | None] = [None] * start
    owner.extend(sub.owner)
    title = sub.title
    if title_line is not None and roles[start] in ("article", "boilerplate"):
        roles[start] = "title"
        title = lines[start]
    return Split(
        title=title,
        article_author=sub.article_author,
        article=tuple(line for line, r in zip(lines, roles, strict=True) if r == "article"),
        comments=sub.comments,
        boilerplate=tuple(line for line, r in zip(lines, roles, strict=True) if r == "boilerplate"),
        roles=tuple(roles),
        owner=tuple(owner),
    )


class _MarkupSplit:
    def __init__(
        self,
        lines: Sequence[str],
        blocks: Sequence[Block],
        page: Page,
        title_line: int | None,
        p: Patterns,
        tidy: Callable[[str], str],
    ) -> None:
        self.lines = lines
        self.blocks = blocks
        self.page = page
        self.title_line = title_line
        self.p = p
        self.tidy = tidy
        self.n = len(lines)
        self.roles = ["boilerplate"] * self.n
        self.owner: list[int | None] = [None] * self.n
        self.late: set[int] = set()  # lines of a comment printed after a later comment's

    def run(self) -> Split:
        start = 0 if self.title_line is None else self.title_line + 1
        if self.title_line is not None:
            self.roles[self.title_line] = "title"
        section = next(
            (
                i
                for i in range(start, self.n)
                if self.blocks[i].comment is not None or self.blocks[i].area
            ),
            self.n,
        )
        self._article(start, section)
        members: dict[int, list[int]] = {}  # page comment -> its lines
        latest = -1
        for i, b in enumerate(self.blocks):
            if b.comment is not None and i != self.title_line:
                members.setdefault(b.comment, []).append(i)
                if b.comment < latest:
                    self.late.add(i)
                latest = max(latest, b.comment)
        # A comment whose lines all normalized away is gone; its replies move up a level.
        kept = sorted(members)
        index = {k: j for j, k in enumerate(kept)}
        comments = [self._comment(k, members[k], index) for k in kept]
        article_author = self.tidy(self.page.author) if self.page.author else None
        return Split(
            title=self.lines[self.title_line] if self.title_line is not None else None,
            article_author=article_author or None,
            article=self._lines_with("article"),
            comments=tuple(comments),
            boilerplate=self._lines_with("boilerplate"),
            roles=tuple(self.roles),
            owner=tuple(self.owner),
        )

    def _lines_with(self, role: str) -> tuple[str, ...]:
        return tuple(line for line, r in zip(self.lines, self.roles, strict=True) if r == role)

    def _article(self, start: int, end: int) -> None:
        """Lines between the title and the comment section: the article, narrowed to the
        marked content container when the page has one, else without chrome lines."""
        region = [i for i in range(start, end) if self.blocks[i].comment is None]
        if any(self.blocks[i].content for i in region):
            for i in region:
                if self.blocks[i].content:
                    self.roles[i] = "article"
            return
        for i in region:
            kind = classify(self.lines[i], self.p).kind
            if kind == "footer":
                break  # "Related posts", "Leave a reply": the rest is page chrome
            if kind not in CHROME_KINDS:
                self.roles[i] = "article"

    def _comment(self, page_index: int, members: list[int], index: dict[int, int]) -> Comment:
        """Comment ``page_index`` of the page, from its lines; ``index`` numbers the kept
        comments."""
        blocks, lines = self.blocks, self.lines
        k = index[page_index]
        parts = {blocks[i].part for i in members}
        # Where the markup names the author or date, an unmarked line is not taken for an
        # author line (the text cue misreads "Man braucht 15 min..." as one); where it names
        # nothing, every line's own cue decides.
        unmarked_meta = META_KINDS - {"author"} if parts & {"author", "date"} else META_KINDS
        meta: list[int] = []
        text: list[int] = []
        for i in members:
            part = blocks[i].part
            if part == "body":
                text.append(i)
            elif (
                part is not None
                or "body" in parts
                or blocks[i].heading
                or classify(lines[i], self.p).kind in unmarked_meta
            ):
                meta.append(i)
            else:
                text.append(i)
        # Lines printed after a later comment's are no lines *around* this one: a reply
        # button below the replies (Blogger's thread "Reply"), or text that broken nesting
        # left behind. They are page chrome, so comments stay in page order, each in one
        # piece.
        meta = [i for i in meta if i not in self.late]
        text = [i for i in text if i not in self.late]
        signature = self._signature(text)
        text = [i for i in text if i not in signature]
        for role, idxs in (("meta", meta), ("text", text), ("signature", signature)):
            for i in idxs:
                self.roles[i], self.owner[i] = role, k
        markup_comment = self.page.comments[page_index]
        author, source = self._author(markup_comment.author, meta, signature)
        parent = markup_comment.parent
        while parent is not None and parent not in index:
            parent = self.page.comments[parent].parent
        return Comment(
            author=author,
            author_from=source if author else None,
            text="\n".join(lines[i] for i in text),
            signature="\n".join(lines[i] for i in signature) or None,
            meta=tuple(lines[i] for i in meta),
            parent=None if parent is None else index[parent],
        )

    def _signature(self, text: list[int]) -> list[int]:
        """A sign-off closing the comment (``LG Anna``; ``Groetjes,`` + ``Anna``)."""
        if len(text) < 2:
            return []
        last = text[-1]
        if classify(self.lines[last], self.p).kind == "signoff":
            return [last]
        if len(text) >= 3 and _name_like(self.lines[last]):
            prev = classify(self.lines[text[-2]], self.p)
            if prev.kind == "signoff" and prev.name is None:
                return text[-2:]
        return []

    def _author(
        self, printed: str | None, meta: list[int], signature: list[int]
    ) -> tuple[str | None, str | None]:
        """The markup's author element first; else an author line among the comment's
        meta lines (``Anna says:``, ``Anna | 3 May 2020``), a name-only meta line, the
        sign-off."""
        if printed:
            name = _as_name(self.tidy(printed), self.p)
            if name:
                return name, "markup"
        for i in meta:
            cue = classify(self.lines[i], self.p)
            if cue.kind == "author" and cue.name:
                return cue.name, "meta"
        for i in meta:
            line = self.lines[i]
            if _name_like(line) and classify(line, self.p).kind == "text":
                return line, "meta"
        if signature:
            cue = classify(self.lines[signature[0]], self.p)
            name = cue.name or (self.lines[signature[-1]] if len(signature) > 1 else None)
            if name:
                return name, "signature"
        return None, None


def _as_name(printed: str, p: Patterns) -> str | None:
    """An author element's text as a name: ``Anna says:`` -> ``Anna``.

    >>> [_as_name(s, load()) for s in ("Harm Otten sagt:", "Hella,", "Ammon ·", "Anna said...")]
    ['Harm Otten', 'Hella', 'Ammon', 'Anna']
    """
    # Old Blogger themes print "Anna said..." in the author element.
    cue = classify(printed.strip().rstrip(".…").rstrip(), p)
    if cue.kind == "author" and cue.name:
        return cue.name
    name = _NAME_TRAIL.sub("", printed.strip())
    return name or None


# Separators a theme prints after the name, before the date it leaves out of the element.
_NAME_TRAIL = re.compile(r"[\s,;:|·•/\-–—]+$")


_SENTENCE_END = re.compile(r"[.!?:;,]$")


def _name_like(line: str) -> bool:
    """A line that can only be a name: a few words, letters, no sentence punctuation."""
    words = line.split()
    return (
        0 < len(words) <= NAME_MAX_WORDS
        and len(line) <= 50
        and _SENTENCE_END.search(line) is None
        and any(c.isalpha() for c in line)
    )
