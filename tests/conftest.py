from __future__ import annotations

from pathlib import Path

import pytest
from tools.golden import cases, input_name, input_of

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SAMPLE = ROOT.parent / "shared" / "seeds" / "000_c309727116dc1621.txt"
CASES = [p.name for p in cases()]
# Cases blogwash cleans (dumps and pages); the others hold error.txt, the message they are
# refused with.
TEXT_CASES = [name for name in CASES if not (FIXTURES / name / "error.txt").is_file()]


@pytest.fixture(params=TEXT_CASES)
def case(request: pytest.FixtureRequest) -> Path:
    """A fixture that cleans to a document."""
    return FIXTURES / request.param


@pytest.fixture(params=CASES)
def golden_case(request: pytest.FixtureRequest) -> Path:
    """Any fixture: a document's stage outputs or an expected error."""
    return FIXTURES / request.param


def case_input(case: Path) -> tuple[bytes, str]:
    """A fixture case's input bytes and the name the pipeline sees (``<case>.txt``,
    ``<case>.html``)."""
    path = input_of(case)
    assert path is not None, f"{case} holds no input.* file"
    return path.read_bytes(), input_name(case, path)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: over ~20 s; run with make test-slow")
