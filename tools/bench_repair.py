"""Repair speed and output identity against ftfy on a realistic dump corpus.

`make bench-repair` (or `python -m tools.bench_repair DIR`): the corpus is built in memory
from the real blog dumps in DIR (`*.txt`, default ../shared/bench/split-dev, read, never
copied) and the fixture dumps. About 10 % of the pages get realistic damage, each of one
kind: the whole page read as cp1252 (a CMS that stored UTF-8 as Latin-1), one block of
lines read as cp1252 or Latin-1, lost-byte closing quotes, a Polish or Russian comment in
cp1250/cp1251 read as cp1252, HTML-escaped mojibake, a paragraph read as ISO-8859-15.

Timed (CPU time, best of N, interleaved), on the whole corpus text: `blogwash.repair`,
`ftfy.fix_text` with its defaults (as people call it) and with blogwash's configuration.
Then, line by line against the undamaged text: wherever ftfy's output is right, is
blogwash's identical?
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import ftfy

import blogwash
from blogwash.ftfyfix import FTFY_CONFIG
from tools.timing import best_of

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
DAMAGED_SHARE = 0.10

# Clean comments of our own, for the single-byte damage (the dumps are German and English).
COMMENTS = {
    "cp1250": "Dziękuję za świetny wpis, przepis był łatwy i smaczny. Pozdrawiam, Łukasz",
    "cp1251": "Спасибо за интересную статью, всё получилось с первого раза. Удачи, Ольга",
}


_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # cp1252 has no characters there


def _sloppy_cp1252(text: str) -> str:
    raw = text.encode("utf-8")
    return "".join(chr(b) if b in _UNDEFINED else bytes([b]).decode("cp1252") for b in raw)


def _lost_quotes(text: str) -> str:
    # ” read as cp1252 with its undefined 9D byte dropped; a following space came back as NBSP.
    return text.replace("\u201d ", "\u00e2\u20ac\u00a0").replace("\u201d", "\u00e2\u20ac")


def _escaped(text: str) -> str:
    out = []
    for char in _sloppy_cp1252(text):
        out.append(f"&#{ord(char)};" if "\u0080" <= char <= "\u00ff" else char)
    return "".join(out)


def _latin9(text: str) -> str:
    return text.encode("utf-8").decode("iso8859-15")


def damage(lines: list[str], kind: str, rng: random.Random) -> list[str]:
    """Return the page's lines with one kind of realistic damage."""
    out = list(lines)
    rich = [i for i, line in enumerate(lines) if not line.isascii()] or list(range(len(lines)))
    start = rng.choice(rich)
    block = range(start, min(len(lines), start + rng.randint(2, 6)))
    if kind == "page-cp1252":
        return [_sloppy_cp1252(line) for line in lines]
    if kind == "block-cp1252":
        for i in block:
            out[i] = _sloppy_cp1252(lines[i])
    elif kind == "block-latin1":
        for i in block:
            out[i] = lines[i].encode("utf-8").decode("latin-1")
    elif kind == "lost-quotes":
        out = [_lost_quotes(_sloppy_cp1252(line)) if "\u201d" in line else line for line in lines]
    elif kind in ("cp1250", "cp1251"):
        comment = COMMENTS[kind]
        bad = comment.encode(kind).decode("cp1252", errors="replace")
        out.insert(start, bad)
    elif kind == "html-escaped":
        for i in block:
            out[i] = _escaped(lines[i])
    elif kind == "latin9":
        for i in block:
            out[i] = _latin9(lines[i])
    return out


KINDS = ("page-cp1252", "block-cp1252", "block-latin1", "lost-quotes", "cp1250", "cp1251",
         "html-escaped", "latin9")  # fmt: skip


def corpus(folder: Path) -> tuple[str, str, list[str]]:
    """(damaged text, clean text, kind per damaged page) of the whole corpus."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    for case in sorted((ROOT / "fixtures").glob("*/input.txt")):
        if (case.parent / "error.txt").is_file():
            continue  # a fixture of refused input (binary): nothing to repair
        pages.append(blogwash.decode(case.read_bytes()).text)
    rng = random.Random(SEED)
    damaged_ids = set(
        rng.sample(range(len(pages)), max(len(KINDS), round(len(pages) * DAMAGED_SHARE)))
    )
    bad_pages, clean_pages, kinds = [], [], []
    for k, page in enumerate(pages):
        lines = page.split("\n")
        if k not in damaged_ids:
            bad_pages.append(page)
            clean_pages.append(page)
            continue
        kind = KINDS[len(kinds) % len(KINDS)]
        kinds.append(kind)
        bad = damage(lines, kind, rng)
        clean = list(lines)
        if kind in ("cp1250", "cp1251"):
            clean.insert(bad.index(next(b for b in bad if b not in lines)), COMMENTS[kind])
        bad_pages.append("\n".join(bad))
        clean_pages.append("\n".join(clean))
    return "\n".join(bad_pages), "\n".join(clean_pages), kinds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared/bench/split-dev"))
    parser.add_argument("-n", type=int, default=15, help="timing rounds (best of N)")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"bench-repair: {folder} is not a directory; pass the dump folder", file=sys.stderr)
        return 2
    text, clean, kinds = corpus(folder)
    size = len(text.encode("utf-8"))
    config = FTFY_CONFIG._replace(explain=False)
    print(f"corpus: {text.count(chr(10)) + 1} lines, {size / 1e6:.2f} MB, "
          f"{len(kinds)} damaged pages: {', '.join(kinds)}")  # fmt: skip

    times = best_of(
        args.n,
        {
            "blogwash.repair": lambda: blogwash.repair(text),
            "ftfy.fix_text (defaults)": lambda: ftfy.fix_text(text),
            "ftfy.fix_text (blogwash config)": lambda: ftfy.fix_text(text, config),
        },
    )
    ours_t = times["blogwash.repair"]
    print(f"\n{'best of ' + str(args.n) + ', CPU time':34}{'seconds':>9}{'MB/s':>8}"
          f"{'ftfy / blogwash':>17}")  # fmt: skip
    for name, t in times.items():
        print(f"{name:34}{t:9.3f}{size / t / 1e6:8.1f}{t / ours_t:16.1f}x")

    repaired = blogwash.repair(text)
    ours = repaired.text.split("\n")
    truth = clean.split("\n")
    # Some real dumps hold mojibake of their own: lines that blogwash repairs even in the
    # undamaged corpus are not a fair truth, and are counted apart.
    own = blogwash.repair(clean).text.split("\n")
    fair = [i for i, t in enumerate(truth) if own[i] == t]
    print(f"\nrepairs logged: {len(repaired.repairs)}; lines of the undamaged corpus that "
          f"blogwash repairs itself (damage in the dumps as scraped): "
          f"{len(truth) - len(fair)}")  # fmt: skip
    outputs = {"defaults": ftfy.fix_text(text), "blogwash config": ftfy.fix_text(text, config)}
    for name, other in outputs.items():
        theirs = other.split("\n")
        assert len(theirs) == len(ours) == len(truth)
        right = [i for i in fair if theirs[i] == truth[i]]
        differ = [i for i in right if ours[i] != truth[i]]
        ours_right = sum(ours[i] == truth[i] for i in fair)
        theirs_wrong = len(fair) - len(right)
        print(f"ftfy ({name}): right on {len(right)} of {len(fair)} lines, blogwash output "
              f"identical there on {len(right) - len(differ)} (differs on {len(differ)}); "
              f"blogwash right on {ours_right}, ftfy wrong on {theirs_wrong}")  # fmt: skip
        for i in differ[:5]:
            print(f"  line {i + 1}: ftfy {theirs[i][:70]!r}\n          ours {ours[i][:70]!r}")
    wrong = [i for i in fair if ours[i] != truth[i]]
    print(f"blogwash lines still differing from the undamaged text: {len(wrong)}")
    for i in wrong[:8]:
        print(f"  line {i + 1}: {ours[i][:90]!r}\n     truth {truth[i][:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
