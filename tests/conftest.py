from __future__ import annotations

from pathlib import Path

import pytest
from tools.golden import cases, input_name, input_of

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SAMPLE = ROOT.parent / "shared" / "seeds" / "000_c309727116dc1621.txt"
CASES = [p.name for p in cases()]


@pytest.fixture(params=CASES)
def case(request: pytest.FixtureRequest) -> Path:
    return FIXTURES / request.param


def case_input(case: Path) -> tuple[bytes, str]:
    """A fixture case's input bytes and the name the pipeline sees (``<case>.txt``,
    ``<case>.html``)."""
    path = input_of(case)
    assert path is not None, f"{case} holds no input.* file"
    return path.read_bytes(), input_name(case, path)
