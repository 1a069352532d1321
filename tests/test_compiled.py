"""The split stage's C accelerators: built where ``make test`` runs, and giving the same
documents as their pure-Python reference, end to end (the line-for-line comparisons are in
test_compiled_prefilter.py and test_compiled_classify.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from blogwash.cli import main
from blogwash.cues import accelerators

ROOT = Path(__file__).resolve().parent.parent
SPLIT_DEV = ROOT.parent / "shared" / "bench" / "split-dev"
BUILT = ("blogwash._cprefilter", "blogwash._cclassify")


def test_built_where_expected() -> None:
    # `make test` sets BLOGWASH_EXPECT_COMPILED=1: a failed build must not pass unnoticed
    # as a pure-Python run (setup.py makes the modules optional for other machines).
    if os.environ.get("BLOGWASH_EXPECT_COMPILED") != "1":
        pytest.skip("BLOGWASH_EXPECT_COMPILED is not set")
    assert accelerators() == BUILT


def test_version_names_them() -> None:
    lines = CliRunner().invoke(main, ["--version"]).stdout.splitlines()
    expected = ", ".join(accelerators()) or "pure Python (no C accelerators)"
    assert lines[1] == f"split stage: {expected}"


def _clean(inputs: list[Path], **env: str) -> list[str]:
    command = [sys.executable, "-m", "blogwash", "clean", *map(str, inputs), "--jsonl", "-"]
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **env}, check=False
    )
    assert done.returncode in (0, 1), done.stderr  # 1: the fixture that is not text
    return done.stdout.splitlines()


@pytest.mark.skipif(not accelerators(), reason="the C accelerators are not built")
def test_pure_python_gives_the_same_documents() -> None:
    inputs = sorted(ROOT.glob("fixtures/*/input.*"))
    if SPLIT_DEV.is_dir():
        inputs += sorted(SPLIT_DEV.glob("*.txt"))
    compiled = _clean(inputs)
    pure = _clean(inputs, BLOGWASH_PURE="1")
    assert len(compiled) >= 20
    assert compiled == pure
