"""The CLI contract: commands, outputs and exit codes (run in-process with CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from blogwash import __version__
from blogwash.cli import main
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "nl-sample" / "input.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def test_clean_one_input_prints_the_document() -> None:
    result = CliRunner().invoke(main, ["clean", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "blogwash/1"
    assert doc["source"]["path"] == str(SAMPLE)
    assert len(doc["comments"]) == 10


def test_clean_reads_stdin() -> None:
    result = CliRunner().invoke(main, ["clean", "-"], input=SAMPLE.read_bytes())
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["source"]["path"] == "-"
    assert len(doc["comments"]) == 10


def test_clean_writes_one_json_per_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["clean", str(SAMPLE), str(FIXTURES / "cp1252" / "input.txt"), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["input-2.json", "input.json"]
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.iterdir())]
    assert {d["source"]["encoding"] for d in docs} == {"utf-8", "cp1252"}


def test_failed_input_is_named_exit_1_and_others_still_written(tmp_path: Path) -> None:
    png = tmp_path / "photo.png"
    png.write_bytes(PNG)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(png), str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 1
    assert f"blogwash: {png}: not text" in result.stderr
    assert "1 of 2 input(s) failed" in result.stderr
    assert [p.name for p in out.iterdir()] == ["input.json"]


def test_missing_file_is_exit_1_with_message(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = CliRunner().invoke(main, ["clean", str(missing)])
    assert result.exit_code == 1
    assert f"blogwash: {missing}: cannot read (No such file or directory)" in result.stderr


def test_usage_errors_exit_2() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["clean"]).exit_code == 2
    two = runner.invoke(main, ["clean", str(SAMPLE), str(SAMPLE)])
    assert two.exit_code == 2
    assert "give -o OUTDIR" in two.stderr
    assert runner.invoke(main, ["clean", "--no-repair", "nonsense", str(SAMPLE)]).exit_code == 2


def test_directory_input_takes_dump_files_recursively_and_mirrors_the_tree(
    tmp_path: Path,
) -> None:
    dumps = tmp_path / "dumps"
    (dumps / "sub").mkdir(parents=True)
    (dumps / "a.txt").write_bytes(SAMPLE.read_bytes())
    (dumps / "sub" / "b.txt").write_bytes(b"Title\nText.\n")
    (dumps / "notes.md").write_bytes(b"not a dump")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(dumps), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == ["a.json", "sub/b.json"]


def test_no_repair_turns_a_rule_off() -> None:
    result = CliRunner().invoke(main, ["clean", "--no-repair", "lost-byte-quote", str(SAMPLE)])
    doc = json.loads(result.stdout)
    assert doc["repairs"] == []
    assert "zakendoen\u2020welke" in doc["article"]["text"]


def test_version_schema_trace() -> None:
    runner = CliRunner()
    version = runner.invoke(main, ["--version"])
    assert version.exit_code == 0
    first, second = version.stdout.strip().split("\n")
    assert first == f"blogwash, version {__version__}"
    assert second.startswith("split stage: ")  # test_compiled.py checks the rest
    schema = json.loads(runner.invoke(main, ["schema"]).stdout)
    assert schema["properties"]["schema"] == {"const": "blogwash/1"}
    trace = runner.invoke(main, ["trace", str(SAMPLE)])
    assert trace.exit_code == 0
    headers = [line for line in trace.stdout.splitlines() if line.startswith("===== ")]
    assert headers == [
        f"===== {s} =====" for s in ("decode", "repair", "normalize", "split", "emit")
    ]


def test_user_patterns_file(tmp_path: Path) -> None:
    patterns = tmp_path / "p.json"
    patterns.write_text(json.dumps({"signoffs": ["tot kijk"]}), encoding="utf-8")
    dump = tmp_path / "d.txt"
    dump.write_text("Titel\nEen artikel.\nMooi stuk!\nTot kijk, Bram\n", encoding="utf-8")
    with_patterns = CliRunner().invoke(main, ["clean", "--patterns", str(patterns), str(dump)])
    doc = json.loads(with_patterns.stdout)
    assert doc["comments"][-1]["signature"] == "Tot kijk, Bram"
    assert doc["comments"][-1]["author"] == "Bram"
    bad = tmp_path / "bad.json"
    bad.write_text('{"signofs": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", "--patterns", str(bad), str(dump)])
    assert result.exit_code == 2
    assert "unknown key 'signofs'" in result.stderr


def test_readme_help_is_current() -> None:
    from tools.readme_help import README, updated

    text = README.read_text(encoding="utf-8")
    assert updated(text) == text, "README help is stale: run python tools/readme_help.py"
