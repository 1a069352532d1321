"""Measure the decode stage against files no one here wrote; run by `make eval-decode`.

1. chardet 5.2.0's source distribution carries its old test corpus: ~420 real files in
   folders named after their encoding (``windows-1252``, ``iso-8859-2-polish``, ``KOI8-R``).
   The sdist is downloaded once with pip into a cache outside the repository (default
   ``~/.cache/blogwash``, or ``$BLOGWASH_CACHE``) and never committed. A file counts as an
   exact decode when the decoded text equals the folder's encoding's decoding, so two
   encodings that give identical text (ascii and utf-8, iso-8859-1 and cp1252 on text
   without C1 bytes) count as equal. blogwash's decode and plain ``chardet.detect`` (its
   default arguments, the answer decoded strictly) are scored side by side.
2. Mixed dumps: the fixtures' UTF-8 texts with one stray line, half the lines or nearly
   all lines re-encoded in a single-byte encoding (cp1252 mostly), and the same texts
   entirely in that encoding, which must never be read as mixed.

Prints tables (and every miss); exits 0 unless the corpus cannot be fetched.
"""

from __future__ import annotations

import argparse
import codecs
import os
import subprocess
import sys
import tarfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chardet
from ftfy.badness import is_bad

from blogwash.decode import NotTextError, decode
from blogwash.detect import WEB_SINGLE_BYTE
from blogwash.mixed import encodable

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SDIST = "chardet-5.2.0.tar.gz"
CORPUS_PREFIX = "chardet-5.2.0/tests/"

CATEGORIES: dict[str, frozenset[str]] = {
    "utf-8/ascii": frozenset({"utf-8", "utf-8-sig", "ascii"}),
    "utf-16/32": frozenset(
        {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
    ),
    "Western 8-bit": frozenset({"cp1252", "iso8859-1", "mac-roman"}),
    "Central European": frozenset({"cp1250", "iso8859-2"}),
    "Cyrillic": frozenset({"cp1251", "iso8859-5", "koi8-r", "cp855", "cp866", "mac-cyrillic"}),
    "CJK": frozenset(
        {"big5", "cp932", "cp949", "euc_jp", "euc_kr", "gb2312", "johab", "shift_jis"}
        | {"iso2022_jp", "iso2022_kr"}
    ),
    "other 8-bit": frozenset(
        {"cp1254", "cp1255", "cp1256", "iso8859-6", "iso8859-7", "iso8859-9", "tis-620"}
    ),
}
SINGLE_BYTE = frozenset().union(
    *(CATEGORIES[name] for name in ("Western 8-bit", "Central European", "Cyrillic", "other 8-bit"))
)


def category(codec: str) -> str:
    for name, members in CATEGORIES.items():
        if codec in members:
            return name
    return "other"


# -- the corpus -----------------------------------------------------------------------------


def cache_dir() -> Path:
    return Path(os.environ.get("BLOGWASH_CACHE", Path.home() / ".cache" / "blogwash"))


def corpus(cache: Path) -> Path:
    """The extracted ``tests/`` folder of chardet 5.2.0's sdist, fetched once with pip."""
    target = cache / "chardet-5.2.0-tests"
    if target.is_dir():
        return target
    sdist = cache / SDIST
    if not sdist.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        cmd += ["--no-binary", ":all:", "chardet==5.2.0", "-d", str(cache)]
        print("fetching the corpus:", " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=True)
    partial = cache / "chardet-5.2.0-tests.partial"
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(CORPUS_PREFIX) and m.isfile()]
        for m in members:
            m.name = m.name[len(CORPUS_PREFIX) :]
        tar.extractall(partial, members=members, filter="data")
    partial.rename(target)
    return target


def truth_codec(folder: str) -> str | None:
    """``iso-8859-2-polish`` -> ``iso8859-2``: the longest dash-prefix that is a codec."""
    parts = folder.lower().split("-")
    for k in range(len(parts), 0, -1):
        try:
            return codecs.lookup("-".join(parts[:k])).name
        except LookupError:
            continue
    return None


@dataclass(frozen=True)
class Case:
    path: Path
    codec: str
    data: bytes
    truth: str


def cases(root: Path, skipped: Counter[str]) -> Iterator[Case]:
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        codec = truth_codec(folder.name)
        for path in sorted(folder.iterdir()):
            if codec is None:
                skipped[f"{folder.name} (no Python codec)"] += 1
                continue
            data = path.read_bytes()
            yield Case(path, codec, data, data.decode(codec))


# -- the two decoders -----------------------------------------------------------------------


CHARDET_CALLS: Counter[int] = Counter()


def blogwash_text(data: bytes) -> tuple[str | None, str]:
    """blogwash's text and encoding; the chardet calls it made go to ``CHARDET_CALLS``."""
    calls = 0
    real = chardet.detect, chardet.detect_all

    def counted(fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return fn(*args, **kwargs)

        return call

    chardet.detect, chardet.detect_all = counted(real[0]), counted(real[1])
    try:
        d = decode(data)
    except NotTextError:
        return None, "refused"
    finally:
        chardet.detect, chardet.detect_all = real
        CHARDET_CALLS[calls] += 1
    return d.text, d.encoding


def chardet_text(data: bytes) -> tuple[str | None, str]:
    encoding = chardet.detect(data)["encoding"]
    if encoding is None:
        return None, "None"
    try:
        return data.decode(encoding), encoding
    except (LookupError, UnicodeDecodeError):
        return None, f"{encoding} (fails)"


Decoder = Callable[[bytes], tuple[str | None, str]]
DECODERS: dict[str, Decoder] = {"blogwash": blogwash_text, "chardet": chardet_text}


def truth_without_bom(case: Case) -> str:
    # The utf-16/utf-32 folders' truth codecs strip the BOM; utf-16-le/-be keep it as
    # U+FEFF. blogwash always removes a BOM, so compare with it removed.
    return case.truth.removeprefix("\ufeff")


def evaluate_corpus(root: Path, verbose: bool) -> None:
    skipped: Counter[str] = Counter()
    CHARDET_CALLS.clear()
    totals: dict[str, Counter[str]] = {name: Counter() for name in DECODERS}
    per_cat: Counter[str] = Counter()
    misread_as_mixed: list[str] = []
    failures: dict[str, list[str]] = {name: [] for name in DECODERS}
    for case in cases(root, skipped):
        cat = category(case.codec)
        per_cat[cat] += 1
        for name, fn in DECODERS.items():
            text, how = fn(case.data)
            ok = text is not None and text.removeprefix("\ufeff") == truth_without_bom(case)
            if ok:
                totals[name][cat] += 1
            else:
                rel = case.path.relative_to(root)
                failures[name].append(f"{rel} [{case.codec}] -> {how}")
            if name == "blogwash" and how.startswith("mixed:") and case.codec in SINGLE_BYTE:
                misread_as_mixed.append(str(case.path.relative_to(root)))
    print(f"chardet 5.2.0 test corpus ({root}): exact decodes")
    print(f"{'category':<18}{'files':>6}{'blogwash':>16}{'chardet.detect':>18}")
    for cat in (*CATEGORIES, "other"):
        n = per_cat[cat]
        if not n:
            continue
        b, c = totals["blogwash"][cat], totals["chardet"][cat]
        print(f"{cat:<18}{n:>6}{_share(b, n):>16}{_share(c, n):>18}")
    n = sum(per_cat.values())
    b, c = sum(totals["blogwash"].values()), sum(totals["chardet"].values())
    print(f"{'all':<18}{n:>6}{_share(b, n):>16}{_share(c, n):>18}")
    for what, k in skipped.items():
        print(f"skipped: {k} file(s) in {what}")
    calls = ", ".join(f"{n} call(s): {k} files" for n, k in sorted(CHARDET_CALLS.items()))
    print(f"chardet calls per file made by blogwash: {calls}")
    print(f"single-byte files read as mixed by blogwash: {len(misread_as_mixed)}")
    for path in misread_as_mixed:
        print(f"  {path}")
    for name, lines in failures.items():
        if verbose or name == "blogwash":
            print(f"{name} misses ({len(lines)}):")
            for line in lines:
                print(f"  {line}")


def _share(k: int, n: int) -> str:
    return f"{k}/{n} {100 * k / n:5.1f}%"


# -- mixed dumps ----------------------------------------------------------------------------

MIXED_CODECS = ("cp1252", "latin-1", "cp1250", "cp1251")


def fits(text: str, codec: str) -> bool:
    """Would a writer of ``text`` have used ``codec``? cp1252 and latin-1: any Western text;
    cp1250 and cp1251: only texts whose non-ASCII letters are mostly their own (``ą``,
    ``я``), so German dumps are not re-encoded in cp1251 (which holds their umlauts, but
    no German writer used it).
    """
    if codec in {"cp1252", "latin-1"}:
        return True
    letters = [c for c in text if c.isalpha() and not c.isascii()]
    own = [c for c in letters if encodable(c, codec) and not encodable(c, "cp1252")]
    return len(own) * 2 > len(letters)


def fixture_texts() -> Iterator[tuple[str, str]]:
    """The fixtures' true texts: UTF-8 inputs, and inputs whose folder names their codec.

    ``double-mojibake`` is left out: its UTF-8 text *contains* mojibake (``Ã©``), which
    re-encoded in cp1252 becomes real UTF-8 again, so no decoder could return it as is.
    """
    for case in sorted(FIXTURES.iterdir()):
        path = case / "input.txt"
        if not path.is_file() or case.name == "double-mojibake":
            continue
        data = path.read_bytes()
        for codec in (truth_codec(case.name), "utf-8"):
            if codec is None:
                continue
            try:
                text = data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError:
                continue
            if not text.isascii():
                yield case.name, text
            break


def dump_texts(folder: Path) -> Iterator[tuple[str, str]]:
    """Real blog dumps (UTF-8 ``*.txt``) for a larger mixed test, when a folder is given."""
    for path in sorted(folder.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if not text.isascii():
            yield path.name, text


def mixed_dumps(text: str, codec: str, utf8_share: bool = False) -> Iterator[tuple[str, bytes]]:
    """One stray line, half the lines, all lines but one in ``codec``; the rest UTF-8.

    With ``utf8_share`` the roles swap: a single-byte file that gained one UTF-8 line, half
    or all but one of its lines in UTF-8 (the text is the file's own).

    Only lines with non-ASCII characters that ``codec`` can encode are candidates (an ASCII
    line is the same bytes either way), and the rest of the file must keep at least one
    UTF-8 multi-byte sequence, or it is not a mixed file.
    """
    lines = text.splitlines(keepends=True)
    movable = [i for i, line in enumerate(lines) if not line.isascii() and encodable(line, codec)]
    if len(movable) < 2:
        return
    picks = {
        "one line": movable[-1:],
        "half the lines": movable[1::2],
        "all lines but one": movable[1:],
    }
    for label, chosen in picks.items():
        chosen_set = set(chosen)
        inside, outside = ("utf-8", codec) if utf8_share else (codec, "utf-8")
        data = b"".join(
            line.encode(inside if i in chosen_set else outside) for i, line in enumerate(lines)
        )
        yield label, data


def corpus_texts(root: Path) -> Iterator[tuple[str, str, str]]:
    """The corpus's files in web single-byte encodings, with their codec."""
    web = {*WEB_SINGLE_BYTE, "iso8859-1"}
    for case in cases(root, Counter()):
        if case.codec in web and not case.truth.isascii():
            yield str(case.path.relative_to(root)), case.truth, case.codec


@dataclass
class Tally:
    """Exact decodes per key, and the misses, for one table of the report."""

    exact: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, key: str, ok: bool, miss: str) -> None:
        self.total[key] += 1
        if ok:
            self.exact[key] += 1
        else:
            self.misses.append(miss)

    def print(self, all_label: str) -> None:
        for key in self.total:
            print(f"  {key:<36}{_share(self.exact[key], self.total[key]):>16}")
        if all_label:
            n, k = sum(self.total.values()), sum(self.exact.values())
            print(f"  {all_label:<36}{_share(k, n):>16}")


def evaluate_mixed_own(root: Path) -> None:
    """Each single-byte corpus file with lines re-encoded in UTF-8: its own codec stays."""
    tally = Tally()
    for name, text, codec in sorted(corpus_texts(root), key=lambda t: category(t[2])):
        for label, data in mixed_dumps(text, codec, utf8_share=True):
            got, how = blogwash_text(data)
            tally.add(f"{category(codec)}, {label}", got == text, f"{name} [{label}] -> {how}")
    print("\nmixed dumps made from the corpus web single-byte files, lines re-encoded UTF-8")
    tally.print("all")
    for line in tally.misses:
        print(f"  miss: {line}")


def evaluate_mixed(title: str, texts: Iterator[tuple[str, str]]) -> None:
    mixed, pure = Tally(), Tally()
    skipped = 0
    for name, text in texts:
        if is_bad(text):
            skipped += 1
            continue
        for codec in (c for c in MIXED_CODECS if fits(text, c)):
            for label, data in mixed_dumps(text, codec):
                got, how = blogwash_text(data)
                key = f"utf-8+{codec}, {label}"
                mixed.add(key, got == text, f"{name} [{key}] -> {how}")
            if encodable(text, codec):
                got, how = blogwash_text(text.encode(codec))
                ok = got == text and not how.startswith("mixed:")
                pure.add(codec, ok, f"{name} [pure {codec}] -> {how}")
    print(f"\nmixed dumps made from {title}, lines re-encoded single-byte: exact decodes")
    if skipped:
        print(f"  ({skipped} text(s) left out: they hold mojibake already, the repair stage's job)")
    mixed.print("all mixed dumps")
    print("the same texts entirely in one single-byte encoding: exact and not read as mixed")
    pure.print("")
    for line in mixed.misses + pure.misses:
        print(f"  miss: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list chardet's misses too")
    parser.add_argument(
        "--dumps", type=Path, help="also make mixed dumps from this folder of UTF-8 *.txt dumps"
    )
    args = parser.parse_args(argv)
    evaluate_corpus(corpus(cache_dir()), args.verbose)
    evaluate_mixed("the fixtures", fixture_texts())
    evaluate_mixed_own(corpus(cache_dir()))
    if args.dumps is not None:
        evaluate_mixed(str(args.dumps), dump_texts(args.dumps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
