"""`make bench`: blogwash against the hand-written baseline, scaling, memory, linearity.

Builds a corpus (never committed) under $BENCH_DIR (default: ~/.cache/blogwash-bench) from
the fixtures and ../shared/bench/split-dev dumps: pages replicated to the target size, about
10 % with injected mojibake, about 10 % encoded as cp1252, about 20 % of them in JSONL
dumps. Every figure is measured in this one run, side by side, so ratios hold even on a
busy machine (absolute MB/s do not): the baseline, one worker and two workers run in turn,
BENCH_ROUNDS times (3), and the ratios are the medians of the rounds'. Each run writes
into a folder of its own under scratch/runs, removed when the series ends (up to ~2 GB
meanwhile; see ``fresh_output``).

    python tools/bench.py            # the tables (about 10 minutes on 2 cores)
    python tools/bench.py --big      # a 1 GB JSONL dump only (peak RSS per worker)
    python tools/bench.py --scaling 3 --mb 25   # 1 vs 2 workers, alternately, 3 pairs
    python tools/bench.py --versus 3            # baseline vs 1 worker, alternately, 3 pairs
    python tools/bench.py baseline CORPUS OUT   # the baseline alone (used by the bench)
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPLIT_DEV = ROOT.parent / "shared" / "bench" / "split-dev"
BLOGWASH = Path(sys.executable).with_name("blogwash")
MB = 1_000_000
# Rounds of baseline, one worker and two workers in `make bench` (BENCH_ROUNDS).
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def _sloppy(error: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves five bytes undefined; a browser shows them as their latin-1 code point.
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("bench-sloppy", _sloppy)


def source_pages() -> list[str]:
    """The texts the corpus is made of (decoded, so they can be re-encoded at will)."""
    from blogwash.decode import NotTextError, decode

    files = sorted((ROOT / "fixtures").glob("*/input.txt"))
    if SPLIT_DEV.is_dir():
        files += sorted(SPLIT_DEV.glob("*.txt"))
    texts = []
    for path in files:
        try:
            texts.append(decode(path.read_bytes()).text)
        except NotTextError:
            continue
    return texts


def mojibake(text: str, rng: random.Random) -> str:
    """UTF-8 read as cp1252 on about a third of the non-ASCII lines (what scrapers do)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.isascii() and rng.random() < 0.35:
            lines[i] = line.encode("utf-8").decode("cp1252", "bench-sloppy")
    return "\n".join(lines)


def build_corpus(folder: Path, size_mb: int, seed: int = 7) -> int:
    """Pages (.txt, 80 % UTF-8, 10 % cp1252, 10 % with mojibake) and JSONL dumps (~20 % of
    the pages); returns the corpus size in bytes. Kept between runs."""
    marker = folder / ".complete"
    if marker.is_file():
        return int(marker.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(seed)
    texts = source_pages()
    total = 0
    k = 0
    records: list[str] = []
    part = 0

    def flush_jsonl() -> int:
        nonlocal records, part
        path = folder / "jsonl" / f"part-{part:04}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(records).encode("utf-8")
        path.write_bytes(data)
        records, part = [], part + 1
        return len(data)

    while total < size_mb * MB:
        text = texts[k % len(texts)] + f"\nPermalink: https://blog.example/p/{k}\n"
        roll = rng.random()
        if roll < 0.10:
            text = mojibake(text, rng)
        if rng.random() < 0.20:
            records.append(json.dumps({"id": f"p{k}", "text": text}, ensure_ascii=False) + "\n")
            if len(records) == 500:
                total += flush_jsonl()
        else:
            data = text.encode("utf-8")
            if 0.10 <= roll < 0.20:
                with contextlib.suppress(UnicodeEncodeError):  # stays UTF-8
                    data = text.encode("cp1252")
            path = folder / "pages" / f"d{k // 1000:03}" / f"page-{k:06}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            total += len(data)
        k += 1
    if records:
        total += flush_jsonl()
    marker.write_text(str(total))
    return total


def build_single(path: Path, size_mb: int) -> int:
    """One page of ``size_mb`` MB: dumps concatenated (the text path's worst realistic case)."""
    if path.is_file():
        return path.stat().st_size
    texts = source_pages()
    with path.open("w", encoding="utf-8") as out:
        written, k = 0, 0
        while written < size_mb * MB:
            chunk = texts[k % len(texts)] + "\n"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            k += 1
    return path.stat().st_size


def build_big_jsonl(path: Path, size_mb: int) -> int:
    """A JSONL dump of ``size_mb`` MB (the streaming / memory check)."""
    if path.is_file() and path.stat().st_size >= size_mb * MB:
        return path.stat().st_size
    texts = source_pages()
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        written, k = 0, 0
        while written < size_mb * MB:
            line = json.dumps({"id": f"r{k}", "text": texts[k % len(texts)]}, ensure_ascii=False)
            written += len(line.encode()) + 1
            out.write(line + "\n")
            k += 1
    os.replace(tmp, path)
    return path.stat().st_size


# --- the baseline a user would write without blogwash ----------------------------------


def baseline(corpus: Path, out: Path) -> dict[str, float]:
    """Per file: chardet + decode + ftfy.fix_text + json.dump (JSONL: per line)."""
    import chardet
    import ftfy

    started = time.perf_counter()
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        target = out / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
                for line in src:
                    record = json.loads(line)
                    record["text"] = ftfy.fix_text(record["text"])
                    dst.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        data = path.read_bytes()
        encoding = chardet.detect(data)["encoding"] or "utf-8"
        text = data.decode(encoding, errors="replace")
        with target.with_suffix(".json").open("w", encoding="utf-8") as dst:
            json.dump({"id": path.stem, "text": ftfy.fix_text(text)}, dst, ensure_ascii=False)
    return {
        "elapsed_seconds": time.perf_counter() - started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --- measuring -------------------------------------------------------------------------

# Every run writes into a folder of its own, and the folders go when the series is over
# (``outputs_removed``), never between runs: ext4 skips recently deleted inodes when it
# allocates new ones (``recently_deleted`` in the kernel), so a run that creates 8 000
# files right after the previous run's 8 000 were deleted spends 1-2 s more in the kernel
# (measured: 0.4-0.7 s of system time in a fresh folder, 1.1-2.6 s after a deletion),
# and more with two workers creating files side by side. That cost is the bench's own
# doing, not what a user's run pays; it also swung the ratios by 10 %.
_runs = iter(range(1, 1_000_000))


def fresh_output(scratch: Path, name: str) -> Path:
    """A path (for a folder or a file) no earlier run of this series wrote to; the folder
    it goes in exists."""
    runs = scratch / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    return runs / f"{next(_runs):03}-{name}"


@contextlib.contextmanager
def outputs_removed(scratch: Path) -> Iterator[None]:
    """Remove the series' outputs when it ends (a few GB at most: each run keeps its own)."""
    shutil.rmtree(scratch / "runs", ignore_errors=True)  # left by an interrupted series
    try:
        yield
    finally:
        shutil.rmtree(scratch / "runs", ignore_errors=True)


def run_baseline(corpus: Path, scratch: Path) -> dict[str, float]:
    out = fresh_output(scratch, "baseline")
    cmd = [sys.executable, __file__, "baseline", str(corpus), str(out)]
    proc = subprocess.run(cmd, capture_output=True, check=True, text=True)
    result: dict[str, float] = json.loads(proc.stdout)
    return result


def run_blogwash(args: list[str], scratch: Path) -> dict[str, Any]:
    """Wall time of one `blogwash clean` run, and its report."""
    out = fresh_output(scratch, "blogwash")
    report = out.with_name(f"{out.name}.report.json")
    cmd = [str(BLOGWASH), "clean", *args, "-q", "--force", "--report", str(report)]
    if "--jsonl" not in args:
        cmd += ["-o", str(out)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{proc.stderr[-4000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return {
        "elapsed_seconds": elapsed,
        "cpu_main": data["cpu_seconds"]["main"],
        "cpu_cleaning": data["cpu_seconds"]["cleaning"],
        "pages": data["pages"],
        "main_rss_mb": data["peak_rss_mb"]["main"],
        "worker_rss_mb": data["peak_rss_mb"]["worker"],
        "stages": data["stage_cpu_seconds"],
    }


def stage_shares(run: dict[str, Any]) -> str:
    """Each stage's CPU seconds, as a share of the whole run's CPU time (one process: the
    run with one worker) and of the stages' sum."""
    stages: dict[str, float] = run["stages"]
    total = sum(stages.values())
    rows = [("stage", "CPU s", "share of run", "share of stages")]
    for stage, seconds in stages.items():
        rows.append(
            (
                stage,
                f"{seconds:.2f}",
                f"{100 * seconds / run['cpu_main']:.1f} %",
                f"{100 * seconds / total:.1f} %",
            )
        )
    rest = run["cpu_main"] - total
    rows.append(("rest: start-up, reading, hashing, writing", f"{rest:.2f}", "", ""))
    rows.append(("run (process CPU)", f"{run['cpu_main']:.2f}", "100 %", ""))
    return table(rows)


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def bench(base: Path, size_mb: int, big: bool) -> None:
    scratch = base / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    say = print
    say(f"bench: corpus under {base} (cpus: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f})")
    if big:
        bench_big(base, scratch)
        return
    small = base / f"corpus-{size_mb}"
    nbytes = build_corpus(small, size_mb)
    large = base / f"corpus-{size_mb * 4}"
    nbytes_large = build_corpus(large, size_mb * 4)
    mbs = nbytes / MB

    # Rounds of baseline, one worker, two workers: on a shared machine the load moves, and
    # a ratio taken within one round compares runs made under the same conditions. The
    # figures are the medians over the rounds; every round's ratio is printed too.
    rounds: list[tuple[dict[str, float], dict[str, Any], dict[str, Any]]] = []
    for k in range(ROUNDS):
        say(f"bench: round {k + 1}/{ROUNDS}: baseline, 1 worker, 2 workers, {mbs:.0f} MB ...")
        rounds.append(
            (
                run_baseline(small, scratch),
                run_blogwash([str(small), "--workers", "1"], scratch),
                run_blogwash([str(small), "--workers", "2"], scratch),
            )
        )
    say(f"bench: blogwash, 2 workers on {nbytes_large / MB:.0f} MB ...", flush=True)
    two_large = run_blogwash([str(large), "--workers", "2"], scratch)

    versus = [b["elapsed_seconds"] / one["elapsed_seconds"] for b, one, _ in rounds]
    scaling = [one["elapsed_seconds"] / two["elapsed_seconds"] for _, one, two in rounds]
    # The round whose one-worker run is the median one stands for the table.
    base_run, one, two = sorted(rounds, key=lambda r: r[1]["elapsed_seconds"])[ROUNDS // 2]
    b_rate = mbs / base_run["elapsed_seconds"]
    rows = [("run", "corpus", "time s", "MB/s", "vs baseline", "peak RSS MB (main / worker)")]
    rows.append(
        (
            "baseline: chardet + ftfy.fix_text + json.dump",
            f"{mbs:.0f} MB",
            f"{base_run['elapsed_seconds']:.1f}",
            f"{b_rate:.2f}",
            "1.00x",
            f"{base_run['peak_rss_mb']:.0f}",
        )
    )
    for label, run, size in (
        ("blogwash --workers 1", one, nbytes),
        ("blogwash --workers 2", two, nbytes),
        ("blogwash --workers 2", two_large, nbytes_large),
    ):
        rate = size / MB / run["elapsed_seconds"]
        rows.append(
            (
                label,
                f"{size / MB:.0f} MB",
                f"{run['elapsed_seconds']:.1f}",
                f"{rate:.2f}",
                f"{rate / b_rate:.2f}x",
                f"{run['main_rss_mb']:.0f} / {run['worker_rss_mb']:.0f}",
            )
        )
    say()
    say(f"the median round of {ROUNDS} (by the one-worker time):")
    say(table(rows))
    say(
        f"\n1 worker vs baseline, wall time, median of {ROUNDS} rounds: {median(versus):.2f}x "
        f"(rounds: {', '.join(f'{r:.2f}x' for r in versus)})"
    )
    say(
        f"scaling, 2 workers vs 1, wall time, median of {ROUNDS} rounds: {median(scaling):.2f}x "
        f"(rounds: {', '.join(f'{r:.2f}x' for r in scaling)})"
    )
    # CPU time does not depend on what else the machine runs: with two idle cores, two
    # workers and the coordinator share them, so the run takes at least (all CPU) / 2.
    shared = max((two["cpu_cleaning"] + two["cpu_main"]) / 2, two["cpu_main"])
    say(
        f"CPU seconds (median round): 1 worker {one['cpu_main']:.1f} (all in one process); "
        f"2 workers {two['cpu_cleaning']:.1f} cleaning + {two['cpu_main']:.1f} coordinator, "
        f"so on two idle cores >= {shared:.1f} s: scaling <= {one['cpu_main'] / shared:.2f}x"
    )
    say(f"load average now: {os.getloadavg()[0]:.2f} (other work on this machine)")
    say(f"\nwhere the time goes, blogwash --workers 1 on {mbs:.0f} MB (CPU seconds):")
    say(stage_shares(one))

    say("\nbench: single-page files ...", flush=True)
    single_rows = [("single page", "time s", "MB/s", "s per MB", "peak RSS MB")]
    for size in (10, 50, 100):
        path = base / f"single-{size}.txt"
        nb = build_single(path, size)
        run = run_blogwash([str(path), "--workers", "1"], scratch)
        single_rows.append(
            (
                f"{nb / MB:.0f} MB .txt",
                f"{run['elapsed_seconds']:.1f}",
                f"{nb / MB / run['elapsed_seconds']:.2f}",
                f"{run['elapsed_seconds'] / (nb / MB):.3f}",
                f"{run['main_rss_mb']:.0f}",
            )
        )
    say(table(single_rows))


def bench_big(base: Path, scratch: Path) -> None:
    """A 1 GB JSONL dump with 2 workers: memory must stay flat (< 300 MB per worker)."""
    path = base / "big-1000.jsonl"
    print("bench: 1 GB JSONL dump, 2 workers (several minutes) ...", flush=True)
    nb = build_big_jsonl(path, 1000)
    stream = fresh_output(scratch, "big.jsonl")
    run = run_blogwash([str(path), "--workers", "2", "--jsonl", str(stream)], scratch)
    rows = [
        ("JSONL dump", "pages", "time s", "MB/s", "peak RSS MB (main / worker)"),
        (
            f"{nb / MB:.0f} MB",
            f"{run['pages']:.0f}",
            f"{run['elapsed_seconds']:.0f}",
            f"{nb / MB / run['elapsed_seconds']:.2f}",
            f"{run['main_rss_mb']:.0f} / {run['worker_rss_mb']:.0f}",
        ),
    ]
    print(table(rows))


def _alternate(
    base: Path,
    size_mb: int,
    repeats: int,
    runs: tuple[tuple[str, Callable[[Path, Path], dict[str, Any]]], ...],
    title: str,
) -> None:
    """Two runs alternately, ``repeats`` times: on a shared machine the load moves, and
    alternating puts both under the same conditions. Prints each pair's ratio (the first
    run's wall time over the second's) and the median."""
    scratch = base / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    corpus = base / f"corpus-{size_mb}"
    nbytes = build_corpus(corpus, size_mb)
    (name_a, run_a), (name_b, run_b) = runs
    ratios = []
    for k in range(repeats):
        a = run_a(corpus, scratch)["elapsed_seconds"]
        b = run_b(corpus, scratch)["elapsed_seconds"]
        ratios.append(a / b)
        print(
            f"pair {k + 1}: {nbytes / MB:.0f} MB, {name_a} {a:.1f} s, {name_b} {b:.1f} s: "
            f"{ratios[-1]:.2f}x (load {os.getloadavg()[0]:.2f})",
            flush=True,
        )
    print(f"{title}, median of {repeats}: {median(ratios):.2f}x")


def median(values: list[float]) -> float:
    """The middle value (of an odd count; the upper middle of an even one)."""
    return sorted(values)[len(values) // 2]


def _workers(n: int) -> Callable[[Path, Path], dict[str, Any]]:
    return lambda corpus, scratch: run_blogwash([str(corpus), "--workers", str(n)], scratch)


def bench_scaling(base: Path, size_mb: int, repeats: int) -> None:
    """1 and 2 workers alternately, ``repeats`` times."""
    runs = (("1 worker", _workers(1)), ("2 workers", _workers(2)))
    _alternate(base, size_mb, repeats, runs, "scaling")


def bench_versus(base: Path, size_mb: int, repeats: int) -> None:
    """The baseline and blogwash with one worker alternately, ``repeats`` times."""
    runs = (("baseline", run_baseline), ("blogwash 1 worker", _workers(1)))
    _alternate(base, size_mb, repeats, runs, "1 worker vs baseline")


def _cache() -> Path:
    env = os.environ.get("BENCH_DIR")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "blogwash-bench"


def main(argv: list[str]) -> int:
    if argv[:1] == ["baseline"]:
        result = baseline(Path(argv[1]), Path(argv[2]))
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", action="store_true", help="only the 1 GB JSONL dump")
    parser.add_argument("--mb", type=int, default=int(os.environ.get("BENCH_MB", "100")))
    parser.add_argument(
        "--scaling", type=int, metavar="N", help="only 1 vs 2 workers, alternately, N times"
    )
    parser.add_argument(
        "--versus", type=int, metavar="N", help="only baseline vs 1 worker, alternately, N times"
    )
    args = parser.parse_args(argv)
    with outputs_removed(_cache() / "scratch"):
        if args.versus:
            bench_versus(_cache(), args.mb, args.versus)
        elif args.scaling:
            bench_scaling(_cache(), args.mb, args.scaling)
        else:
            bench(_cache(), args.mb, args.big)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
