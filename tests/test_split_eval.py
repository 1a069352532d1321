"""The evaluation harness on the sample dump's own truth file, and (when the development
set is on this machine) the issue's targets as a regression guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tools.eval_split import Score, evaluate, holds, main, words

from tests.conftest import ROOT

SAMPLE_DIR = ROOT / "tests" / "data" / "split-sample"
SPLIT_DEV = ROOT.parent / "shared" / "bench" / "split-dev"


def test_found_rule_is_80_percent_words_and_at_most_20_percent_others() -> None:
    truth = words("one two three four five six seven eight nine ten")
    assert holds(words("one two three four five six seven eight"), truth)
    assert not holds(words("one two three four five six seven"), truth)
    assert not holds(words("one two three four five six seven eight nine ten x y z"), truth)


def test_sample_dump_is_exact() -> None:
    txt = SAMPLE_DIR / "000_c309727116dc1621.txt"
    truth = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    row = evaluate(txt, truth).row()
    assert row["truth"] == 10
    assert (row["recall"], row["precision"], row["author_acc"]) == (1.0, 1.0, 1.0)
    assert (row["art_prec"], row["art_rec"]) == (1.0, 1.0)


def test_cli_prints_totals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SAMPLE_DIR)]) == 0
    out = capsys.readouterr().out
    assert "comment F1 1.000" in out
    assert "author accuracy 1.000" in out


@pytest.mark.skipif(not SPLIT_DEV.is_dir(), reason="split-dev set not on this machine")
def test_split_dev_targets() -> None:
    total = Score()
    for txt in sorted(SPLIT_DEV.glob("*.txt")):
        truth = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        total.add(evaluate(txt, truth))
    row = total.row()
    assert row["f1"] >= 0.90
    assert row["author_acc"] >= 0.90
    assert row["art_f1"] >= 0.95


def test_no_truth_files_is_a_usage_error(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 2
