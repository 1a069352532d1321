"""singlebyte: Central European and Cyrillic text that was read as cp1252 or Latin-1.

ftfy undoes UTF-8 read with the wrong codec, because UTF-8 is self-checking: a wrong guess
does not decode. Two single-byte codecs mixed up give no such check, every byte decodes in
both, so ftfy leaves them alone (its long-standing gap). Polish in cp1250 read as cp1252
shows ``Za¿ó³æ gêœl¹``, Russian in cp1251 shows ``Ïðèâåò``, KOI8-R shows ``ðÒÉ×ÅÔ``.

We decide per segment (a run of characters that cp1252/Latin-1 can hold: a correct ``ł``
or emoji elsewhere on the line is not touched) by *oddity*, a count of shapes that real
words do not have:

- a symbol between two letters (``Za¿ó³æ``: ``¿`` and ``³`` inside a word) — strong;
- a symbol glued to a word's edge (``gêœl¹``) — weak, it takes two such words: ``m³``
  and ``nº`` are real, and a unit after a number never counts;
- a word mixing Latin and Cyrillic or Greek letters, a lowercase letter followed by an
  uppercase accented one (``ðÒ``), an accented capital inside a word (``JÌrgen``), a C1
  control — strong;
- the accented letters of no one language (``Dìkuji, èlánek``: ì, è and ý): evidence for a
  Latin reading that uses the letters of one (``Děkuji, článek``, Czech);
- for Cyrillic only: runs of three or more Latin-1 letters (``Ïðèâåò``) in at least two
  words, or one run of five: clean Latin-script words put accents between plain letters.

A reading in cp1250, ISO-8859-2, MacRoman, cp1251 or KOI8-R replaces the segment only when
the segment has strong evidence and the new reading has no oddity at all; a Latin reading
must also use the letters of one language only (``_ALPHABETS``). When several
readings qualify (cp1250 and ISO-8859-2 share most letters), chardet on the segment's bytes
picks, else the order of ``TARGETS``. The cost of this caution is a false negative on
short or weakly marked text (``siê`` alone stays); a false positive would corrupt correct
text (Icelandic ``þýðing``, ``10 m³``), which is worse.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

import chardet

TARGETS = ("cp1250", "iso8859-2", "mac-roman", "cp1251", "koi8-r")
_CYRILLIC_TARGETS = frozenset({"cp1251", "koi8-r"})

# cp1252's characters for bytes 80-9F -> the C1 controls Latin-1 gives the same bytes, so
# one `.encode("latin-1")` gives the bytes back whichever of the two was used.
_TO_LATIN1 = {
    ord(bytes([b]).decode("cp1252")): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_SOURCE_CHARS = "".join(chr(c) for c in _TO_LATIN1)
# A segment: a maximal run of what cp1252 or Latin-1 can hold; only runs with a non-ASCII
# character are looked at. (Matching the runs and testing them afterwards keeps this linear:
# a pattern that demands the non-ASCII character inside the match rescans every ASCII run
# from each of its positions, quadratic on one long line.)
_SEGMENT = re.compile(f"[\\x00-\\xff{_SOURCE_CHARS}]+")
_TOKEN = re.compile(r"\S+")
# The letters beyond ASCII of the languages the Latin targets serve. A Latin re-reading must
# stay inside one alphabet: leetspeak like ``MÄ£ÄM ÌÑÌ`` would come out with Ł, Ě and Ä at
# once, which no language writes.
_ALPHABETS = tuple(
    frozenset(letters)
    for letters in (
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "áéíóöőúüű",  # Hungarian
        "čćđšž",  # Croatian, Bosnian, Slovenian
        "ăâîşţșț",  # Romanian
        "äöüß",  # German
        "áéíóúñü",  # Spanish
        "àâçéèêëîïôûùüÿœæ",  # French
        "ãõáéíóúâêôàç",  # Portuguese
        "àèéìíîòóù",  # Italian
        "åäöæøé",  # Scandinavian
        "äöõüšž",  # Finnish, Estonian
        "áéíóúàèëïöüêç",  # Dutch, Afrikaans
        "àçèéíïòóú",  # Catalan
        "áðéíóúýþæö",  # Icelandic, Faroese
        "âêîôûŵŷáéíóúàèìòù",  # Welsh, Irish, Scottish Gaelic
        "çğıöşüâî",  # Turkish
    )
)
# Symbols that are not evidence even between letters: Catalan l·l, apostrophes, and dashes
# and quotes, which writers glue to words (``self–identify``, ``Satire“partei“``): as
# evidence they would turn those into ``selfñidentify`` (MacRoman). The cost: MacRoman
# ``Espa–a`` is left alone.
_JOINERS = frozenset("·’'ʼ‘-‐–—“”„‚«»‹›")
_LATIN1 = "[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]"
_LATIN1_RUN = re.compile(_LATIN1 * 4 + "*")  # three or more; not {3,}, which scans slowly
# Symbols of cp1252/Latin-1 that are letters in one of the targets (``³`` is ``ł`` in
# cp1250): glued to a word they are weak evidence; other punctuation there is normal.
_EVIDENCE = frozenset(
    char
    for b in range(0x80, 0x100)
    for char in [bytes([b]).decode("latin-1" if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else "cp1252")]
    if not char.isalpha()
    and not "\u2000" <= char <= "\u206f"  # quotes, dashes, daggers: normal at a word's edge
    and any(bytes([b]).decode(t, errors="replace").isalpha() for t in TARGETS)
)
# Spanish opens questions and exclamations with these: at a word's start they are normal.
_OPENERS = frozenset("¿¡")


_SOURCE = frozenset(chr(c) for c in range(0x80, 0x100)) | frozenset(_SOURCE_CHARS)
_SYMBOLS = "".join(sorted(c for c in _SOURCE if not (c.isalpha() or c.isspace() or c in _JOINERS)))
_UPPER = "".join(sorted(c for c in _SOURCE if c.isupper()))
_LOWER = "a-z" + "".join(sorted(c for c in _SOURCE if c.islower()))
# Characters worth a closer look (a symbol, an accented capital, a C1 control), found by a
# fast character-class scan; clean text has a few per line at most.
RARE = re.compile(f"[{re.escape(_SYMBOLS)}{_UPPER}\\x80-\\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _script(char: str) -> str:
    code = ord(char)
    if 0x370 <= code < 0x400:
        return "greek"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    return "latin" if code < 0x250 or 0x1E00 <= code < 0x1F00 else "other"


def _is_symbol(char: str) -> bool:
    return not (char.isascii() or char.isalpha() or char.isspace() or char in _JOINERS)


def _letter_beside(token: str, i: int, step: int) -> bool:
    """Is there a letter next to ``token[i]``, looking past symbols (``r√•b``)?"""
    i += step
    while 0 <= i < len(token) and _is_symbol(token[i]):
        i += step
    return 0 <= i < len(token) and token[i].isalpha()


def _word_oddity(token: str) -> tuple[int, int]:
    """(strong, weak) oddity of one whitespace-separated token."""
    if token.isascii():
        return 0, 0
    strong = weak = 0
    for i, char in enumerate(token):
        if "\x80" <= char <= "\x9f":
            strong += 1
        elif _is_symbol(char):
            before = _letter_beside(token, i, -1)
            after = _letter_beside(token, i, 1)
            if before and after:
                strong += 1
            elif (before or after) and char in _EVIDENCE and not (i == 0 and char in _OPENERS):
                weak += 1
        elif (
            i > 0
            and char.isupper()
            and token[i - 1].islower()
            and not (char.isascii() and token[i - 1].isascii())
        ):
            strong += 1  # ``ðÒ``: lowercase, then an uppercase letter
        elif (
            0 < i < len(token) - 1
            and char.isupper()
            and not char.isascii()
            and token[i - 1].isalpha()
            and token[i + 1].islower()
        ):
            strong += 1  # ``JÌrgen``: an accented capital inside a lowercase word
    scripts = {_script(c) for c in token if c.isalpha()}
    if len(scripts) > 1:
        strong += 1
    return strong, weak


def oddity(text: str) -> tuple[int, int]:
    """(strong, weak) counts of shapes real words do not have.

    >>> oddity("Za¿ó³æ gêœl¹"), oddity("Zażółć gęślą"), oddity("10 m³ und ¿Qué?")
    ((2, 1), (0, 0), (0, 1))
    >>> oddity("“Quoted”, he said — and left…")
    (0, 0)
    """
    strong = weak = 0
    for token in _TOKEN.findall(text):
        s, w = _word_oddity(token)
        strong += s
        weak += w
    return strong, weak


def evidence_at(text: str, i: int) -> str | None:
    """Is ``text[i]`` (a match of ``RARE``) a sign of a single-byte mix-up: ``"strong"``,
    ``"weak"`` or ``None``? Shared by ``_maybe`` and the precheck, so they cannot drift.

    >>> evidence_at("Coatl‡n", 5), evidence_at("by³ ³atwy", 2), evidence_at("“Hi”", 0)
    ('strong', 'weak', None)
    """
    char = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char.isupper():
        if before.isalpha() and (before.islower() or after.islower()):
            return "strong"
        return None
    if "\x80" <= char <= "\x9f" or before.isalpha() and _letter_beside(text, i, 1):
        return "strong"
    if char in _EVIDENCE and (before.isalpha() or after.isalpha()):
        return "weak"
    return None


def _maybe(segment: str) -> bool:
    """Could ``segment`` hold enough evidence? A cheap over-approximation of ``fix_segment``'s
    test: one strong sign, or weak signs in two places, or a Latin-1 run."""
    if _LATIN1_RUN.search(segment):
        return True
    weak = 0
    for m in RARE.finditer(segment):
        kind = evidence_at(segment, m.start())
        if kind == "strong":
            return True
        if kind == "weak":
            weak += 1
            if weak >= 2:
                return True
    return False


def _one_alphabet(text: str) -> bool:
    return _fits_one_alphabet(frozenset(_NON_ASCII.findall(text)))


# Lines of one language keep asking about the same few characters (``ä ö ü ß „ “``).
@lru_cache(maxsize=4096)
def _fits_one_alphabet(chars: frozenset[str]) -> bool:
    letters = {c.lower() for c in chars if c.isalpha()}
    return any(letters <= alphabet for alphabet in _ALPHABETS)


_NUMBER = re.compile(r"[\d.,/]+")


def _weak_words(text: str) -> int:
    """Words with weak evidence, not counting units after a number (``10 m³``)."""
    tokens = _TOKEN.findall(text)
    return sum(
        1
        for k, token in enumerate(tokens)
        if _word_oddity(token)[1] and not (k and _NUMBER.fullmatch(tokens[k - 1]))
    )


def _cyrillic_evidence(text: str) -> bool:
    runs = [len(m.group()) for m in _LATIN1_RUN.finditer(text)]
    return len(runs) >= 2 or any(n >= 5 for n in runs)


def to_bytes(text: str) -> bytes:
    """The bytes that cp1252 or Latin-1 (whichever has the character) read as ``text``.

    >>> to_bytes("Za¿ó³æ €\x81")
    b'Za\\xbf\\xf3\\xb3\\xe6 \\x80\\x81'
    """
    return text.translate(_TO_LATIN1).encode("latin-1")


def _reading(segment: str, target: str) -> str | None:
    """``segment`` re-read in ``target``, or None if it does not decode or changes nothing."""
    try:
        text = to_bytes(segment).decode(target)
    except UnicodeDecodeError:
        return None
    return None if text == segment else text


@lru_cache(maxsize=1)
def _chardet_names() -> dict[str, str]:
    return {codecs.lookup(t).name: t for t in TARGETS}


def _chardet_order(segment: str, candidates: list[str]) -> list[str]:
    raw = to_bytes(segment)
    names = _chardet_names()
    ranked: list[str] = []
    for guess in chardet.detect_all(raw):
        name = guess.get("encoding")
        if not name:
            continue
        try:
            target = names.get(codecs.lookup(name).name)
        except LookupError:
            continue
        if target in candidates and target not in ranked:
            ranked.append(target)
    return ranked + [c for c in candidates if c not in ranked]


# Each target's reading of every character a segment can hold: a reading is a map of
# characters, so what it does to a segment's alphabet can be seen from its distinct letters.
# Only the Central European readings take "no one language's accents" as evidence on its
# own: MacRoman moves nearly every accented letter, so it would see evidence everywhere.
_FOREIGN_TARGETS = ("cp1250", "iso8859-2")
_MAPS = {
    target: {
        c: to_bytes(c).decode(target, errors="replace")
        for c in "".join(chr(b) for b in range(0x80, 0x100)) + _SOURCE_CHARS
    }
    for target in TARGETS
    if target not in _CYRILLIC_TARGETS
}
# Characters whose Central European reading is another letter, or no longer a letter: a
# repair on "foreign" evidence changes the segment's letters, so it needs one of these (the
# precheck relies on it).
SHIFT = "".join(
    sorted(
        c
        for c in _MAPS["cp1250"]
        if any(
            _MAPS[t][c] != c and (c.isalpha() or _MAPS[t][c].isalpha()) for t in _FOREIGN_TARGETS
        )
    )
)


def _some_reading_fits(segment: str) -> bool:
    """Does some Latin reading turn the segment's accented letters into one alphabet?

    The cheap test before the readings are made: on distinct characters, not on the text.
    """
    chars = set(_NON_ASCII.findall(segment))
    return any(
        _one_alphabet("".join(_MAPS[target].get(c, c) for c in chars))
        for target in _FOREIGN_TARGETS
    )


def _changed(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def _new_lone_letters(a: str, b: str) -> int:
    """Letters in ``b`` made from non-letters of ``a`` that stand alone (``–`` -> ``ñ``)."""
    return sum(
        1
        for i, (x, y) in enumerate(zip(a, b, strict=True))
        if y.isalpha()
        and not x.isalpha()
        and not (i > 0 and b[i - 1].isalpha())
        and not (i + 1 < len(b) and b[i + 1].isalpha())
    )


def fix_segment(segment: str) -> str:
    """The best single-byte re-reading of ``segment``, or ``segment`` itself.

    >>> fix_segment("Za¿ó³æ gêœl¹ jaŸñ")
    'Zażółć gęślą jaźń'
    >>> fix_segment("Ïðèâåò, êàê äåëà?")
    'Привет, как дела?'
    >>> fix_segment("ðÒÉ×ÅÔ, ËÁË ÄÅÌÁ?")
    'Привет, как дела?'
    >>> fix_segment("Dziêkujê, przepis by³ ³atwy")  # weak evidence in two words
    'Dziękuję, przepis był łatwy'
    >>> fix_segment("Dìkuji, èlánek je skvìlý")  # ì, è, ý: no one language's accents
    'Děkuji, článek je skvělý'
    >>> fix_segment("Coatl‡n conf’an")  # MacRoman read as cp1252
    'Coatlán confían'
    >>> fix_segment("þýðing, 10 m³, nº 5, ¿Qué?")  # correct text stays
    'þýðing, 10 m³, nº 5, ¿Qué?'
    >>> fix_segment("Tank: 10 m³, Keller: 20 m³ à 5 €")  # units after numbers are no evidence
    'Tank: 10 m³, Keller: 20 m³ à 5 €'
    >>> fix_segment("Bremer/Mccoy – DrÃ¥ber")  # MacRoman would give ñ and Dr√•ber
    'Bremer/Mccoy – DrÃ¥ber'
    >>> fix_segment("MÄ£ÄM ÌÑÌ Q £ÄGÌ")  # leetspeak: Ł, Ě and Ä are no one language
    'MÄ£ÄM ÌÑÌ Q £ÄGÌ'
    """
    foreign = not _one_alphabet(segment)
    maybe = _maybe(segment)
    if not maybe and not (foreign and _some_reading_fits(segment)):
        return segment
    # Without `maybe`, oddity, Cyrillic runs and weak words are known to be nil.
    strong = oddity(segment)[0] if maybe else 0
    cyrillic = maybe and _cyrillic_evidence(segment)
    weak_words = _weak_words(segment) if maybe else 0
    if not (strong or cyrillic or weak_words >= 2 or foreign):
        return segment
    chars = set(_NON_ASCII.findall(segment))
    good: dict[str, str] = {}
    for target in TARGETS:
        if target in _CYRILLIC_TARGETS:
            if not (cyrillic or strong >= 2):
                continue
        elif not (strong or weak_words >= 2 or foreign) or not _one_alphabet(
            "".join(_MAPS[target].get(c, c) for c in chars)
        ):
            continue  # cheap: the reading's alphabet, seen on distinct characters
        text = _reading(segment, target)
        if text is None:
            continue
        if target not in _CYRILLIC_TARGETS:
            changed = _changed(segment, text)
            evidence = (
                strong
                or (weak_words >= 2 and changed >= 3)
                or (foreign and target in _FOREIGN_TARGETS)
            )
            if not (evidence and changed >= 2):
                continue
        if not _new_lone_letters(segment, text) and oddity(text) == (0, 0):
            good[target] = text
    if not good:
        return segment
    if len(good) == 1:
        return next(iter(good.values()))
    return good[_chardet_order(segment, list(good))[0]]


def fix(line: str) -> str:
    """Re-read each cp1252/Latin-1 segment of ``line`` where that is clearly better.

    >>> fix("Komentarz: Za¿ó³æ gêœl¹ jaŸñ — “ok” 👍")
    'Komentarz: Zażółć gęślą jaźń — “ok” 👍'
    """
    return _SEGMENT.sub(
        lambda m: m.group() if m.group().isascii() else fix_segment(m.group()), line
    )
