"""clean at scale, as a user runs it: real processes, a terminal, make -j2, a Dask cluster."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import shutil
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, TEXT_CASES

BLOGWASH = Path(sys.executable).with_name("blogwash")
README = ROOT / "README.md"


def blogwash(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(BLOGWASH), *map(str, args)], capture_output=True, timeout=300, **kwargs
    )


# Text dumps (input.txt) only: the README's Makefile rule is clean/%.json: dump/%.txt.
DUMP_CASES = [name for name in TEXT_CASES if (FIXTURES / name / "input.txt").is_file()]
JSONL_CASES = [name for name in DUMP_CASES if name != "utf16-bom"]
FILE_PAGES = 12 * len(DUMP_CASES)
JSONL_PAGES = 9 * len(JSONL_CASES)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture input 12 times over (several batches), plus a JSONL dump."""
    root = tmp_path_factory.mktemp("corpus")
    for k in range(12):
        for case in (FIXTURES / name for name in DUMP_CASES):
            if (case / "input.txt").is_file():
                folder = root / f"part{k:02}"
                folder.mkdir(exist_ok=True)
                shutil.copy(case / "input.txt", folder / f"{case.name}.txt")
    texts = [
        (case.name, (case / "input.txt").read_bytes().decode("utf-8", "replace"))
        for case in (FIXTURES / name for name in JSONL_CASES)
    ]
    records = [{"id": f"{name}-{k}", "text": text} for k in range(9) for name, text in texts]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (root / "dump.jsonl").write_text(lines, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_output_is_the_same_with_one_or_two_workers(corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    a = blogwash("clean", corpus, "-o", one, "--workers", "1", "--report", tmp_path / "1.json")
    b = blogwash("clean", corpus, "-o", two, "--workers", "2", "--report", tmp_path / "2.json")
    assert (a.returncode, a.stderr, b.returncode, b.stderr) == (0, b"", 0, b"")
    assert len(tree(one)) == FILE_PAGES + 1  # one .json per page file, one .jsonl

    assert tree(one) == tree(two)
    report = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))
    assert report["pages"] == FILE_PAGES + JSONL_PAGES
    assert report["peak_rss_mb"]["worker"] > 0  # the pages really went to a pool
    s1 = blogwash("clean", corpus, "--jsonl", "-", "--workers", "1")
    s2 = blogwash("clean", corpus, "--jsonl", "-", "--workers", "2")
    assert s1.stdout == s2.stdout
    assert len(s1.stdout.splitlines()) == FILE_PAGES + JSONL_PAGES


def test_a_page_a_worker_cannot_read_is_named_and_the_others_written(
    corpus: Path, tmp_path: Path
) -> None:
    # On a first run the workers read the page files themselves: a file that cannot be read
    # fails in the worker, and must be reported as the planner reports it.
    here = tmp_path / "corpus"
    shutil.copytree(corpus, here)
    gone = here / "part00" / "gone.txt"
    gone.symlink_to(tmp_path / "nowhere.txt")  # listed by the walk, not readable
    out = tmp_path / "out"
    result = blogwash("clean", here, "-o", out, "--workers", "2", "--report", tmp_path / "r.json")
    assert result.returncode == 1
    assert result.stderr.decode().splitlines()[0] == (
        f"blogwash: {gone}: cannot read (No such file or directory)"
    )
    assert len(tree(out)) == FILE_PAGES + 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["peak_rss_mb"]["worker"] > 0  # read in a pool worker
    assert [f["page"] for f in report["failures"]] == [str(gone)]


def test_a_bad_jsonl_line_parsed_in_a_worker_is_named_as_in_one_process(
    corpus: Path, tmp_path: Path
) -> None:
    # On a first run the workers parse the JSONL records: a bad line fails there, and must
    # be reported (and the other records written, in order) as when one process does it.
    here = tmp_path / "in"
    here.mkdir()
    lines = (corpus / "dump.jsonl").read_bytes().splitlines(keepends=True)
    (here / "dump.jsonl").write_bytes(b"".join([*lines[:70], b"{not json\n", *lines[70:]]))
    one = blogwash("clean", here, "-o", tmp_path / "one", "--workers", "1")
    two = blogwash("clean", here, "-o", tmp_path / "two", "--workers", "2", "--report",
                   tmp_path / "r.json")  # fmt: skip
    assert (one.returncode, two.returncode) == (1, 1)
    assert two.stderr.decode().startswith(f"blogwash: {here / 'dump.jsonl'}:71: bad JSON line")
    assert one.stderr == two.stderr
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert len((tmp_path / "two" / "dump.jsonl").read_bytes().splitlines()) == JSONL_PAGES
    assert json.loads((tmp_path / "r.json").read_text())["peak_rss_mb"]["worker"] > 0


def test_progress_bar_and_summary_on_a_terminal_only(corpus: Path, tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    try:
        proc = subprocess.run(
            [str(BLOGWASH), "clean", str(corpus), "-o", str(tmp_path / "o"), "--workers", "2"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=300,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0
    text = shown.decode("utf-8", "replace")
    assert re.search(r"\d+ pages, \d+ pages/s", text), text
    assert "B/s" in text and "100%" in text
    total = FILE_PAGES + JSONL_PAGES
    summary = rf"blogwash: {total} pages \({total} cleaned, 0 up to date, 0 failed\)"
    assert re.search(summary, text), text
    assert "comments; repairs: " in text
    quiet = blogwash("clean", corpus, "-o", tmp_path / "o", "--force")
    assert quiet.stderr == b""


def _readme_makefile() -> str:
    """The Makefile example in the README: the test runs exactly what users copy."""
    text = README.read_text(encoding="utf-8")
    match = re.search(
        r"<!-- makefile:start -->\n```make\n(.*?)```\n<!-- makefile:end -->", text, re.S
    )
    assert match, "README lost its Makefile example"
    return match.group(1)


def test_readme_makefile_runs_with_make_j2(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    (tmp_path / "Makefile").write_text(_readme_makefile(), encoding="utf-8")
    cases = [FIXTURES / name for name in DUMP_CASES]
    for k, case in enumerate(cases):
        target = tmp_path / "dump" / ("sub" if k % 2 else "") / f"{case.name}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(case / "input.txt", target)
    env = {**os.environ, "PATH": f"{BLOGWASH.parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(["make", "-j2"], cwd=tmp_path, env=env, capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr.decode()
    made = sorted(
        p.relative_to(tmp_path / "clean").as_posix() for p in (tmp_path / "clean").rglob("*")
    )
    expected = sorted(
        p.relative_to(tmp_path / "dump").with_suffix(".json").as_posix()
        for p in (tmp_path / "dump").rglob("*.txt")
    )
    assert [m for m in made if m.endswith(".json")] == expected
    again = subprocess.run(["make", "-j2"], cwd=tmp_path, env=env, capture_output=True, timeout=60)
    assert b"Nothing to be done" in again.stdout
    # A failing page: make reports it, and .DELETE_ON_ERROR leaves no target behind.
    (tmp_path / "dump" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    broken = subprocess.run(["make", "-j2"], cwd=tmp_path, env=env, capture_output=True, timeout=60)
    assert broken.returncode != 0
    assert b"photo.txt: not text" in broken.stderr
    assert not (tmp_path / "clean" / "photo.json").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `dask scheduler` and `dask worker` (2 processes) on 127.0.0.1."""
    pytest.importorskip("distributed", reason="blogwash[dask] is not installed")
    dask = Path(sys.executable).with_name("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    common = ["--no-dashboard"]
    scheduler = subprocess.Popen(
        [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), *common],
        stdout=subprocess.DEVNULL,
        stderr=(logs / "scheduler.log").open("wb"),
    )
    worker = subprocess.Popen(
        [
            str(dask),
            "worker",
            address,
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            *common,
            "--local-directory",
            str(logs),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=(logs / "worker.log").open("wb"),
    )
    try:
        from distributed import Client

        deadline = time.monotonic() + 120
        with Client(address, timeout="60s") as client:
            while len(client.nthreads()) < 2:
                assert time.monotonic() < deadline, (logs / "worker.log").read_text()
                time.sleep(0.2)
        yield address
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
        for proc in (worker, scheduler):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_dask_cluster_output_is_byte_identical(
    dask_cluster: str, corpus: Path, tmp_path: Path
) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    a = blogwash("clean", corpus, "-o", local, "--workers", "1")
    b = blogwash("clean", corpus, "-o", remote, "--scheduler", dask_cluster, "--report",
                 tmp_path / "r.json")  # fmt: skip
    assert (a.returncode, b.returncode) == (0, 0), b.stderr.decode()
    assert tree(local) == tree(remote)
    assert json.loads((tmp_path / "r.json").read_text())["scheduler"] == dask_cluster
    env = {**os.environ, "DASK_SCHEDULER_ADDRESS": dask_cluster}
    c = blogwash("clean", corpus, "--jsonl", "-", env=env)
    d = blogwash("clean", corpus, "--jsonl", "-", "--workers", "1")
    assert c.returncode == 0, c.stderr.decode()
    assert c.stdout == d.stdout
