"""Bad and hostile input, and faults: each case's exact outcome (issue 8).

Every case checks the exit code, the message naming the file, that the other inputs were
still written and that no temp or partial file is left. Cases already covered elsewhere:
invalid JSON lines (test_batch), a corrupt .gz (test_batch), Ctrl-C in-process
(test_batch), any bytes (test_properties, tools/fuzz.py).
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner

import blogwash.inputs
import blogwash.runner
import blogwash.writer
from blogwash.cli import main

BLOGWASH = Path(sys.executable).with_name("blogwash")
OK = b"Titel\nEen artikel over koffie.\n"
BINARY = "not text: the bytes look like a binary file (image, archive, PDF...)"


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["clean", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def no_temp_files(root: Path) -> bool:
    return not [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def article(path: Path) -> str:
    text: str = json.loads(path.read_text(encoding="utf-8"))["article"]["text"]
    return text


def doc(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    """dumps/ok.txt: one good page, next to which each case puts its bad one."""
    root = tmp_path / "dumps"
    root.mkdir()
    (root / "ok.txt").write_bytes(OK)
    return root


def clean_ok(out: Path) -> None:
    """The good page was written whatever happened to the bad one; nothing partial."""
    assert article(out / "ok.json") == "Een artikel over koffie."
    assert no_temp_files(out)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n   \n"], ids=["empty", "whitespace"])
def test_empty_and_whitespace_only_give_an_empty_document(
    dumps: Path, tmp_path: Path, data: bytes
) -> None:
    (dumps / "x.txt").write_bytes(data)
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    assert doc(out / "x.json")["article"] == {"title": None, "author": None, "text": ""}
    clean_ok(out)


def _zip() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello " * 100)
    return buffer.getvalue()


def test_binary_files_are_not_text_and_the_others_cleaned(dumps: Path, tmp_path: Path) -> None:
    binaries = {
        "img.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)),
        "arch.txt": _zip(),
        "doc.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(range(256)) * 4,
        "prog.txt": Path(sys.executable).resolve().read_bytes()[:4096],
    }
    for name, data in binaries.items():
        (dumps / name).write_bytes(data)
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert code == 1
    lines = stderr.splitlines()
    assert lines == [f"blogwash: {dumps / n}: {BINARY}" for n in sorted(binaries)] + [
        "blogwash: 4 of 5 input(s) failed"
    ]
    assert sorted(tree(out)) == ["ok.json"]
    clean_ok(out)


def test_nul_bytes_inside_text_are_dropped(dumps: Path, tmp_path: Path) -> None:
    (dumps / "nul.txt").write_bytes(b"Titel\nEen\x00 artikel.\nMeer\x00\x00 tekst.\n")
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    assert doc(out / "nul.json")["source"]["encoding"] == "utf-8"  # type: ignore[index]
    assert article(out / "nul.json") == "Een artikel.\nMeer tekst."
    clean_ok(out)


def test_utf16_without_bom(dumps: Path, tmp_path: Path) -> None:
    (dumps / "wide.txt").write_bytes("Titel\nEen artikel over café.\n".encode("utf-16-le"))
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    assert doc(out / "wide.json")["source"]["encoding"] == "utf-16-le"  # type: ignore[index]
    assert article(out / "wide.json") == "Een artikel over café."
    clean_ok(out)


def test_lone_surrogates_in_jsonl_become_replacement_characters(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text(
        '{"id": "a\\udc80", "text": "Titel\\nkoffie \\ud800 met melk\\n"}\n'
        '{"id": "b", "text": "Titel\\nthee\\n"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, stderr = invoke(dump, "-o", out)
    assert (code, stderr) == (0, "")
    first, second = (json.loads(line) for line in (out / "d.jsonl").read_text("utf-8").splitlines())
    assert (first["id"], first["source"]["encoding"]) == ("a\ufffd", "utf-8")
    assert first["article"]["text"] == "koffie \ufffd met melk"
    assert second["article"]["text"] == "thee"
    assert no_temp_files(out)


def test_a_million_empty_lines(dumps: Path, tmp_path: Path) -> None:
    # Used to hang: page sniffing backtracked exponentially on a head of blank lines.
    (dumps / "blank.txt").write_bytes(b"\n" * 1_000_000)
    out = tmp_path / "out"
    started = time.perf_counter()
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    assert time.perf_counter() - started < 20
    assert article(out / "blank.json") == ""
    clean_ok(out)


def test_html_nested_100000_deep(dumps: Path, tmp_path: Path) -> None:
    deep = "<!doctype html><html><body>" + "<div>" * 100_000 + "<p>Hallo wereld.</p>"
    (dumps / "deep.html").write_text(deep + "</div>" * 100_000 + "</body></html>")
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    assert article(out / "deep.json") == "Hallo wereld."
    clean_ok(out)


def test_an_overlong_line_is_refused_and_the_rest_of_the_dump_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same path as a line over MAX_PAGE_BYTES (256 MiB), at a size a test can afford.
    monkeypatch.setattr(blogwash.inputs, "MAX_PAGE_BYTES", 1 << 20)
    dump = tmp_path / "d.jsonl"
    big = json.dumps({"text": "x" * (2 << 20)})
    dump.write_text(f'{big}\n{{"text": "Titel\\nthee\\n"}}\n', encoding="utf-8")
    out = tmp_path / "out"
    code, stderr = invoke(dump, "-o", out)
    assert code == 1
    assert stderr.splitlines() == [
        f"blogwash: {dump}:1: larger than 1 MiB: split it into smaller pages",
        "blogwash: 1 of 2 input(s) failed",
    ]
    assert [json.loads(x)["id"] for x in (out / "d.jsonl").read_text("utf-8").splitlines()] == [
        "d:2"
    ]


@pytest.mark.slow
def test_a_100_mb_single_line(dumps: Path, tmp_path: Path) -> None:
    (dumps / "line.txt").write_bytes(b"Titel\n" + b"koffie " * (100_000_000 // 7) + b"\n")
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    assert article(out / "line.json").startswith("koffie koffie")
    clean_ok(out)


def test_gzip_bomb_is_refused_not_expanded(dumps: Path, tmp_path: Path) -> None:
    # 1 GiB of zeros in a 1 MiB .gz: refused after ~9 MiB, not at MAX_PAGE_BYTES (256 MiB).
    bomb = dumps / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as packed:
        for _ in range(64):
            packed.write(bytes(16 << 20))
    assert bomb.stat().st_size < 2 << 20
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert code == 1
    assert stderr.splitlines() == [
        f"blogwash: {bomb}: refused: a gzip bomb? past 9 MiB it expands over 100 times, "
        "which text does not; gunzip it first if it is real",
        "blogwash: 1 of 2 input(s) failed",
    ]
    clean_ok(out)


def test_large_gzip_text_is_not_taken_for_a_bomb(dumps: Path, tmp_path: Path) -> None:
    words = [f"woord{k}" for k in range(50_000)]
    text = "Titel\n" + " ".join(words[(k * 7919) % 50_000] for k in range(1_500_000)) + "\n"
    (dumps / "big.txt.gz").write_bytes(gzip.compress(text.encode(), compresslevel=9))
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    assert article(out / "big.json").startswith("woord0 woord7919 ")
    clean_ok(out)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_chmod(dumps: Path, tmp_path: Path) -> None:
    bad = dumps / "secret.txt"
    bad.write_bytes(OK)
    bad.chmod(0)
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert code == 1
    assert f"blogwash: {bad}: cannot read (Permission denied)" in stderr
    clean_ok(out)


def test_unreadable_file(dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = dumps / "secret.txt"
    bad.write_bytes(OK)
    real = blogwash.inputs._open

    def denied(path: str) -> object:
        if path == str(bad):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(blogwash.inputs, "_open", denied)
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert code == 1
    assert stderr.splitlines() == [
        f"blogwash: {bad}: cannot read (Permission denied)",
        "blogwash: 1 of 2 input(s) failed",
    ]
    assert sorted(tree(out)) == ["ok.json"]
    clean_ok(out)


def test_file_vanishing_mid_run(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = dumps / "gone.txt"
    gone.write_bytes(OK)
    real = blogwash.runner.read_page

    def vanish(source: blogwash.inputs.Source) -> object:
        if source.name == str(gone):
            gone.unlink()  # listed by the walk, deleted before it is read
        return real(source)

    # Read by the planner (a rerun) or by the worker (a first run: ``inputs.loaded``).
    monkeypatch.setattr(blogwash.runner, "read_page", vanish)
    monkeypatch.setattr(blogwash.inputs, "read_page", vanish)
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert code == 1
    assert stderr.splitlines()[0] == f"blogwash: {gone}: cannot read (No such file or directory)"
    clean_ok(out)


def test_directory_symlink_loop_is_not_followed(dumps: Path, tmp_path: Path) -> None:
    (dumps / "sub").mkdir()
    (dumps / "sub" / "up").symlink_to("..", target_is_directory=True)
    (dumps / "sub" / "b.txt").write_bytes(OK)
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    assert sorted(tree(out)) == ["ok.json", "sub/b.json"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the directory's mode")
def test_output_directory_not_writable_chmod(dumps: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    code, stderr = invoke(dumps, "-o", out)
    assert code == 1
    assert stderr.startswith("Error: cannot write ")
    assert "(Permission denied)" in stderr
    assert list(out.iterdir()) == []


def test_output_directory_not_writable(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"

    def denied(path: Path) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(path.parent))

    monkeypatch.setattr(blogwash.writer, "_create_temp", denied)
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (1, f"Error: cannot write {out} (Permission denied)\n")
    assert tree(out) == {}


def test_disk_full_leaves_no_partial_file_and_earlier_outputs_intact(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (dumps / name).write_bytes(OK.replace(b"koffie", name.encode()))
    out = tmp_path / "out"
    real = os.write

    def full_at_b(fd: int, data: bytes) -> int:
        if ".b.json." in os.readlink(f"/proc/self/fd/{fd}"):  # b.json's temp file
            real(fd, data[:10])  # what a full disk leaves...
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(blogwash.writer.os, "write", full_at_b)
    code, stderr = invoke(dumps, "-o", out, "--workers", "1")
    assert (code, stderr) == (
        1,
        f"Error: cannot write {out / 'b.json'} (No space left on device)\n",
    )
    assert sorted(tree(out)) == ["a.json"]  # ...is removed; a.json, written before, stays
    assert article(out / "a.json") == "Een artikel over a.txt."


def test_disk_full_on_a_jsonl_stream_names_it_and_leaves_no_partial_file(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (dumps / name).write_bytes(OK.replace(b"koffie", name.encode()))
    stream = tmp_path / "all.jsonl"
    stream.write_text("the earlier run's stream\n")
    real = blogwash.writer.AtomicFile.__enter__

    def full_at_second(self: blogwash.writer.AtomicFile) -> object:
        handle = real(self)
        plain = handle.write
        written = []

        def write(text: str) -> int:
            written.append(text)
            if len(written) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return plain(text)

        handle.write = write  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(blogwash.writer.AtomicFile, "__enter__", full_at_second)
    code, stderr = invoke(dumps, "--jsonl", stream, "--workers", "1")
    assert (code, stderr) == (1, f"Error: cannot write {stream} (No space left on device)\n")
    # The earlier stream is untouched and no temp file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["all.jsonl"]
    assert stream.read_text() == "the earlier run's stream\n"


def test_hostile_jsonl_ids_never_name_files(tmp_path: Path) -> None:
    ids = ["../../etc/x", "/etc/passwd", "a\u0000b", "x" * 5000, "../../etc/x"]
    dump = tmp_path / "in" / "d.jsonl"
    dump.parent.mkdir()
    dump.write_text("".join(json.dumps({"id": i, "text": "t\n"}) + "\n" for i in ids))
    out = tmp_path / "in" / "out"
    code, stderr = invoke(dump, "-o", out)
    assert (code, stderr) == (0, "")
    # One output named after the input file; the ids are data inside it, kept as given.
    assert sorted(tree(tmp_path)) == ["in/d.jsonl", "in/out/d.jsonl"]
    lines = (out / "d.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids


def _pages(root: Path, count: int) -> None:
    from tests.conftest import FIXTURES, TEXT_CASES

    inputs = [FIXTURES / n / "input.txt" for n in TEXT_CASES]
    texts = [p.read_bytes() for p in inputs if p.is_file()]
    for k in range(count):
        folder = root / f"part{k // 50:02}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page{k:04}.txt").write_bytes(texts[k % len(texts)])


def _partial(out: Path) -> list[Path]:
    """Outputs that are not whole documents. Not temp files (``.<name>.<pid>-<n>.tmp``): a
    live run's are being written, a killed run's are left for the next run to remove."""
    bad = []
    for p in out.rglob("*.json"):
        if p.is_file():
            try:
                json.loads(p.read_bytes())
            except ValueError:
                bad.append(p)
    return bad


def _descendants(pid: int) -> set[int]:
    """The processes under ``pid`` (Linux: read from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        kids = [child for child, ppid in parents.items() if ppid == parent]
        found.update(kids)
        todo += kids
    return found


def test_sigkill_mid_run_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    corpus, out, ref = tmp_path / "corpus", tmp_path / "out", tmp_path / "ref"
    _pages(corpus, 400)
    command = [str(BLOGWASH), "clean", str(corpus), "-o", str(out), "--workers", "2"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while sum(1 for _ in out.rglob("*.json")) < 40:
        assert proc.poll() is None, "finished before it could be killed: make it bigger"
        assert time.monotonic() < deadline
        assert _partial(out) == []
        time.sleep(0.01)
    helpers = _descendants(proc.pid)  # the forkserver and the workers
    assert helpers
    proc.kill()
    proc.wait()
    # Nothing outlives the killed coordinator: the workers see it gone and leave, and so
    # the forkserver does.
    while any(Path(f"/proc/{pid}").exists() for pid in helpers):
        assert time.monotonic() < deadline, "workers outlived the killed coordinator"
        time.sleep(0.1)
    written = sum(1 for _ in out.rglob("*.json"))
    assert 40 <= written < 400
    assert _partial(out) == [], "a partial file outlived the kill"
    # Temp files of the killed run may remain (nothing can remove them on SIGKILL)...
    rerun = subprocess.run(command, capture_output=True, timeout=300)
    assert (rerun.returncode, rerun.stderr) == (0, b"")
    whole = subprocess.run([*command[:4], str(ref), "--workers", "2"], capture_output=True)
    assert whole.returncode == 0
    assert tree(out) == tree(ref)  # ...and the rerun leaves none: byte for byte the same


def test_sigint_prints_a_summary_and_exits_130(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _pages(corpus, 400)
    proc = subprocess.Popen(
        [str(BLOGWASH), "clean", str(corpus), "-o", str(out), "--workers", "2"],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while sum(1 for _ in out.rglob("*.json")) < 20:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    lines = stderr.decode().splitlines()
    assert lines[-2].startswith("blogwash: ") and " cleaned, 0 up to date, 0 failed)" in lines[-2]
    assert lines[-1] == "blogwash: interrupted: rerun the same command to go on"
    assert sorted(p.name for p in out.rglob("*.tmp")) == []
    assert _partial(out) == []


def test_utf8_cut_short_at_the_end_of_the_file(dumps: Path, tmp_path: Path) -> None:
    # Used to send the whole file to chardet: the stray lead byte came out as cp1252 "Ã".
    cut = "Titel\nCafé met crème.\nNog één".encode() + "é".encode()[:1]
    (dumps / "cut.txt").write_bytes(cut)
    out = tmp_path / "out"
    code, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    source = doc(out / "cut.json")["source"]
    assert (source["encoding"], source["undecodable_bytes"]) == ("utf-8", 1)  # type: ignore[index]
    assert article(out / "cut.json") == "Café met crème.\nNog één\ufffd"
    clean_ok(out)


def test_outputs_get_the_usual_file_mode(dumps: Path, tmp_path: Path) -> None:
    # Once written via mkstemp, they were 0600: unreadable by the web server or a colleague.
    out = tmp_path / "out"
    assert invoke(dumps, "-o", out)[0] == 0
    mask = os.umask(0o022)
    os.umask(mask)
    assert (out / "ok.json").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_killed_runs_jsonl_temp_files_are_swept_and_no_one_elses(
    dumps: Path, tmp_path: Path
) -> None:
    (dumps / "a.txt").write_bytes(OK)
    dead = subprocess.Popen(["true"])  # a pid that has exited
    dead.wait()
    stream = tmp_path / "all.jsonl"
    left = tmp_path / f".all.jsonl.{dead.pid}-0.tmp"  # what SIGKILL left behind
    live = tmp_path / f".all.jsonl.{os.getppid()}-0.tmp"  # a live run beside this one
    other = tmp_path / f".other.jsonl.{dead.pid}-0.tmp"  # another output's: not looked at
    for path in (left, live, other):
        path.write_text("half a stream")
    code, stderr = invoke(dumps, "--jsonl", stream, "--workers", "1")
    assert (code, stderr) == (0, "")
    assert not left.exists()
    assert live.exists() and other.exists()
    assert json.loads(stream.read_text().splitlines()[0])["article"]["text"]


def test_an_output_folder_that_is_a_file_names_the_output(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_bytes(OK)
    (tmp_path / "in" / "sub" / "x.txt").write_bytes(OK)
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("a file where the folder should be")
    code, stderr = invoke(tmp_path / "in", "-o", out)
    assert (code, stderr) == (
        1,
        f"Error: cannot write {out / 'sub' / 'x.json'} (Not a directory)\n",
    )
    assert sorted(tree(out)) == ["a.json", "sub"]  # no temp file left beside them
