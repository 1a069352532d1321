"""The C candidate classifier (``blogwash._cclassify``) against its reference,
``cues._classify``: the same Cue on every line of the fixtures and on generated lines made
of the pattern words, digits, dates, times, names, punctuation and tricky Unicode."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogwash import cues
from blogwash.patterns import KEYS, Patterns, load
from tests.conftest import FIXTURES, ROOT

_cclassify = pytest.importorskip("blogwash._cclassify")

P = load()
C = _cclassify.Classifier(P, cues)


def _lead_known(line: str, p: Patterns = P) -> tuple[str, bool]:
    lead, two = cues._lead_words(line)
    return lead, two in p.first_words or lead in p.first_words


def _same(line: str, lead: str, known: bool, p: Patterns = P, c: object = C) -> None:
    want = cues._classify(line, p, lead, known)
    got = c.classify(line, p, lead, known)  # type: ignore[attr-defined]
    assert got == want, (line, lead, known)


def _fixture_lines() -> list[str]:
    lines = []
    paths = sorted(FIXTURES.glob("*/normalize.txt"))
    paths += sorted((ROOT / "tests" / "data" / "split-sample").glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lines += [x for x in text.split("\n") if x and not x.isspace()]
    return lines


def test_fixture_lines_as_candidates() -> None:
    lines = _fixture_lines()
    assert len(lines) > 300
    for line in lines:
        lead, known = _lead_known(line)
        _same(line, lead, known)
        _same(line, lead, not known)


def test_classifier_is_used() -> None:
    assert cues._classifier(P) is cues._classifier(P)
    assert cues._classifier(P) is not cues._classify


def test_other_patterns_and_odd_arguments_fall_back() -> None:
    other = load(("en",))
    line = "Harm Otten says:"
    # a Patterns the Classifier was not built for: the Python reference answers
    assert C.classify(line, other, "harm", False) == cues._classify(line, other, "harm", False)
    c_en = _cclassify.Classifier(other, cues)
    _same("Rebel Raime July 25, 2015 at 7:01 pm", "rebel", False, other, c_en)


_WORDS = sorted({w for key in KEYS for w in P.words[key]})
_TRICKY = [
    "İ",
    "ı",
    "ſ",
    "\u212a",
    "Σ",
    "ς",
    "ΣΑΣ",
    "ß",
    "ǅ",
    "٣",
    "१२",
    "²",
    "½",
    "\u00a0",
    "\u2003",
    "\u3000",
    "\u2028",
    "\x1c",
    "\x85",
    "\ud800",
    "…",
    "...",
    "—",
    "–",
    "·",
    "•",
    "|",
    "«",
    "»",
    "“",
    "„",
    "@",
    "#",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    ".",
    "!",
    "?",
    "-",
    "_",
    "'",
    "’",
    "\n",
    "\t",
    "h",
    "H",
    "http://x.de",
    "www.x",
]
_NAMES = [
    "Harm Otten",
    "Rebel Raime",
    "anna",
    "G.M.",
    "-thh",
    "O'Neil",
    "Åsa",
    "Łukasz",
    "Вася",
    "İlker",
    "ΣΟΦΙΑ",
    "mathias autor",
    "Ruby",
    "berg2012",
]
_DATES = [
    "25. Februar 2020",
    "July 25, 2015",
    "21.04.2020",
    "2020-04-21",
    "3/4/21",
    "12 mars 2019",
    "vor 3 Tagen",
    "3 days ago",
    "il y a 2 jours",
    "Jan., 2015",
    "1st May 2019",
    "Di, 21. April 2020",
    "٢٥.٠٤.٢٠٢٠",
    "2019",
    "1999",
    "20201",
]
_TIMES = [
    "13:02",
    "7:01 pm",
    "7:01pm",
    "7.01 a.m.",
    "13h05",
    "9:30 Uhr",
    "1:12:40",
    "10:20 am",
    "12:5",
    "123:45",
    "٣:٤٥",
    "21:00",
]
_NUMBERS = [
    "1",
    "12",
    "#3",
    "# 4",
    "1234567",
    "12345678",
    "7.",
    "8)",
    "0",
    "٣",
    "2 3 4",
    "1 … 5",
    "« 1 2 3 »",
    "12 Kommentare",
    "(12 comments)",
    "52Comments",
]

_token = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(_WORDS).map(str.title),
    st.sampled_from(_TRICKY),
    st.sampled_from(_NAMES),
    st.sampled_from(_DATES),
    st.sampled_from(_TIMES),
    st.sampled_from(_NUMBERS),
    st.integers(0, 3000).map(str),
    st.text(max_size=6),
)
_glue = st.sampled_from([" ", " ", " ", "", ", ", ": ", " | ", " - ", "\u00a0", "  ", "\t"])


@st.composite
def _lines(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_token, _glue), min_size=1, max_size=16))
    line = "".join(t + g for t, g in parts)
    if draw(st.booleans()):
        line = line.strip()
    return line * draw(st.sampled_from([1, 1, 1, 2, 9]))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_lines(), st.booleans(), st.booleans())
def test_generated_lines(line: str, real_lead: bool, known: bool) -> None:
    if real_lead:
        lead, known = _lead_known(line)
    else:
        lead = cues.first_word(line[::-1])
    _same(line, lead, known)


_PIECES = [
    "0",
    "1",
    "2",
    "3",
    "9",
    "12",
    "31",
    "2019",
    "٣",
    "١٢",
    "²",
    ".",
    ",",
    " ",
    "-",
    "/",
    ":",
    "h",
    "H",
    "am",
    "P.M.",
    "uhr",
    "st",
    "nd",
    "rd",
    "th",
    "er",
    "de ",
    " de",
    "ſt",
    "ST",
    "May",
    "Mai",
    "mars",
    "dezember",
    "ſep",
    "x",
    "_",
    "é",
    "İ",
    "ı",
    "\n",
    "abcdefghijklm",
]


def _date_spans(line: str) -> list[tuple[int, ...]]:
    """``p.date.finditer`` as ``scan("date")`` gives it: each match with its month group."""
    spans = []
    for m in P.date.finditer(line):
        month = "m1" if m.group("m1") is not None else "m2"
        spans.append(m.span() + m.span(month))
    return spans


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_date_time_and_numeric_date_matchers(pieces: list[str]) -> None:
    """The C matchers find what ``finditer`` finds, match by match."""
    line = "".join(pieces)
    assert C.scan("date", line) == _date_spans(line), line
    for name in ("time", "numeric_date"):
        pattern: re.Pattern[str] = getattr(P, name)
        assert C.scan(name, line) == [m.span() for m in pattern.finditer(line)], (name, line)


@pytest.mark.parametrize(
    "line",
    [
        # more words or dates than the C arrays hold: cues._classify answers
        "12:30 " + "|".join(["Anna"] * 100),
        "|".join(["3.4.2020"] * 70),
        "Anna " + "·".join(["21. Mai 2019 um 13:02"] * 40),
        "",
        " ",
        "\n",
        "{",
        "@",
        "@ x",
        "@Anna, danke!",
        "١٢:٣٠",
        "٢٥.٠٤.٢٠٢٠ Anna",
        "İSTANBUL 12:30",
        "ΣΟΦΙΑΣ sagt:",
        "Harm Otten sagt:\n",
        "\ud800 12:30",
        "x" * 5000 + " 12:30",
        "12 " + "x " * 40,
    ],
)
def test_odd_lines(line: str) -> None:
    lead, known = _lead_known(line)
    _same(line, lead, known)


def test_regex_paths_when_the_patterns_differ() -> None:
    """With ``p.time``, ``p.numeric_date`` and ``p.date`` spelled otherwise (same matches),
    the Classifier runs them instead of its own matchers: still the same Cues."""
    p = Patterns(languages=P.languages, words=P.words)
    for name in ("time", "numeric_date", "date"):
        pattern: re.Pattern[str] = getattr(P, name)
        object.__setattr__(p, name, re.compile(f"(?:{pattern.pattern})", pattern.flags))
    c = _cclassify.Classifier(p, cues)
    for line in _fixture_lines() + [d + " " + t for d in _DATES for t in _TIMES]:
        lead, known = _lead_known(line, p)
        _same(line, lead, known, p, c)


# The whole-line phrase patterns and p.says, answered by the C module on ASCII lines
# without "\n" (Classifier.match): lines made of a phrase ("{n}" as digits) in any case,
# what may stand before it and endings that the patterns' tails take or refuse.
_LINE_PATTERNS = ("action", "boilerplate", "footer_start", "header", "says")
_PHRASES = sorted(
    {
        w
        for key in ("actions", "boilerplate", "footer_starts", "comment_headers", "says")
        for w in P.words[key]
        if w.isascii()
    }
)
_ENDINGS = [
    "",
    " ",
    "  ",
    ".",
    "...",
    ":",
    " :",
    "!",
    " (3)",
    " [12]",
    "(12",
    " 12]",
    "12",
    ' "quote',
    '"',
    " x",
    "s",
    "_",
    "-",
    ",",
    ": hi",
    " ... ok",
    " Anna",
    "x" * 59,
    " " + "y" * 59,
    " " + "y" * 60,
]
_case = st.sampled_from([str, str.upper, str.title, str.swapcase])


@st.composite
def _phrase_lines(draw: st.DrawFn) -> str:
    phrase = draw(st.sampled_from(_PHRASES))
    while "{n}" in phrase:
        phrase = phrase.replace("{n}", draw(st.sampled_from(["0", "7", "12", "2020"])), 1)
    before = draw(st.sampled_from(["", "", "12 ", "3", "Anna ", "Harm Otten ", ":", "x" * 80]))
    endings = draw(st.lists(st.sampled_from(_ENDINGS), max_size=3))
    return before + draw(_case)(phrase) + "".join(endings)


@settings(max_examples=4000, deadline=None)
@given(_phrase_lines())
def test_line_patterns_matched_in_c(line: str) -> None:
    for name in _LINE_PATTERNS:
        got = C.match(name, line)
        assert got is not NotImplemented, (name, line)
        m = getattr(P, name).match(line)
        if name == "says":
            assert got == (None if m is None else (m.span("name"), m.span("rest"))), line
        else:
            assert got == (m is not None), (name, line)
    lead, known = _lead_known(line)
    _same(line, lead, known)
    _same(line, lead, not known)


@pytest.mark.parametrize(
    "line",
    [
        "Reply",
        "REPLY  ",
        "Reply\n",
        "Réply",
        "Reply ſ",
        "12 Comments (3)",
        "12 comments:",
        '3 Comments "On the road"',
        "Comments [12",
        "Older posts",
        "Harm Otten says:",
        "Harm Otten SAYS",
        "Harm: Otten says",
        "Harm Otten sagt …",
        "Harm Otten säger:",
        "ΣΟΦΙΑ says:",
        "x" * 80 + " says:",
        "x" * 79 + " says:",
        "Anna: thanks",
    ],
)
def test_line_patterns_edges(line: str) -> None:
    """ASCII lines are answered in C, others (non-ASCII, "\\n") by the regex: same Cue."""
    plain = line.isascii() and "\n" not in line
    for name in _LINE_PATTERNS:
        assert (C.match(name, line) is NotImplemented) == (not plain), (name, line)
    lead, known = _lead_known(line)
    _same(line, lead, known)
    _same(line, lead, not known)


_THANKS = sorted(P.words["thanks"])


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_THANKS).map(str.title),
            st.sampled_from(_THANKS),
            st.sampled_from(_NAMES),
            st.sampled_from(["x", "Anna", "@", "@ ", "ok", "Thanksgiving", "tack123", "é"]),
        ),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.sampled_from([" ", ",", ".", "!", ", ", "", "-", ":"]), min_size=8, max_size=8),
)
def test_thanks_found_where_the_search_finds_it(words: list[str], glue: list[str]) -> None:
    """``p.thanks.search`` is tried only where a phrase can open: same thank-you cues."""
    line = "".join(w + g for w, g in zip(words, glue[: len(words)], strict=True))
    lead, known = _lead_known(line)
    _same(line, lead, known)


def test_line_patterns_spelled_otherwise_run_the_regex() -> None:
    """With p.says, p.thanks and the whole-line patterns spelled otherwise (same matches),
    the Classifier leaves them to the regex: Classifier.match declines, same Cues."""
    p = Patterns(languages=P.languages, words=P.words)
    for name in ("action", "boilerplate", "footer_start", "header", "says", "thanks"):
        pattern: re.Pattern[str] = getattr(P, name)
        object.__setattr__(p, name, re.compile(f"(?:{pattern.pattern})", pattern.flags))
    c = _cclassify.Classifier(p, cues)
    for name in _LINE_PATTERNS:
        assert c.match(name, "Reply") is NotImplemented
    lines = _fixture_lines() + ["Reply", "12 Comments", "Anna says:", "Danke, Anna!", "x, thanks"]
    for line in lines:
        lead, known = _lead_known(line, p)
        _same(line, lead, known, p, c)


def test_fold_lists_of_the_c_module() -> None:
    """The characters beyond ASCII / Latin-1 that match an ASCII / Latin-1 character under
    IGNORECASE, as _cphrasestart.h lists them (special_fold, latin1_fold): over all code
    points (a character class takes the same case-insensitive matches as a literal)."""

    def folding_into(top: int) -> list[int]:
        chars = "".join(re.escape(chr(c)) for c in range(top))
        cls = re.compile(f"[{chars}]", re.IGNORECASE)
        return [
            c
            for c in range(top, 0x110000)
            if not 0xD800 <= c < 0xE000 and cls.fullmatch(chr(c)) is not None
        ]

    assert folding_into(128) == [0x130, 0x131, 0x17F, 0x212A]
    latin1 = [0x130, 0x131, 0x178, 0x17F, 0x39C, 0x3BC, 0x1E9E, 0x212A, 0x212B]
    assert folding_into(256) == latin1
    for c in latin1:  # and each as a literal matches one
        literal = re.compile(re.escape(chr(c)), re.IGNORECASE)
        assert any(literal.fullmatch(chr(t)) for t in range(256))


@pytest.mark.parametrize(
    "line",
    [
        "2 Gedanken zu „Folge 70“",
        "1 Teelöffel Backpulver",
        "3 Kommentare zu „Süß“",
        "12 réponses",
        "12 RÉPONSES:",
        "Une réflexion sur « x »",
        "Datenschutzerklärung",
        "Teilen …",
        "Partager…",
        "Réponse",
        "12 Ÿ comments",
        "12 µ Kommentare",
    ],
)
def test_latin1_phrase_lines(line: str) -> None:
    """Latin-1 lines: the phrase openings are compared there too (no regex for most)."""
    lead, known = _lead_known(line)
    _same(line, lead, known)
    _same(line, lead, not known)
