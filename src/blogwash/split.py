"""split: find the article, each comment and its author, and the boilerplate.

Input is the normalized text (one block per line). Each line is first classified on its
own (``cues.classify``), then the page is cut in three regions: title + article, comments,
footer. Comments are cut apart by:

- author/date lines (``Harm Otten sagt:``, ``25. Februar 2020 um 13:02 Uhr``): a meta block
  after body text starts a new comment;
- sign-offs (``groet, Rikkert``): they end the comment they close;
- salutations (``Beste Rikkert,``): they start one;
- replies by the blog author (the name that signs most comments): inside a block the blog
  author signs, the first line that thanks someone or names another participant
  (``Dank voor je comment Arno.``) starts the reply; what precedes it is the previous
  commenter's, and that commenter is the one named.

Every line lands in exactly one place, in order (``Split.roles``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress

from blogwash.cues import (
    Cue,
    capitalised,
    classify_lines,
    clean_name,
    drop_count,
    name_like,
)
from blogwash.document import Comment, Split
from blogwash.patterns import Patterns, load

# Gaps, in lines, used to tell a comment's author/date block from a date in an article.
META_NEIGHBOUR = 25
TITLE_MAX_WORDS = 15
# Lines after a footer heading searched for more comments.
FOOTER_LOOKAHEAD = 15
# Lines above the first date block searched for the first commenter's name.
SANDWICH_LOOKBACK = 12
# Share of author/date blocks followed by a bare name that marks a name-on-top layout.
NAMES_BELOW_SHARE = 0.6
# A comment title above most author/date blocks: at most this many words.
COMMENT_TITLE_WORDS = 8
COMMENT_TITLE_SHARE = 0.6
# Trailing menu: at least this many short lines of at most this many words.
MENU_MIN_LINES = 3
MENU_ITEM_WORDS = 5
# Body lines allowed between a comment heading and the first author/date block.
HEADER_GAP = 10


@dataclass
class _Draft:
    meta: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    signature: list[int] = field(default_factory=list)
    author: str | None = None
    author_from: str | None = None
    closed: bool = False
    by_meta: bool = False

    def empty(self) -> bool:
        return not (self.meta or self.body or self.signature)


# Line endings that make a line a sentence rather than a menu item, comment title or
# title, compiled once (``re.search`` with a pattern string looks it up on every call).
_MENU_END = re.compile(r"[.!?:;,)]$")
_COMMENT_TITLE_END = re.compile(r"[.,;:!?]$")
_TITLE_END = re.compile(r"[.,;:]$")


def _at_most_words(line: str, count: int) -> bool:
    """``len(line.split()) <= count`` without splitting a paragraph whole (these tests run on
    the text line above each author/date block: 0.214 -> 0.203 s of split outside ``cues``).

    >>> _at_most_words("a b c", 3), _at_most_words("a b c d", 3)
    (True, False)
    """
    return len(line.split(maxsplit=count)) <= count


def _menu_item(line: str) -> bool:
    return _at_most_words(line, MENU_ITEM_WORDS) and not _MENU_END.search(line)


def _title_line(line: str) -> bool:
    """A short heading: at most eight words, capitalised, no closing punctuation."""
    return (
        line[:1].isupper()
        and _at_most_words(line, COMMENT_TITLE_WORDS)
        and not _COMMENT_TITLE_END.search(line)
    )


def _title_like(line: str, cue: Cue) -> bool:
    return (
        cue.kind in ("text", "date")
        and _at_most_words(line, TITLE_MAX_WORDS)
        and not _TITLE_END.search(line)
    )


@lru_cache(maxsize=1024)
def _vocative(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|, ?|@)(?:{re.escape(name)})(?=[.!?,:)]|$)")


@lru_cache(maxsize=1024)
def _mention(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def _mentions(line: str, name: str) -> bool:
    return _mention(name).search(line) is not None


def split(text: str, *, patterns: Patterns | None = None) -> Split:
    """Split normalized text into title, article, comments and boilerplate."""
    p = patterns or load()
    lines = [line for line in text.split("\n") if line and not line.isspace()]
    cues = classify_lines(lines, p)
    _promote_name_lines(lines, cues)
    return _Splitter(lines, cues).run()


# One letter per line kind: the splitter finds runs and neighbours of kinds with regexes
# over this string instead of a Python loop over the lines.
_CODE = {
    "text": "t",
    "header": "h",
    "footer": "f",
    "boiler": "b",
    "action": "x",
    "signoff": "s",
    "salutation": "g",
    "author": "a",
    "date": "d",
    "number": "n",
}
_META_KINDS = ("author", "date", "number")
_BODY_KINDS = ("text", "salutation", "signoff")


def _letters(*kinds: str) -> str:
    return "".join(_CODE[k] for k in kinds)


_TEXT_BEFORE_DATE = re.compile(rf"{_letters('text')}(?={_letters('date')})")
_SIGNOFF_BEFORE_TEXT = re.compile(rf"{_letters('signoff')}(?={_letters('text')})")
_META = re.compile(rf"[{_letters(*_META_KINDS)}]")
_AUTHOR_OR_DATE = re.compile(rf"[{_letters('author', 'date')}]")
_HEADER = re.compile(_letters("header"))
_BOILER = re.compile(rf"[{_letters('header', 'footer', 'boiler')}]")
_BODY = re.compile(rf"[{_letters(*_BODY_KINDS)}]")
_META_END = re.compile(rf"[{_letters(*_META_KINDS)}](?=[^{_letters(*_META_KINDS)}])")
_META_START = re.compile(rf"(?<=[^{_letters(*_META_KINDS)}])[{_letters(*_META_KINDS)}]")


def _codes(cues: Sequence[Cue]) -> str:
    return "".join([_CODE[c.kind] for c in cues])


def _promote_name_lines(lines: Sequence[str], cues: list[Cue]) -> None:
    """A bare name right before a date line is that comment's author line; right after
    a sign-off without a name, it is the rest of the sign-off."""
    codes = _codes(cues)
    for m in _TEXT_BEFORE_DATE.finditer(codes):
        i = m.start()
        line = drop_count(lines[i])  # "Bombe 20": a name and its vote count
        if name_like(line):
            cues[i] = Cue("author", name=line)
    for m in _SIGNOFF_BEFORE_TEXT.finditer(codes):
        # "Viele Grüße" then "Franzi": the name on its own line completes the sign-off.
        i = m.end()
        while i < len(lines) and cues[i - 1].kind == "signoff" and cues[i - 1].name is None:
            if cues[i].kind != "text" or not (name_like(lines[i]) and capitalised(lines[i])):
                break
            cues[i] = Cue("signoff", name=clean_name(lines[i]))
            i += 1


def _blog_author(cues: Sequence[Cue]) -> str | None:
    """The name that signs most comments and is greeted by others: it signs (or heads)
    at least twice, or once and is greeted once (``Ciao Marco,`` ... ``Saludos, Marco``).

    >>> from blogwash.cues import classify
    >>> p = load()
    >>> _blog_author([classify(x, p) for x in ["Hi Tom,", "Cheers, Tom", "Cheers, Ann"]])
    'Tom'
    """
    named = [c for c in cues if c.name]
    signs = Counter(c.name for c in named if c.kind in ("signoff", "author"))
    greeted = Counter(c.name for c in named if c.kind == "salutation")
    ranked = sorted(signs, key=lambda name: (-(signs[name] + greeted[name]), name))
    for name in ranked:
        if signs[name] >= 2 or greeted[name] >= 1:
            return name
    return None


def _has_text_below_first(d: _Draft) -> bool:
    return len(d.body) >= 2 or (len(d.body) == 1 and bool(d.signature))


def _takes_signoff(cur: _Draft, i: int) -> bool:
    """A sign-off closes a comment with a body; a second sign-off line must follow the first.

    A comment that would be nothing but a sign-off (``Thanks!`` as the whole reply) keeps
    it as its text.
    """
    if cur.signature:
        return cur.signature[-1] == i - 1
    return bool(cur.body) and not cur.closed


class _Splitter:
    def __init__(self, lines: Sequence[str], cues: Sequence[Cue]) -> None:
        self.lines = lines
        self.cues = cues
        self.kinds = [c.kind for c in cues]
        self.codes = _codes(cues)
        self.n = len(lines)
        self.blog_author = _blog_author(cues)
        self.participants = {c.name for c in cues if c.name} | {
            c.thanked for c in cues if c.thanked
        }

    # -- regions ------------------------------------------------------------------------

    def _title(self) -> int | None:
        if self.n >= 2 and _title_like(self.lines[0], self.cues[0]):
            return 0
        return None

    def _comment_start(self, first: int) -> int | None:
        cues, lines, kinds = self.cues, self.lines, self.kinds
        all_meta = [m.start() for m in _AUTHOR_OR_DATE.finditer(self.codes, first)]
        headers = [m.start() for m in _HEADER.finditer(self.codes, first)]
        candidates: list[int] = []
        # A heading counts when the comments' author/date blocks follow it closely: the
        # last such heading wins, so a "12 Comments" line printed under the title (a
        # byline) does not turn the article into comments.
        for header in reversed(headers):
            # After a comment-section heading, a date line is a comment's, not the article's.
            block = self._meta_block([i for i in all_meta if i > header], first)
            if block is not None and self._text_between(header, block) <= HEADER_GAP:
                candidates += [header, block]
                break
        else:
            block = self._meta_block(all_meta, first)
            if block is not None:
                candidates.append(block)
            else:
                # No author/date block: the last heading with comment lines under it (a
                # heading repeated after the comments has only the footer under it).
                texted = [h for h in headers if self._content_after(h) >= 2]
                if texted:
                    candidates.append(texted[-1])
        if candidates:
            # Author/date lines or a comment heading: the theme marks its comments, so the
            # weaker text cues below (which an article's last lines can also show) stay out.
            return min(candidates)
        if self.blog_author:
            voc = _vocative(self.blog_author)
            for i in range(first + 1, self.n):
                if kinds[i] in ("text", "salutation") and voc.search(lines[i]):
                    candidates.append(i)
                    break
        for i in range(first + 1, self.n):
            c = cues[i]
            if c.kind == "salutation" and capitalised(c.name):
                candidates.append(i)
                break
        for i in range(first, self.n):
            c = cues[i]
            if c.kind == "signoff":
                if c.name and c.name == self.blog_author and not any(x < i for x in candidates):
                    # The blog author signing the article itself.
                    candidates.append(i + 1)
                else:
                    candidates.append(max(first, i - 1))
                break
        return min(candidates) if candidates else None

    def _meta_block(self, meta_at: list[int], first: int) -> int | None:
        """Where the first comment's author/date block starts, if the page has one."""
        block = self._first_repeated_block(meta_at, first)
        for k, i in enumerate(meta_at):
            if block is not None:
                break
            nxt = meta_at[k + 1] if k + 1 < len(meta_at) else None
            gap_ok = nxt is not None and nxt - i <= META_NEIGHBOUR and nxt - i > 1
            tail_ok = self.n - i <= META_NEIGHBOUR
            if gap_ok or tail_ok:
                block = self._meta_block_start(i, first)
        if block is None:
            return None
        if block - 1 >= first and self.kinds[block - 1] == "text":
            block -= self._names_block(block - 1, block)
        return self._sandwich_start(block, first)

    def _content_after(self, header: int) -> int:
        """Comment lines (text or author/date) among the three lines under a heading."""
        window = range(header + 1, min(header + 4, self.n))
        return sum(1 for i in window if self.kinds[i] in _BODY_KINDS + _META_KINDS)

    def _text_between(self, start: int, end: int) -> int:
        return sum(1 for i in range(start + 1, end) if self.kinds[i] in _BODY_KINDS)

    def _first_repeated_block(self, meta_at: list[int], first: int) -> int | None:
        """The first author/date block whose shape (the kinds of its lines, in order) the
        page repeats: a theme prints every comment's block alike, while a date in the
        article (``Aktionszeitraum: 21.10.2019``) looks like none of them."""
        starts: list[int] = []
        shapes: list[tuple[str, ...]] = []
        for i in meta_at:
            start = self._meta_block_start(i, first)
            if starts and start == starts[-1]:
                continue
            k = start
            kinds: list[str] = []
            while k < self.n and self.kinds[k] in _META_KINDS:
                kinds.append(self.kinds[k])
                k += 1
            starts.append(start)
            shapes.append(tuple(kinds))
        counts = Counter(shapes)
        return next(
            (b for b, shape in zip(starts, shapes, strict=True) if counts[shape] >= 2), None
        )

    def _sandwich_start(self, block: int, first: int) -> int:
        """Name on top, date below the comment: the first comment starts at the bare name
        line above the first date block, not at the block."""
        if not self._names_below_blocks(block, self.n):
            return block
        for j in range(block - 1, max(first, block - SANDWICH_LOOKBACK) - 1, -1):
            if self.kinds[j] == "text" and name_like(self.lines[j]):
                return j
        return block

    def _meta_block_start(self, i: int, first: int) -> int:
        while i - 1 >= first and self.kinds[i - 1] in ("author", "date", "number"):
            i -= 1
        return i

    def _footer_start(self, start: int) -> int:
        """The first footer line (``Leave a Reply``, ``Related posts``) after some comment
        text, unless comments go on right after it (reply forms printed above them)."""
        seen_body = False
        for i in range(start, self.n):
            kind = self.kinds[i]
            if kind == "footer" and seen_body and not self._comments_follow(i):
                return i
            if kind in _BODY_KINDS:
                seen_body = True
        return self.n

    def _trim_menu(self, start: int, end: int) -> int:
        """A run of short unpunctuated lines at the very end (``About``, ``Contact Us``,
        ``Login / Register``) is the site's menu, not the last comment's text."""
        k = end
        while (
            k - 1 > start
            and self.kinds[k - 1] in ("text", "boiler", "footer")
            and _menu_item(self.lines[k - 1])
        ):
            k -= 1
        return k if end - k >= MENU_MIN_LINES else end

    def _comments_follow(self, i: int) -> bool:
        window = range(i + 1, min(self.n, i + 1 + FOOTER_LOOKAHEAD))
        metas = [j for j in window if self.kinds[j] in ("author", "date")]
        return (
            any(
                self.kinds[k] in _BODY_KINDS
                for j in metas
                for k in range(j - 3, j + 4)
                if 0 <= k < self.n and k != j
            )
            and len(metas) >= 2
        )

    # -- main -----------------------------------------------------------------------------

    def run(self) -> Split:
        roles: list[str] = ["article"] * self.n
        owner: list[int | None] = [None] * self.n
        title = self._title()
        first = 0 if title is None else 1
        if title is not None:
            roles[0] = "title"
        start = self._comment_start(first)
        end = self._footer_start(start if start is not None else first)
        if start is not None:
            end = self._trim_menu(start, end)
        if start is None:
            start = end
        for m in _BOILER.finditer(self.codes, first, start):
            roles[m.start()] = "boilerplate"
        roles[end:] = ["boilerplate"] * (self.n - end)
        drafts = self._walk(start, end, roles)
        drafts = self._split_replies(drafts)
        self._name_authors(drafts)
        comments: list[Comment] = []
        for k, d in enumerate(drafts):
            # Lines moved between places (a name taken into the meta) stay in page order.
            d.meta.sort()
            d.body.sort()
            d.signature.sort()
            for i in d.meta:
                roles[i], owner[i] = "meta", k
            for i in d.body:
                roles[i], owner[i] = "text", k
            for i in d.signature:
                roles[i], owner[i] = "signature", k
            comments.append(
                Comment(
                    author=d.author,
                    author_from=d.author_from if d.author else None,
                    text="\n".join(self.lines[i] for i in d.body),
                    signature="\n".join(self.lines[i] for i in d.signature) or None,
                    meta=tuple(self.lines[i] for i in d.meta),
                )
            )
        article_author = self.blog_author
        return Split(
            title=self.lines[0] if title is not None else None,
            article_author=article_author,
            article=tuple(compress(self.lines, [role == "article" for role in roles])),
            comments=tuple(comments),
            boilerplate=tuple(compress(self.lines, [role == "boilerplate" for role in roles])),
            roles=tuple(roles),
            owner=tuple(owner),
        )

    def _orientation(self, start: int, end: int) -> str:
        """``"before"`` when themes print the author/date block above each comment (the
        usual case), ``"after"`` when below it: then the first block follows body text and
        no body text follows the last one."""
        metas = [m.start() for m in _META.finditer(self.codes, start, end)]
        if not metas:
            return "before"
        first, last = metas[0], metas[-1]
        if _BODY.search(self.codes, start, first) is None:  # no body text before
            return "before"
        if _BODY.search(self.codes, last + 1, end) is None:  # no body text after
            return "after"
        return "after" if self._names_below_blocks(start, end) else "before"

    def _names_below_blocks(self, start: int, end: int) -> bool:
        """Name on top, date below: most author/date blocks are followed by a bare name."""
        ends = [m.start() for m in _META_END.finditer(self.codes, start, end)]
        named = [i for i in ends if self.kinds[i + 1] == "text" and name_like(self.lines[i + 1])]
        return len(ends) >= 2 and len(named) >= NAMES_BELOW_SHARE * len(ends)

    def _titled_blocks(self, start: int, end: int) -> set[int]:
        """Lines that title a comment right above its author/date block (``Ein Argument``
        / ``geschrieben von berg2012 am 21. Jan. 2015``), when the page does it for most of
        its comments."""
        firsts = [m.start() for m in _META_START.finditer(self.codes, start + 1, end)]
        titles = {
            i - 1 for i in firsts if self.kinds[i - 1] == "text" and _title_line(self.lines[i - 1])
        }
        if len(firsts) >= 2 and len(titles) >= COMMENT_TITLE_SHARE * len(firsts):
            return titles
        return set()

    def _walk(self, start: int, end: int, roles: list[str]) -> list[_Draft]:
        mode = self._orientation(start, end)
        titles = self._titled_blocks(start, end) if mode == "before" else set()
        has_meta = _META.search(self.codes, start, end) is not None
        drafts: list[_Draft] = []
        cur = _Draft()

        def new() -> _Draft:
            nonlocal cur
            if not cur.empty():
                drafts.append(cur)
            cur = _Draft()
            return cur

        for i in range(start, end):
            cue = self.cues[i]
            kind = cue.kind
            if kind in ("header", "footer", "boiler"):
                roles[i] = "boilerplate"
                continue
            if kind in _META_KINDS or i in titles:
                if (
                    mode == "before"
                    and (cur.body or cur.signature or cur.closed)
                    and not (i - 1 in titles and cur.meta == [i - 1])
                ):
                    above = cur.body[-1] if cur.body and cur.body[-1] == i - 1 else None
                    new()
                    if above is not None and self._names_block(above, i):
                        drafts[-1].body.pop()
                        cur.meta.append(above)
                if mode == "after" and cur.empty() and drafts and drafts[-1].by_meta:
                    cur = drafts.pop()  # a second meta line under the same comment
                cur.meta.append(i)
                cur.by_meta = True
                if kind == "author" and cur.author is None:
                    cur.author, cur.author_from = cue.name, "meta"
                if mode == "after":
                    new()
            elif kind == "action":
                cur.meta.append(i)
                if cur.body or cur.signature:
                    cur.closed = True
            elif kind == "signoff" and _takes_signoff(cur, i):
                cur.signature.append(i)
                cur.closed = True
                if cue.name and cur.author is None:
                    cur.author, cur.author_from = cue.name, "signature"
            elif kind == "salutation" and mode == "before":
                if cur.body or cur.signature or cur.closed:
                    new()
                cur.body.append(i)
            else:
                if cur.closed:
                    if self._bare_name_signature(i, cur):
                        continue
                    new()
                cur.body.append(i)
        if not cur.empty():
            drafts.append(cur)
        if has_meta and mode == "before":
            self._drop_preamble(drafts, roles)
        if mode == "after" or self._most_open_with_a_name(drafts):
            self._names_on_top(drafts)
        return drafts

    def _most_open_with_a_name(self, drafts: list[_Draft]) -> bool:
        """Themes without dates still print the name above each comment (``John`` /
        text / ``Reply``): most comments then open with a bare name line."""
        open_ = [d for d in drafts if d.author is None and _has_text_below_first(d)]
        named = [d for d in open_ if self._bare_name(d.body[0])]
        return len(open_) >= 2 and len(named) >= NAMES_BELOW_SHARE * len(open_)

    def _bare_name(self, i: int) -> bool:
        return self.kinds[i] == "text" and name_like(self.lines[i])

    def _names_block(self, line: int, block: int) -> bool:
        """A bare name right above an author/date block that prints the same name again
        (forums: name, post count, name, date) opens that block."""
        name = drop_count(self.lines[line])
        if not name_like(name):
            return False
        k = block
        while k < self.n and self.kinds[k] in _META_KINDS:
            if self.cues[k].name == name:
                return True
            k += 1
        return False

    def _drop_preamble(self, drafts: list[_Draft], roles: list[str]) -> None:
        """When every comment opens with an author/date block, the lines between the
        comment heading and the first block (``Add yours``, sort buttons, netiquette) are
        not a comment."""
        with_meta = sum(1 for d in drafts if d.by_meta)
        if drafts and not drafts[0].meta and not drafts[0].signature and with_meta >= 2:
            for i in drafts[0].body:
                roles[i] = "boilerplate"
            drafts.pop(0)

    def _names_on_top(self, drafts: list[_Draft]) -> None:
        """Meta printed below the comment: a bare name on the first line is the author."""
        for d in drafts:
            if d.author is not None or not _has_text_below_first(d):
                continue
            first = d.body[0]
            if self._bare_name(first):
                d.body.pop(0)
                d.meta.insert(0, first)
                d.author, d.author_from = clean_name(self.lines[first]), "meta"
                if not d.body:  # "Thanks for sharing." alone is the text, not a sign-off
                    d.body, d.signature = d.signature, []

    def _bare_name_signature(self, i: int, cur: _Draft) -> bool:
        """``Groetjes,`` then ``Anna`` on the next line: the name belongs to the sign-off."""
        if not cur.signature or cur.signature[-1] != i - 1 or cur.body and cur.body[-1] > i:
            return False
        line = self.lines[i]
        if self.cues[i - 1].name is None and name_like(line) and capitalised(line):
            cur.signature.append(i)
            if cur.author is None or cur.author_from == "signature":
                cur.author, cur.author_from = clean_name(line), "signature"
            return True
        return False

    def _split_replies(self, drafts: list[_Draft]) -> list[_Draft]:
        """Cut a block the blog author signs where the reply to the previous comment starts."""
        if not self.blog_author:
            return drafts
        out: list[_Draft] = []
        for d in drafts:
            if d.by_meta or d.author != self.blog_author or len(d.body) < 2:
                out.append(d)
                continue
            cut = next((k for k in range(1, len(d.body)) if self._starts_reply(d.body[k])), None)
            if cut is None:
                out.append(d)
                continue
            # Reply buttons above the cut are the earlier comment's: every line stays in
            # page order.
            at = d.body[cut]
            head = _Draft(meta=[i for i in d.meta if i < at], body=d.body[:cut], closed=True)
            named = self._named_in(at)
            if named:
                head.author, head.author_from = named, "reply"
            out.append(head)
            out.append(
                _Draft(
                    meta=[i for i in d.meta if i > at],
                    body=d.body[cut:],
                    signature=d.signature,
                    author=d.author,
                    author_from=d.author_from,
                    closed=True,
                )
            )
        return out

    def _starts_reply(self, i: int) -> bool:
        cue = self.cues[i]
        if cue.thanks:
            return True
        return self._named_in(i) is not None

    def _named_in(self, i: int) -> str | None:
        cue = self.cues[i]
        if cue.thanked and cue.thanked != self.blog_author:
            return cue.thanked
        line = self.lines[i]
        for name in sorted(self.participants, key=len, reverse=True):
            if name != self.blog_author and capitalised(name) and _mentions(line, name):
                return name
        return None

    def _name_authors(self, drafts: list[_Draft]) -> None:
        """Fill missing authors from the next comment's reply or salutation."""
        for k in range(len(drafts) - 1):
            d, nxt = drafts[k], drafts[k + 1]
            if d.author is not None or not nxt.body:
                continue
            first = nxt.body[0]
            cue = self.cues[first]
            named = cue.thanked
            source = "reply"
            if named is None and cue.kind == "salutation" and cue.name:
                named, source = cue.name, "salutation"
            if named and named != nxt.author:
                d.author, d.author_from = named, source
