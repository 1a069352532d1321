"""mentions: a line that talks *about* mojibake is correct text.

Blogs explain encoding problems: ``If you see Ã© instead of é, ...`` or ``the sequence
“â€™” is a broken apostrophe``. ftfy would "fix" the example away and the sentence would
stop making sense. A line is taken to talk about mojibake when one of at most two mojibake
sequences on it (ftfy's ``UTF8_DETECTOR_RE``) either stands alone on a line where the very
text it decodes to stands alone too (``Ã©`` and ``é``; not inside words, where it is a
word half broken: ``DivisÃ£o ... Classificação``), or stands between quotes or backticks.
Such a line is left exactly as it is by every rule.

The cost: a line that holds the same character both broken and intact, in one or two
places, stays broken (a false negative, visible and rare); a false positive would rewrite
someone's explanation, which is worse.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice

import ftfy
from ftfy.chardata import UTF8_DETECTOR_RE

_QUOTED = frozenset({'""', "''", "“”", "‘’", "„“", "‚‘", "«»", "»«", "‹›", "``", "()"})
_MAX_EXAMPLES = 2


def talks_about_mojibake(line: str) -> bool:
    """Does ``line`` show mojibake as an example rather than suffer from it?

    >>> talks_about_mojibake("If you see Ã© instead of é, your page is double-encoded.")
    True
    >>> talks_about_mojibake("The sequence “â€™” is a broken apostrophe.")
    True
    >>> talks_about_mojibake("Un cafÃ© crÃ¨me, merci")
    False
    >>> talks_about_mojibake("III DivisÃ£o - Jornadas Classificação")
    False
    """
    # One piece more than allowed is enough to say no: the rest is not looked for.
    pieces = list(islice(UTF8_DETECTOR_RE.finditer(line), _MAX_EXAMPLES + 1))
    if not pieces or len(pieces) > _MAX_EXAMPLES:
        return False
    for m in pieces:
        decoded = _decoded(m.group())
        if decoded == m.group():
            continue
        left, right = line[m.start() - 1 : m.start()], line[m.end() : m.end() + 1]
        if left + right in _QUOTED:
            return True
        if _alone(left, right) and _stands_alone(
            decoded, line[: m.start()] + " " + line[m.end() :]
        ):
            return True
    return False


# The pieces are short and few distinct ones (`Ã©`, `â€™`) make up most of them, while a
# call of ftfy costs the same setting-up whatever the length.
@lru_cache(maxsize=4096)
def _decoded(piece: str) -> str:
    return ftfy.fix_encoding(piece)


def _alone(left: str, right: str) -> bool:
    return not (left.isalpha() or right.isalpha())


def _stands_alone(text: str, line: str) -> bool:
    start = line.find(text)
    while start >= 0:
        if _alone(line[start - 1 : start], line[start + len(text) : start + len(text) + 1]):
            return True
        start = line.find(text, start + 1)
    return False
