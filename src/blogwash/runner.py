"""One ``clean`` run: where every page goes, what is up to date, and writing in order.

The run is a stream of *items* in input order: a page to clean (``Work``), a page whose
output is up to date (``Skip``), a page that could not be read (``Unreadable``) or the end
of a JSONL output (``Close``). Items are grouped into batches (``batch.batches``); only the
``Work`` pages of a group go to the workers, and each group's items are then applied in
order with the results. So the output is the same whatever runs the batches, and only a
window of groups is ever in memory.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import IO

from blogwash.batch import (
    Backend,
    DaskCluster,
    Failed,
    Inline,
    LocalPool,
    Ordered,
    Result,
    Settings,
    Unwritten,
    batches,
)
from blogwash.emit import document_id
from blogwash.inputs import Page, Source, Unreadable, read_page, read_records
from blogwash.report import Progress, Summary
from blogwash.writer import (
    AtomicFile,
    previous_lines,
    remove_stale,
    remove_stale_beside,
    sync_folders,
    touch,
    up_to_date,
    write_atomic,
)


@dataclass(frozen=True)
class Outputs:
    """Where documents go: ``outdir`` (a tree of .json / .jsonl), ``jsonl`` (one stream,
    a path or ``-``), or neither (one document on stdout). ``fsync``: each output file is
    flushed to disk before its rename, its folder at the end of its batch."""

    outdir: Path | None = None
    jsonl: str | None = None
    force: bool = False
    text_field: str | None = None
    id_field: str | None = None
    fsync: bool = False


class Stream:
    """A JSONL output: a file written atomically (committed by ``Close``) or stdout."""

    def __init__(self, stack: ExitStack, path: Path, fsync: bool) -> None:
        self.path = path
        self._own = ExitStack()
        self._file = AtomicFile(path, fsync)
        self.handle: IO[str] = self._own.enter_context(self._file)
        stack.enter_context(self._own)  # removed with the run if it fails

    def write(self, text: str) -> None:
        with _naming(self.path):
            self.handle.write(text)

    def close(self, keep: bool) -> None:
        """Commit the file, or (``keep=False``) leave any earlier one as it was."""
        if not keep:
            self._file.discard()
        with _naming(self.path):
            self._own.close()


@contextmanager
def _naming(path: Path) -> Iterator[None]:
    """write() on a full disk names no file; the user needs to know which one."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and str(path) != "-":
            exc.filename = str(path)
        raise


@dataclass(frozen=True)
class PageFile:
    path: str  # a string: one Path per page costs the coordinator more than the page
    fsync: bool = False


class Stdout:
    pass


Destination = PageFile | Stream | Stdout


@dataclass(frozen=True)
class Work:
    page: Page
    dest: Destination


@dataclass(frozen=True)
class Skip:
    """Up to date: a page file is only touched (so make sees it as new); a JSONL record's
    earlier line is copied into the new stream."""

    label: str
    bytes: int
    read: int
    dest: Destination
    line: str | None = None


@dataclass(frozen=True)
class Close:
    """The end of a JSONL output; ``keep=False`` when its input could not be read at all."""

    stream: Stream
    keep: bool = True


Item = Work | Skip | Unreadable | Close


def _size(item: Item) -> int:
    # An unread page's size is its file's.
    return max(len(item.page.data), item.page.read) if isinstance(item, Work) else 0


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Planner:
    """Turns sources into items: decides each page's destination and skips."""

    def __init__(self, outputs: Outputs, settings: Settings, stack: ExitStack, local: bool) -> None:
        self.out = outputs
        self.local = local
        self.stamp = settings.stamp
        self.stack = stack
        self.taken: set[str] = set()
        self.stream: Stream | None = None
        # A rerun into the same --jsonl FILE copies the earlier records that are still up
        # to date, read in step with the pages (same order; see ``_to_stream``).
        self._earlier: Iterator[tuple[int | None, tuple[object, object, object], str]]
        self._earlier = iter(())
        self._ahead: tuple[tuple[object, object, object], str] | None = None
        if outputs.jsonl is not None:
            if outputs.jsonl != "-" and not outputs.force:
                self._earlier = previous_lines(Path(outputs.jsonl))
            self.stream = Stream(stack, Path(outputs.jsonl), outputs.fsync)
        self._head = self._next_earlier()
        # What output paths start with: str(OUTDIR / name) without a Path per page.
        folder = str(outputs.outdir or ".")
        self._outdir = "" if folder == "." else folder if folder.endswith("/") else f"{folder}/"

    def items(self, sources: Iterable[Source]) -> Iterator[Item]:
        for source in sources:
            if source.jsonl:
                yield from self._jsonl(source)
            else:
                yield self._page(source)
        if self.stream is not None:
            yield Close(self.stream)

    def _target(self, rel: str, suffix: str) -> str:
        """``OUTDIR/rel.suffix``; two inputs with the same output name (``a/x.txt`` and
        ``b/x.txt`` named directly) get ``x-2``, ``x-3``... in input order."""
        # Names as plain strings: the one thing a run keeps per page (~80 bytes each).
        name, k = f"{rel}{suffix}", 1
        while name in self.taken:
            k += 1
            name = f"{rel}-{k}{suffix}"
        self.taken.add(name)
        return f"{self._outdir}{name}"

    def _next_earlier(self) -> tuple[tuple[object, object, object], str] | None:
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            return ahead
        for _, stamp, text in self._earlier:
            if stamp != (None, None, None):  # a line that is no document is never reused
                return stamp, text
        return None

    def _to_stream(self, page: Page, stream: Stream, page_id: str) -> Item:
        """The page's record in the stream: the earlier run's line when it was written from
        the same input, id, version and options, else a fresh cleaning. A changed page's
        old line is passed over, and so is a removed page's when the next line is this
        page's; a page inserted since is cleaned and the walk goes on. After several pages
        removed in a row, the pages that follow are cleaned again (never wrong, only
        slower)."""
        head = self._head
        if head is None:
            return self._work(page, stream)
        expected = (_sha256(page.data), page_id, self.stamp)
        if head[0][1] != page_id and head[0] != expected:
            ahead = self._next_earlier()  # one removed page: its line is passed over
            if ahead is not None and ahead[0][1] == page_id:
                head = ahead
            else:
                self._ahead = ahead  # read again for the next page
                return self._work(page, stream)
        self._head = self._next_earlier()
        if head[0] == expected:
            return Skip(page.label, len(page.data), page.read, stream, head[1])
        return self._work(page, stream)  # the same page, changed

    def _page(self, source: Source) -> Item:
        if self.out.outdir is not None and not source.stdin:
            return self._page_file(source)
        page = read_page(source)
        if isinstance(page, Unreadable):
            return page
        if self.out.outdir is None:
            if self.stream is not None:
                return self._to_stream(page, self.stream, document_id(page.data, page.name))
            return Work(page, Stdout())
        # stdin into a tree: named by a hash of its bytes
        return self._checked(page, self._target(document_id(page.data, None), ".json"))

    def _page_file(self, source: Source) -> Item:
        """A page file of the ``-o`` tree. With no earlier output to compare with (a first
        run, ``--force``), a local worker reads the page itself: the coordinator, which
        shares the cores with the workers, only plans (its CPU time on the 101 MB bench
        with two workers: 1.0 s before, 0.63 s with this and names kept as strings)."""
        assert source.rel is not None
        target = self._target(source.rel, ".json")
        if self.local and (self.out.force or not os.path.isfile(target)):
            page = Page(
                source.name, b"", read=source.size, out=target, fsync=self.out.fsync, unread=source
            )
            return Work(page, PageFile(target, self.out.fsync))
        read = read_page(source)
        if isinstance(read, Unreadable):
            return read
        return self._checked(read, target)

    def _checked(self, page: Page, target: str) -> Item:
        """Skip the page when ``target`` holds its up-to-date document."""
        # Hash only when there is an earlier output to compare with (not on a first run).
        if not self.out.force and os.path.isfile(target):
            expected = (_sha256(page.data), document_id(page.data, page.name), self.stamp)
            if up_to_date(Path(target), expected):
                return Skip(page.label, len(page.data), page.read, PageFile(target))
        if self.local:  # the worker writes the page file (a Dask worker may be elsewhere)
            page = replace(page, out=target, fsync=self.out.fsync)
        return Work(page, PageFile(target, self.out.fsync))

    def _jsonl(self, source: Source) -> Iterator[Item]:
        # Records are parsed by the workers, unless the planner needs them parsed to match
        # an earlier output (the id and a hash of the text): on 98 MB of JSONL with two
        # workers the coordinator's CPU time went from 1.2 to 0.85 s, and the run from
        # 1.76x to 1.81x the speed of one worker.
        fields = (self.out.text_field, self.out.id_field)
        if self.out.outdir is None:
            stream = self.stream
            assert stream is not None
            for record in read_records(source, *fields, parse=self._head is not None):
                if isinstance(record, Unreadable):
                    yield record
                else:
                    yield self._to_stream(record, stream, record.id or "")
            return
        assert source.rel is not None
        target = Path(self._target(source.rel, ".jsonl"))
        earlier = iter(()) if self.out.force else previous_lines(target)
        stream = Stream(self.stack, target, self.out.fsync)
        head = next(earlier, None)
        keep = True
        for record in read_records(source, *fields, parse=head is not None):
            if isinstance(record, Unreadable):
                keep = keep and record.label != source.name  # the whole file failed
                yield record
                continue
            while head is not None and (head[0] is None or head[0] < (record.line or 0)):
                head = next(earlier, None)
            if head is not None and head[0] == record.line:
                expected = (_sha256(record.data), record.id, self.stamp)
                if head[1] == expected:
                    yield Skip(record.label, len(record.data), record.read, stream, head[2])
                    continue
            yield self._work(record, stream)
        yield Close(stream, keep)

    def _work(self, page: Page, stream: Stream) -> Work:
        # A page file's document goes into a stream too (``--jsonl``): on one line.
        return Work(page if page.compact else replace(page, compact=True), stream)


def _backend(settings: Settings, workers: int, scheduler: str | None, several: bool) -> Backend:
    if scheduler is not None:
        return DaskCluster(settings, scheduler)
    if workers > 1 and several:
        return LocalPool(settings, workers)
    return Inline(settings)


def run(
    sources: Iterable[Source],
    outputs: Outputs,
    settings: Settings,
    summary: Summary,
    progress: Progress,
    on_failure: Callable[[Failed | Unreadable], None],
) -> None:
    """Clean ``sources`` into ``outputs``, counting into ``summary``.

    Failed pages are reported through ``on_failure`` as they happen and the run goes on;
    an exception (Ctrl-C, a worker process killed) removes every unfinished output file.
    """
    _sweep(outputs)
    try:
        _run(sources, outputs, settings, summary, progress, on_failure)
    except BaseException:  # re-raised: only the temp files of this run are swept
        _sweep(outputs, mine=True)
        raise


def _sweep(outputs: Outputs, mine: bool = False) -> None:
    """Temp files left in the ``-o`` tree or beside the ``--jsonl`` file (see
    ``remove_stale``)."""
    if outputs.outdir is not None:
        remove_stale(outputs.outdir, mine)
    if outputs.jsonl is not None and outputs.jsonl != "-":
        remove_stale_beside(Path(outputs.jsonl), mine)


def _run(
    sources: Iterable[Source],
    outputs: Outputs,
    settings: Settings,
    summary: Summary,
    progress: Progress,
    on_failure: Callable[[Failed | Unreadable], None],
) -> None:
    with ExitStack() as stack:
        planner = _Planner(outputs, settings, stack, local=summary.scheduler is None)
        groups = (
            (items, [i.page for i in items if isinstance(i, Work)])
            for items in batches(planner.items(sources), _size)
        )
        # Look one group ahead: a run that fits in one batch needs no pool.
        first = next(groups, None)
        second = next(groups, None)
        ahead = [g for g in (first, second) if g is not None]
        backend = _backend(settings, summary.workers, summary.scheduler, second is not None)
        stack.callback(backend.close)
        for items, done in Ordered(backend).run(chain(ahead, groups)):
            summary.worker_rss_kb = max(summary.worker_rss_kb, done.peak_rss_kb)
            summary.worker_cpu += done.cpu_seconds
            _apply(items, iter(done.results), summary, progress, on_failure)


def _apply(
    items: list[Item],
    results: Iterator[Result],
    summary: Summary,
    progress: Progress,
    on_failure: Callable[[Failed | Unreadable], None],
) -> None:
    # --fsync: the folders of the group's page files are flushed once, not once per file.
    unsynced: set[Path] = set()
    try:
        _apply_items(items, results, summary, progress, on_failure, unsynced)
    finally:
        sync_folders(unsynced)


def _apply_items(
    items: list[Item],
    results: Iterator[Result],
    summary: Summary,
    progress: Progress,
    on_failure: Callable[[Failed | Unreadable], None],
    unsynced: set[Path],
) -> None:
    for item in items:
        if isinstance(item, Work):
            result = next(results)
            if isinstance(result, Failed):
                summary.add_failed(result.label, result.message)
                on_failure(result)
            elif isinstance(result, Unwritten):
                raise OSError(result.errno, result.strerror, result.path)
            else:
                if item.page.out is None:  # else the worker wrote it
                    _write(item.dest, result.text, unsynced)
                summary.add_cleaned(result.bytes, result.comments, result.repairs, result.stage_cpu)
            progress.advance(1, item.page.read)
        elif isinstance(item, Skip):
            if isinstance(item.dest, PageFile):
                touch(Path(item.dest.path))
            elif isinstance(item.dest, Stream) and item.line is not None:
                item.dest.write(item.line)
            summary.add_skipped(item.bytes)
            progress.advance(1, item.read)
        elif isinstance(item, Unreadable):
            summary.add_failed(item.label, item.message)
            on_failure(item)
            progress.advance(1, 0)
        else:
            item.stream.close(item.keep)


def _write(dest: Destination, text: str, unsynced: set[Path]) -> None:
    if isinstance(dest, PageFile):
        path = Path(dest.path)
        with _naming(path):
            write_atomic(path, text, dest.fsync, unsynced)
    elif isinstance(dest, Stream):
        dest.write(text)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
