"""entities: damage hidden behind HTML entities.

Entities themselves are decoded by the normalize stage (rule ``html``). Two kinds of damage
hide behind them and are repaired here, so the normalize stage then sees ordinary text:

``double-escaped``
    An entity escaped twice by a CMS (``&amp;eacute;``, ``&amp;#8217;``) shows up as the
    literal entity name on the page. It becomes the entity again (``&eacute;``), which the
    normalize stage decodes. Markup entities (``&amp;lt;``, ``&amp;gt;``, ``&amp;amp;``) are
    left alone: they are what a post about HTML shows on purpose.
``html-mojibake``
    Mojibake that was then HTML-escaped (``caf&Atilde;&copy;``, ``&acirc;&#128;&#156;``).
    A word holding such entities is decoded and repaired as text; only if the repair changes
    it does the decoded, repaired word (``café``) replace it. A correct ``caf&eacute;`` is
    left for the normalize stage, untouched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_NAME = r"(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6})"
_DOUBLE = re.compile(rf"&(?:amp;)+({_NAME});")
_MARKUP = frozenset("<>&")
# A word that holds at least one entity: entities and characters up to whitespace or a tag.
_WORD = re.compile(rf"(?:&{_NAME};|[^\s<>&]|&(?!{_NAME};))*&{_NAME};(?:&{_NAME};|[^\s<>&])*")
_ENTITY = re.compile(rf"&{_NAME};")


def unescape_double(line: str) -> str:
    """``&amp;eacute;`` -> ``&eacute;``; markup entities stay double-escaped.

    >>> unescape_double("caf&amp;eacute; &amp;amp;#8217; &amp;lt;b&amp;gt; AT&amp;T")
    'caf&eacute; &#8217; &amp;lt;b&amp;gt; AT&amp;T'
    """
    if "&amp;" not in line:
        return line

    def fix(m: re.Match[str]) -> str:
        entity = f"&{m.group(1)};"
        decoded = html.unescape(entity)
        if decoded == entity or decoded in _MARKUP:
            return m.group(0)
        return entity

    return _DOUBLE.sub(fix, line)


def _decode_entities(word: str) -> str:
    def one(m: re.Match[str]) -> str:
        decoded = html.unescape(m.group())
        return m.group() if decoded in _MARKUP else decoded

    return _ENTITY.sub(one, word)


def fix_escaped_mojibake(line: str, repair_text: Callable[[str], str]) -> str:
    """Decode and repair words whose entities spell mojibake; ``repair_text`` repairs text.

    >>> from blogwash.ftfyfix import fix
    >>> fix_escaped_mojibake("caf&Atilde;&copy; and caf&eacute;", lambda s: fix(s)[0])
    'café and caf&eacute;'
    """
    if "&" not in line:
        return line

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        decoded = _decode_entities(word)
        if decoded.isascii():
            return word
        repaired = repair_text(decoded)
        return repaired if repaired != decoded else word

    return _WORD.sub(fix, line)
