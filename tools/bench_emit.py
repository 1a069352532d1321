"""Serialising documents: `json.dumps(indent=2)` against `jsontext.indented`, side by side.

`make bench-emit [DIR=...]` cleans the pages under DIR (*.txt, *.html), then times both
serialisers on the same documents, in one run, in CPU time (process time: other processes
on a shared machine do not count), best of --repeat; and checks the texts are identical.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from blogwash.decode import NotTextError
from blogwash.jsontext import indented
from blogwash.pipeline import clean
from tools.timing import best_cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    files = sorted(p for d in args.dirs for p in d.rglob("*") if p.suffix in (".txt", ".html"))
    docs = []
    for path in files:
        try:
            docs.append(clean(path.read_bytes(), name=str(path)))
        except NotTextError:
            continue
    if not docs:
        print("bench-emit: no pages found", file=sys.stderr)
        return 2
    same = sum(indented(d) == json.dumps(d, ensure_ascii=False, indent=2) for d in docs)
    old = best_cpu(lambda: [json.dumps(d, ensure_ascii=False, indent=2) for d in docs], args.repeat)
    new = best_cpu(lambda: [indented(d) for d in docs], args.repeat)
    floor = best_cpu(
        lambda: [json.dumps(d, ensure_ascii=False, separators=(",", ":")) for d in docs],
        args.repeat,
    )
    print(f"{len(docs)} documents, {same} serialised identically")
    print(f"json.dumps(indent=2)      {old * 1000:8.1f} ms CPU")
    print(f"jsontext.indented         {new * 1000:8.1f} ms CPU  ({old / new:.2f}x faster)")
    print(f"json.dumps compact (C)    {floor * 1000:8.1f} ms CPU  (the C encoder's floor)")
    return 0 if same == len(docs) else 1


if __name__ == "__main__":
    sys.exit(main())
