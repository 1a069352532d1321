"""What a run did: counters for the summary and ``--report``, and the progress bar."""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from blogwash import __version__
from blogwash.pipeline import STAGES


@dataclass
class Summary:
    """Counters of one run. Comments and repairs count the pages cleaned in this run;
    pages skipped as up to date count only as ``skipped``."""

    workers: int = 1
    scheduler: str | None = None
    pages: int = 0
    cleaned: int = 0
    skipped: int = 0
    failed: int = 0
    bytes: int = 0
    comments: int = 0
    repairs: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, str]] = field(default_factory=list)
    # The largest peak RSS a worker reported (the coordinator's own when it did the work).
    worker_rss_kb: int = 0
    # CPU seconds spent cleaning, summed over workers (the coordinator's own when inline).
    worker_cpu: float = 0.0
    # CPU seconds per pipeline stage, summed over the pages cleaned.
    stage_cpu: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    elapsed: float = 0.0

    def add_cleaned(
        self,
        nbytes: int,
        comments: int,
        repairs: tuple[tuple[str, int], ...],
        stage_cpu: tuple[tuple[str, float], ...] = (),
    ) -> None:
        self.pages += 1
        self.cleaned += 1
        self.bytes += nbytes
        self.comments += comments
        self.repairs.update(dict(repairs))
        for stage, seconds in stage_cpu:
            self.stage_cpu[stage] = self.stage_cpu.get(stage, 0.0) + seconds

    def add_skipped(self, nbytes: int) -> None:
        self.pages += 1
        self.skipped += 1
        self.bytes += nbytes

    def add_failed(self, label: str, message: str) -> None:
        self.pages += 1
        self.failed += 1
        self.failures.append({"page": label, "error": message})

    def finish(self) -> None:
        self.elapsed = time.perf_counter() - self.started

    def as_dict(self) -> dict[str, Any]:
        """The ``--report`` JSON. Peak RSS is per process: the coordinator, and the largest
        worker (the coordinator itself when it ran the batches)."""
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        workers = self.worker_rss_kb
        return {
            "blogwash": __version__,
            "workers": self.workers,
            "scheduler": self.scheduler,
            "pages": self.pages,
            "cleaned": self.cleaned,
            "skipped": self.skipped,
            "failed": self.failed,
            "bytes": self.bytes,
            "comments": self.comments,
            "repairs": dict(sorted(self.repairs.items())),
            "elapsed_seconds": round(self.elapsed, 3),
            "pages_per_second": round(self.pages / self.elapsed, 1) if self.elapsed else None,
            "mb_per_second": round(self.bytes / 1e6 / self.elapsed, 3) if self.elapsed else None,
            "peak_rss_mb": {"main": round(own / 1024, 1), "worker": round(workers / 1024, 1)},
            "cpu_seconds": {"main": round(_cpu_self(), 3), "cleaning": round(self.worker_cpu, 3)},
            "stage_cpu_seconds": {
                stage: round(self.stage_cpu.get(stage, 0.0), 3) for stage in STAGES
            },
            "failures": self.failures,
        }

    def render(self) -> str:
        """The human summary printed on stderr at the end of a run on a terminal."""
        rate = f"{self.bytes / 1e6 / self.elapsed:.2f} MB/s" if self.elapsed else "-"
        repairs = ", ".join(f"{rule} {n}" for rule, n in sorted(self.repairs.items()))
        return (
            f"blogwash: {self.pages} pages ({self.cleaned} cleaned, {self.skipped} up to date, "
            f"{self.failed} failed), {self.bytes / 1e6:.1f} MB in {self.elapsed:.1f} s "
            f"({rate}); {self.comments} comments; repairs: {repairs or 'none'}"
        )


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Progress:
    """A tqdm bar on stderr (pages, MB, pages/s, ETA), or nothing at all.

    tqdm is imported only when a bar is shown, so the one-page path stays light.
    """

    def __init__(self, total_bytes: int | None, enabled: bool) -> None:
        self._bar: Any = None
        self._pages = 0
        self._started = time.perf_counter()
        if enabled:
            import tqdm

            self._bar = tqdm.tqdm(
                total=total_bytes or None,
                unit="B",
                unit_scale=True,
                file=sys.stderr,
                dynamic_ncols=True,
                desc="blogwash",
            )

    def advance(self, pages: int, nbytes: int) -> None:
        if self._bar is None:
            return
        self._pages += pages
        rate = self._pages / max(time.perf_counter() - self._started, 1e-9)
        self._bar.set_postfix_str(f"{self._pages} pages, {rate:.0f} pages/s", refresh=False)
        self._bar.update(nbytes)

    def echo(self, message: str) -> None:
        """A message on stderr that does not break the bar."""
        if self._bar is None:
            print(message, file=sys.stderr, flush=True)
        else:
            self._bar.write(message, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
