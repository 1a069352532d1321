"""misread: UTF-8 sequences that ftfy leaves because its badness heuristic does not fire.

ftfy decodes UTF-8 read through the wrong codec only where its heuristic calls the line
bad. Four shapes slip through, each found in its own codec's reading of the UTF-8 byte
structure (a lead byte, then continuation bytes 80-BF) and decoded only with evidence that
the sequence is not meant as written:

``utf8-misread``
    - cp1251 (``mГ©dicament``, ``attention Г bien``: UTF-8 ``é`` and ``à`` read as cp1251,
      the NBSP of ``à`` come back as a space): in a Latin-script line where a Cyrillic
      capital sits inside a Latin word (``SENSЕ`` is not inside), and decoding leaves no
      Cyrillic letter on the line.
      Russian text always keeps Cyrillic letters, so it is never touched.
    - cp437 (``┬┐que``: ``¿`` read as DOS box drawing): a box-drawing sequence glued to a
      letter and to no other box-drawing character, that decodes to a Latin-1 letter or
      ``¿``/``¡``, on a line that has no box drawing left afterwards. Box art is made of box
      characters next to each other, spaces and letters (``├┤a┼┐a``), and keeps some.
    - MacRoman (``pi√π``: ``ù``): a sequence holding a MacRoman symbol (``√``, ``π``, ``∂``)
      glued to a Latin letter, that decodes to a Latin letter. Mathematics puts such
      symbols next to digits and spaces, not inside words.
``leftover-utf8``
    After ftfy: pieces of Arabic, Hebrew, Greek or Cyrillic UTF-8 still in their cp1252
    reading, often because a NBSP byte came back as a space (``Ù Ù Ù¡`` next to Arabic
    words: ``٠٠١``). Only where the line already holds letters of the decoded script.

A false negative leaves the text as ftfy left it; the conditions above are what keeps
correct text (Russian, box art, formulas, French ``OÙ``) from being "decoded".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from blogwash.precheck import MACROMAN_ONLY
from blogwash.singlebyte import to_bytes

_CONT_BYTES = bytes(range(0x80, 0xC0))


def _reading(codec: str, lead: range, extra_cont: str = "") -> re.Pattern[str]:
    """Regex for UTF-8 sequences (2 to 4 bytes) as ``codec`` reads them."""
    cont = "[" + re.escape(_CONT_BYTES.decode(codec, errors="ignore") + extra_cont) + "]"
    parts = []
    for first, count in ((range(0xC2, 0xE0), 1), (range(0xE0, 0xF0), 2), (range(0xF0, 0xF5), 3)):
        chars = bytes(b for b in first if b in lead).decode(codec, errors="ignore")
        if chars:
            parts.append(f"[{re.escape(chars)}]{cont}{{{count}}}")
    return re.compile("(?:" + "|".join(parts) + ")+")


def _utf8(text: str, codec: str) -> str | None:
    try:
        raw = to_bytes(text) if codec == "cp1252" else text.encode(codec)
        return raw.replace(b" ", b"\xa0").decode("utf-8")  # a space: a lost A0 byte
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


_CP1251 = _reading("cp1251", range(0xC2, 0xC6), extra_cont=" ")
_CP437 = _reading("cp437", range(0xC2, 0xF5))
_MACROMAN = _reading("mac-roman", range(0xC2, 0xF5))
# Lead bytes of Hebrew (D7), Greek (CE CF), Cyrillic (D0 D1) and Arabic (D8-DB) in cp1252.
_LEFTOVER = _reading("cp1252", range(0xCE, 0xDC), extra_cont=" \u00a0\x81\x8d\x8f\x90\x9d")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_BOX = re.compile("[\u2500-\u259f]")
_MAC_SYMBOLS = re.compile(f"[{MACROMAN_ONLY}]")
_NON_LATIN = re.compile("[\u0370-\u06ff]")
_SCRIPTS = tuple(
    re.compile(f"[{span}]")
    for span in ("\u0600-\u06ff", "\u0590-\u05ff", "\u0370-\u03ff", "\u0400-\u04ff")
)


def _letter(char: str) -> bool:
    return char.isalpha()


def _latin_letter(char: str) -> bool:
    return char.isalpha() and ord(char) < 0x250


def _sub(
    pattern: re.Pattern[str], codec: str, line: str, ok: Callable[[re.Match[str], str], bool]
) -> str:
    def fix(m: re.Match[str]) -> str:
        decoded = _utf8(m.group(), codec)
        if decoded is None or not ok(m, decoded):
            return m.group()
        # A space that stood in for a lost A0 byte: the NBSP and a real space were often
        # squeezed into one (`Г bien` is `à bien`), so a word right after keeps its space.
        if m.group().endswith(" ") and line[m.end() : m.end() + 1].isalpha():
            decoded += " "
        return decoded

    return pattern.sub(fix, line)


def _around(m: re.Match[str]) -> tuple[str, str]:
    line = m.string
    return line[m.start() - 1 : m.start()], line[m.end() : m.end() + 1]


def fix_cp1251(line: str) -> str:
    """UTF-8 read as cp1251, in a Latin-script line with a sequence inside a Latin word.

    >>> fix_cp1251("faites attention Г bien avant sur le mГ©dicament")
    'faites attention à bien avant sur le médicament'
    >>> fix_cp1251("Г. Москва, ВДНХ"), fix_cp1251("SENSЕ - Oleg")  # Russian, a Cyrillic Е
    ('Г. Москва, ВДНХ', 'SENSЕ - Oleg')
    """
    if _CYRILLIC.search(line) is None:
        return line
    inside = (_around(m) for m in _CP1251.finditer(line))
    if not any(_latin_letter(left) and _latin_letter(right) for left, right in inside):
        return line
    fixed = _sub(_CP1251, "cp1251", line, lambda m, d: all(_latin_letter(c) for c in d))
    return line if _CYRILLIC.search(fixed) else fixed


def fix_cp437(line: str) -> str:
    """UTF-8 read as cp437 (DOS), glued to a word, on a line left without box drawing.

    >>> fix_cp437("┬┐que diferencia hay? Un caf├⌐")
    '¿que diferencia hay? Un café'
    >>> fix_cp437("├┤a┼┐a┼┐a"), fix_cp437("Un caf├⌐ ┌──┐")  # line art stays
    ('├┤a┼┐a┼┐a', 'Un caf├⌐ ┌──┐')
    """
    if _BOX.search(line) is None:
        return line

    def ok(m: re.Match[str], decoded: str) -> bool:
        left, right = _around(m)
        return (
            _BOX.search(m.group()) is not None
            and not (_BOX.match(left) or _BOX.match(right))
            and (_letter(left) or _letter(right))
            and all(c in "¿¡" or (c.isalpha() and ord(c) < 0x100) for c in decoded)
        )

    fixed = _sub(_CP437, "cp437", line, ok)
    return line if _BOX.search(fixed) else fixed


def fix_macroman(line: str) -> str:
    """UTF-8 read as MacRoman, inside a word.

    >>> fix_macroman("al pi√π presto, caf√©, √2 ≈ 1.41")
    'al più presto, café, √2 ≈ 1.41'
    """
    if _MAC_SYMBOLS.search(line) is None:
        return line

    def ok(m: re.Match[str], decoded: str) -> bool:
        left, right = _around(m)
        return (
            _MAC_SYMBOLS.search(m.group()) is not None
            and (_latin_letter(left) or _latin_letter(right))
            and all(_latin_letter(c) for c in decoded)
        )

    return _sub(_MACROMAN, "mac-roman", line, ok)


# What each of the three readings needs on the line before it looks further (Cyrillic, box
# drawing, a MacRoman symbol): one scan for all three rules them out on most lines.
_ANY_READING = re.compile(f"[\u0400-\u04ff\u2500-\u259f{MACROMAN_ONLY}]")


def misread(line: str) -> str:
    """All three ``utf8-misread`` repairs."""
    if _ANY_READING.search(line) is None:
        return line
    return fix_macroman(fix_cp437(fix_cp1251(line)))


def leftovers(line: str) -> str:
    """Non-Latin UTF-8 left in its cp1252 reading next to its own script.

    >>> leftovers("أكثر من Ù Ù Ù¡ بلد")
    'أكثر من ٠٠١ بلد'
    >>> leftovers("OÙ EST LA GARE ?")
    'OÙ EST LA GARE ?'
    """
    if _NON_LATIN.search(line) is None or _LEFTOVER.search(line) is None:
        return line
    present = [script for script in _SCRIPTS if script.search(line)]
    if not present:
        return line

    def ok(m: re.Match[str], decoded: str) -> bool:
        return all(any(script.match(c) for script in present) for c in decoded)

    return _sub(_LEFTOVER, "cp1252", line, ok)
