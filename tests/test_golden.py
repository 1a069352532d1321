"""Every fixture through every stage, compared with its golden files.

On a difference the test names the first stage that differs and shows a diff with
invisible characters made visible. A fixture whose golden is ``error.txt`` must be refused
with exactly that message (and hold no stage goldens). Regenerate with `make golden`,
review with git diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tools.golden import ERROR, golden_name

from blogwash.cli import render_stage
from blogwash.decode import NotTextError
from blogwash.pipeline import STAGES, run
from tests.conftest import case_input
from tests.visible import diff


def test_every_stage_matches_golden(golden_case: Path) -> None:
    case = golden_case
    data, name = case_input(case)
    if (case / ERROR).is_file():
        expected_error = (case / ERROR).read_bytes().decode("utf-8")
        with pytest.raises(NotTextError) as refused:
            run(data, name=name)
        assert f"{refused.value}\n" == expected_error
        stale = [stage for stage in STAGES if (case / golden_name(stage)).exists()]
        assert not stale, f"{case.name} is refused but holds stage goldens for {stale}"
        return
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
