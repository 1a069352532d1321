"""Every pattern of the split stage on hostile input, 1 MB and 10 MB: `make bench-regex`.

For each compiled pattern and each hostile unit (one character repeated, runs of spaces
and punctuation, digit runs...), times ``search`` over 1 MB and 10 MB of it (CPU time,
best of 2) and prints the worst 10 MB / 1 MB ratio per pattern. Linear patterns stay near
10; anything far above is superlinear. The whole split stage on the same inputs is timed
too. Exit code 1 if a ratio exceeds --limit.
"""

from __future__ import annotations

import argparse
import re
import sys

from blogwash.patterns import load
from blogwash.split import split
from tools.timing import best_cpu

HOSTILE = ["a", " ", ".", "1", "a-", "Aa ", "1. ", "@", "ä,", "12:3", "xxxxxxx ", "-–", "\n"]
MB = 1_000_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=float, default=30.0, help="worst ratio allowed")
    args = parser.parse_args(argv)
    patterns = {k: v for k, v in vars(load()).items() if isinstance(v, re.Pattern)}
    worst_overall = 0.0
    print(f"{'pattern':16} {'worst unit':>12} {'1 MB s':>8} {'10 MB s':>8} {'ratio':>6}")
    for name, regex in sorted(patterns.items()):
        worst = (0.0, "", 0.0, 0.0)
        for unit in HOSTILE:
            small = unit * (MB // len(unit))
            large = unit * (10 * MB // len(unit))
            t1 = best_cpu(lambda s=small, r=regex: r.search(s), 2)
            t10 = best_cpu(lambda s=large, r=regex: r.search(s), 2)
            ratio = t10 / max(t1, 1e-4)
            if ratio > worst[0]:
                worst = (ratio, unit, t1, t10)
        worst_overall = max(worst_overall, worst[0])
        print(f"{name:16} {worst[1]!r:>12} {worst[2]:8.3f} {worst[3]:8.3f} {worst[0]:6.1f}")
    for unit in ("a", " ", "1. ", "Aa "):
        line = unit * (MB // len(unit))
        t1 = best_cpu(lambda x=line: split(x), 2)
        t10 = best_cpu(lambda x=line * 10: split(x), 2)
        print(f"{'split stage':16} {unit!r:>12} {t1:8.3f} {t10:8.3f} {t10 / max(t1, 1e-4):6.1f}")
    print(f"worst pattern ratio 10 MB / 1 MB: {worst_overall:.1f} (limit {args.limit})")
    return 1 if worst_overall > args.limit else 0


if __name__ == "__main__":
    sys.exit(main())
