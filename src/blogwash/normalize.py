"""normalize: HTML remnants, control characters, line breaks, whitespace, NFC.

Works on each line of the repaired text (which has the decoded text's line numbers) and
returns the non-empty normalized lines with the decoded line each came from. Whitespace
changes are not logged; everything else is, under these rules:

``html``
    Entities (``&eacute;``) and stray tags (``<br>``, ``</p>``) decoded by beautifulsoup4;
    block tags and ``<br>`` become line breaks. Only known HTML tag names count as tags, so
    ``a<b`` in prose stays as it is.
``control-char``
    C0/C1 control characters, BOMs, soft hyphens and zero-width spaces are removed
    (tab becomes a space). Zero-width joiners stay: emoji and Indic scripts need them.
``nfc``
    Unicode NFC composition (``cafe\\u0301`` -> ``café``).

Line breaks (CRLF, CR, U+2028, U+2029, NEL, VT, FF) split lines; runs of spaces (NBSP and
the other Unicode spaces included) become one space; lines are stripped.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from itertools import compress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4.element import Tag

from blogwash.changes import changes
from blogwash.document import Normalized, Repair

STAGE = "normalize"

_BLOCK_TAGS = (
    "p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th|thead|tbody|tfoot"
    "|section|article|header|footer|aside|nav|main|figure|figcaption|address"
)
_INLINE_TAGS = (
    "a|abbr|b|bdi|bdo|big|cite|code|del|dfn|em|font|i|img|ins|kbd|mark|q|s|samp|small|span"
    "|strike|strong|sub|sup|time|tt|u|var|wbr"
)
_BLOCK_NAMES = frozenset(re.sub(r"h\[1-6\]", "h1|h2|h3|h4|h5|h6", _BLOCK_TAGS).split("|"))
_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS}|{_INLINE_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A '<' that does not open a known tag is text: escape it so the parser keeps it.
_NOT_A_TAG = re.compile(rf"<(?!/?(?:{_BLOCK_TAGS}|{_INLINE_TAGS})(?:\s[^<>]*)?/?>)", re.IGNORECASE)

_LINE_BREAKS = re.compile("\r\n|[\n\r\u2028\u2029\u0085\x0b\x0c]")
# Removed outright: C0 controls but tab/newline, DEL, C1 controls, BOM/ZWNBSP, soft hyphen,
# zero-width space, word joiner, and the bidi embedding controls scrapers leave behind.
_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\u00ad\u200b\u2060\u202a-\u202e\ufffe]"
)
# C0 controls a line can hold (tab, CR, VT, FF are line breaks or spaces, handled below).
_ASCII_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Anything the spacing and line-break rules below would change.
_PLAIN_SPACING = re.compile(
    "  |[\t\r\n\x0b\x0c\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f]"
)
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f]+")
# A line holding none of these characters (nor a double space) is one ``_normalize_line``
# only strips: they are every character the control-char, html and spacing rules act on.
# Both patterns run to the end of the line, so a line matches once however many it holds.
_NEEDS_WORK = re.compile(
    "[<&\t\r\x0b\x0c\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\u00ad\u200b\u2060\u202a-\u202e\ufffe][^\n]*"
)
_DOUBLE_SPACE = re.compile("  [^\n]*")


def normalize(text: str) -> Normalized:
    """Normalize repaired text; empty lines are dropped from ``lines``.

    Three scans of the whole text find the lines a rule may change; only those are worked
    on one by one, the others (nearly all, in a typical dump) are just stripped.

    >>> normalize("caf&eacute;<br>ok\\r\\n\\n  x\\u00a0 y ").lines
    ('café', 'ok', 'x y')
    """
    lines = text.split("\n")
    out_lines: list[str] = []
    origin: list[int] = []
    log: list[Repair] = []
    done = 0
    # A line or two (the split stage tidies single elements): nothing worth batching.
    needing_work = range(len(lines)) if len(lines) <= 2 else _lines_needing_work(text, lines)
    for index in needing_work:
        if done < index:
            _add_plain(lines, done, index, out_lines, origin)
        for piece in _normalize_line(lines[index], index + 1, log):
            if piece:
                out_lines.append(piece)
                origin.append(index + 1)
        done = index + 1
    if done < len(lines):
        _add_plain(lines, done, len(lines), out_lines, origin)
    return Normalized(
        text="\n".join(out_lines),
        lines=tuple(out_lines),
        origin=tuple(origin),
        repairs=tuple(log),
    )


def _add_plain(
    lines: list[str], start: int, stop: int, out_lines: list[str], origin: list[int]
) -> None:
    # Lines no rule changes normalize to themselves, stripped. Done for a whole run of them
    # at C speed: per-line Python work was most of this stage's time on ordinary dumps.
    stripped = list(map(str.strip, lines[start:stop]))
    out_lines.extend(filter(None, stripped))
    origin.extend(compress(range(start + 1, stop + 1), stripped))


def _lines_needing_work(text: str, lines: list[str]) -> Sequence[int]:
    """0-based numbers of the lines that ``_normalize_line`` may change beyond stripping
    (all lines when most need work: see ``_DENSE``).

    The others hold none of ``_NEEDS_WORK``'s characters, no double space, and are NFC
    already (NFC works line by line: a line break composes with nothing).

    >>> text = "ok\\n a&amp;b\\nfine\\nx  y\\ncafe\\u0301\\n\\tz"
    >>> _lines_needing_work(text, text.split("\\n"))
    [1, 3, 4, 5]
    """
    found = _lines_matching(text, _NEEDS_WORK)
    if found is None:
        return range(len(lines))
    doubles = _lines_matching(text, _DOUBLE_SPACE)
    if doubles is None:
        return range(len(lines))
    if doubles:
        found = sorted({*found, *doubles})
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        found = sorted({*found, *_lines_not_nfc(lines)})
    return found


def _lines_not_nfc(lines: list[str]) -> list[int]:
    return [
        k
        for k, line in enumerate(lines)
        if not line.isascii() and not unicodedata.is_normalized("NFC", line)
    ]


# Markup on every line: when the first 1000 lines that match are among the first 2000, the
# text is taken as one where most lines need work, and every line gets it.
_DENSE = 1000


def _lines_matching(text: str, pattern: re.Pattern[str]) -> list[int] | None:
    """0-based numbers of the lines ``pattern`` matches, or None if most lines match.

    ``pattern`` runs to the end of the line, so it matches each line at most once."""
    found: list[int] = []
    line = 0
    pos = 0
    for m in pattern.finditer(text):
        start = m.start()
        line += text.count("\n", pos, start)
        found.append(line)
        pos = start
        if line < 2 * _DENSE and len(found) == _DENSE:
            return None
    return found


def _normalize_line(line: str, number: int, log: list[Repair]) -> list[str]:
    if not line.isascii() or _ASCII_CONTROL.search(line):
        fixed = _CONTROL.sub("", line)
        log.extend(changes(STAGE, number, line, fixed, "control-char"))
        line = fixed
    if "<" in line or "&" in line:
        fixed = _html_to_text(line)
        log.extend(changes(STAGE, number, line, fixed, "html"))
        line = fixed
    if not line.isascii():
        fixed = unicodedata.normalize("NFC", line)
        log.extend(changes(STAGE, number, line, fixed, "nfc"))
        line = fixed
    if _PLAIN_SPACING.search(line) is None:
        return [line.strip()]  # the common case: one line, single spaces only
    return [_SPACES.sub(" ", part).strip() for part in _LINE_BREAKS.split(line)]


def _html_to_text(line: str) -> str:
    """Decode entities and drop known tags; block tags become line breaks.

    >>> _html_to_text("a <b>bold</b> &amp; x<y &eacute;<br/>next")
    'a bold & x<y é\\nnext'
    """
    if not (_TAG.search(line) or _ENTITY.search(line)):
        return line
    # bs4 is imported here, for the few lines with markup: a run over plain dumps (or a
    # one-file run from make) does not pay for loading it.
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    escaped = _NOT_A_TAG.sub("&lt;", line)
    with warnings.catch_warnings():
        # One line of a dump that looks like a URL or a file name is still text to us.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(escaped, "html.parser")
    parts: list[str] = []
    _collect(soup, parts)
    return "".join(parts)


def _collect(root: Tag, parts: list[str]) -> None:
    # Iterative walk: a line of 100 000 nested tags must not hit the recursion limit.
    from bs4.element import NavigableString, Tag

    stack: list[object] = [iter(root.children)]
    while stack:
        top = stack[-1]
        if isinstance(top, str):
            parts.append(top)
            stack.pop()
            continue
        assert isinstance(top, Iterator)
        child = next(top, None)
        if child is None:
            stack.pop()
        elif isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            block = child.name in _BLOCK_NAMES
            if block:
                parts.append("\n")
                if child.name != "br":
                    stack.append("\n")
            stack.append(iter(child.children))
