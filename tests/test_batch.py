"""clean at scale, in-process: input kinds, output tree, JSONL, reruns, reports, failures."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import blogwash.batch
from blogwash import __version__
from blogwash.cli import main
from blogwash.pipeline import STAGES, clean
from blogwash.schema import SCHEMA_DOCUMENT
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "nl-sample" / "input.txt"
CP1252 = FIXTURES / "cp1252" / "input.txt"


def invoke(*args: str | Path, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["clean", *map(str, args)], input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def report(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    """dumps/a.txt, dumps/sub/b.txt.gz, dumps/sub/c.jsonl, dumps/notes.md (ignored)."""
    root = tmp_path / "dumps"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_bytes(SAMPLE.read_bytes())
    (root / "sub" / "b.txt.gz").write_bytes(gzip.compress(CP1252.read_bytes()))
    records = [
        {"id": "r1", "text": "Titel\nEen artikel.\n"},
        {"id": 7, "text": "caf\u00c3\u00a9 au lait\n"},
        {"text": "Zonder id.\n"},
    ]
    lines = "\n".join(json.dumps(r) for r in records) + "\n"
    (root / "sub" / "c.jsonl").write_text(lines, encoding="utf-8")
    (root / "notes.md").write_bytes(b"not a dump")
    return root


def test_output_mirrors_the_input_tree(dumps: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = invoke(dumps, "-o", out)
    assert (code, stderr) == (0, "")
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["a.json", "sub/b.json", "sub/c.jsonl"]
    b = json.loads((out / "sub" / "b.json").read_text(encoding="utf-8"))
    assert (b["id"], b["source"]["encoding"]) == ("b", "cp1252")
    assert b["blogwash"]["version"] == __version__
    jsonschema.validate(b, SCHEMA_DOCUMENT)


def test_jsonl_input_keeps_order_ids_and_lines(dumps: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke(dumps / "sub" / "c.jsonl", "-o", out)[0] == 0
    docs = jsonl(out / "c.jsonl")
    assert [d["id"] for d in docs] == ["r1", "7", "c:3"]
    assert [d["source"]["line"] for d in docs] == [1, 2, 3]  # type: ignore[index]
    assert docs[1]["article"]["text"] == "café au lait"  # type: ignore[index]
    for doc in docs:
        jsonschema.validate(doc, SCHEMA_DOCUMENT)


def test_jsonl_fields_are_configurable(tmp_path: Path) -> None:
    dump = tmp_path / "crawl.jsonl.gz"
    record = {"url": "https://x.example/a", "body": "Hallo\n", "key": "k1"}
    dump.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    code, stdout, _ = invoke(dump, "--jsonl", "-", "--text-field", "body", "--id-field", "key")
    assert code == 0
    assert json.loads(stdout)["id"] == "k1"
    code, stdout, _ = invoke(dump, "--jsonl", "-", "--text-field", "body")
    assert json.loads(stdout)["id"] == "https://x.example/a"
    code, _, stderr = invoke(dump, "--jsonl", "-")
    assert code == 1
    assert f"blogwash: {dump}:1: no 'text' or 'html' field: name it with --text-field" in stderr


def test_bad_jsonl_line_is_named_and_the_others_written(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"text": "one"}\n{"text": \n\n{"text": "three"}\n[1]\n', encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = invoke(dump, "-o", out)
    assert code == 1
    bad = "bad JSON line (Expecting value: line 2 column 1 (char 10))"
    assert f"blogwash: {dump}:2: {bad}" in stderr
    assert f"blogwash: {dump}:5: bad JSON line (not an object)" in stderr
    assert "blogwash: 2 of 4 input(s) failed" in stderr
    assert [d["id"] for d in jsonl(out / "d.jsonl")] == ["d:1", "d:4"]


def test_jsonl_stream_holds_every_page_in_input_order(dumps: Path, tmp_path: Path) -> None:
    stream = tmp_path / "all.jsonl"
    assert invoke(dumps, "--jsonl", stream)[0] == 0
    assert [d["id"] for d in jsonl(stream)] == ["a", "b", "r1", "7", "c:3"]
    code, stdout, _ = invoke(dumps, "--jsonl", "-")
    assert code == 0
    assert stdout == stream.read_text(encoding="utf-8")


def test_stdin_with_outdir_is_named_by_its_hash(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("-", "-o", out, input=b"Titel\nTekst.\n")[0] == 0
    (written,) = out.iterdir()
    assert written.name == json.loads(written.read_text(encoding="utf-8"))["id"] + ".json"


def test_rerun_skips_what_is_up_to_date(dumps: Path, tmp_path: Path) -> None:
    out, rep = tmp_path / "out", tmp_path / "report.json"
    assert invoke(dumps, "-o", out)[0] == 0
    before = (out / "a.json").stat().st_mtime_ns
    assert invoke(dumps, "-o", out, "--report", rep)[0] == 0
    assert (report(rep)["cleaned"], report(rep)["skipped"]) == (0, 5)
    assert (out / "a.json").stat().st_mtime_ns >= before  # touched, so make sees it as new
    # One page changed, one JSONL record changed: only those are cleaned again.
    (dumps / "a.txt").write_bytes(b"Nieuw\nAnders.\n")
    lines = (dumps / "sub" / "c.jsonl").read_text(encoding="utf-8").splitlines()
    lines[1] = json.dumps({"id": 7, "text": "ander\n"})
    (dumps / "sub" / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert invoke(dumps, "-o", out, "--report", rep)[0] == 0
    assert (report(rep)["cleaned"], report(rep)["skipped"]) == (2, 3)
    assert [d["id"] for d in jsonl(out / "sub" / "c.jsonl")] == ["r1", "7", "c:3"]
    assert jsonl(out / "sub" / "c.jsonl")[1]["article"]["text"] == "ander"  # type: ignore[index]
    # Other options make other documents; --force redoes everything.
    assert invoke(dumps, "-o", out, "--report", rep, "--no-repair", "mojibake")[0] == 0
    assert report(rep)["cleaned"] == 5
    assert invoke(dumps, "-o", out, "--report", rep, "--no-repair", "mojibake", "--force")[0] == 0
    assert (report(rep)["cleaned"], report(rep)["skipped"]) == (5, 0)


def test_rerun_into_one_jsonl_stream_copies_what_is_up_to_date(dumps: Path, tmp_path: Path) -> None:
    stream, fresh, rep = tmp_path / "all.jsonl", tmp_path / "fresh.jsonl", tmp_path / "r.json"

    def rerun(*extra: str) -> tuple[object, object]:
        assert invoke(dumps, "--jsonl", stream, "--report", rep, *extra)[0] == 0
        # Whatever was copied, the stream is what a run from scratch writes.
        options = [x for x in extra if x != "--force"]
        assert invoke(dumps, "--jsonl", fresh, "--force", *options)[0] == 0
        assert stream.read_bytes() == fresh.read_bytes()
        return report(rep)["cleaned"], report(rep)["skipped"]

    assert rerun() == (5, 0)
    assert rerun() == (0, 5)
    # A changed page and a changed record: only those are cleaned again.
    (dumps / "a.txt").write_bytes(b"Nieuw\nAnders.\n")
    lines = (dumps / "sub" / "c.jsonl").read_text(encoding="utf-8").splitlines()
    lines[1] = json.dumps({"id": 7, "text": "ander\n"})
    (dumps / "sub" / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert rerun() == (2, 3)
    # A page added, then one removed: the others are still copied.
    (dumps / "a2.txt").write_bytes(b"Nog een\nartikel.\n")
    assert rerun() == (1, 5)
    (dumps / "a.txt").unlink()
    assert rerun() == (0, 5)
    assert rerun("--force") == (5, 0)
    assert rerun("--no-repair", "mojibake") == (5, 0)  # other options, other documents


def test_rerun_redoes_outputs_a_power_loss_damaged(dumps: Path, tmp_path: Path) -> None:
    # Without --fsync a power loss can leave a renamed output empty, cut short or full of
    # zeros (data not yet on disk): such a file is never up to date, whatever its name.
    out, rep = tmp_path / "out", tmp_path / "report.json"
    assert invoke(dumps, "-o", out)[0] == 0
    whole = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "a.json").write_bytes(b"")
    b = out / "sub" / "b.json"
    b.write_bytes(bytes(len(whole[b])))
    c = out / "sub" / "c.jsonl"
    c.write_bytes(whole[c][: -len(whole[c].splitlines()[-1]) // 2])  # the last line cut
    assert invoke(dumps, "-o", out, "--report", rep)[0] == 0
    assert (report(rep)["cleaned"], report(rep)["skipped"]) == (3, 2)  # c.jsonl: 2 lines kept
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == whole
    (out / "a.json").write_bytes(whole[out / "a.json"][:-2])  # cut in the last line
    assert invoke(dumps, "-o", out, "--report", rep)[0] == 0
    assert (report(rep)["cleaned"], report(rep)["skipped"]) == (1, 4)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == whole


def test_fsync_flushes_every_output_and_its_folder(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: set[tuple[int, int]] = set()
    real = os.fsync

    def fsync(fd: int) -> None:
        st = os.fstat(fd)
        synced.add((st.st_dev, st.st_ino))
        real(fd)

    def key(path: Path) -> tuple[int, int]:
        st = path.stat()
        return st.st_dev, st.st_ino

    monkeypatch.setattr(os, "fsync", fsync)
    out, rep = tmp_path / "out", tmp_path / "report.json"
    assert invoke(dumps, "-o", out, "--report", rep)[0] == 0
    assert synced == set()  # off by default
    out2 = tmp_path / "new" / "out"
    assert invoke(dumps, "-o", out2, "--report", rep, "--fsync")[0] == 0
    files = [out2 / "a.json", out2 / "sub" / "b.json", out2 / "sub" / "c.jsonl", rep]
    # Every file (its inode: the temp file renamed) and every folder that got an entry.
    folders = [tmp_path, tmp_path / "new", out2, out2 / "sub"]
    assert {key(p) for p in files + folders} <= synced


def test_report_counts_pages_bytes_repairs_comments(dumps: Path, tmp_path: Path) -> None:
    rep = tmp_path / "report.json"
    code, _, stderr = invoke(dumps, "-o", tmp_path / "out", "--report", rep)
    assert (code, stderr) == (0, "")  # not a terminal: no bar, no summary
    data = report(rep)
    assert data["pages"] == data["cleaned"] == 5
    assert data["failed"] == 0
    assert data["comments"] == 10 + 2  # the sample's 10, cp1252's 2
    assert data["repairs"] == {"lost-byte-quote": 1, "mojibake": 1}
    assert data["bytes"] == SAMPLE.stat().st_size + CP1252.stat().st_size + 46
    assert set(data) >= {"elapsed_seconds", "pages_per_second", "peak_rss_mb", "failures"}


def test_report_gives_each_stage_its_cpu_time(dumps: Path, tmp_path: Path) -> None:
    rep = tmp_path / "report.json"
    code, _, _ = invoke(dumps, "-o", tmp_path / "out", "--workers", "1", "--report", rep)
    assert code == 0
    data = report(rep)
    stages = data["stage_cpu_seconds"]
    assert list(stages) == list(STAGES)
    assert all(seconds >= 0 for seconds in stages.values())
    # The stages are part of the cleaning time, which is part of the process's CPU time.
    assert sum(stages.values()) <= data["cpu_seconds"]["cleaning"] + 0.01
    assert data["cpu_seconds"]["cleaning"] <= data["cpu_seconds"]["main"] + 0.01


def test_stage_cpu_adds_up_per_stage() -> None:
    times: dict[str, float] = {}
    clean(SAMPLE.read_bytes(), stage_cpu=times)
    clean(SAMPLE.read_bytes(), stage_cpu=times)
    assert list(times) == list(STAGES)
    assert times["split"] > 0


def test_a_bug_in_one_page_shows_its_traceback_and_the_rest_is_written(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = blogwash.batch.clean

    def buggy(data: bytes, **kwargs: object) -> dict[str, object]:
        if kwargs.get("name", "").endswith("a.txt"):  # type: ignore[union-attr]
            raise ZeroDivisionError("a bug")
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(blogwash.batch, "clean", buggy)
    out, rep = tmp_path / "out", tmp_path / "report.json"
    code, _, stderr = invoke(dumps, "-o", out, "--workers", "1", "--report", rep)
    assert code == 1
    assert f"blogwash: {dumps / 'a.txt'}: internal error: ZeroDivisionError('a bug')" in stderr
    assert "Traceback (most recent call last)" in stderr
    assert 'raise ZeroDivisionError("a bug")' in stderr
    assert not (out / "a.json").exists()
    assert (out / "sub" / "b.json").is_file()
    assert report(rep)["failures"] == [
        {"page": str(dumps / "a.txt"), "error": "internal error: ZeroDivisionError('a bug')"}
    ]


def test_interrupted_run_leaves_no_partial_file(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real = blogwash.batch.clean
    seen: list[str] = []

    def interrupted(data: bytes, **kwargs: object) -> dict[str, object]:
        seen.append(str(kwargs.get("name")))
        if len(seen) == 4:  # the second record of c.jsonl: c.jsonl is half written
            raise KeyboardInterrupt
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(blogwash.batch, "clean", interrupted)
    monkeypatch.setattr(blogwash.batch, "BATCH_PAGES", 1)
    result = CliRunner().invoke(main, ["clean", str(dumps), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 130
    assert result.stderr.startswith("blogwash: 3 pages (3 cleaned, 0 up to date, 0 failed)")
    assert result.stderr.endswith("blogwash: interrupted: rerun the same command to go on\n")
    # a and b were complete; c.jsonl was half written: neither it nor its temp file is left.
    leftovers = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert leftovers == ["a.json", "sub/b.json"]


def test_usage_errors_for_outputs(dumps: Path, tmp_path: Path) -> None:
    code, _, stderr = invoke(dumps / "sub" / "c.jsonl")
    assert code == 2
    assert "c.jsonl holds one page per line: give -o OUTDIR or --jsonl FILE|-." in stderr
    code, _, stderr = invoke(dumps, "-o", tmp_path / "o", "--jsonl", "-")
    assert code == 2
    assert "-o OUTDIR and --jsonl FILE both given: choose one." in stderr
    code, _, stderr = invoke(dumps, "--workers", "0")
    assert code == 2


def test_output_inside_the_input_directory_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    out = tmp_path / "clean"
    assert invoke(tmp_path, "-o", out)[0] == 0
    assert invoke(tmp_path, "-o", out)[0] == 0
    assert sorted(p.name for p in out.rglob("*")) == ["d.jsonl"]


def test_corrupt_gzip_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "x.txt.gz"
    bad.write_bytes(gzip.compress(b"Title\nText\n")[:-6])
    code, _, stderr = invoke(bad)
    assert code == 1
    assert f"blogwash: {bad}: cannot read: not a valid gzip file" in stderr


def test_scheduler_without_distributed_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    code, _, stderr = invoke(SAMPLE, "--scheduler", "tcp://127.0.0.1:8786")
    assert code == 2
    assert "--scheduler needs Dask's distributed package: pip install 'blogwash[dask]'" in stderr
