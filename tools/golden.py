"""Regenerate the golden files: fixtures/<case>/<stage>.txt for every stage.

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


def main() -> int:
    cases = sorted(p for p in FIXTURES.iterdir() if (p / "input.txt").is_file())
    for case in cases:
        data = (case / "input.txt").read_bytes()
        try:
            result = run(data, name=f"{case.name}.txt")
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
