"""detect: which encoding do these bytes use? One chardet call, on the right bytes.

chardet 7 is good at whole files, and blogwash keeps its answer in most cases. What this
module adds is the choice of *which bytes* chardet sees:

- chardet reads only the first 200 KB (``max_bytes``). A large dump whose first non-ASCII
  byte comes late would be judged on ASCII alone; past that size the sample is the head
  of the file (where ``<meta charset>`` and XML declarations live) plus every later line
  that holds a high byte.
- A few non-ASCII bytes in a sea of ASCII markup leave every detector guessing (chardet's
  confidence then falls to or below its own ``MINIMUM_THRESHOLD``). Then, and only when
  the high bytes are sparse, detection runs again on the segments that hold them, with
  a little context either side: the markup is noise, the segments are the signal.

Names are Python codec names (``Windows-1252`` -> ``cp1252``), so ``source.encoding`` can
be handed straight to ``bytes.decode``.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

import chardet

from blogwash.plausible import oddities

# chardet's own window and its own line below which an answer is not credible.
MAX_BYTES: int = chardet.DEFAULT_MAX_BYTES
LOW_CONFIDENCE: float = chardet.MINIMUM_THRESHOLD
# Past the window, the head kept whole: declarations and the first screens of text.
HEAD_BYTES = 64 * 1024
# Bytes of context either side of a high-byte run when detecting again on segments.
SEGMENT_CONTEXT = 60

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")

# chardet names the narrower codec (``EUC-JP``) for data it validated under a wider one
# (``euc_jis_2004``), and looks at 200 KB only: when the named codec fails on the whole
# file, its superset is tried before any byte is given up. (Codecs that define every
# byte, like ISO-8859-1 or -2, never fail and need no entry.)
SUPERSETS: dict[str, str] = {
    "ascii": "cp1252",
    "tis-620": "cp874",
    "euc_jp": "euc_jis_2004",
    "shift_jis": "shift_jis_2004",
    "big5": "big5hkscs",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "iso2022_jp": "iso2022_jp_2",
}


# The single-byte encodings a web form or CMS would have saved text in: the Windows code
# pages, ISO-8859 (-1 reads as cp1252 everywhere on the web) and KOI8. The stray runs of
# a mixed file came that way; a Mac or DOS code page there is a detector's guess.
WEB_SINGLE_BYTE: tuple[str, ...] = (
    *(f"cp{n}" for n in range(1250, 1259)),
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    "koi8-r",
    "koi8-u",
    "cp874",
)


@dataclass(frozen=True)
class Detection:
    """chardet's answer, with a Python codec name (``None``: no text encoding fits)."""

    encoding: str | None
    confidence: float
    language: str | None


def python_name(encoding: str) -> str:
    """chardet's display name -> Python's canonical codec name.

    >>> python_name("Windows-1252"), python_name("SHIFT_JIS"), python_name("MacRoman")
    ('cp1252', 'shift_jis', 'mac-roman')
    """
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


@functools.cache
def is_single_byte(encoding: str) -> bool:
    """Is ``encoding`` an ASCII-compatible code page with one byte per character?

    Only such an encoding can share a file with UTF-8 run by run: ASCII bytes mean the
    same in both, and every high byte stands alone.

    >>> is_single_byte("cp1252"), is_single_byte("koi8-r"), is_single_byte("shift_jis")
    (True, True, False)
    >>> is_single_byte("utf-16-le"), is_single_byte("iso2022_jp"), is_single_byte("cp500")
    (False, False, False)
    """
    # ``ESC $ B`` switches an ISO-2022 decoder to two-byte mode; elsewhere it is ASCII.
    ascii_bytes = bytes(range(128)) + b"\x1b$B!!"
    try:
        if ascii_bytes.decode(encoding) != ascii_bytes.decode("ascii"):
            return False
        return len(bytes(range(256)).decode(encoding, errors="replace")) == 256
    except (LookupError, UnicodeDecodeError):
        return False


def detect(data: bytes) -> Detection:
    """One chardet call on the sample of ``data`` that :func:`sample` picks.

    >>> text = "Der Kuchen ist in 40 Minuten fertig, schmeckt köstlich und ist für Gäste "
    >>> text += "genau richtig. Die Äpfel schälen, würfeln und über den Teig streuen."
    >>> detect(text.encode("cp1252")).encoding
    'cp1252'
    """
    return _chardet(sample(data))


def detect_web_single_byte(data: bytes) -> Detection:
    """Detect among :data:`WEB_SINGLE_BYTE` only: the encoding of a mixed file's stray runs.

    >>> detect_web_single_byte("Dziękuję za „babciny” sposób na ciasto!".encode("cp1250")).encoding
    'cp1250'
    """
    return _chardet(data, WEB_SINGLE_BYTE)


def detect_sparse(data: bytes, first: Detection) -> Detection:
    """Detect again on the high-byte segments when ``first`` is not credible.

    Only when the confidence is at or below chardet's threshold *and* the segments are at
    most half of the data: re-reading the same bytes would change nothing. At such
    confidences chardet's ranking is a near-tie (MacIceland 0.061 against cp1252 0.060 on
    one German line), so its candidates within half of the best one are read as a person
    would: the reading with the fewest oddities (``Gr¸þe``, ``BlanchardÕs``; see
    ``plausible.py``) wins; ties go to web encodings before Mac ones before DOS and HP
    ones, then to ``first`` (which saw the whole head, declarations included), then to
    chardet's order. Every candidate must decode the whole input.
    """
    if first.confidence > LOW_CONFIDENCE:
        return first
    focus = segments(data, limit=min(len(data), MAX_BYTES) // 2)
    if not focus:
        return first
    ranked = [
        _detection(r) for r in chardet.detect_all(focus, ignore_threshold=True, max_bytes=MAX_BYTES)
    ]
    best = ranked[0].confidence if ranked else 0.0
    candidates = [first, *(r for r in ranked if r.confidence * 2 >= best)]
    scored: list[tuple[int, int, int, Detection]] = []
    for rank, candidate in enumerate(candidates):
        if candidate.encoding is None:
            continue
        try:
            data.decode(candidate.encoding)
            reading = focus.decode(candidate.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((oddities(reading), _rarity(candidate.encoding), rank, candidate))
    return min(scored, key=lambda s: s[:3])[3] if scored else first


def _rarity(encoding: str) -> int:
    """0 for encodings web pages use, 1 for Mac code pages, 2 for DOS, HP and the rest.

    Only a tie-break between readings that look equally right: with one ``Õ``/``’``/``í``
    byte in a file, no statistics can tell, and text on the web was rarely DOS or HP.

    >>> _rarity("cp1252"), _rarity("shift_jis"), _rarity("mac-roman"), _rarity("hp-roman8")
    (0, 0, 1, 2)
    """
    if encoding in WEB_SINGLE_BYTE or encoding == "iso8859-1" or not is_single_byte(encoding):
        return 0
    return 1 if encoding.startswith("mac") else 2


def _chardet(data: bytes, include: tuple[str, ...] | None = None) -> Detection:
    return _detection(chardet.detect(data, max_bytes=MAX_BYTES, include_encodings=include))


def _detection(result: chardet.DetectionDict) -> Detection:
    encoding = result.get("encoding")
    return Detection(
        encoding=python_name(encoding) if encoding else None,
        confidence=float(result.get("confidence") or 0.0),
        language=result.get("language") or None,
    )


def sample(data: bytes) -> bytes:
    """The bytes chardet should see: ``data`` itself when it fits chardet's window.

    Past the window: the head, then every later line holding a high byte, cut at line
    ends (a newline is never the second byte of a CJK character, so no character is cut).

    >>> big = b"<p>plain ASCII markup</p>\\n" * 20000 + "late: Grüße\\n".encode("cp1252")
    >>> len(big) > MAX_BYTES, sample(big).endswith("late: Grüße\\n".encode("cp1252"))
    (True, True)
    """
    if len(data) <= MAX_BYTES:
        return data
    head_end = data.find(b"\n", HEAD_BYTES)
    if head_end < 0:
        return data
    parts = [data[: head_end + 1]]
    size = len(parts[0])
    pos = head_end + 1
    while size < MAX_BYTES:
        m = _HIGH_BYTE.search(data, pos)
        if m is None:
            break
        start = data.rfind(b"\n", pos, m.start()) + 1 or pos
        end = data.find(b"\n", m.end())
        end = len(data) if end < 0 else end + 1
        line = data[max(start, pos) : end]
        # The first late line goes in however long it is (a minified page is one line);
        # chardet cuts it at its window.
        if size + len(line) > MAX_BYTES and len(parts) > 1:
            break
        parts.append(line)
        size += len(line)
        pos = end
    return b"".join(parts)


def segments(data: bytes, context: int = SEGMENT_CONTEXT, limit: int | None = None) -> bytes:
    """The high-byte runs with ``context`` bytes either side, merged, joined by newlines.

    A cut always falls ``context`` bytes away from any high byte, so it never splits a
    multi-byte character (whose bytes all sit next to a high byte). Past ``limit`` bytes
    the answer is ``b""``: the high bytes are not sparse.

    >>> segments(b"x" * 100 + b"caf\\xe9" + b"y" * 100, context=3)
    b'caf\\xe9yyy'
    """
    spans: list[list[int]] = []
    size = 0
    for m in _HIGH_RUN.finditer(data):
        start, end = max(0, m.start() - context), m.end() + context
        if spans and start <= spans[-1][1]:
            size += end - spans[-1][1]
            spans[-1][1] = end
        else:
            spans.append([start, end])
            size += end - start
        if limit is not None and size > limit:
            return b""
    return b"\n".join(data[s:e] for s, e in spans)
