"""Evaluate the split stage against truth files: `make eval-split DIR=...`.

DIR holds dumps `ID.txt` with truth `ID.json` beside them (the format of
`shared/bench/split-dev/`: `comments[{author, text, ...}]` and `lines[{i, role, comment}]`).

Metrics, per file and in total (micro-averaged over all comments / lines):

- comment recall and precision: a truth comment is found when one predicted comment
  (its text + signature) holds at least 80 % of the truth comment's words and no more than
  20 % other words; each predicted comment matches at most one truth comment;
- author accuracy over found comments (case-insensitive, whitespace-normalised);
- article line precision and recall (truth role `article` vs blogwash's article lines);
- leaks: the share of truth comment lines blogwash put in the article, and the share of
  truth article lines it put in comments.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogwash.patterns import load
from blogwash.pipeline import run

WORD = re.compile(r"\w+")
FOUND_COVERAGE = 0.8
FOUND_EXTRA = 0.2
COMMENT_ROLES = {"comment_body", "comment_meta"}
PREDICTED_COMMENT_ROLES = {"meta", "text", "signature"}


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in WORD.findall(text))


def holds(predicted: Counter[str], truth: Counter[str]) -> bool:
    """True when ``predicted`` holds >= 80 % of ``truth``'s words and <= 20 % others."""
    t, p = sum(truth.values()), sum(predicted.values())
    if t == 0 or p == 0:
        return False
    overlap = sum((predicted & truth).values())
    return overlap / t >= FOUND_COVERAGE and (p - overlap) / p <= FOUND_EXTRA


def norm_author(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def ratio(a: float, b: float) -> float:
    return a / b if b else 1.0


def f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def add_counts(total: Any, part: Any) -> None:
    """Add every counter field of dataclass ``part`` into ``total`` (lists are left out)."""
    for name in total.__dataclass_fields__:
        if not isinstance(getattr(total, name), list):
            setattr(total, name, getattr(total, name) + getattr(part, name))


@dataclass
class Score:
    truth_comments: int = 0
    predicted_comments: int = 0
    found: int = 0
    matched_predicted: int = 0
    authors_right: int = 0
    article_truth: int = 0
    article_predicted: int = 0
    article_both: int = 0
    comment_lines: int = 0
    comment_into_article: int = 0
    article_into_comments: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        add_counts(self, other)

    def row(self) -> dict[str, float]:
        rec = ratio(self.found, self.truth_comments)
        prec = ratio(self.matched_predicted, self.predicted_comments)
        arec = ratio(self.article_both, self.article_truth)
        aprec = ratio(self.article_both, self.article_predicted)
        return {
            "truth": self.truth_comments,
            "pred": self.predicted_comments,
            "recall": rec,
            "precision": prec,
            "f1": f1(rec, prec),
            "author_acc": ratio(self.authors_right, self.found),
            "art_prec": aprec,
            "art_rec": arec,
            "art_f1": f1(arec, aprec),
            "c2a_leak": ratio(self.comment_into_article, self.comment_lines)
            if self.comment_lines
            else 0.0,
            "a2c_leak": ratio(self.article_into_comments, self.article_truth)
            if self.article_truth
            else 0.0,
        }


def evaluate(txt: Path, truth: dict[str, Any], *, own_language: bool = False) -> Score:
    patterns = load((truth["lang"],)) if own_language and truth.get("lang") else None
    result = run(txt.read_bytes(), name=txt.name, patterns=patterns)
    doc = result.document
    score = Score()
    truth_comments = [c for c in truth["comments"] if words(c.get("text") or "")]
    predicted = [words(c["text"] + "\n" + (c["signature"] or "")) for c in doc["comments"]]
    score.truth_comments = len(truth_comments)
    # Comments without a single word (an emoji reply) are left out on both sides.
    score.predicted_comments = sum(1 for pw in predicted if pw)
    used: set[int] = set()
    for tc in truth_comments:
        tw = words(tc["text"])
        match = next((k for k, pw in enumerate(predicted) if k not in used and holds(pw, tw)), None)
        if match is None:
            score.misses.append(tc["text"][:60].replace("\n", " "))
            continue
        used.add(match)
        score.found += 1
        if norm_author(doc["comments"][match]["author"]) == norm_author(tc.get("author")):
            score.authors_right += 1
    score.matched_predicted = len(used)
    # Line roles: blogwash's role of the first normalized line made from each dump line.
    predicted_role: dict[int, str] = {}
    for origin, role in zip(result.normalized.origin, result.split.roles, strict=True):
        predicted_role.setdefault(origin - 1, role)
    for entry in truth.get("lines", []):
        role = entry["role"]
        mine = predicted_role.get(entry["i"])
        if mine is None:
            continue  # an empty line: nothing to place
        if role == "article":
            score.article_truth += 1
            score.article_both += mine == "article"
            score.article_into_comments += mine in PREDICTED_COMMENT_ROLES
        if role in COMMENT_ROLES:
            score.comment_lines += 1
            score.comment_into_article += mine == "article"
        score.article_predicted += mine == "article"
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed comments")
    parser.add_argument("--json", type=Path, help="also write the table as JSON")
    parser.add_argument(
        "--own-language",
        action="store_true",
        help="use only the patterns of the page's language (from the truth's `lang`), "
        "to compare with the default of all languages at once",
    )
    args = parser.parse_args(argv)
    pairs = sorted(
        (t, t.with_suffix(".json"))
        for t in args.dir.glob("*.txt")
        if t.with_suffix(".json").is_file()
    )
    if not pairs:
        print(f"eval-split: no *.txt with a *.json truth beside it in {args.dir}", file=sys.stderr)
        return 2
    total = Score()
    rows: dict[str, dict[str, float]] = {}
    cols = ("truth", "pred", "rec", "prec", "f1", "auth", "aP", "aR", "c2a", "a2c")
    head = f"{'file':44} " + " ".join(f"{c:>5}" for c in cols)
    print(head)
    for txt, truth_path in pairs:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        score = evaluate(txt, truth, own_language=args.own_language)
        total.add(score)
        r = score.row()
        rows[txt.stem] = r
        print(_fmt(txt.stem[:44], r))
        if args.verbose:
            for miss in score.misses:
                print(f"      missed: {miss}")
    r = total.row()
    rows["TOTAL"] = r
    print("-" * len(head))
    print(_fmt(f"TOTAL ({len(pairs)} files)", r))
    print(
        f"\ncomment F1 {r['f1']:.3f} (recall {r['recall']:.3f}, precision {r['precision']:.3f}); "
        f"author accuracy {r['author_acc']:.3f}; article line F1 {r['art_f1']:.3f} "
        f"(P {r['art_prec']:.3f}, R {r['art_rec']:.3f}); leaks comment->article "
        f"{r['c2a_leak']:.3f}, article->comments {r['a2c_leak']:.3f}"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


def _fmt(label: str, r: dict[str, float]) -> str:
    return (
        f"{label:44} {int(r['truth']):5} {int(r['pred']):5} "
        f"{r['recall']:5.2f} {r['precision']:5.2f} {r['f1']:5.2f} {r['author_acc']:5.2f} "
        f"{r['art_prec']:5.2f} {r['art_rec']:5.2f} "
        f"{r['c2a_leak']:5.2f} {r['a2c_leak']:5.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
