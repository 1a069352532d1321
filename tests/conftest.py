from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SAMPLE = ROOT.parent / "shared" / "seeds" / "000_c309727116dc1621.txt"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "input.txt").is_file())


@pytest.fixture(params=CASES)
def case(request: pytest.FixtureRequest) -> Path:
    return FIXTURES / request.param
