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
from bisect import insort
from collections.abc import Iterable, Sequence
from dataclasses import fields
from functools import cached_property, lru_cache
from itertools import chain, compress, islice
from operator import attrgetter

from blogwash.cues import (
    Cue,
    _compiled,
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


class _Draft:
    """One comment being cut out: the line numbers of its meta, body and sign-off lines.

    A plain class with slots rather than a dataclass: a page makes one per comment (16.7 k
    on the bench), and the dataclass' default factories made that 25 % slower."""

    __slots__ = ("meta", "body", "signature", "author", "author_from", "closed", "by_meta")

    def __init__(
        self,
        meta: list[int] | None = None,
        body: list[int] | None = None,
        signature: list[int] | None = None,
        author: str | None = None,
        author_from: str | None = None,
        closed: bool = False,
        by_meta: bool = False,
    ) -> None:
        self.meta: list[int] = [] if meta is None else meta
        self.body: list[int] = [] if body is None else body
        self.signature: list[int] = [] if signature is None else signature
        self.author = author
        self.author_from = author_from
        self.closed = closed
        self.by_meta = by_meta

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


def split(
    text: str, *, patterns: Patterns | None = None, lines: Sequence[str] | None = None
) -> Split:
    """Split normalized text into title, article, comments and boilerplate.

    ``lines``: the text's non-blank lines, when the caller has them already (the pipeline
    passes the normalize stage's ``lines``, which are exactly these); else they are split
    here.
    """
    p = patterns or load()
    if lines is None:
        prefilter = _compiled(p).prefilter  # its ``lines`` is the C twin of the list below
        lines = (
            prefilter.lines(text)
            if prefilter is not None
            else [line for line in text.split("\n") if line and not line.isspace()]
        )
    cues = classify_lines(lines, p)
    codes = _promote_name_lines(lines, cues)
    return _Splitter(lines, cues, codes).run()


# One letter per line kind: the splitter finds runs and neighbours of kinds with regexes
# and ``str.find`` over this string instead of a Python loop over the lines, and tests a
# line's kind as ``codes[i] == "t"`` (the letters below, written out where a loop runs per
# line: a constant compares faster than a name looked up).
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


_META_LETTERS = _letters(*_META_KINDS)
_BODY_LETTERS = _letters(*_BODY_KINDS)
_BOILER_LETTERS = _letters("header", "footer", "boiler")
_MENU_LETTERS = _letters("text", "boiler", "footer")
_COMMENT_LETTERS = _BODY_LETTERS + _META_LETTERS
# Looked up with ``str.find``: a page holds few of them, and a regex costs more to start.
_TEXT_BEFORE_DATE = _letters("text", "date")
_SIGNOFF_BEFORE_TEXT = _letters("signoff", "text")
_HEADER = _letters("header")
_FOOTER = _letters("footer")
_AUTHOR_OR_DATE = re.compile(rf"[{_letters('author', 'date')}]")
_SALUTATION = re.compile(_letters("salutation"))
_TEXT_OR_SALUTATION = re.compile(rf"[{_letters('text', 'salutation')}]")
_BOILER = re.compile(rf"[{_BOILER_LETTERS}]")
_NOT_BOILER_RUN = re.compile(rf"[^{_BOILER_LETTERS}]+")
_BODY = re.compile(rf"[{_BODY_LETTERS}]")


def _byte_picks(letters: str) -> bytes:
    """A ``bytes.translate`` table: 1 for the code letters given, 0 for any other byte."""
    return bytes(int(chr(b) in letters) for b in range(256))


# The kinds whose names ``_blog_author`` counts: the names that sign and the greeted ones.
_SIGNS = _byte_picks(_letters("signoff", "author"))
_GREETINGS = _byte_picks(_letters("salutation"))
_NAME_OF = attrgetter("name")
# The codes with "m" for a meta line (author, date, number) and "o" for any other: where
# author/date blocks start ("om") and end ("mo") is then counted and found by ``str.count``
# and ``str.find``, not a regex with a lookaround (``str.translate`` costs little).
_META_MASK = str.maketrans({c: "m" if c in _META_LETTERS else "o" for c in _CODE.values()})
# An author/date block: a run of author, date and number lines holding an author or date
# line (a run of numbers alone is none). Greedy: a match is a whole run.
_META_RUN = re.compile(rf"{_letters('number')}*[{_letters('author', 'date')}][{_META_LETTERS}]*")
# The codes with a space for every letter but the meta ones: ``str.split`` then gives the
# runs of meta lines.
_META_RUNS = str.maketrans({c: c if c in _META_LETTERS else " " for c in _CODE.values()})
_NUMBER = _letters("number")
# A comment title's letter in the codes ``_Splitter._walk`` reads (no kind has it).
_TITLE = "T"


def _codes(cues: Sequence[Cue]) -> str:
    return "".join([_CODE[c.kind] for c in cues])


def _positions(codes: str, letters: str, start: int = 0) -> list[int]:
    """Where ``letters`` stand in ``codes`` from ``start`` on, found by ``str.find``.

    >>> _positions("thtth", "h"), _positions("tdtdd", "td", 1)
    ([1, 4], [2])
    """
    found = []
    i = codes.find(letters, start)
    while i >= 0:
        found.append(i)
        i = codes.find(letters, i + 1)
    return found


def _meta_runs(codes: str, lo: int) -> list[str]:
    """``_META_RUN.findall(codes, lo)`` in a third of the time (it ran over every page's
    codes): the runs of meta letters, the other letters made spaces and split off, that are
    not numbers alone.

    >>> _meta_runs("tadtnntndnxa", 0), _meta_runs("tadtnntndnxa", 2)
    (['ad', 'ndn', 'a'], ['d', 'ndn', 'a'])
    """
    runs = codes[lo:].translate(_META_RUNS).split()
    return [run for run in runs if run.strip(_NUMBER)]


def _promote_name_lines(lines: Sequence[str], cues: list[Cue]) -> str:
    """A bare name right before a date line is that comment's author line; right after
    a sign-off without a name, it is the rest of the sign-off.

    Returns the kind letters (``_codes``) of the promoted cues: the splitter needs them
    too, and patching the few promoted letters is cheaper than a second pass over the cues.
    """
    codes = _codes(cues)
    promoted: list[int] = []
    for i in _positions(codes, _TEXT_BEFORE_DATE):
        line = lines[i]
        if line[-1].isdigit():
            line = drop_count(line)  # "Bombe 20": a name and its vote count
        elif len(line) > 50 or line[-1] in ".!?:;,":
            continue  # ``name_like``'s first tests (a third of the lines fail them): no call
        if name_like(line):
            cues[i] = Cue("author", name=line)
            promoted.append(i)
    for at in _positions(codes, _SIGNOFF_BEFORE_TEXT):
        # "Viele Grüße" then "Franzi": the name on its own line completes the sign-off.
        i = at + 1
        while i < len(lines) and cues[i - 1].kind == "signoff" and cues[i - 1].name is None:
            if cues[i].kind != "text" or not (name_like(lines[i]) and capitalised(lines[i])):
                break
            cues[i] = Cue("signoff", name=clean_name(lines[i]))
            promoted.append(i)
            i += 1
    if not promoted:
        return codes
    letters = list(codes)
    for i in promoted:
        letters[i] = _CODE[cues[i].kind]
    return "".join(letters)


def _blog_author(cues: Sequence[Cue], codes: str | None = None) -> str | None:
    """The name that signs most comments and is greeted by others: it signs (or heads)
    at least twice, or once and is greeted once (``Ciao Marco,`` ... ``Saludos, Marco``).

    Only sign-off, author and salutation lines count, found by their letters in ``codes``
    (the cues' ``_codes``) rather than by a look at every cue.

    >>> from blogwash.cues import classify
    >>> p = load()
    >>> _blog_author([classify(x, p) for x in ["Hi Tom,", "Cheers, Tom", "Cheers, Ann"]])
    'Tom'
    """
    # The named cues picked by ``compress`` with a 0/1 byte per line (``bytes.translate`` of
    # the codes), their names read by ``attrgetter``: no Python step per line or match.
    # Plain dicts: a page has a few names, and two ``Counter``s cost more than the counting.
    if codes is None:
        codes = _codes(cues)
    picks = codes.encode("ascii")
    signs: dict[str, int] = {}
    for name in map(_NAME_OF, compress(cues, picks.translate(_SIGNS))):
        if name:
            signs[name] = signs.get(name, 0) + 1
    if not signs:
        return None
    greeted: dict[str, int] = {}
    if _CODE["salutation"] in codes:
        for name in map(_NAME_OF, compress(cues, picks.translate(_GREETINGS))):
            if name:
                greeted[name] = greeted.get(name, 0) + 1
    # The first name, most signed and greeted then alphabetical, that signs twice or is
    # greeted: the least such (count, name) key, with no sort of every name that signs once.
    keys = [
        (-(count + greeted.get(name, 0)), name)
        for name, count in signs.items()
        if count >= 2 or name in greeted
    ]
    return min(keys)[1] if keys else None


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


# ``Comment(...)`` costs 0.7 us, its ``__init__`` (a frozen dataclass') setting each field
# through ``object.__setattr__``; the splitter makes one per comment (16.7 k on the bench:
# 11 ms), so ``_comment`` sets the slots through their descriptors instead, in half the time.
_COMMENT_FIELDS = ("author", "author_from", "text", "signature", "meta", "parent")
if tuple(f.name for f in fields(Comment)) != _COMMENT_FIELDS:  # pragma: no cover
    raise ImportError("split._comment must set every field of Comment")
_SET_AUTHOR, _SET_AUTHOR_FROM, _SET_TEXT, _SET_SIGNATURE, _SET_META, _SET_PARENT = (
    getattr(Comment, name).__set__ for name in _COMMENT_FIELDS
)


def _comment(
    author: str | None,
    author_from: str | None,
    text: str,
    signature: str | None,
    meta: tuple[str, ...],
) -> Comment:
    """``Comment(author, author_from, text, signature, meta)``, made without its ``__init__``.

    >>> args = ("Ann", "meta", "Hi", None, ("Ann says:",))
    >>> c = _comment(*args)
    >>> c == Comment(*args), repr(c) == repr(Comment(*args)), c.parent
    (True, True, None)
    """
    c = object.__new__(Comment)
    _SET_AUTHOR(c, author)
    _SET_AUTHOR_FROM(c, author_from)
    _SET_TEXT(c, text)
    _SET_SIGNATURE(c, signature)
    _SET_META(c, meta)
    _SET_PARENT(c, None)
    return c


class _Splitter:
    def __init__(self, lines: Sequence[str], cues: Sequence[Cue], codes: str | None = None) -> None:
        self.lines = lines
        self.cues = cues
        # The cues' kind letters (``_codes``), when the caller has them already.
        self.codes = _codes(cues) if codes is None else codes
        self.meta_mask = self.codes.translate(_META_MASK)
        self.n = len(lines)
        self.blog_author = _blog_author(cues, self.codes)
        # The lines ``_drop_preamble`` moved to the boilerplate (set by ``_walk``).
        self.dropped: list[int] = []

    @cached_property
    def _participants_by_length(self) -> list[str]:
        """Every name a cue holds or thanks, longest first (for ``_named_in``): made on the
        first call, so only for the pages where the blog author's blocks are cut."""
        participants = {c.name for c in self.cues if c.name} | {
            c.thanked for c in self.cues if c.thanked
        }
        return sorted(participants, key=len, reverse=True)

    # -- regions ------------------------------------------------------------------------

    def _title(self) -> int | None:
        if self.n >= 2 and _title_like(self.lines[0], self.cues[0]):
            return 0
        return None

    def _comment_start(self, first: int) -> int | None:
        cues, lines, codes = self.cues, self.lines, self.codes
        headers = _positions(codes, _HEADER, first)
        candidates: list[int] = []
        # A heading counts when the comments' author/date blocks follow it closely: the
        # last such heading wins, so a "12 Comments" line printed under the title (a
        # byline) does not turn the article into comments.
        for header in reversed(headers):
            # After a comment-section heading, a date line is a comment's, not the article's.
            block = self._meta_block(header + 1, first)
            if block is not None and self._text_between(header, block) <= HEADER_GAP:
                candidates += [header, block]
                break
        else:
            block = self._meta_block(first, first)
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
            for m in _TEXT_OR_SALUTATION.finditer(codes, first + 1):
                if voc.search(lines[m.start()]):
                    candidates.append(m.start())
                    break
        for m in _SALUTATION.finditer(codes, first + 1):
            if capitalised(cues[m.start()].name):
                candidates.append(m.start())
                break
        i = codes.find("s", first)  # the first sign-off
        if i >= 0:
            c = cues[i]
            if c.name and c.name == self.blog_author and not any(x < i for x in candidates):
                # The blog author signing the article itself.
                candidates.append(i + 1)
            else:
                candidates.append(max(first, i - 1))
        return min(candidates) if candidates else None

    def _meta_block(self, lo: int, first: int) -> int | None:
        """Where the first comment's author/date block starts, if the page has one: among
        the author/date lines from ``lo`` on (``first``, or the line under a heading)."""
        block = self._first_repeated_block(lo)
        if block is None:
            meta_at = [m.start() for m in _AUTHOR_OR_DATE.finditer(self.codes, lo)]
            for k, i in enumerate(meta_at):
                nxt = meta_at[k + 1] if k + 1 < len(meta_at) else None
                gap_ok = nxt is not None and nxt - i <= META_NEIGHBOUR and nxt - i > 1
                tail_ok = self.n - i <= META_NEIGHBOUR
                if gap_ok or tail_ok:
                    block = self._meta_block_start(i, first)
                    break
        if block is None:
            return None
        if block - 1 >= first and self.codes[block - 1] == "t":
            block -= self._names_block(block - 1, block)
        return self._sandwich_start(block, first)

    def _content_after(self, header: int) -> int:
        """Comment lines (text or author/date) among the three lines under a heading."""
        window = range(header + 1, min(header + 4, self.n))
        return sum(1 for i in window if self.codes[i] in _COMMENT_LETTERS)

    def _text_between(self, start: int, end: int) -> int:
        return len(_BODY.findall(self.codes, start + 1, end))

    def _first_repeated_block(self, lo: int) -> int | None:
        """The first author/date block whose shape (the kinds of its lines, in order) the
        page repeats: a theme prints every comment's block alike, while a date in the
        article (``Aktionszeitraum: 21.10.2019``) looks like none of them.

        A block is a whole run of ``_META_RUN``, its shape the run's letters, searched from
        ``lo``: ``first`` (a block reaching above it is cut there) or the line under a
        heading (no meta line, so a run found starts where it does)."""
        shapes = _meta_runs(self.codes, lo)
        if not shapes:
            return None
        if shapes.count(shapes[0]) >= 2:
            # Most pages repeat their first block's shape: one count settles them.
            first_block = _META_RUN.search(self.codes, lo)
        else:
            counts: dict[str, int] = {}  # a dict: ``Counter`` costs more than the counting
            for shape in shapes:
                counts[shape] = counts.get(shape, 0) + 1
            k = next((k for k, shape in enumerate(shapes) if counts[shape] >= 2), None)
            if k is None:
                return None
            # The k-th block: the search again, stopped there.
            first_block = next(islice(_META_RUN.finditer(self.codes, lo), k, None))
        assert first_block is not None
        return first_block.start()

    def _sandwich_start(self, block: int, first: int) -> int:
        """Name on top, date below the comment: the first comment starts at the bare name
        line above the first date block, not at the block.

        The name is looked for first: without one the block stays the start whatever the
        layout, and the look at every block below (``_names_below_blocks``) is saved."""
        for j in range(block - 1, max(first, block - SANDWICH_LOOKBACK) - 1, -1):
            line = self.lines[j]
            # ``name_like``'s first tests written out: most lines fail them, without a call.
            if (
                self.codes[j] == "t"
                and len(line) <= 50
                and line[-1:] not in ".!?:;,"
                and name_like(line)
            ):
                return j if self._names_below_blocks(block, self.n) else block
        return block

    def _meta_block_start(self, i: int, first: int) -> int:
        while i - 1 >= first and self.codes[i - 1] in _META_LETTERS:
            i -= 1
        return i

    def _footer_start(self, start: int) -> int:
        """The first footer line (``Leave a Reply``, ``Related posts``) after some comment
        text, unless comments go on right after it (reply forms printed above them)."""
        body = _BODY.search(self.codes, start)
        if body is not None:
            for i in _positions(self.codes, _FOOTER, body.end()):
                if not self._comments_follow(i):
                    return i
        return self.n

    def _trim_menu(self, start: int, end: int) -> int:
        """A run of short unpunctuated lines at the very end (``About``, ``Contact Us``,
        ``Login / Register``) is the site's menu, not the last comment's text."""
        k = end
        while (
            k - 1 > start and self.codes[k - 1] in _MENU_LETTERS and _menu_item(self.lines[k - 1])
        ):
            k -= 1
        return k if end - k >= MENU_MIN_LINES else end

    def _comments_follow(self, i: int) -> bool:
        """Two author/date lines within the lookahead, one with comment text near it."""
        codes = self.codes
        window_end = min(self.n, i + 1 + FOOTER_LOOKAHEAD)
        metas = [m.start() for m in _AUTHOR_OR_DATE.finditer(codes, i + 1, window_end)]
        # Body lines among the three on either side (the author/date line itself is none).
        return len(metas) >= 2 and any(_BODY.search(codes, max(0, j - 3), j + 4) for j in metas)

    # -- main -----------------------------------------------------------------------------

    def run(self) -> Split:
        lines, codes, n = self.lines, self.codes, self.n
        title = self._title()
        first = 0 if title is None else 1
        start = self._comment_start(first)
        end = self._footer_start(start if start is not None else first)
        if start is not None:
            end = self._trim_menu(start, end)
        if start is None:
            start = end
        roles: list[str] = ["article"] * n
        owner: list[int | None] = [None] * n
        if title is not None:
            roles[0] = "title"
        # Heading, footer and boilerplate lines above the footer (``_walk`` skips those among
        # the comments), and everything from the footer on.
        boiler = [m.start() for m in _BOILER.finditer(codes, first, end)]
        for i in boiler:
            roles[i] = "boilerplate"
        roles[end:] = ["boilerplate"] * (n - end)
        drafts = self._walk(start, end, roles)
        drafts = self._split_replies(drafts)
        self._name_authors(drafts)
        comments: list[Comment] = []
        # ``map`` over a draft's line numbers: a comprehension per list costs a function
        # call, three a comment.
        line_at = lines.__getitem__
        add = comments.append
        for k, d in enumerate(drafts):
            # In page order: the walk adds lines as it meets them, ``_names_on_top`` moves a
            # line into the meta with ``insort``.
            meta, body, signature = d.meta, d.body, d.signature
            for i in meta:
                roles[i] = "meta"
                owner[i] = k
            for i in body:
                roles[i] = "text"
                owner[i] = k
            for i in signature:
                roles[i] = "signature"
                owner[i] = k
            author = d.author
            add(
                _comment(
                    author,
                    d.author_from if author else None,
                    lines[body[0]] if len(body) == 1 else "\n".join(map(line_at, body)),
                    "\n".join(map(line_at, signature)) or None,
                    (lines[meta[0]],) if len(meta) == 1 else tuple(map(line_at, meta)),
                )
            )
        # Every line from ``start`` to ``end`` is now a comment's or boilerplate (the walk
        # puts each in one place), so the article is the lines between the title and the
        # comments that are not boilerplate: whole slices, not a test of every line's role.
        if not boiler or boiler[0] >= start:  # no boilerplate among them, as on most pages
            article: Iterable[str] = lines[first:start]
        else:
            article = chain.from_iterable(
                [lines[m.start() : m.end()] for m in _NOT_BOILER_RUN.finditer(codes, first, start)]
            )
        if self.dropped:
            boiler = sorted(boiler + self.dropped)
        article_author = self.blog_author
        return Split(
            title=lines[0] if title is not None else None,
            article_author=article_author,
            article=tuple(article),
            comments=tuple(comments),
            boilerplate=tuple(chain([lines[i] for i in boiler], lines[end:])),
            roles=tuple(roles),
            owner=tuple(owner),
        )

    def _orientation(self, start: int, end: int) -> tuple[str, bool]:
        """``"before"`` when themes print the author/date block above each comment (the
        usual case), ``"after"`` when below it: then the first block follows body text and
        no body text follows the last one. Also whether there is any meta line at all."""
        codes = self.codes
        meta = self.meta_mask.find("m", start, end)
        if meta < 0:
            return "before", False
        if _BODY.search(codes, start, meta) is None:  # no body text before
            return "before", True
        last = self.meta_mask.rfind("m", start, end)
        if _BODY.search(codes, last + 1, end) is None:  # no body text after
            return "after", True
        return ("after" if self._names_below_blocks(start, end) else "before"), True

    def _names_below_blocks(self, start: int, end: int) -> bool:
        """Name on top, date below: most author/date blocks are followed by a bare name.

        Stops at the first line that leaves too few blocks to make "most"."""
        mask, codes, lines = self.meta_mask, self.codes, self.lines
        ends = mask.count("mo", start, end)
        if ends < 2:
            return False
        need = NAMES_BELOW_SHARE * ends
        named = misses = 0
        at = mask.find("mo", start, end)
        while at >= 0:
            i = at + 1  # the line under the block
            at = mask.find("mo", i, end)
            line = lines[i]
            # ``name_like``'s first tests written out: most lines fail them, without a call.
            if (
                codes[i] == "t"
                and len(line) <= 50
                and line[-1:] not in ".!?:;,"
                and name_like(line)
            ):
                named += 1
            else:
                misses += 1
                if ends - misses < need:
                    return False
        return named >= need

    def _titled_blocks(self, start: int, end: int) -> set[int]:
        """Lines that title a comment right above its author/date block (``Ein Argument``
        / ``geschrieben von berg2012 am 21. Jan. 2015``), when the page does it for most of
        its comments.

        Stops at the first line that leaves too few blocks to make "most"."""
        mask, codes, lines = self.meta_mask, self.codes, self.lines
        blocks = mask.count("om", start, end)
        if blocks < 2:
            return set()
        need = COMMENT_TITLE_SHARE * blocks
        titles: set[int] = set()
        misses = 0
        above = mask.find("om", start, end)
        while above >= 0:  # the line above a block
            line = lines[above]
            # ``_title_line``'s cheap tests first: most lines fail one, without a call.
            if (
                codes[above] == "t"
                and line[:1].isupper()
                and line[-1:] not in ".,;:!?"
                and _title_line(line)
            ):
                titles.add(above)
            else:
                misses += 1
                if blocks - misses < need:
                    return set()
            above = mask.find("om", above + 1, end)
        return titles if len(titles) >= need else set()

    def _walk(self, start: int, end: int, roles: list[str]) -> list[_Draft]:
        codes, cues, lines = self.codes, self.cues, self.lines
        mode, has_meta = self._orientation(start, end)
        before = mode == "before"
        titles = self._titled_blocks(start, end) if before else set()
        self.dropped = []
        drafts: list[_Draft] = []
        cur = _Draft()
        # The comment titles lettered ``_TITLE`` in the codes the walk reads, so that a text
        # line's test needs no look in ``titles`` (most pages have none).
        walked = codes
        if titles:
            letters = list(codes)
            for i in titles:
                letters[i] = _TITLE
            walked = "".join(letters)
        # Starting a new comment is written out in place (``if cur.meta or ...: drafts.append(
        # cur)``, then ``cur = _Draft()``), not a closure call per comment: it keeps the
        # comment so far if it has any line.
        for i, code in enumerate(walked[start:end], start):
            if code == "t" and not cur.closed:
                # Text in an open comment, the commonest line: what the last branch does.
                cur.body.append(i)
                continue
            if code in "adnT":  # author, date, number, or a comment title above them
                if not before:
                    if cur.empty() and drafts and drafts[-1].by_meta:
                        cur = drafts.pop()  # a second meta line under the same comment
                elif (cur.body or cur.signature or cur.closed) and not (
                    i - 1 in titles and cur.meta == [i - 1]
                ):
                    body = cur.body
                    above = lines[i - 1] if body and body[-1] == i - 1 else None
                    if cur.meta or body or cur.signature:
                        drafts.append(cur)
                    cur = _Draft()
                    # ``name_like``'s first tests, on the line above: a line ending a sentence,
                    # or longer than a name without a count to drop, is none (no call).
                    if (
                        above is not None
                        and above[-1:] not in ".!?:;,"
                        and (len(above) <= 50 or above[-1:].isdigit())
                        and self._names_block(i - 1, i)
                    ):
                        drafts[-1].body.pop()
                        cur.meta.append(i - 1)
                cur.meta.append(i)
                cur.by_meta = True
                if code == "a" and cur.author is None:
                    cur.author, cur.author_from = cues[i].name, "meta"
                if not before:
                    if cur.meta or cur.body or cur.signature:
                        drafts.append(cur)
                    cur = _Draft()
            elif code in "hfb":  # header, footer, boiler: their role is set in ``run``
                continue
            elif code == "x":  # action
                cur.meta.append(i)
                if cur.body or cur.signature:
                    cur.closed = True
            elif code == "s" and _takes_signoff(cur, i):
                cur.signature.append(i)
                cur.closed = True
                cue = cues[i]
                if cue.name and cur.author is None:
                    cur.author, cur.author_from = cue.name, "signature"
            elif code == "g" and before:  # salutation
                if cur.body or cur.signature or cur.closed:
                    if cur.meta or cur.body or cur.signature:
                        drafts.append(cur)
                    cur = _Draft()
                cur.body.append(i)
            else:
                if cur.closed:
                    if self._bare_name_signature(i, cur):
                        continue
                    if cur.meta or cur.body or cur.signature:
                        drafts.append(cur)
                    cur = _Draft()
                cur.body.append(i)
        if not cur.empty():
            drafts.append(cur)
        if has_meta and before:
            self._drop_preamble(drafts, roles)
        if not before or self._most_open_with_a_name(drafts):
            self._names_on_top(drafts)
        return drafts

    def _most_open_with_a_name(self, drafts: list[_Draft]) -> bool:
        """Themes without dates still print the name above each comment (``John`` /
        text / ``Reply``): most comments then open with a bare name line."""
        open_ = [d for d in drafts if d.author is None and _has_text_below_first(d)]
        named = [d for d in open_ if self._bare_name(d.body[0])]
        return len(open_) >= 2 and len(named) >= NAMES_BELOW_SHARE * len(open_)

    def _bare_name(self, i: int) -> bool:
        return self.codes[i] == "t" and name_like(self.lines[i])

    def _names_block(self, line: int, block: int) -> bool:
        """A bare name right above an author/date block that prints the same name again
        (forums: name, post count, name, date) opens that block.

        The block's names are compared first (the line's name, ``drop_count`` of it, starts
        the line): few match, so ``drop_count`` and ``name_like`` seldom run."""
        text = self.lines[line]
        k = block
        while k < self.n and self.codes[k] in _META_LETTERS:
            name = self.cues[k].name
            if name and text.startswith(name) and drop_count(text) == name:
                return name_like(name)
            k += 1
        return False

    def _drop_preamble(self, drafts: list[_Draft], roles: list[str]) -> None:
        """When every comment opens with an author/date block, the lines between the
        comment heading and the first block (``Add yours``, sort buttons, netiquette) are
        not a comment."""
        if (
            drafts
            and not drafts[0].meta
            and not drafts[0].signature
            and sum(1 for d in drafts if d.by_meta) >= 2
        ):
            for i in drafts[0].body:
                roles[i] = "boilerplate"
            self.dropped = drafts.pop(0).body

    def _names_on_top(self, drafts: list[_Draft]) -> None:
        """Meta printed below the comment: a bare name on the first line is the author."""
        for d in drafts:
            if d.author is not None or not _has_text_below_first(d):
                continue
            first = d.body[0]
            if self._bare_name(first):
                d.body.pop(0)
                insort(d.meta, first)
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
        author = self.blog_author
        if not author:
            return drafts
        # The blocks that may be cut (the blog author's, without meta, of two lines or more),
        # picked first: most pages have none, and keep their list as it is.
        if not any([d.author == author and not d.by_meta and len(d.body) >= 2 for d in drafts]):
            return drafts
        out: list[_Draft] = []
        for d in drafts:
            if d.by_meta or d.author != author or len(d.body) < 2:
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
        for name in self._participants_by_length:
            if name != self.blog_author and capitalised(name) and _mentions(line, name):
                return name
        return None

    def _name_authors(self, drafts: list[_Draft]) -> None:
        """Fill missing authors from the next comment's reply or salutation."""
        for k in [k for k, d in enumerate(drafts[:-1]) if d.author is None]:
            d, nxt = drafts[k], drafts[k + 1]
            if not nxt.body:
                continue
            first = nxt.body[0]
            cue = self.cues[first]
            named = cue.thanked
            source = "reply"
            if named is None and cue.kind == "salutation" and cue.name:
                named, source = cue.name, "salutation"
            if named and named != nxt.author:
                d.author, d.author_from = named, source
