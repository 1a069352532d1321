"""Pages in batches, cleaned in this process, a local process pool or a Dask cluster.

The work unit is a *batch* of pages (about ``BATCH_BYTES`` of input), never one task per
page: a page takes milliseconds, a task round trip almost as much. Whatever runs the
batches, results come back in submission order, so the output is the same byte for byte
with 1 worker, 16 workers or a cluster.

A batch runs ``clean_batch``, a plain function of picklable values (``Page``, ``Settings``)
that returns the serialised documents: the serialisation happens on the worker, and the
coordinating process only writes.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import multiprocessing
import os
import resource
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from blogwash import __version__
from blogwash.decode import NotTextError
from blogwash.emit import dumps
from blogwash.inputs import Page, Unreadable, loaded
from blogwash.patterns import Patterns, load
from blogwash.pipeline import clean
from blogwash.writer import sync_folders, write_atomic

# A batch closes at this much input or this many pages, whichever comes first: big enough
# that task overhead vanishes, small enough to keep every worker busy to the end.
BATCH_BYTES = 256 << 10
BATCH_PAGES = 64
# Batches in flight per worker: one running, one waiting, so a worker never idles while
# the coordinator writes. Memory stays bounded whatever the corpus size.
WINDOW_PER_WORKER = 2


@dataclass(frozen=True)
class Settings:
    """Everything that decides a document besides its input bytes.

    Pattern word lists travel by value (not as file names) so a remote worker needs no
    access to the user's files; ``stamp`` fingerprints them for the output.
    """

    no_repair: tuple[str, ...] = ()
    # Merged word lists (built-in + --patterns files), or None for the built-in ones.
    words: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    languages: tuple[str, ...] = ()
    version: str = __version__

    @classmethod
    def build(cls, no_repair: Iterable[str], pattern_files: tuple[str, ...]) -> Settings:
        """Settings for the CLI's options; a bad pattern file raises ``PatternFileError``."""
        words = None
        languages: tuple[str, ...] = ()
        if pattern_files:
            merged = load(None, pattern_files)
            languages = merged.languages
            words = tuple((k, tuple(sorted(v))) for k, v in sorted(merged.words.items()))
        return cls(tuple(sorted(set(no_repair))), words, languages)

    @cached_property
    def stamp(self) -> dict[str, str]:
        """Recorded in every output as ``blogwash``: rerun skips need it to match."""
        options = json.dumps([self.no_repair, self.words], ensure_ascii=False)
        digest = hashlib.sha256(options.encode("utf-8")).hexdigest()[:16]
        return {"version": self.version, "options": digest}


@lru_cache(maxsize=4)
def _patterns(settings: Settings) -> Patterns | None:
    # Compiled once per worker process, not once per batch.
    if settings.words is None:
        return None
    words = {k: frozenset(v) for k, v in settings.words}
    return Patterns(languages=settings.languages, words=words)


@dataclass(frozen=True)
class Cleaned:
    """A page's document, serialised, with what the summary counts."""

    text: str
    bytes: int
    comments: int
    repairs: tuple[tuple[str, int], ...] = ()
    # CPU seconds per stage (``pipeline.STAGES``), emit including serialisation.
    stage_cpu: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Failed:
    """A page that produced no document. ``traceback`` is set when it was a bug."""

    label: str
    message: str
    traceback: str | None = None


@dataclass(frozen=True)
class Unwritten:
    """A page file the worker could not write (a full disk): the run stops there, as when
    the coordinator writes (``OSError`` with the file's name)."""

    path: str
    errno: int | None
    strerror: str | None


Result = Cleaned | Failed | Unwritten


def clean_page(page: Page, settings: Settings, unsynced: set[Path] | None = None) -> Result:
    """Clean one page into its serialised document (what a worker runs per page)."""
    if settings.version != __version__:
        return Failed(
            page.label,
            f"this worker runs blogwash {__version__}, the client {settings.version}: "
            "install the same version everywhere",
        )
    read = loaded(page)
    if isinstance(read, Unreadable):
        return Failed(read.label, read.message)
    page = read
    stage_cpu: dict[str, float] = {}
    try:
        doc = clean(
            page.data,
            name=page.name,
            no_repair=settings.no_repair,
            patterns=_patterns(settings),
            stage_cpu=stage_cpu,
        )
    except NotTextError as exc:
        return Failed(page.label, str(exc))
    except Exception as exc:  # not swallowed: see below
        # A bug in one page must not cost the other pages of the run, and must not pass
        # silently either: it becomes a failure carrying the full traceback, which the CLI
        # prints and counts (exit code 1).
        return Failed(page.label, f"internal error: {exc!r}", traceback.format_exc())
    started = time.process_time()
    text = dumps(_stamped(doc, page, settings), indent=None if page.compact else 2)
    stage_cpu["emit"] += time.process_time() - started
    if page.out is not None:
        try:
            write_atomic(Path(page.out), text, page.fsync, unsynced)
        except OSError as exc:
            where = page.out if exc.filename is None else str(exc.filename)
            return Unwritten(where, exc.errno, exc.strerror)
        text = ""
    return Cleaned(
        text=text,
        bytes=len(page.data),
        comments=len(doc["comments"]),
        repairs=tuple(sorted(Counter(r["rule"] for r in doc["repairs"]).items())),
        stage_cpu=tuple(stage_cpu.items()),
    )


def _stamped(doc: dict[str, Any], page: Page, settings: Settings) -> dict[str, Any]:
    if page.id is not None:
        doc["id"] = page.id
    if page.line is not None:
        doc["source"]["line"] = page.line
    doc["blogwash"] = settings.stamp
    return doc


@dataclass(frozen=True)
class Done:
    """A batch's results, one per page in order; the CPU time the batch took and the
    worker's peak memory so far (for the report: wall time alone says little on a busy
    machine)."""

    results: list[Result]
    cpu_seconds: float = 0.0
    peak_rss_kb: int = 0


def clean_batch(pages: list[Page], settings: Settings) -> Done:
    """Clean a batch (what a worker runs)."""
    started = time.process_time()
    results: list[Result] = []
    unsynced: set[Path] = set()  # --fsync: each folder flushed once per batch
    try:
        for page in pages:
            results.append(clean_page(page, settings, unsynced))
            if isinstance(results[-1], Unwritten):
                break  # a full disk: the run stops at this page
    finally:
        sync_folders(unsynced)
    cpu = time.process_time() - started
    return Done(results, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


T = TypeVar("T")


def batches(items: Iterable[T], size: Callable[[T], int]) -> Iterator[list[T]]:
    """Group ``items`` in order, closing a group at ``BATCH_BYTES`` (by ``size``) or
    ``BATCH_PAGES`` items.

    >>> [len(b) for b in batches(range(150), lambda _: 1)]
    [64, 64, 22]
    >>> [len(b) for b in batches([BATCH_BYTES, 1, 1], lambda n: n)]
    [1, 2]
    """
    group: list[T] = []
    total = 0
    for item in items:
        group.append(item)
        total += size(item)
        if total >= BATCH_BYTES or len(group) >= BATCH_PAGES:
            yield group
            group, total = [], 0
    if group:
        yield group


class Pending(Protocol):
    """A submitted batch: a concurrent.futures or a Dask future."""

    def result(self) -> Done: ...


class Backend(Protocol):
    """Runs batches; ``window`` is how many may be in flight at once."""

    window: int

    def submit(self, pages: list[Page]) -> Pending: ...

    def close(self) -> None: ...


class Inline:
    """This process, no pool: the fast path for one worker or a single batch."""

    window = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def submit(self, pages: list[Page]) -> Pending:
        done: Future[Done] = Future()
        done.set_result(clean_batch(pages, self.settings))
        return done

    def close(self) -> None:
        pass


class LocalPool:
    """A pool of ``workers`` processes on this machine."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.window = workers * WINDOW_PER_WORKER
        # forkserver, not fork: workers must not inherit the coordinator's open output
        # files or its progress bar (a forked copy redraws it when the worker exits).
        # The server preloads blogwash, so each worker starts warm.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["blogwash.batch"])
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_exit_with,
            initargs=(os.getpid(),),
        )

    def submit(self, pages: list[Page]) -> Pending:
        return self._pool.submit(clean_batch, pages, self.settings)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# How often a worker looks whether its coordinator is still there.
WATCH_SECONDS = 1.0


def _exit_with(coordinator: int) -> None:
    """A worker's start: leave once the coordinator is gone. A pool worker otherwise waits
    for work forever, and a coordinator killed outright (SIGKILL, the OOM killer) has no
    chance to stop its pool; nor would the forkserver stop while a worker lives."""

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            try:
                os.kill(coordinator, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass  # alive, under another user

    threading.Thread(target=watch, name="blogwash-watch", daemon=True).start()


class DaskUnavailable(RuntimeError):
    """``--scheduler`` was given but the ``distributed`` package is not installed."""


class SchedulerUnreachable(RuntimeError):
    """No Dask scheduler answers at the ``--scheduler`` address."""


class DaskCluster:
    """Batches sent to a Dask scheduler (``tcp://HOST:8786``).

    Every worker needs the same blogwash version installed (``pip install blogwash[dask]``);
    a worker with another version fails each page with a message saying so. Pages travel
    with their batch, so workers need no access to the input files.
    """

    def __init__(self, settings: Settings, address: str) -> None:
        try:
            # Typed as Any: distributed's own annotations are partial.
            distributed: Any = importlib.import_module("distributed")
        except ImportError as exc:
            raise DaskUnavailable(
                "--scheduler needs Dask's distributed package: pip install 'blogwash[dask]'"
            ) from exc
        self.settings = settings
        try:
            self._client = distributed.Client(address, set_as_default=False, timeout="20s")
        except OSError as exc:  # distributed's connection timeouts are OSErrors too
            raise SchedulerUnreachable(
                f"no Dask scheduler answers at {address} ({exc}): start one with "
                "`dask scheduler`, or check --scheduler / DASK_SCHEDULER_ADDRESS"
            ) from exc
        threads = sum(self._client.nthreads().values())
        self.window = max(1, threads) * WINDOW_PER_WORKER

    def submit(self, pages: list[Page]) -> Pending:
        future: Pending = self._client.submit(clean_batch, pages, self.settings, pure=False)
        return future

    def close(self) -> None:
        self._client.close()


def default_workers() -> int:
    """All cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass
class Ordered:
    """Submit groups of work and take their results back in submission order.

    Each group carries a tag (what the coordinator needs to place the results) and the
    pages to clean; at most ``backend.window`` groups are in flight.
    """

    backend: Backend
    _pending: deque[tuple[Any, Pending | None]] = field(default_factory=deque)

    def run(self, groups: Iterable[tuple[T, list[Page]]]) -> Iterator[tuple[T, Done]]:
        for tag, pages in groups:
            self._pending.append((tag, self.backend.submit(pages) if pages else None))
            while len(self._pending) >= self.backend.window:
                yield self._next()
        while self._pending:
            yield self._next()

    def _next(self) -> tuple[Any, Done]:
        tag, pending = self._pending.popleft()
        return tag, Done([]) if pending is None else pending.result()
