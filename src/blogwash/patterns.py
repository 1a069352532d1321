"""Pattern tables for the split stage: words are data (``patterns/*.json``), not code.

Each language file holds word lists under these keys (all matched case-insensitively):

``signoffs``       closing phrases (``groet``, ``Regards``, ``Liebe Grüße``)
``salutations``    opening words (``Beste``, ``Hi``, ``Liebe``)
``says``           the verb of an author line (``Harm Otten sagt:``)
``comment_by``     the prefix of an author line (``Comment by Mirko Lange``)
``actions``        reply/quote buttons printed as a line (``Reply``, ``Antworten``)
``thanks``         phrases that thank the previous commenter (``Dank voor je comment``)
``comment_headers`` comment-section headings (``{n} Kommentare``; ``{n}`` = a number)
``footer_starts``  lines after which the rest of the page is boilerplate (``Leave a Reply``)
``boilerplate``    other lines to drop (``{ {n} trackback }``, ``Share this``)
``relative_words`` what makes a number and a unit a relative date (``vor``, ``ago``)
``by_words``       ``von``/``by``/``par`` before a name on an author line
``badges``         role labels printed next to a name (``Autor``, ``Admin``)
``pagination``     words of page-number lines (``1 2 3 … 5 Next »``)
``boilerplate_starts`` prefixes of lines to drop (``Pingback:``)
``months``, ``date_words``, ``time_units``  words of author/date lines (``vor 3 Tagen``)

Every regex built here is a plain alternation of literal phrases or a pattern without
nested quantifiers over the same text, so matching is linear in the line length.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

KEYS = (
    "signoffs",
    "salutations",
    "says",
    "comment_by",
    "actions",
    "thanks",
    "comment_headers",
    "footer_starts",
    "boilerplate",
    "months",
    "date_words",
    "time_units",
    "boilerplate_starts",
    "pagination",
    "relative_words",
    "by_words",
    "badges",
)


class PatternFileError(ValueError):
    """A user pattern file is not valid."""


def _alternation(words: set[str]) -> str:
    # Longest first, so "viele grüße" wins over "grüße".
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _line_alternation(words: set[str]) -> str:
    """Phrases matched as a whole line; ``{n}`` stands for a number."""
    parts = []
    for w in sorted(words, key=lambda w: (-len(w), w)):
        parts.append(re.escape(w).replace(r"\{n\}", r"\d+").replace("\\{", "{"))
    return "|".join(parts)


@dataclass(frozen=True, eq=False)
class Patterns:
    """Compiled patterns for a set of languages."""

    languages: tuple[str, ...]
    words: dict[str, frozenset[str]]

    def __post_init__(self) -> None:
        w = {k: set(v) for k, v in self.words.items()}
        name = r"(?P<name>[^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*){0,3})"
        object.__setattr__(
            self,
            "signoff",
            re.compile(
                rf"^(?:[-–—~]+ ?)?(?P<phrase>{_alternation(w['signoffs'])})"
                rf"(?:[ ,.!:;\-–—]+ ?{name})?[ .!:,;)(:\-]*$",
                re.IGNORECASE,
            ),
        )
        object.__setattr__(
            self,
            "salutation",
            re.compile(
                rf"^(?P<phrase>{_alternation(w['salutations'])})"
                rf"(?:[ ,]+{name})?(?P<end> ?[,!:.]|$)",
                re.IGNORECASE,
            ),
        )
        object.__setattr__(
            self,
            "says",
            re.compile(
                rf"^(?P<name>[^:]{{1,80}}?) (?:{_alternation(w['says'])})"
                r"(?: ?:|:|\.\.\.|…|$)(?P<rest>.*)$",
                re.IGNORECASE,
            ),
        )
        # What ends a line that ``says`` matches without a colon or dots after the verb.
        object.__setattr__(
            self,
            "says_last",
            re.compile(
                rf"(?:{_alternation({s.split(' ')[-1] for s in w['says']})})\n?", re.IGNORECASE
            ),
        )
        object.__setattr__(
            self,
            "comment_by",
            re.compile(
                rf"^(?:{_alternation(w['comment_by'])}):? (?P<name>[^—–|]{{1,80}}?)"
                r"(?: ?[—–|\-,] ?(?P<rest>.*))?$",
                re.IGNORECASE,
            ),
        )
        object.__setattr__(
            self,
            "action",
            re.compile(rf"^(?:{_line_alternation(w['actions'])})[ ↓→»›]*$", re.IGNORECASE),
        )
        object.__setattr__(
            self,
            "thanks",
            re.compile(
                rf"(?:^|[ ,.!])(?:{_alternation(w['thanks'])})\b(?:[ ,]+(?:@ ?)?{name})?",
                re.IGNORECASE,
            ),
        )
        object.__setattr__(
            self,
            "header",
            re.compile(
                rf"^(?:\d+ )?(?:{_line_alternation(w['comment_headers'])})"
                r"(?: ?[(\[]?\d+[)\]]?)?[ :.!]*(?:[\"“„«].*)?$",
                re.IGNORECASE,
            ),
        )
        object.__setattr__(
            self,
            "footer_start",
            re.compile(rf"^(?:{_line_alternation(w['footer_starts'])})\b.{{0,60}}$", re.IGNORECASE),
        )
        object.__setattr__(
            self,
            "boilerplate",
            re.compile(rf"^(?:{_line_alternation(w['boilerplate'])})[ .:!…]*$", re.IGNORECASE),
        )
        # Dates are found by shape, with the month word checked against the month set
        # afterwards: an alternation of every month name in ten languages tried at every
        # position costs ~50 us per line; the shape plus a set lookup costs ~5.
        word = r"[^\W\d_]{2,12}"
        day = r"(?:[12]\d|3[01]|0?[1-9])"
        object.__setattr__(
            self,
            "date",
            re.compile(
                rf"(?<!\d){day}(?:\.|st|nd|rd|th|er)? ?(?:de )?(?P<m1>{word})\.?,?"
                r"(?: de)? \d{2,4}\b"
                rf"|(?<![\w])(?P<m2>{word})\.? {day}(?:st|nd|rd|th)?,? \d{{4}}\b"
                r"|(?<!\d)\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}\b",
                re.IGNORECASE,
            ),
        )
        # Patterns that open with a digit class, the lookbehind after it: ``re`` then skips to
        # the next digit with its charset scan instead of trying every position of the line
        # (``(?<!\d)\d`` costs 1.2 us per candidate line, ``\d(?<!\d\d)`` 0.8).
        object.__setattr__(
            self, "numeric_date", re.compile(r"\d(?<!\d\d)\d{0,3}[./\-]\d{1,2}[./\-]\d{2,4}\b")
        )
        object.__setattr__(self, "months", frozenset(m.rstrip(".") for m in w["months"]))
        object.__setattr__(self, "time_unit_set", frozenset(w["time_units"]))
        object.__setattr__(self, "relative_set", frozenset(w["relative_words"]))
        object.__setattr__(
            self, "relative_phrases", tuple(sorted(r for r in w["relative_words"] if " " in r))
        )
        object.__setattr__(
            self,
            "date_word_set",
            frozenset(x.rstrip(".") for x in w["date_words"] | w["months"]),
        )
        # Words an author line holds besides the name, one set each for ``cues._leftover``
        # and ``cues._trim_name`` (one lookup a word instead of three to five).
        object.__setattr__(self, "filler_words", self.date_word_set | w["says"] | w["actions"])
        object.__setattr__(
            self,
            "name_tail_words",
            frozenset(w["says"] | w["actions"] | w["badges"] | w["by_words"]),
        )
        object.__setattr__(
            self,
            "time",
            re.compile(
                # ``\b\d{1,2}[:h.]..`` or ``(?<![\w\-])(?:19|20)\d{2}..`` with the digit both
                # open with taken out in front (see ``numeric_date``): 1.9 us -> 0.9 per line.
                r"\d(?:(?<!\w\d)\d?[:h.]\d{2}(?: ?(?:am|pm|a\.m\.|p\.m\.|uhr|h))?(?!\d)"
                r"|(?<![\w\-]\d)[09](?<=19|20)\d{2}(?![\w\-]))",
                re.IGNORECASE,
            ),
        )
        object.__setattr__(
            self,
            "reldate",
            re.compile(r"(?<![\w.,:])\d{1,3} ?(?P<unit>[^\W\d_]{1,12})\b", re.IGNORECASE),
        )
        counted = {
            h.replace("{n}", "").strip() for h in w["comment_headers"] if h.startswith("{n} ")
        }
        object.__setattr__(
            self,
            "header_count",
            re.compile(rf"(?:^|[^\w.,])\d+ ?(?:{_alternation(counted)})\b", re.IGNORECASE),
        )
        object.__setattr__(
            self,
            "pagination",
            re.compile(
                rf"^[«‹←<]* ?(?:(?:{_alternation(w['pagination'])}) ?)?"
                r"(?:\d+|…|\.\.\.)(?: (?:\d+|…|\.\.\.))+"
                rf" ?(?:(?:{_alternation(w['pagination'])}) ?)?[»›→>]*$",
                re.IGNORECASE,
            ),
        )
        # First words of multi-word phrases: a set lookup tells most lines apart before any
        # regex runs (the split stage classifies every line of every dump).
        object.__setattr__(self, "thanks_first", frozenset(t.split()[0] for t in w["thanks"]))
        object.__setattr__(
            self, "comment_by_first", frozenset(t.split()[0] for t in w["comment_by"])
        )
        object.__setattr__(self, "says_words", frozenset(t.split()[-1] for t in w["says"]))
        anchored: tuple[str, ...] = ("footer_starts", "comment_headers", "boilerplate")
        anchored += ("actions", "signoffs", "salutations", "comment_by", "boilerplate_starts")
        anchored += ("pagination",)
        # Per family, the first words its phrases can start with ("{n}" counts as "0"):
        # an anchored alternation of hundreds of phrases costs microseconds per line even
        # when it fails, a set lookup does not.
        object.__setattr__(
            self,
            "leads",
            {
                key: frozenset(first_word(ph.replace("{n}", "0")) for ph in w[key])
                for key in anchored
            },
        )
        # The same, turned around: per first word, the families whose phrases it can start.
        digit_families = frozenset(key for key in anchored if "0" in self.leads[key])
        families: dict[str, set[str]] = {}
        for key in anchored:
            for lead in self.leads[key]:
                families.setdefault(lead, set()).add(key)
        object.__setattr__(self, "digit_families", digit_families)
        object.__setattr__(
            self,
            "lead_families",
            {
                lead: frozenset(keys | (digit_families if lead[:1].isdigit() else set()))
                for lead, keys in families.items()
            },
        )
        phrases = [phrase for key in anchored for phrase in w[key]]
        # Keys of the split stage's prefilter: the first word of one-word phrases, the first
        # two of longer ones ("die kommentarfunktion ..." must not make every "Die ..." line
        # a candidate).
        object.__setattr__(
            self,
            "first_words",
            frozenset(lead_words(ph, 2 if len(ph.split()) > 1 else 1) for ph in phrases),
        )
        # The first word of each key: a line whose first word is none of these has no key.
        object.__setattr__(
            self, "first_word_leads", frozenset(k.split(" ")[0] for k in self.first_words)
        )
        hints = set(self.thanks_first) | set(self.says_words) | set(self.comment_by_first)
        object.__setattr__(self, "hint_tokens", _token_variants(hints))
        # On a long line only a thank-you matters (author lines are short).
        object.__setattr__(self, "thanks_tokens", _token_variants(set(self.thanks_first)))
        counted_words = {c.split()[0] for c in counted if c}
        object.__setattr__(self, "count_words", frozenset(counted_words))
        object.__setattr__(
            self,
            "comment_by_prefix",
            re.compile(rf"^(?:{_alternation(w['comment_by'])}):? ", re.IGNORECASE),
        )
        object.__setattr__(
            self,
            "boiler_start",
            re.compile(rf"^(?:{_alternation(w['boilerplate_starts'])})", re.IGNORECASE),
        )

    # Filled in __post_init__ (kept as attributes so the object stays one immutable value).
    signoff: re.Pattern[str] = field(init=False, repr=False, compare=False)
    salutation: re.Pattern[str] = field(init=False, repr=False, compare=False)
    says: re.Pattern[str] = field(init=False, repr=False, compare=False)
    says_last: re.Pattern[str] = field(init=False, repr=False, compare=False)
    comment_by: re.Pattern[str] = field(init=False, repr=False, compare=False)
    action: re.Pattern[str] = field(init=False, repr=False, compare=False)
    thanks: re.Pattern[str] = field(init=False, repr=False, compare=False)
    header: re.Pattern[str] = field(init=False, repr=False, compare=False)
    footer_start: re.Pattern[str] = field(init=False, repr=False, compare=False)
    boilerplate: re.Pattern[str] = field(init=False, repr=False, compare=False)
    date: re.Pattern[str] = field(init=False, repr=False, compare=False)
    time: re.Pattern[str] = field(init=False, repr=False, compare=False)
    reldate: re.Pattern[str] = field(init=False, repr=False, compare=False)
    numeric_date: re.Pattern[str] = field(init=False, repr=False, compare=False)
    months: frozenset[str] = field(init=False, repr=False, compare=False)
    time_unit_set: frozenset[str] = field(init=False, repr=False, compare=False)
    relative_set: frozenset[str] = field(init=False, repr=False, compare=False)
    relative_phrases: tuple[str, ...] = field(init=False, repr=False, compare=False)
    date_word_set: frozenset[str] = field(init=False, repr=False, compare=False)
    filler_words: frozenset[str] = field(init=False, repr=False, compare=False)
    name_tail_words: frozenset[str] = field(init=False, repr=False, compare=False)
    header_count: re.Pattern[str] = field(init=False, repr=False, compare=False)
    boiler_start: re.Pattern[str] = field(init=False, repr=False, compare=False)
    pagination: re.Pattern[str] = field(init=False, repr=False, compare=False)
    thanks_first: frozenset[str] = field(init=False, repr=False, compare=False)
    comment_by_first: frozenset[str] = field(init=False, repr=False, compare=False)
    says_words: frozenset[str] = field(init=False, repr=False, compare=False)
    first_words: frozenset[str] = field(init=False, repr=False, compare=False)
    leads: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    first_word_leads: frozenset[str] = field(init=False, repr=False, compare=False)
    lead_families: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    digit_families: frozenset[str] = field(init=False, repr=False, compare=False)
    hint_tokens: frozenset[str] = field(init=False, repr=False, compare=False)
    thanks_tokens: frozenset[str] = field(init=False, repr=False, compare=False)
    count_words: frozenset[str] = field(init=False, repr=False, compare=False)
    comment_by_prefix: re.Pattern[str] = field(init=False, repr=False, compare=False)


def _token_variants(words: set[str]) -> frozenset[str]:
    """Words as whitespace-separated tokens may print them: with a trailing punctuation mark
    (``sagt:``, ``Danke,``) or an ``@`` in front."""
    variants = {w + tail for w in words if w for tail in ("", ".", ",", ":", ";", "!", "?")}
    return frozenset(variants | {"@" + v for v in variants})


FIRST_WORD_STRIP = "-–—~.,:;!?()[]{}\"'“”„«»"


def first_word(line: str) -> str:
    """The lowercased first word, the key of the split stage's fast prefilter.

    >>> first_word("– Liebe Grüße, Anna")
    'liebe'
    """
    return lead_words(line, 1)


def lead_words(line: str, count: int) -> str:
    """The first ``count`` words, lowercased and stripped of punctuation.

    >>> lead_words("– Liebe Grüße, Anna", 2)
    'liebe grüße'
    """
    words = []
    for token in line.split(maxsplit=count + 3):
        word = token.strip(FIRST_WORD_STRIP).lower()
        if word:
            words.append(word)
            if len(words) == count:
                break
    return " ".join(words)


def _read_json(text: str, origin: str) -> dict[str, list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PatternFileError(f"{origin}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise PatternFileError(f"{origin}: expected a JSON object with word lists")
    out: dict[str, list[str]] = {}
    for key, value in data.items():
        if key == "language":
            continue
        if key not in KEYS:
            raise PatternFileError(f"{origin}: unknown key {key!r}; known keys: {', '.join(KEYS)}")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PatternFileError(f"{origin}: {key!r} must be a list of strings")
        out[key] = [v.lower() for v in value if v.strip()]
    return out


def builtin_languages() -> tuple[str, ...]:
    folder = resources.files("blogwash") / "patterns"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


@lru_cache(maxsize=16)
def load(languages: tuple[str, ...] | None = None, extra: tuple[str, ...] = ()) -> Patterns:
    """Patterns of the given built-in languages (all by default) plus user files."""
    folder = resources.files("blogwash") / "patterns"
    chosen = languages or builtin_languages()
    words: dict[str, set[str]] = {k: set() for k in KEYS}
    for code in chosen:
        text = (folder / f"{code}.json").read_text(encoding="utf-8")
        for key, values in _read_json(text, f"patterns/{code}.json").items():
            words[key].update(values)
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise PatternFileError(f"{path}: cannot read pattern file ({exc.strerror})") from exc
        for key, values in _read_json(text, path).items():
            words[key].update(values)
    return Patterns(languages=tuple(chosen), words={k: frozenset(v) for k, v in words.items()})
