"""The one place that writes output files: atomically, never a partial file.

Also where a rerun learns that an output is up to date: every document written by the CLI
carries the input's ``source.sha256`` and a ``blogwash`` stamp (version + options digest),
so an output whose hash, id and stamp match what this run would write is left alone.
"""

from __future__ import annotations

import errno
import io
import itertools
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any


def write_atomic(
    path: Path, text: str, fsync: bool = False, unsynced: set[Path] | None = None
) -> None:
    """Write ``text`` (UTF-8) to ``path`` via a sibling temp file and a rename.

    A crash or a full disk leaves either the old file or the new one, never half of one;
    with ``fsync``, the new one is on disk when this returns, or once ``sync_folders``
    has flushed ``unsynced`` (see ``AtomicFile``). The bytes go out with ``os.write``:
    a text file object per output (what ``AtomicFile`` gives) costs ~35 us more per file,
    4 % of a run over small pages.
    """
    data = text.encode("utf-8")
    fd, tmp = _open_temp(path, fsync)
    renamed = False
    try:
        with memoryview(data) as rest:
            while rest:
                rest = rest[os.write(fd, rest) :]
        if fsync:
            os.fsync(fd)
        os.close(fd)
        fd = -1
        _commit(tmp, path, fsync, unsynced)
        renamed = True
    finally:
        if fd >= 0:
            os.close(fd)
        if not renamed:
            Path(tmp).unlink(missing_ok=True)


class AtomicFile:
    """A file written piece by piece that appears under its name only when complete.

    ``with AtomicFile(path) as out: out.write(...)`` writes a sibling temp file and renames
    it over ``path`` on a clean exit; on an exception (Ctrl-C included), or after
    ``discard()``, the temp file is removed and ``path`` keeps its old content.
    ``Path("-")`` writes UTF-8 to stdout instead.

    That is atomic against an interrupted process, not durable against a power loss: the
    kernel may write the rename before the data, leaving an empty or cut file. A rerun
    redoes such a file (it is not an up-to-date document). With ``fsync`` the data is
    flushed to disk before the rename and the folder after it: two disk round trips per
    file, more than the cleaning of a small page takes. Given an ``unsynced`` set, the
    folder is added to it instead, for ``sync_folders`` to flush once for many files.
    """

    def __init__(self, path: Path, fsync: bool = False, unsynced: set[Path] | None = None) -> None:
        self.path = path
        self.fsync = fsync
        self._unsynced = unsynced
        self._tmp: str | None = None
        self._handle: IO[str] | None = None
        self._stdout: io.TextIOWrapper | None = None
        self._discard = False

    def __enter__(self) -> IO[str]:
        if str(self.path) == "-":
            self._stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
            return self._stdout
        fd, self._tmp = _open_temp(self.path, self.fsync)
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self._handle

    def discard(self) -> None:
        """Keep the old file: the temp file is removed on exit, not renamed."""
        self._discard = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stdout is not None:
            self._stdout.flush()
            self._stdout.detach()  # sys.stdout stays open
            return
        assert self._handle is not None and self._tmp is not None
        keep = exc_type is None and not self._discard
        renamed = False
        try:
            if keep and self.fsync:
                self._handle.flush()
                os.fsync(self._handle.fileno())
            self._handle.close()
            if keep:
                _commit(self._tmp, self.path, self.fsync, self._unsynced)
                renamed = True
        finally:
            if not renamed:
                Path(self._tmp).unlink(missing_ok=True)


# Temp files get serial numbers: with the pid, unique among live processes; a leftover of
# an earlier process with the same pid is stepped over (O_EXCL).
_serial = itertools.count()
# O_EXCL never opens an existing file nor follows a symlink planted under the name.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _open_temp(path: Path, fsync: bool) -> tuple[int, str]:
    """``_create_temp``, making the folder first when it is missing: made on demand, so a
    run over a made tree costs no mkdir per file."""
    try:
        return _create_temp(path)
    except FileNotFoundError:
        made = _make_folders(path.parent)
        if fsync:
            for folder in made:
                _sync_folder(folder.parent)
        return _create_temp(path)


def _commit(tmp: str, path: Path, fsync: bool, unsynced: set[Path] | None) -> None:
    """Rename the finished temp file over ``path``; with ``fsync``, flush the folder now
    or (given ``unsynced``) leave it to ``sync_folders``."""
    os.replace(tmp, path)
    if fsync and unsynced is not None:
        unsynced.add(path.parent)
    elif fsync:
        _sync_folder(path.parent)


def _create_temp(path: Path) -> tuple[int, str]:
    """Create ``path``'s temp file ``.<name>.<pid>-<serial>.tmp`` beside it: (fd, name).

    The writer's pid in the name: a later run can tell a killed run's leftovers
    (``remove_stale``) from a live run's file. Mode 0666 as ``open()`` asks, so the umask
    (or the folder's default ACL) gives an output the mode any new file gets.
    """
    for _ in range(10_000):  # tempfile.mkstemp's bound
        tmp = os.path.join(path.parent, f".{path.name}.{os.getpid()}-{next(_serial)}.tmp")
        try:
            return os.open(tmp, _CREATE, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            # Name the output the user asked for, not its hidden temp file.
            raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(path.parent))


def _make_folders(folder: Path) -> list[Path]:
    """``mkdir -p folder``; the folders it made, outermost first."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    made: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir():
                raise
            continue  # made by a run beside this one
        made.append(path)
    return made


def sync_folders(folders: set[Path]) -> None:
    """Flush the renames ``write_atomic`` left in ``folders``; empties the set."""
    while folders:
        _sync_folder(folders.pop())


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename, a new file or folder in it) to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ``.<name>.<pid>-<serial>.tmp``, as AtomicFile names its temp files.
_TEMP_NAME = re.compile(r"\..+\.(\d+)-[^.]+\.tmp")


def remove_stale(root: Path, mine: bool = False) -> None:
    """Remove the temp files a killed run (SIGKILL, power loss) left under ``root``;
    with ``mine``, this process's own too (a Ctrl-C can land between creating a temp
    file and the ``with`` that would remove it).

    Only files whose writer process is gone: a run beside this one (``make -j``) keeps
    its own. (On a directory shared by several machines a pid says nothing; such a
    leftover is harmless, it is never read as output.)
    """
    me = os.getpid() if mine else None
    for folder, _, files in os.walk(root):
        for name in files:
            if _stale(name, me):
                Path(folder, name).unlink(missing_ok=True)


def remove_stale_beside(path: Path, mine: bool = False) -> None:
    """``remove_stale`` for the temp files of one output file (a ``--jsonl`` stream),
    which sit beside it: its folder is not walked, only its own temp names are looked at."""
    me = os.getpid() if mine else None
    prefix = f".{path.name}."
    try:
        names = [e.name for e in os.scandir(path.parent) if e.name.startswith(prefix)]
    except OSError:
        return  # no folder yet: nothing left over
    for name in names:
        if _stale(name, me):
            Path(path.parent, name).unlink(missing_ok=True)


def _stale(name: str, me: int | None) -> bool:
    match = _TEMP_NAME.fullmatch(name)
    return match is not None and (int(match[1]) == me or not _alive(int(match[1])))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def touch(path: Path) -> None:
    """Mark an up-to-date output as new, so make does not rebuild it again and again."""
    os.utime(path)


def stamp_of(doc: dict[str, Any]) -> tuple[object, object, object]:
    """What decides whether an output is up to date: input hash, id and blogwash stamp."""
    source = doc.get("source")
    sha = source.get("sha256") if isinstance(source, dict) else None
    return sha, doc.get("id"), doc.get("blogwash")


def up_to_date(path: Path, expected: tuple[object, object, object]) -> bool:
    """True when ``path`` holds a document written from the same input, with the same id,
    by the same blogwash version and options (``expected`` as ``stamp_of`` gives it).

    A missing or unreadable file, or one that is not such a document, is simply not up to
    date: it is rewritten.
    """
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and stamp_of(doc) == expected


def previous_lines(path: Path) -> Iterator[tuple[int | None, tuple[object, object, object], str]]:
    """The records of an earlier JSONL output: (input line, stamp, the line as written).

    Lines that are not documents give ``None`` as input line and are never reused.
    """
    try:
        handle = path.open(encoding="utf-8", errors="replace", newline="\n")
    except OSError:
        return
    with handle:
        for text in handle:
            try:
                doc = json.loads(text)
            except ValueError:
                yield None, (None, None, None), text
                continue
            if not isinstance(doc, dict) or not isinstance(doc.get("source"), dict):
                yield None, (None, None, None), text
                continue
            line = doc["source"].get("line")
            yield (line if isinstance(line, int) else None), stamp_of(doc), text
