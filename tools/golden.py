"""Regenerate the golden files: fixtures/<case>/<stage>.txt for every stage.

A case is a folder holding one `input.*` file: `input.txt` for a text dump, `input.html`
for a saved page; the suffix is part of the name the pipeline sees, as on the command line.
Run by `make golden` (never by CI). Review the change with `git diff fixtures/`.

An input that blogwash refuses (binary, not text) gets one golden file instead of the
stage outputs: ``error.txt``, the message the CLI prints after ``blogwash: <file>: ``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from blogwash.cli import render_stage
from blogwash.decode import NotTextError
from blogwash.pipeline import STAGES, run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ERROR = "error.txt"


def golden_name(stage: str) -> str:
    return f"{stage}.json" if stage == "emit" else f"{stage}.txt"


def input_of(case: Path) -> Path | None:
    """The case's one `input.*` file (None when the folder holds none)."""
    found = sorted(p for p in case.glob("input.*") if p.is_file())
    if len(found) > 1:
        raise ValueError(f"{case}: several input files ({', '.join(p.name for p in found)})")
    return found[0] if found else None


def input_name(case: Path, path: Path) -> str:
    """The name the pipeline sees: the case name with the input's suffix."""
    return f"{case.name}{path.suffix}"


def cases() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir() and input_of(p) is not None)


def main() -> int:
    for case in cases():
        path = input_of(case)
        assert path is not None
        data = path.read_bytes()
        try:
            result = run(data, name=input_name(case, path))
        except NotTextError as exc:
            for stage in STAGES:
                (case / golden_name(stage)).unlink(missing_ok=True)
            (case / ERROR).write_bytes(f"{exc}\n".encode())
            print(f"{case.name}: refused, {ERROR} written")
            continue
        (case / ERROR).unlink(missing_ok=True)
        for stage in STAGES:
            out = render_stage(result, stage)
            (case / golden_name(stage)).write_bytes(out.encode("utf-8"))
        print(f"{case.name}: {len(STAGES)} golden files written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
