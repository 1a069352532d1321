"""Speed of the decode stage, measured side by side in one run; `make bench-decode`.

1. UTF-8 input: blogwash's ``decode`` against a bare ``bytes.decode("utf-8")`` on the same
   bytes, best CPU time of N runs each (interleaved, so both see the same machine load), once on
   one buffer of a few MB and once file by file (where the per-call overhead shows).
   Target: blogwash runs at no less than half the bare speed.
2. Single-byte input (the same dumps re-encoded in cp1252 where they can be, and the
   single-byte fixtures): chardet calls per file, counted by wrapping ``chardet.detect``.
   Target: at most one per file.

The process is pinned to one core where the OS allows it. Texts come from DUMPS (the
split-dev dumps by default) and the fixtures; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chardet

from blogwash.decode import decode
from tools.timing import best_of

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SPLIT_DEV = ROOT.parent / "shared" / "bench" / "split-dev"


def utf8_files(dumps: Path | None) -> list[bytes]:
    """Realistic UTF-8 dumps: the DUMPS folder's ``*.txt``, else the UTF-8 fixtures."""
    folder = dumps if dumps is not None and dumps.is_dir() else FIXTURES
    pattern = "*.txt" if folder != FIXTURES else "*/input.txt"
    files = []
    for path in sorted(folder.glob(pattern)):
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if data:
            files.append(data)
    return files


def single_byte_files(utf8: list[bytes]) -> Iterator[tuple[str, bytes]]:
    """The UTF-8 dumps that cp1252 can hold, re-encoded, plus the single-byte fixtures."""
    for data in utf8:
        text = data.decode("utf-8")
        if text.isascii():
            continue
        try:
            yield "cp1252 dump", text.encode("cp1252")
        except UnicodeEncodeError:
            continue
    for name in ("cp1252", "cp1250-polish", "cp1251-russian", "latin-1-spanish"):
        path = FIXTURES / name / "input.txt"
        if path.is_file():
            yield f"fixture {name}", path.read_bytes()


def bench_utf8(files: list[bytes], runs: int) -> float:
    big = b"".join(files)
    while len(big) < 4_000_000:
        big += big
    print(f"UTF-8 input: {len(files)} dumps, {sum(map(len, files)) / 1e6:.2f} MB; "
          f"one buffer of {len(big) / 1e6:.1f} MB; best of {runs}")  # fmt: skip

    def bare_files() -> None:
        for data in files:
            data.decode("utf-8")

    def blogwash_files() -> None:
        for data in files:
            decode(data)

    t = best_of(
        runs,
        {
            "bare buffer": lambda: big.decode("utf-8"),
            "blogwash buffer": lambda: decode(big),
            "bare files": bare_files,
            "blogwash files": blogwash_files,
        },
    )
    worst = 1.0
    for what in ("buffer", "files"):
        bare, ours = t[f"bare {what}"], t[f"blogwash {what}"]
        ratio = bare / ours
        worst = min(worst, ratio)
        print(f"  {what:<7} bytes.decode {bare * 1e3:8.2f} ms   blogwash.decode "
              f"{ours * 1e3:8.2f} ms   speed ratio {ratio:.2f}")  # fmt: skip
    verdict = "met" if worst >= 0.5 else "NOT met"
    print(f"  target (ratio >= 0.50 in both): {verdict}")
    return worst


def bench_single_byte(files: list[tuple[str, bytes]]) -> int:
    calls: Counter[int] = Counter()
    per_file: list[tuple[int, str]] = []
    real_detect = chardet.detect
    count = 0

    def counting_detect(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        return real_detect(*args, **kwargs)

    # blogwash.detect calls chardet.detect through the module attribute: wrap it there.
    chardet.detect = counting_detect
    try:
        start = time.perf_counter()
        for label, data in files:
            count = 0
            decoded = decode(data)
            calls[count] += 1
            per_file.append((count, f"{label} -> {decoded.encoding}"))
        elapsed = time.perf_counter() - start
    finally:
        chardet.detect = real_detect
    most = max(calls) if calls else 0
    mean = sum(k * n for k, n in calls.items()) / max(1, len(files))
    print(f"\nsingle-byte input: {len(files)} files, {elapsed * 1e3:.1f} ms in all")
    print(f"  chardet calls per file: max {most}, mean {mean:.2f} "
          f"(files by calls: {dict(sorted(calls.items()))})")  # fmt: skip
    for n, what in per_file:
        if n > 1:
            print(f"  {n} calls: {what}")
    print(f"  target (at most 1 call per file): {'met' if most <= 1 else 'NOT met'}")
    return most


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, default=SPLIT_DEV, help="folder of UTF-8 dumps")
    parser.add_argument("--runs", type=int, default=15, help="timing rounds (best of)")
    args = parser.parse_args(argv)
    pin_to_one_core()
    files = utf8_files(args.dumps)
    bench_utf8(files, args.runs)
    bench_single_byte(list(single_byte_files(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
