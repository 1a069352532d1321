"""Time blogwash on generated pages of growing size: `make bench-pages` (1 to 50 MB).

Each size runs in a fresh process so its peak memory is its own. The page is a blog post
with N WordPress-style comments (made up here, lorem-ipsum text); a time per MB that stays
flat as the size grows is the linear-time check the test suite cannot afford at 50 MB.

    python tools/bench_pages.py 1 10 50 [--parser html.parser]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time

WORDS = ("lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit")


def _para(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_page(megabytes: float) -> tuple[bytes, int]:
    """A page of about ``megabytes`` MB and the number of comments in it."""
    rng = random.Random(1)
    article = "".join(f"<p>{_para(rng, 80)}</p>" for _ in range(20))
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Big page</title></head>'
        f'<body><h1>Big page</h1><div class="entry-content">{article}</div>'
        '<div id="comments"><ol class="commentlist">'
    ]
    size, k = len(parts[0]), 0
    while size < megabytes * 1e6:
        comment = (
            f'<li id="comment-{k}" class="comment depth-1"><div class="comment-body">'
            f'<div class="comment-author vcard"><cite class="fn">User {k}</cite> '
            '<span class="says">says:</span></div>'
            f'<div class="comment-meta"><a href="#comment-{k}">March 3, 2015 at 4:12 pm</a></div>'
            f"<p>{_para(rng, 60)}</p><p>{_para(rng, 30)}</p>"
            '<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></div></li>'
        )
        parts.append(comment)
        size += len(comment)
        k += 1
    parts.append("</ol></div></body></html>")
    return "".join(parts).encode(), k


def one(megabytes: float, parser: str | None) -> int:
    import blogwash
    import blogwash.page

    if parser:
        chosen = parser
        blogwash.page.default_parser = lambda: chosen  # type: ignore[assignment,return-value]
    data, count = make_page(megabytes)
    started = time.perf_counter()
    doc = blogwash.clean(data, name="big.html")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = len(data) / 1e6
    print(
        f"{blogwash.page.default_parser():12} {size:6.1f} MB  {count:6} comments "
        f"({len(doc['comments'])} found)  {seconds:6.1f} s  {seconds / size:5.2f} s/MB  "
        f"peak RSS {peak:6.0f} MB",
        flush=True,
    )
    return 0 if len(doc["comments"]) == count else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=float, default=[1.0, 10.0, 50.0])
    parser.add_argument("--parser", choices=("lxml", "html.parser"))
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return one(args.sizes[0], args.parser)
    status = 0
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size)]
        if args.parser:
            cmd += ["--parser", args.parser]
        status |= subprocess.run(cmd, check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
