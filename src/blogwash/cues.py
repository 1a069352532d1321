"""cues: what one line of a dump says on its own.

``classify`` reads a line as a comment heading, footer, boilerplate, reply button, page
number, sign-off (``groet, Rikkert``), salutation (``Beste Rikkert,``), author/date line
(``Harm Otten sagt:``, ``Rebel Raime July 25, 2015 at 7:01 pm``) or plain text, and notes a
thank-you that names someone (``Dank voor je comment Arno.``). ``classify_lines`` does it
for a whole dump, recognising ordinary text lines cheaply. The split stage builds on these
cues; the words come from the pattern tables (``patterns.py``).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from blogwash.patterns import FIRST_WORD_STRIP, Patterns, first_word, lead_words

if TYPE_CHECKING:
    from blogwash._cprefilter import Prefilter

NAME_MAX_WORDS = 4
# Lines longer than this are paragraphs: only their opening words are classified.
LONG_LINE_WORDS = 30
# Author/date lines are short: 99 % of those in split-dev have at most 10 words.
META_MAX_WORDS = 14
# Thank-you, says and by words are looked for in this many leading characters.
HINT_CHARS = 120


@dataclass(frozen=True, slots=True)
class Cue:
    """What one line says on its own."""

    kind: str  # header footer boiler author date action signoff salutation text
    name: str | None = None
    thanks: bool = False
    thanked: str | None = None


# The cues that carry nothing but their kind, made once.
_PLAIN = {
    kind: Cue(kind) for kind in ("text", "header", "footer", "boiler", "action", "number", "date")
}


def clean_name(name: str | None, max_words: int = NAME_MAX_WORDS) -> str | None:
    if not name:
        return None
    name = name.strip(" .,:;!?()\"'“”„«»-–—~@")
    if not name or len(name.split()) > max_words or len(name) > 60:
        return None
    return name


def capitalised(name: str | None) -> bool:
    return bool(name) and name is not None and name[0].isupper()


def classify(line: str, p: Patterns) -> Cue:
    """Classify one line by its own content.

    >>> from blogwash.patterns import load
    >>> classify("groet, Rikkert", load()).kind, classify("groet, Rikkert", load()).name
    ('signoff', 'Rikkert')
    >>> classify("Harm Otten sagt:", load()).name
    'Harm Otten'
    >>> classify("Rebel Raime July 25, 2015 at 7:01 pm", load()).name
    'Rebel Raime'
    """
    # Only the first words matter; a long paragraph is split no further (``words`` stops
    # counting at LONG_LINE_WORDS + 1).
    lead, two = _lead_words(line)
    return _classifier(p)(line, p, lead, two in p.first_words or lead in p.first_words)


def _classify(line: str, p: Patterns, lead: str, known: bool) -> Cue:
    """``classify`` given the line's first word and whether its first words are known."""
    low = line.lower()
    tokens = low.split(maxsplit=LONG_LINE_WORDS)
    words = len(tokens)
    head_tokens = set(map(str.strip, tokens[:12], repeat(_TOKEN_PUNCT)))
    thanks = p.thanks.search(line[:80]) if not p.thanks_first.isdisjoint(head_tokens) else None
    thanked = clean_name(thanks.group("name")) if thanks else None
    if thanked is not None and not capitalised(thanked):
        thanked = None
    is_thanks = thanks is not None and thanks.start() <= 40
    # Most patterns are anchored at the line start: a set lookup of the first words skips
    # them for ordinary text lines.
    anchored = lead[:1].isdigit() or line[:1] == "{" or known
    # The pattern families a line with this first word can match: one lookup instead of a
    # ``p.starts`` call per family (up to seven a line; with the filler-word sets of
    # ``_leftover`` and ``_trim_name``, _classify on the bench's 40 k lines 0.340 -> 0.327 s).
    families = p.lead_families.get(lead, p.digit_families if lead[:1].isdigit() else _NONE)
    digit = _DIGIT.search(line) is not None
    if words <= 12:
        if anchored:
            if "footer_starts" in families and p.footer_start.match(line):
                return _PLAIN["footer"]
            if ("comment_headers" in families or lead[:1].isdigit()) and p.header.match(line):
                return _PLAIN["header"]
        if digit and _counts_comments(tokens, p) and p.header_count.search(line):
            return _PLAIN["header"]
        if anchored:
            if "boilerplate" in families and p.boilerplate.match(line):
                return _PLAIN["boiler"]
            if "actions" in families and p.action.match(line):
                return _PLAIN["action"]
        if digit:
            if _NUMBER_LINE.match(line):
                return _PLAIN["number"]
            if p.pagination.match(line):
                return _PLAIN["boiler"]
        m = p.signoff.match(line) if anchored and "signoffs" in families else None
        if m is not None:
            name = clean_name(m.group("name"))
            return Cue("signoff", name=name if capitalised(name) else None)
    elif words <= 25 and line[:1].isdigit() and p.header_count.match(line):
        return _PLAIN["header"]
    if anchored and "boilerplate_starts" in families and p.boiler_start.match(line):
        return _PLAIN["boiler"]
    if words <= META_MAX_WORDS and (
        digit
        or not p.says_words.isdisjoint(head_tokens)
        or not p.comment_by_first.isdisjoint(head_tokens)
    ):
        meta = _meta_line(line, p, (low, tokens, lead))
        if meta is not None:
            return meta
    m = p.salutation.match(line) if anchored and "salutations" in families else None
    if m is not None:
        name = clean_name(m.group("name"))
        if name is not None and not capitalised(name):
            name = None
        if m.group("end") or name:
            return Cue("salutation", name=name, thanks=is_thanks, thanked=thanked)
    if line.startswith("@") and len(line) > 1 and not line[1].isspace():
        return Cue("salutation", name=clean_name(line[1:].split()[0]), thanks=is_thanks)
    if not is_thanks and thanked is None:
        return _PLAIN["text"]
    return Cue("text", thanks=is_thanks, thanked=thanked)


_NONE: frozenset[str] = frozenset()
_DIGIT = re.compile(r"\d")
_ZEROED = re.compile(r"[1-9]")
_TOKEN_PUNCT = ".,:;!?()[]\"'“”„«»"
# Around a month or unit word: punctuation and digits glued to it ("Sana6.", "Jan.,").
_DATE_STRIP = ".,:;!?()[]|·/-–—0123456789"
_COUNT_STRIP = _TOKEN_PUNCT + "0123456789{}"
TRAILING_COUNT = re.compile(r"(?: \d{1,5})+$")
_NUMBER_LINE = re.compile(r"^#? ?\d{1,7}[.)]?$")
_PUNCT_OR_SPACE = re.compile(r"[\W_]+")
# What may stand around the name and date of an author line: separators and brackets.
_SEPARATORS = re.compile(r"[|·•/\\—–\-,:;@()\[\]{}<>»«]+")
META_MAX_NAME_WORDS = 5


def _counts_comments(tokens: Sequence[str], p: Patterns) -> bool:
    """Cheap test before the ``12 Kommentare`` pattern: a counted word among the (lowercased)
    tokens, digits and punctuation stripped, so ``52Comments`` and ``(12 comments)`` count."""
    return not p.count_words.isdisjoint(map(str.strip, tokens, repeat(_COUNT_STRIP)))


# A line lowercased, its tokens (all of them) and its first word, when the caller has them.
_Lowered = tuple[str, list[str], str]


def _lowered(line: str) -> _Lowered:
    low = line.lower()
    return low, low.split(), first_word(line)


def _meta_line(line: str, p: Patterns, lowered: _Lowered | None = None) -> Cue | None:
    """An author and/or date line: ``Harm Otten sagt:``, ``25. Februar 2020 um 13:02 Uhr``,
    ``Rebel Raime July 25, 2015 at 7:01 pm``, ``Heim | Di, 21. April 2020 - 16:40``,
    ``geschrieben von berg2012 am 21. Jan. 2015``, ``vor 3 Tagen``.

    The date (calendar, relative or a time) is cut out; what stands before it, once the
    verbs, prefixes, date words and separators are gone, is the author (at most five
    words). Anything but a few filler words after it, and it is a sentence, not a meta line.
    """
    if "http" in line or "www." in line:
        return None  # a link with a date is a citation, not an author line
    low, tokens, lead = lowered or _lowered(line)
    dates = _date_matches(line, p, low, tokens)
    times = list(p.time.finditer(line))
    by = p.comment_by.match(line) if lead in p.comment_by_first else None
    says = _says(line, p)
    if not dates and not times:
        if says is not None and not says.group("rest").strip():
            name = _trim_name(says.group("name"), p)
            return Cue("author", name=name) if name else None
        if by is not None and by.group("rest") is None:
            name = _trim_name(by.group("name"), p)
            return Cue("author", name=name) if name else None
        return None
    spans = sorted(m.span() for m in dates + times)
    first = spans[0][0]
    head = line[:first]
    tail_parts = []
    pos = first
    for a, b in spans:
        if a > pos:
            tail_parts.append(line[pos:a])
        pos = max(pos, b)
    tail_parts.append(line[pos:])
    tail = " ".join(tail_parts)
    if says is not None and says.end("name") <= first:
        head = says.group("name")
    elif by is not None:
        head = p.comment_by_prefix.sub("", head, count=1)
    head_words = _leftover(head, p)
    tail_words = _leftover(tail, p)
    by_tail = _tail_name(tail, p) if dates and not head_words else None
    if by_tail is not None:
        return Cue("author", name=by_tail)
    if len(tail_words) > (2 if dates else 0):
        return None
    if not dates and head_words and says is None and by is None:
        # A bare time after words is a sentence ("Länge: 1:12:40") unless it is glued
        # to a single name, as Blogger prints it ("Ruby21:00").
        glued = len(head_words) == 1 and head[-1:] not in ("", " ", ":")
        if not glued or tail_words:
            return None
    if len(head_words) > META_MAX_NAME_WORDS:
        return None
    if head_words and not any(c.isalpha() for c in "".join(head_words)):
        return None
    name = _trim_name(head, p) if head_words else None
    return Cue("author", name=name) if name else _PLAIN["date"]


def _says(line: str, p: Patterns) -> re.Match[str] | None:
    """``p.says.match(line)``, skipped when the line cannot hold a "says" word and what must
    follow it: ``:``, ``...``, ``…`` or the end of the line, the word then being the line's
    last space-separated token (a says phrase holds no other character matching a space).
    On the bench's 40 k candidate lines: 0.97 us a line against 1.70 for the pattern alone
    (its lazy name tries the says words after every space).

    >>> from blogwash.patterns import load
    >>> _says("Harm Otten sagt", load()).group("name"), _says("Er sagt nein", load())
    ('Harm Otten', None)
    """
    if ":" in line or "…" in line or "..." in line:
        return p.says.match(line)
    if p.says_last.fullmatch(line, line.rfind(" ") + 1) is None:
        return None
    return p.says.match(line)


def _trim_name(head: str, p: Patterns) -> str | None:
    """``Heidemarie Heim | Di,`` -> ``Heidemarie Heim``; ``Par Bruno Gobin,`` -> ``Bruno
    Gobin``; ``Mathias Autor`` -> ``Mathias``: drop a leading "by", trailing date words,
    verbs, role badges, counters and separators. The name itself is kept as printed
    (``G.M.``, ``-thh``, ``Danke !!``)."""
    tokens = head.split()
    if len(tokens) > 1 and tokens[0].lower() in p.words["by_words"]:
        tokens.pop(0)
    while tokens:
        low = tokens[-1].lower().strip(",:;|·•/—–")
        if low and not (
            low.rstrip(".") in p.date_word_set
            or low in p.name_tail_words
            or (low.isdigit() and len(tokens) > 1)
        ):
            break
        tokens.pop()
    name = " ".join(tokens).strip(" ,:;|·•/—–")
    if not name or len(tokens) > META_MAX_NAME_WORDS + 1 or len(name) > 80:
        return None
    return name


def _tail_name(tail: str, p: Patterns) -> str | None:
    """``Am 29. Mai 2017 um 14:38 von Hugo``: the name after a "by" word, after the date."""
    tokens = tail.split()
    for k, token in enumerate(tokens[:-1]):
        if token.lower() in p.words["by_words"]:
            return _trim_name(" ".join(tokens[k + 1 :]), p)
    return None


def _date_matches(line: str, p: Patterns, low: str, tokens: list[str]) -> list[re.Match[str]]:
    """Calendar and relative dates whose month or unit word really is one (``low`` and
    ``tokens``: the line lowercased, and its words)."""
    words = set(map(str.strip, tokens, repeat(_DATE_STRIP)))
    found: list[re.Match[str]] = []
    if p.months.isdisjoint(words):
        # No month name: only the numeric form can be there (a cheaper pattern).
        found.extend(p.numeric_date.finditer(line))
    else:
        for m in p.date.finditer(line):
            month = m.group("m1") or m.group("m2")
            if month is None or month.lower() in p.months:
                found.append(m)
    # "15 min" in a sentence is no date; "vor 3 Tagen", "3 days ago", "il y a 2 jours" are.
    if not p.time_unit_set.isdisjoint(words) and (
        not p.relative_set.isdisjoint(words) or any(r in low for r in p.relative_phrases)
    ):
        for m in p.reldate.finditer(line):
            if m.group("unit").lower() in p.time_unit_set:
                found.append(m)
    return found


def _leftover(text: str, p: Patterns) -> list[str]:
    """Words of ``text`` that are not date words, verbs, buttons or separators."""
    text = _SEPARATORS.sub(" ", text)
    out = []
    skip = p.filler_words
    for word in text.split():
        low = word.lower().strip(".,:;!?")
        if not low or low in skip or low.isdigit() or low.startswith("#"):
            continue
        out.append(word)
    return out


def _is_date(line: str, p: Patterns) -> bool:
    return _meta_line(line, p) == _PLAIN["date"]


def name_like(line: str) -> bool:
    """A line that can only be a commenter's name: a few words, no sentence punctuation."""
    if not line or len(line) > 50 or line[-1] in ".!?:;,":
        return False
    words = line.split()
    return (
        0 < len(words) <= NAME_MAX_WORDS
        and (line[0].isalpha() or line[0] == "@")
        and not any(w.isdigit() for w in words)
        and any(c.isalpha() for c in line)
    )


def drop_count(line: str) -> str:
    """``Bombe 20`` -> ``Bombe``: a name without the vote or post count printed after it."""
    return TRAILING_COUNT.sub("", line) if line[-1:].isdigit() else line


_TEXT = _PLAIN["text"]


def _lead_words(line: str, head: list[str] | None = None) -> tuple[str, str]:
    """``first_word(line)`` and ``lead_words(line, 2)``, from one cheap split of the line
    (or from ``head``, its lowercased leading tokens, when the caller has them whole).

    >>> _lead_words("– Liebe Grüße, Anna"), _lead_words("Reply")
    (('liebe', 'liebe grüße'), ('reply', 'reply'))
    """
    parts = head if head is not None else line.split(None, 2)
    one = parts[0].strip(FIRST_WORD_STRIP).lower() if parts else ""
    if len(parts) == 1 and one:
        return one, one
    two = parts[1].strip(FIRST_WORD_STRIP).lower() if one else ""
    if not two:  # a token of punctuation only ("– Liebe"): the general, slower way
        return lead_words(line, 1), lead_words(line, 2)
    return one, f"{one} {two}"


def classify_lines(lines: Sequence[str], p: Patterns) -> list[Cue]:
    """``classify`` every line, recognising ordinary text lines cheaply: with the compiled
    prefilter (``blogwash._cprefilter``) when it is built and ``BLOGWASH_PURE`` is not
    ``1``, else with ``_classify_lines_py``, the reference (both give the same cues).

    >>> from blogwash.patterns import load
    >>> [cue.kind for cue in classify_lines(["Reply", "The cake is done."], load())]
    ['action', 'text']
    """
    compiled = _compiled(p)
    if compiled.prefilter is None:
        return _classify_lines_py(lines, p, compiled.classify)
    return compiled.prefilter.classify_lines(lines)


def _classify_lines_py(
    lines: Sequence[str], p: Patterns, classify_one: _ClassifyFn = _classify
) -> list[Cue]:
    """``classify`` every line, recognising ordinary text lines cheaply (the reference of
    the compiled ``Prefilter.classify_lines``).

    A line can only be more than plain text if it is short and holds a digit, starts with
    a digit, ``@``, ``{`` or a pattern's first words, or holds a thank-you, "says" or "by"
    word among its first words: checked with set lookups before any pattern runs.
    """
    cues = []
    # "Reply", "Antworten" come back on every comment, and date lines differ only in their
    # digits ("25. Februar 2020 um 13:02 Uhr"): a short line's digits-as-zero shape decides
    # once per page, as long as the cue it gave holds no digit of its own.
    seen: dict[str, Cue] = {}
    first_words, hints, thanks = p.first_words, p.hint_tokens, p.thanks_tokens
    leads = p.first_word_leads
    for line in lines:
        # Digits and "says" words matter on short lines only (dates, counts, page numbers,
        # author lines); normalized text has single spaces, so counting them counts words.
        short = line.count(" ") < META_MAX_WORDS
        short_digits = short and _DIGIT.search(line) is not None
        if short_digits or line[0] in "@{" or line[0].isdigit():
            # A candidate whatever its words: no head to lowercase and split (0.014 s on the
            # bench). ``_lead_words`` splits the line itself and gets the same first words:
            # lowercasing a token alone or within the head agrees (whitespace bounds the
            # final-sigma context; checked on the corpus' lines and 240 k random ones).
            hinted, head = True, None
        else:
            head = line[:HINT_CHARS].lower().split()
            hinted = not (hints if short else thanks).isdisjoint(head)
            if len(head) <= 2 and len(line) > HINT_CHARS:
                head = None  # the cut may have split one of the first two words
            if not hinted and _unknown_start(head, leads):
                # Half the lines (71 k of the bench's 136 k) end here, without ``_lead_words``
                # or a look in ``seen`` (whose keys are all candidates or hold a digit).
                cues.append(_TEXT)
                continue
        lead, two = _lead_words(line, head)
        known = two in first_words or lead in first_words
        if not (hinted or known):
            cues.append(_TEXT)
            continue
        cached = seen.get(line)
        if cached is not None:
            cues.append(cached)
            continue
        shape = _ZEROED.sub("0", line) if short_digits else line
        cue = seen.get(shape) or classify_one(line, p, lead, known)
        if not _DIGIT.search(f"{cue.name or ''}{cue.thanked or ''}"):
            seen[shape] = cue
        cues.append(cue)
    return cues


# ``_classify``'s signature: (line, p, lead, known) -> Cue.
_ClassifyFn = Callable[[str, Patterns, str, bool], Cue]


def _optional(name: str) -> ModuleType | None:
    """A C accelerator of this module, or None when it was not built (setup.py builds them
    where a C compiler is) or ``BLOGWASH_PURE=1`` (read at start-up) asks for pure Python."""
    if os.environ.get("BLOGWASH_PURE") == "1":
        return None
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - CI builds both (BLOGWASH_EXPECT_COMPILED)
        return None


# Each gives the same results as the Python code here, its reference (tests/test_compiled_*):
# ``Prefilter.classify_lines`` is ``_classify_lines_py``, ``Classifier.classify`` is
# ``_classify``.
_CPREFILTER = _optional("blogwash._cprefilter")
_CCLASSIFY = _optional("blogwash._cclassify")


def accelerators() -> tuple[str, ...]:
    """The C accelerators in use (``blogwash --version`` prints them)."""
    return tuple(m.__name__ for m in (_CPREFILTER, _CCLASSIFY) if m is not None)


class _Compiled(NamedTuple):
    p: Patterns  # held, so that its id is not reused while it is a key
    classify: _ClassifyFn
    prefilter: Prefilter | None


# Per Patterns in use (they read its word sets once): ``load`` caches 16 of them.
_COMPILED: dict[int, _Compiled] = {}
_COMPILED_MAX = 32


def _compiled(p: Patterns) -> _Compiled:
    entry = _COMPILED.get(id(p))
    if entry is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            del _COMPILED[next(iter(_COMPILED))]  # the oldest
        classify: _ClassifyFn = _classify
        if _CCLASSIFY is not None:
            classify = _CCLASSIFY.Classifier(p, sys.modules[__name__]).classify
        prefilter: Prefilter | None = None
        if _CPREFILTER is not None:
            prefilter = _CPREFILTER.Prefilter(p, classify, _TEXT, lead_words)
        entry = _COMPILED[id(p)] = _Compiled(p, classify, prefilter)
    return entry


def _classifier(p: Patterns) -> _ClassifyFn:
    """``_classify`` for ``p``: the C one when it is built, else the Python one."""
    return _compiled(p).classify


def _unknown_start(head: list[str] | None, leads: frozenset[str]) -> bool:
    """No key of ``first_words`` can start the line whose lowercased leading tokens are
    ``head`` (``None`` when the cut may have split one): the first word ``_lead_words``
    would give, its first token stripped, is not among ``leads`` (the keys' first words),
    a test that needs no second word.

    ``str.lower`` is idempotent and never makes or unmakes a stripped character (checked
    over all code points), so stripping a lowercased token gives that first word.

    >>> from blogwash.patterns import load
    >>> _unknown_start("the cake is done".split(), load().first_word_leads)
    True
    >>> _unknown_start("– liebe grüße, anna".split(), load().first_word_leads)
    False
    """
    if not head:
        return False  # ``_lead_words`` splits the line itself
    first = head[0].strip(FIRST_WORD_STRIP)
    return bool(first) and first not in leads
