"""plausible: what a reader notices at once in text decoded with the wrong code page.

Two signs, both inside words of a cased script (Latin, Greek, Cyrillic), where real text
almost never has them and a wrong single-byte reading almost always does:

- a capital after a lowercase letter, when the capital is not ASCII: ``BlanchardÕs``
  (MacRoman ``’`` read as Latin-1), ``SoÃŸe`` (UTF-8 read as cp1252), ``kaszÄ…``.
  ``McDonald`` and ``iPhone`` are ASCII and do not count;
- a symbol between two letters: ``Gr¸þe`` (cp1252 ``Grüße`` read as MacIceland),
  ``Kˆln``. Apostrophes, hyphens and the middle dot belong inside words and do not count.

Uncased scripts (CJK, Hebrew, Arabic, Thai) never trigger either: the count is for
choosing between near-tied Western, Central European or Cyrillic readings, no more. For
Hebrew, :func:`letterless` covers the one reading mixed files need.
"""

from __future__ import annotations

import unicodedata

# Characters that legitimately sit between two letters of a word.
_INSIDE_WORDS = frozenset("'’‘-‐‑·\u00ad")
# Letters and combining marks. Modifier letters (Lm: ``ˆ``, ``˜``) are left out: in the
# middle of a word they are a code page's accents read as characters.
_WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lo", "Mn", "Mc"})


def capital_inside_word(text: str) -> bool:
    """Is there a lowercase letter followed by a capital that is not ASCII?

    >>> capital_inside_word("kaszÄ… "), capital_inside_word("Łukasz"), capital_inside_word("McD")
    (True, False, False)
    """
    pairs = zip(text, text[1:], strict=False)
    return any(a.islower() and b.isupper() and not b.isascii() for a, b in pairs)


def oddities(text: str) -> int:
    """How many places in ``text`` a reader would stop at: the two signs above.

    >>> oddities("Grüße aus Köln"), oddities("Gr¸þe aus Kˆln"), oddities("Blanchard’s")
    (0, 2, 0)
    >>> oddities("BlanchardÕs Trackpad"), oddities("日本語、テキスト")
    (1, 0)
    """
    pairs = zip(text, text[1:], strict=False)
    count = sum(a.islower() and b.isupper() and not b.isascii() for a, b in pairs)
    for a, b, c in zip(text, text[1:], text[2:], strict=False):
        if (
            _cased_letter(a)
            and _cased_letter(c)
            and not b.isascii()
            and b not in _INSIDE_WORDS
            and unicodedata.category(b) not in _WORD_CATEGORIES
        ):
            count += 1
    return count


def letterless(text: str) -> bool:
    """Two characters or more and not one letter: no word reads like that.

    UTF-8 Hebrew read as cp1255 is the geresh ``׳`` (lead byte D7) before a symbol for
    every letter: ``׳•`` for ``ו``, ``׳¢׳`` for ``על``. Hebrew letters are not cased, so
    the signs above miss it.

    >>> letterless("׳•"), letterless("׳”"), letterless("»"), letterless("שלום")
    (True, True, False, False)
    """
    return len(text) >= 2 and not any(unicodedata.category(c).startswith("L") for c in text)


def _cased_letter(c: str) -> bool:
    return c.isupper() or c.islower()
