"""Every fixture through every stage, compared with its golden files.

On a difference the test names the first stage that differs and shows a diff with
invisible characters made visible. Regenerate with `make golden`, review with git diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tools.golden import golden_name

from blogwash.cli import render_stage
from blogwash.pipeline import STAGES, run
from tests.conftest import case_input
from tests.visible import diff


def test_every_stage_matches_golden(case: Path) -> None:
    data, name = case_input(case)
    result = run(data, name=name)
    for stage in STAGES:
        golden = case / golden_name(stage)
        assert golden.is_file(), f"{golden} is missing: run `make golden` and review"
        expected = golden.read_bytes().decode("utf-8")
        actual = render_stage(result, stage)
        if expected != actual:
            pytest.fail(
                f"{case.name}: first stage that differs: {stage}\n"
                + diff(expected, actual, f"{case.name}/{stage}")
            )


def test_at_least_eight_cases() -> None:
    from tests.conftest import CASES

    assert len(CASES) >= 8
