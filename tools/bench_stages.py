"""Time each pipeline stage over a corpus of dumps: `make bench-stages [DIR=...]`.

Prints the CPU seconds (process time, so other processes on a shared machine do not
count) and share of total time per stage, measured in one run on the same inputs (best of
--repeat passes per stage).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from blogwash.decode import NotTextError, decode
from blogwash.emit import dumps, emit
from blogwash.normalize import normalize
from blogwash.repair import repair
from blogwash.split import split
from tools.timing import best_cpu

# Golden files in fixtures/<case>/ are outputs, not dumps.
GOLDEN_STEMS = {"decode", "repair", "normalize", "split", "error"}


def _is_text(data: bytes) -> bool:
    try:
        decode(data)
    except NotTextError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=5, help="replicate the corpus N times")
    args = parser.parse_args(argv)
    files = sorted(p for d in args.dirs for p in d.rglob("*.txt") if p.stem not in GOLDEN_STEMS)
    blobs = [b for b in (p.read_bytes() for p in files) if _is_text(b)] * args.copies
    if not blobs:
        print("bench-stages: no *.txt dumps found", file=sys.stderr)
        return 2
    size = sum(len(b) for b in blobs)
    decoded = [decode(b) for b in blobs]
    repaired = [repair(d.text) for d in decoded]
    normalized = [normalize(r.text) for r in repaired]
    parts = [split(n.text) for n in normalized]
    stages: dict[str, Callable[[], Any]] = {
        "decode": lambda: [decode(b) for b in blobs],
        "repair": lambda: [repair(d.text) for d in decoded],
        "normalize": lambda: [normalize(r.text) for r in repaired],
        "split": lambda: [split(n.text) for n in normalized],
        "emit": lambda: [
            dumps(emit(b, None, d, r, n, s))
            for b, d, r, n, s in zip(blobs, decoded, repaired, normalized, parts, strict=True)
        ],
    }
    times = {name: best_cpu(fn, args.repeat) for name, fn in stages.items()}
    total = sum(times.values())
    print(f"{len(blobs)} dumps, {size / 1e6:.1f} MB, best of {args.repeat}")
    print(f"{'stage':10} {'seconds':>8} {'MB/s':>8} {'share':>7}")
    for name, sec in times.items():
        print(f"{name:10} {sec:8.3f} {size / 1e6 / sec:8.1f} {sec / total:7.1%}")
    print(f"{'total':10} {total:8.3f} {size / 1e6 / total:8.1f} {1:7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
