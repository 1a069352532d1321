"""The compiled prefilter (``blogwash._cprefilter``) gives what the Python reference
``cues._classify_lines_py`` gives: the same cues, line for line, on the fixtures and on
hypothesis-generated pages of tricky lines (Unicode digits and spaces, capital sigma,
dotted capital I, long lines cut inside a word, repeated lines for the page cache).

Each page is compared twice: with the real ``_classify``, and with a probe classify whose
cue shows what it was called with, so which lines are candidates and the lead word and
``known`` they get are compared too, not only the final cues. Skipped when the extension
is not built (``python setup.py build_ext --inplace``). ``Prefilter.lines`` is compared with
split.split's list expression on edge cases and hypothesis texts of all kinds of whitespace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogwash import cues
from blogwash.cues import Cue
from blogwash.patterns import FIRST_WORD_STRIP, Patterns, lead_words, load

_cprefilter = pytest.importorskip("blogwash._cprefilter")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


Classify = Callable[[str, Patterns, str, bool], Cue]


def probe(line: str, p: Patterns, lead: str, known: bool) -> Cue:
    """A classify that shows its arguments (the cache rules stay those of real cues)."""
    return Cue("probe", name=f"{lead}|{known}", thanked=line[-3:])


def assert_same(lines: Sequence[str], p: Patterns | None = None) -> None:
    p = p or load()
    for classify in (cues._classify, probe):
        compiled = _cprefilter.Prefilter(p, classify, cues._TEXT, lead_words)
        expected = cues._classify_lines_py(lines, p, classify)
        assert compiled.classify_lines(lines) == expected


def test_classify_lines_uses_the_compiled_prefilter() -> None:
    lines = ["Reply", "Harm Otten sagt:", "The cake is done."]
    assert cues.classify_lines(lines, load()) == cues._classify_lines_py(lines, load())
    assert isinstance(cues._compiled(load()).prefilter, _cprefilter.Prefilter)


@pytest.mark.parametrize("case", sorted(p.parent.name for p in FIXTURES.glob("*/normalize.txt")))
def test_fixture_lines(case: str) -> None:
    text = (FIXTURES / case / "normalize.txt").read_text(encoding="utf-8")
    assert_same([line for line in text.split("\n") if line and not line.isspace()])


def test_lowering_keeps_tokens_apart() -> None:
    """What lowering the head token by token relies on: no code point gains or loses
    whitespace when lowered, and whitespace bounds the final-sigma context."""
    for c in map(chr, range(0x110000)):
        assert any(x.isspace() for x in c.lower()) == c.isspace(), hex(ord(c))
        if c.isspace():
            assert ("AΣ" + c + "b").lower()[1] == "ς", hex(ord(c))
            assert ("a" + c + "Σ").lower()[-1] == "σ", hex(ord(c))


def test_odd_lines() -> None:
    lines = [
        "ΟΔΥΣΣΕΥΣ sagt:",
        "ΣΑΣ",
        "İstanbul sagt:",
        "İ",
        "٣ Kommentare",
        "²",
        "３ comments",
        "Reply\u00a0↓",
        "Harm\u2003Otten sagt:",
        "\x1cReply",
        "@Petra: danke",
        "{ 2 trackbacks }",
        "– Liebe Grüße, Anna",
        "– – –",
        "x" * 119 + "é Reply",
        "x" * 120 + " sagt:",
        "sagt: " + "y" * 200,
        " " * 130 + "Reply",
        "\ud800 sagt:",
        "\U00010400\U00010401 sagt:",
        "a " * 13 + "1",
        "a " * 14 + "1",
        "Reply",
        "Reply",
        "25. Februar 2020 um 13:02 Uhr",
        "26. Februar 2020 um 14:12 Uhr",
    ]
    assert_same(lines)
    with pytest.raises(IndexError):
        _cprefilter.Prefilter(load(), probe, cues._TEXT, lead_words).classify_lines([""])


def classify_changing(change: str, compiled: bool) -> list[Cue]:
    """The cues of a page whose classify changes the page's list the first two times."""
    lines = ["Reply", "Harm Otten sagt:", "The cake is done.", "Antworten", "Reply", "1"]
    calls = 0

    def classify(line: str, p: Patterns, lead: str, known: bool) -> Cue:
        nonlocal calls
        calls += 1
        if calls <= 2 and lines:
            if change == "append":
                lines.append(f"Reply {calls}")
            elif change == "pop":
                lines.pop()
            elif change == "clear":
                lines.clear()
            else:
                lines.insert(0, "x")
        return probe(line, p, lead, known)

    if compiled:
        result: list[Cue] = _cprefilter.Prefilter(
            _P, classify, cues._TEXT, lead_words
        ).classify_lines(lines)
        return result
    return cues._classify_lines_py(lines, _P, classify)


@pytest.mark.parametrize("change", ["append", "pop", "clear", "insert"])
def test_a_classify_that_changes_the_lines(change: str) -> None:
    """A list of lines is read as Python's ``for`` reads it, up to its current length."""
    assert classify_changing(change, True) == classify_changing(change, False)


def test_lines_of_any_sequence() -> None:
    lines = ("Reply", "The cake is done.", "Reply")
    assert_same(list(lines))
    prefilter = _cprefilter.Prefilter(_P, probe, cues._TEXT, lead_words)
    expected = cues._classify_lines_py(lines, _P, probe)
    assert prefilter.classify_lines(lines) == prefilter.classify_lines(iter(lines)) == expected
    assert prefilter.classify_lines([]) == []
    with pytest.raises(TypeError):
        prefilter.classify_lines(["Reply", b"x"])


def test_head_token_boundaries() -> None:
    """Tokens starting and ending around the 16-, 64- and HINT_CHARS-code-point marks of
    the head scan, after each kind of whitespace (and near misses), in 1-, 2- and 4-byte
    lines, with Latin-1 tokens and wider ones."""
    page = []
    # Latin-1 and BMP whitespace, and near misses that are not whitespace.
    latin1 = [" ", "\t", "\x1c", "\x1f", "\x85", "\xa0", "\r", "\x08", "\x21", "\x84"]
    bmp = ["\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
    bmp += ["\u200b", "\u2027", "\u202a", "\u205e", "\u180e", "\u3001", "\u0120", "\ufeff"]
    for space in latin1 + bmp:
        for word in ["sagt:", "Reply", "thanks", "by", "Anna", "x"]:
            for pos in [*range(0, 20), *range(58, 70), *range(110, 130)]:
                page.append("Die " + "y" * pos + space + word + " und so weiter" * 2)
                page.append("Die Katze " + "é" * pos + space + word)
                page.append("Die Katze " + "ŉ" * pos + space + word + " ÿ " + word)
                page.append(word + space + "z" * pos + space + word + "’")
                page.append("a b " + "c" * pos + space + word + "\U0001f600")
    assert_same(page)


# Lines built from pattern words in any case, digits of several scripts, Unicode spaces,
# the stripped punctuation and letters whose lowercase is special.
_P = load()
WORDS = sorted(_P.first_words | _P.hint_tokens | _P.first_word_leads) + [
    "the",
    "Harm",
    "Otten",
    "Februar",
    "2020",
    "13:02",
    "ΟΔΥΣΣΕΥΣ",
    "İstanbul",
    "STRASSE",
    "Привет",
]
ODD = list("ΣςİẞßŉǅΩK٣²３৪Ⅻ½0159@{}’é\u0345\u0307\u00ad\ud800𐐀") + list(FIRST_WORD_STRIP)
SPACES = [" ", " ", " ", "\u00a0", "\u2003", "\u3000", "\t", "\x1c", "\x85", "\u200b"]


@st.composite
def tokens(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        word = draw(st.sampled_from(WORDS))
        case = draw(st.sampled_from([str.lower, str.upper, str.title, str.swapcase]))
        return draw(st.sampled_from(["", *FIRST_WORD_STRIP])) + case(word)
    if kind == 1:
        return "".join(draw(st.lists(st.sampled_from(ODD), min_size=1, max_size=4)))
    if kind == 2:
        return draw(st.text(min_size=1, max_size=12))
    return "x" * draw(st.integers(100, 125))


@st.composite
def lines(draw: st.DrawFn) -> str:
    words = draw(st.lists(tokens(), min_size=1, max_size=20))
    line = ""
    for word in words:
        line += word + draw(st.sampled_from(SPACES))
    line = line if draw(st.booleans()) else line.rstrip(" ")
    return line if line and not line.isspace() else "x"


@SETTINGS
@given(st.lists(lines(), min_size=1, max_size=30), st.data())
def test_random_pages(page: list[str], data: st.DataObject) -> None:
    # Repeated lines and lines that differ only in their digits exercise the page cache.
    repeats = data.draw(st.lists(st.sampled_from(page), max_size=5))
    shifted = [line.translate(str.maketrans("0123456789", "9876543210")) for line in repeats]
    assert_same(page + repeats + shifted)


# ``Prefilter.lines``: split.split's line list.
def py_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line and not line.isspace()]


def c_lines(text: str) -> list[str]:
    result: list[str] = _cprefilter.Prefilter(_P, probe, cues._TEXT, lead_words).lines(text)
    return result


# The whitespace str.isspace knows (and "\n" is the only one lines splits on), and some that
# it does not (ZERO WIDTH SPACE, BOM).
LINE_SPACES = [" ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"]
LINE_SPACES += ["\u00a0", "\u1680", "\u2000", "\u2003", "\u2028", "\u2029", "\u3000"]
LINE_SPACES += ["\u200b", "\ufeff"]


def test_lines_edges() -> None:
    texts = ["", "\n", "\n" * 5, " ", "a", "a\n", "\na", "a\n\nb", "\r\n", "a\r\nb\r\n"]
    texts += [c for c in LINE_SPACES] + ["\n".join(LINE_SPACES), "x\n\u2028\ny\x85z"]
    texts += ["é\n \n€", "\ud800\n\n\U00010400", "a" * 5000 + "\n" + "b" * 70, "\n" * 65 + "c"]
    for text in texts:
        assert c_lines(text) == py_lines(text), repr(text)
    with pytest.raises(TypeError):
        _cprefilter.Prefilter(_P, probe, cues._TEXT, lead_words).lines(b"a\nb")


def test_split_uses_the_compiled_lines() -> None:
    prefilter = cues._compiled(load()).prefilter
    assert prefilter is not None
    text = "Title\n\n \u00a0\nBody text.\nReply"
    assert prefilter.lines(text) == py_lines(text) == ["Title", "Body text.", "Reply"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = st.one_of(
        st.sampled_from(LINE_SPACES + ["\n", "\n", "\n\n"]),
        st.text(max_size=8),
        st.text(alphabet=LINE_SPACES, min_size=1, max_size=5),
        lines(),
    )
    return "".join(draw(st.lists(pieces, max_size=40)))


@SETTINGS
@given(texts())
def test_random_texts_lines(text: str) -> None:
    assert c_lines(text) == py_lines(text)
