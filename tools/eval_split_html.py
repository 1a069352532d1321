"""Evaluate blogwash on saved HTML pages against truth files: `make eval-split-html DIR=...`.

DIR holds pages `ID.html` with truth `ID.json` beside them (the format of
`shared/bench/split-dev/`: `comments[{author, text, parent, ...}]`).

Metrics, per file and in total (micro-averaged over all comments), defined as in
`tools/eval_split.py` so the two tables compare:

- comment recall and precision: a truth comment is found when one predicted comment
  (its text + signature) holds at least 80 % of the truth comment's words and no more than
  20 % other words (words: lowercase ``\\w+`` tokens, multiset overlap); each predicted
  comment matches at most one truth comment; comments without a word are left out on both
  sides;
- author accuracy over found comments (case-insensitive, whitespace-normalised);
- parent accuracy over found replies and top-level comments: the predicted ``parent`` is
  the comment matched to the truth parent (or both are null);
- peer column ``traf``: trafilatura 2.x with ``include_comments=True`` on the same page, the
  share of truth comments whose words are >= 80 % contained in its comments output (it
  neither splits comments nor names authors, so only containment can be scored). Needs the
  ``eval`` extra (`pip install -e '.[eval]'`); without it the column shows ``-``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import blogwash
import blogwash.page
from tools.eval_split import (
    FOUND_COVERAGE,
    add_counts,
    f1,
    holds,
    norm_author,
    ratio,
    words,
)

PAGE_SUFFIXES = (".html", ".htm")


def contained(bag: Counter[str], truth: Counter[str]) -> bool:
    """True when >= 80 % of ``truth``'s words are in ``bag`` (extra words allowed)."""
    t = sum(truth.values())
    return t > 0 and sum((bag & truth).values()) / t >= FOUND_COVERAGE


@dataclass
class Score:
    truth_comments: int = 0
    predicted_comments: int = 0
    found: int = 0
    matched_predicted: int = 0
    authors_right: int = 0
    parents_right: int = 0
    peer_found: int = 0
    peer_pages: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        add_counts(self, other)

    def row(self) -> dict[str, float]:
        rec = ratio(self.found, self.truth_comments)
        prec = ratio(self.matched_predicted, self.predicted_comments)
        peer = ratio(self.peer_found, self.truth_comments) if self.peer_pages else -1.0
        return {
            "truth": self.truth_comments,
            "pred": self.predicted_comments,
            "recall": rec,
            "precision": prec,
            "f1": f1(rec, prec),
            "author_acc": ratio(self.authors_right, self.found),
            "parent_acc": ratio(self.parents_right, self.found),
            "peer": peer,
            "seconds": self.seconds,
        }


def evaluate(page: Path, truth: dict[str, Any], peer: Any | None) -> Score:
    data = page.read_bytes()
    started = time.perf_counter()
    doc = blogwash.clean(data, name=page.name)
    score = Score(seconds=time.perf_counter() - started)
    kept = [k for k, c in enumerate(truth["comments"]) if words(c.get("text") or "")]
    predicted = [words(c["text"] + "\n" + (c["signature"] or "")) for c in doc["comments"]]
    score.truth_comments = len(kept)
    score.predicted_comments = sum(1 for pw in predicted if pw)
    used: dict[int, int] = {}  # predicted index -> truth index
    match_of: dict[int, int] = {}  # truth index -> predicted index
    for k in kept:
        tc = truth["comments"][k]
        tw = words(tc["text"])
        match = next((j for j, pw in enumerate(predicted) if j not in used and holds(pw, tw)), None)
        if match is None:
            score.misses.append(tc["text"][:60].replace("\n", " "))
            continue
        used[match] = k
        match_of[k] = match
        score.found += 1
        if norm_author(doc["comments"][match]["author"]) == norm_author(tc.get("author")):
            score.authors_right += 1
    for k, j in match_of.items():
        truth_parent = truth["comments"][k].get("parent")
        mine = doc["comments"][j].get("parent")
        if truth_parent is None:
            score.parents_right += mine is None
        else:
            score.parents_right += mine is not None and match_of.get(truth_parent) == mine
    score.matched_predicted = len(used)
    if peer is not None:
        extracted = peer.bare_extraction(data, include_comments=True, with_metadata=False)
        bag = words((getattr(extracted, "comments", None) or "") if extracted else "")
        score.peer_pages = 1
        score.peer_found = sum(
            1 for k in kept if contained(bag, words(truth["comments"][k]["text"]))
        )
    return score


def _peer() -> Any | None:
    try:
        import trafilatura
    except ImportError:
        return None
    return trafilatura


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed comments")
    parser.add_argument("--no-peer", action="store_true", help="skip the trafilatura column")
    parser.add_argument("--json", type=Path, help="also write the table as JSON")
    parser.add_argument(
        "--parser",
        choices=("lxml", "html.parser"),
        help="HTML parser to use (default: lxml when installed, else html.parser)",
    )
    args = parser.parse_args(argv)
    if args.parser:
        chosen = args.parser
        # The pipeline asks blogwash.page.default_parser(); answer it for this run.
        blogwash.page.default_parser = lambda: chosen  # type: ignore[assignment,return-value]
    pairs = sorted(
        (page, page.with_suffix(".json"))
        for page in args.dir.iterdir()
        if page.suffix.lower() in PAGE_SUFFIXES and page.with_suffix(".json").is_file()
    )
    if not pairs:
        print(
            f"eval-split-html: no *.html with a *.json truth beside it in {args.dir}",
            file=sys.stderr,
        )
        return 2
    print(f"parser: {blogwash.page.default_parser()}")
    peer = None if args.no_peer else _peer()
    if peer is None and not args.no_peer:
        print(
            "eval-split-html: trafilatura not installed (pip install -e '.[eval]'): no peer column"
        )
    total = Score()
    rows: dict[str, dict[str, float]] = {}
    cols = ("truth", "pred", "rec", "prec", "f1", "auth", "par", "traf", "sec")
    head = f"{'file':44} " + " ".join(f"{c:>5}" for c in cols)
    print(head)
    for page, truth_path in pairs:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        score = evaluate(page, truth, peer)
        total.add(score)
        r = score.row()
        rows[page.stem] = r
        print(_fmt(page.stem[:44], r))
        if args.verbose:
            for miss in score.misses:
                print(f"      missed: {miss}")
    r = total.row()
    rows["TOTAL"] = r
    print("-" * len(head))
    print(_fmt(f"TOTAL ({len(pairs)} files)", r))
    peer_text = f"{r['peer']:.3f}" if r["peer"] >= 0 else "not run"
    print(
        f"\ncomment F1 {r['f1']:.3f} (recall {r['recall']:.3f}, precision {r['precision']:.3f}); "
        f"author accuracy {r['author_acc']:.3f}; parent accuracy {r['parent_acc']:.3f}; "
        f"trafilatura comments containing the truth comment: {peer_text}; "
        f"blogwash time {r['seconds']:.1f} s"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


def _fmt(label: str, r: dict[str, float]) -> str:
    peer = f"{r['peer']:5.2f}" if r["peer"] >= 0 else f"{'-':>5}"
    return (
        f"{label:44} {int(r['truth']):5} {int(r['pred']):5} "
        f"{r['recall']:5.2f} {r['precision']:5.2f} {r['f1']:5.2f} {r['author_acc']:5.2f} "
        f"{r['parent_acc']:5.2f} {peer} {r['seconds']:5.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
