"""Inputs: expand what the user named into sources, and read each source's pages.

A *source* is a page file (``.txt``, ``.html``, ``.htm``), a JSONL dump (``.jsonl``, one
page per line, streamed: never loaded whole) or stdin (``-``, one page); any file may be
gzip-compressed (``name.txt.gz``). Directories give their sources recursively, sorted, so
the order of pages (and of the output) never depends on the file system.

Reading never raises for a bad page: it yields an ``Unreadable`` naming the page and what
went wrong, and the run goes on with the next one.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, cast

PAGE_SUFFIXES = (".txt", ".html", ".htm")
JSONL_SUFFIX = ".jsonl"
INPUT_SUFFIXES = (*PAGE_SUFFIXES, JSONL_SUFFIX)
GZIP_SUFFIX = ".gz"

# Largest page (or JSONL line) read, uncompressed. Cleaning a page takes about 18 times its
# size in memory (100 MB: 1.8 GB peak RSS), so this bound keeps one page under ~5 GB; it also
# stops a small .gz from inflating without end.
MAX_PAGE_BYTES = 256 * 1024 * 1024

# A page in a .gz expanding more than this many times is refused once past
# BOMB_CHECK_BYTES: text compresses 3-10 times (repetitive HTML 20-30), a bomb of zeros
# about 1000, so the bomb is stopped at a few MiB, not at MAX_PAGE_BYTES.
MAX_GZIP_RATIO = 100
BOMB_CHECK_BYTES = 8 * 1024 * 1024

# JSONL field names tried in order when --text-field / --id-field are not given: web-corpus
# dumps hold either {"id": ..., "text": ...} or {"url": ..., "html": ...}.
TEXT_FIELDS = ("text", "html")
ID_FIELDS = ("id", "url")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Source:
    """One file (or stdin) to read.

    ``name`` is the file's path as found (``-`` for stdin). ``rel`` is where its output goes
    under ``-o OUTDIR``, without suffix: the POSIX path relative to the directory the user
    named, or the file's own name (``None`` for stdin, whose output is named by its id).
    Both are plain strings: a run over many small pages spends its coordinating time here,
    and a ``Path`` per page costs more than reading the page.
    """

    name: str
    rel: str | None
    jsonl: bool
    size: int = 0
    stdin: bool = False


@dataclass(frozen=True)
class Page:
    """One page to clean: its bytes and where they came from.

    ``name`` becomes ``source.path``; a JSONL record also has the id it was given and its
    1-based line number (``source.line``). ``compact`` asks for a one-line document (JSONL
    output). ``read`` is how many bytes of the input file the page took (the progress bar
    counts those).
    """

    name: str
    data: bytes
    id: str | None = None
    line: int | None = None
    compact: bool = False
    read: int = 0
    # A page file of the ``-o`` tree: the worker that cleans the page writes it there
    # (atomically; ``fsync`` as ``--fsync``), so the document need not travel back.
    out: str | None = None
    fsync: bool = False
    # A page file not read yet, or a JSONL line not parsed yet (``data`` is empty): the
    # worker that cleans the page reads or parses it (``loaded``), so the coordinator,
    # which shares the cores with the workers, does not.
    unread: Source | Record | None = None

    @property
    def label(self) -> str:
        """How messages name the page: ``dump.jsonl:17`` for a JSONL record."""
        return self.name if self.line is None else f"{self.name}:{self.line}"


@dataclass(frozen=True)
class Record:
    """A JSONL line as read, with what ``_record`` needs to make it a page."""

    line: bytes
    stem: str
    texts: tuple[str, ...]
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Unreadable:
    """A page that could not be read (missing file, bad JSON line, too large...)."""

    label: str
    message: str


def split_name(name: str) -> tuple[str, str]:
    """``('dump', '.txt')`` for ``dump.txt.gz``: the stem and the input kind's suffix.

    >>> split_name("a/b.HTML.gz"), split_name("x.jsonl"), split_name("notes")
    (('b', '.html'), ('x', '.jsonl'), ('notes', ''))
    """
    base = PurePath(name).name if "/" in name else name
    if base.lower().endswith(GZIP_SUFFIX) and len(base) > len(GZIP_SUFFIX):
        base = base[: -len(GZIP_SUFFIX)]
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem:
        return base, ""
    return stem, f".{ext.lower()}"


def expand(inputs: Iterable[str], exclude: Path | None = None) -> Iterator[Source]:
    """Sources for the paths the user named, in order; directories recursively, sorted.

    A file named directly is read whatever its suffix; in a directory only
    ``INPUT_SUFFIXES`` (optionally ``.gz``) count. ``exclude`` (the output directory) is
    never read, so a rerun does not take its own output as input.
    """
    skip = exclude.resolve() if exclude is not None else None
    for item in inputs:
        if item == "-":
            yield Source(name="-", rel=None, jsonl=False, stdin=True)
            continue
        path = Path(item)
        if not path.is_dir():
            stem, suffix = split_name(item)
            yield _source(str(path), stem, suffix)
            continue
        for folder, sub, name in _walk(path, skip):
            stem, suffix = split_name(name)
            if suffix in INPUT_SUFFIXES:
                child = name if folder == "." else f"{folder.rstrip('/')}/{name}"
                yield _source(child, f"{sub}/{stem}" if sub else stem, suffix)


def total_bytes(inputs: Iterable[str], exclude: Path | None = None) -> int | None:
    """What the progress bar counts to: the inputs' size on disk (a second walk, so the run
    itself never holds the list). Unknown with stdin or gzip files among them."""
    total = 0
    for source in expand(inputs, exclude):
        if source.stdin or source.name.lower().endswith(GZIP_SUFFIX):
            return None
        total += source.size
    return total


def _walk(root: Path, skip: Path | None) -> Iterator[tuple[str, str, str]]:
    """(folder, its path under ``root``, file name) for every file under ``root``: os.walk
    with sorted names (a deterministic order), the output directory pruned. Folders are
    given as ``str(Path(...))`` prints them; strings, not a Path per file (a run over many
    small pages spends its coordinating time here)."""
    top = str(root)
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if skip is None or (here / d).resolve() != skip)
        shown = str(here)
        sub = "" if folder == top else here.relative_to(root).as_posix()
        for name in sorted(files):
            yield shown, sub, name


def _source(name: str, rel: str, suffix: str) -> Source:
    try:
        size = os.stat(name).st_size
    except OSError:
        size = 0  # reported when it is read
    return Source(name, rel, suffix == JSONL_SUFFIX, size)


def _open(path: str) -> IO[bytes]:
    if path.lower().endswith(GZIP_SUFFIX):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


# What a truncated or corrupt .gz raises while it is read.
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def loaded(page: Page) -> Page | Unreadable:
    """``page`` with its bytes: read (or parsed) now when it came ``unread``, else as it is."""
    if page.unread is None:
        return page
    if isinstance(page.unread, Record):
        r = page.unread
        assert page.line is not None
        return _record(page.name, page.line, page.label, r.line, r.stem, r.texts, r.ids)
    read = read_page(page.unread)
    if isinstance(read, Unreadable):
        return read
    return Page(page.name, read.data, read=read.read, out=page.out, fsync=page.fsync)


def read_page(source: Source) -> Page | Unreadable:
    """The one page of a page file or stdin, read whole (up to ``MAX_PAGE_BYTES``)."""
    try:
        if source.stdin:
            data = _read_bounded(sys.stdin.buffer)
        else:
            with _open(source.name) as handle:
                data = _read_bounded(handle)
    except OSError as exc:
        if isinstance(exc, gzip.BadGzipFile) or exc.strerror is None:
            return Unreadable(source.name, f"cannot read: not a valid gzip file ({exc})")
        return Unreadable(source.name, f"cannot read ({exc.strerror})")
    except _GZIP_ERRORS as exc:
        return Unreadable(source.name, f"cannot read: not a valid gzip file ({exc})")
    except GzipBomb as exc:
        return Unreadable(source.name, str(exc))
    if data is None:
        return Unreadable(source.name, _too_large())
    return Page(name=source.name, data=data, read=len(data))


def _read_bounded(handle: IO[bytes]) -> bytes | None:
    """All of ``handle``, or ``None`` past ``MAX_PAGE_BYTES``. Read in chunks: asking for
    the bound in one call would allocate it up front for every small page."""
    chunks: list[bytes] = []
    total = 0
    while chunk := handle.read(1 << 20):
        total += len(chunk)
        if total > MAX_PAGE_BYTES:
            return None
        if _bomb(handle, total):
            raise GzipBomb(total)
        chunks.append(chunk)
    return b"".join(chunks)


def _bomb(handle: IO[bytes], total: int) -> bool:
    """``total`` bytes out of a .gz that expands more than ``MAX_GZIP_RATIO`` times."""
    if total <= BOMB_CHECK_BYTES or not isinstance(handle, gzip.GzipFile):
        return False
    return total > MAX_GZIP_RATIO * handle.fileobj.tell()


class GzipBomb(ValueError):
    """A .gz that expands far more than text does: refused before it fills memory."""

    def __init__(self, total: int) -> None:
        super().__init__(
            f"refused: a gzip bomb? past {total >> 20} MiB it expands over "
            f"{MAX_GZIP_RATIO} times, which text does not; gunzip it first if it is real"
        )


def _too_large() -> str:
    return f"larger than {MAX_PAGE_BYTES >> 20} MiB: split it into smaller pages"


def read_records(
    source: Source,
    text_field: str | None = None,
    id_field: str | None = None,
    parse: bool = True,
) -> Iterator[Page | Unreadable]:
    """The pages of a JSONL dump, one per non-blank line, streamed in order.

    A record's id is its ``id_field`` value (``id``, else ``url``, by default) or, without
    one, ``<file stem>:<line>``. Its text is the ``text_field`` value (``text``, else
    ``html``), cleaned as the UTF-8 bytes of that string. With ``parse=False`` each line
    comes ``unread`` (a ``Record``), for the worker to parse: a bad line then fails there,
    with the same message.
    """
    assert not source.stdin
    stem = split_name(source.name)[0]
    texts = (text_field,) if text_field else TEXT_FIELDS
    ids = (id_field,) if id_field else ID_FIELDS
    try:
        with _open(source.name) as handle:
            for number, line in _lines(handle):
                label = f"{source.name}:{number}"
                if line is None:
                    yield Unreadable(label, _too_large())
                elif not line.strip():
                    continue
                elif parse:
                    yield _record(source.name, number, label, line, stem, texts, ids)
                else:
                    record = Record(line, stem, texts, ids)
                    yield Page(source.name, b"", None, number, True, len(line), unread=record)
    except OSError as exc:
        if isinstance(exc, gzip.BadGzipFile) or exc.strerror is None:
            yield Unreadable(source.name, f"cannot read: not a valid gzip file ({exc})")
        else:
            yield Unreadable(source.name, f"cannot read ({exc.strerror})")
    except _GZIP_ERRORS as exc:
        yield Unreadable(source.name, f"cannot read: not a valid gzip file ({exc})")


def _lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) with every line bounded: an overlong one gives ``None``."""
    number = 0
    while True:
        line = handle.readline(MAX_PAGE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_PAGE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


def _record(
    name: str,
    number: int,
    label: str,
    line: bytes,
    stem: str,
    texts: tuple[str, ...],
    ids: tuple[str, ...],
) -> Page | Unreadable:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Unreadable(label, f"bad JSON line ({exc})")
    if not isinstance(record, dict):
        return Unreadable(label, "bad JSON line (not an object)")
    field = next((f for f in texts if f in record), None)
    if field is None:
        return Unreadable(
            label, f"no {' or '.join(map(repr, texts))} field: name it with --text-field"
        )
    text = record[field]
    if not isinstance(text, str):
        return Unreadable(label, f"field {field!r} is not a string")
    key = next((record[f] for f in ids if record.get(f) is not None), None)
    if key is None:
        page_id = f"{stem}:{number}"
    else:
        page_id = key if isinstance(key, str) else json.dumps(key, ensure_ascii=False)
        page_id = _utf8(page_id).decode("utf-8")  # else the output cannot be written
    # A JSONL record always goes to a JSONL stream: one line per document.
    return Page(name, _utf8(text), page_id, number, compact=True, read=len(line))


def _utf8(text: str) -> bytes:
    """``text`` as UTF-8, a lone surrogate (``"\\ud800"`` escaped in the JSON) as U+FFFD.

    Encoded as is (surrogatepass) its bytes would be invalid UTF-8, and the whole record
    then decoded as a guessed single-byte encoding. Looked for only when the encoding
    fails: a scan of every record for surrogates cost the coordinator 15 us a record (10 KB).

    >>> _utf8("a" + chr(0xD800) + "b"), _utf8("é")
    (b'a\xef\xbf\xbdb', b'\xc3\xa9')
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")
