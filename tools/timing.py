"""CPU-time measurements for the bench tools: the machine is shared, so wall time would
let other processes' load decide a ratio; this process's CPU time does not."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(rounds: int, runs: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """The least CPU time of each run over ``rounds`` rounds, the runs interleaved within
    each round so that what the machine's load still does (caches, frequency) hits all of
    them alike.

    >>> sorted(best_of(2, {"a": lambda: None, "b": lambda: sum(range(100))}))
    ['a', 'b']
    """
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, fn in runs.items():
            start = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - start)
    return best


def best_cpu(fn: Callable[[], Any], repeat: int) -> float:
    """The least CPU time of ``repeat`` calls of ``fn``."""
    return best_of(repeat, {"": fn})[""]
