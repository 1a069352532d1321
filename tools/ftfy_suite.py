"""ftfy's own test cases, from its source distribution on PyPI, cached outside the repo.

`load()` returns the cases, downloading the sdist once (`pip download`) into
`$XDG_CACHE_HOME/blogwash/` (default `~/.cache/blogwash/`); `cached()` returns them only if
they are already there (tests use it and skip otherwise). ftfy 6.3.1 ships
`tests/test_cases.json`; later versions ship `tests/test-cases/*.json`: both are read.

The expected text is read with curly quotes preserved where the input had them: ftfy's
`fixed` is the output of `fix_text` with its defaults, which straighten quotes, fold
ligatures and widths and NFC-normalise. `fixed-encoding`, where a case has it, is the
encoding fix alone (curly quotes, ligatures and entities kept): that is what blogwash's
repair stage promises. Where a case has no `fixed-encoding` but its `fixed` has straight
quotes that ftfy's encoding fix gives as curly ones (and nothing else differs), the curly
version is expected. Comparison is modulo NFC, which is the normalize stage's job.

Two documented readings (`Case.by_design`, listed separately by `make eval-repair`, never
counted as plain passes) follow from rules the issue asks for:

- lost-byte quote: where the input has a `”` whose third byte was lost (`â€?`, `â€�`) and
  ftfy's expected text has `�` in its place, blogwash restores the `”` (rule
  `lost-byte-quote`): the input had a curly quote there;
- HTML-escaped mojibake: where ftfy's encoding-only expectation keeps an entity that spells
  mojibake (`10Î&frac14;s`) and its full fix decodes it (`10μs`), blogwash's repair stage
  decodes it too (rule `html-mojibake`): the full fix is expected.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import ftfy
from ftfy.fixes import uncurl_quotes

VERSION = ftfy.__version__


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "blogwash" / f"ftfy-{VERSION}-cases"


@dataclass(frozen=True)
class Case:
    label: str
    original: str
    fixed: str  # ftfy's expectation for fix_text with its defaults
    expected: str  # the curly-quote-preserving encoding fix (see the module docstring)
    known_failure: bool  # ftfy marks it "expect": "fail"
    fixed_encoding: str | None
    by_design: tuple[str, str] | None  # (reading, expected text under it), see above


_LOST_QUOTE = re.compile("\u00e2\u20ac[?\ufffd]")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _by_design(raw: dict[str, str], expected: str) -> tuple[str, str] | None:
    lost = len(_LOST_QUOTE.findall(raw["original"]))
    if lost and expected.count("\ufffd") == lost:
        return "lost-byte quote restored", expected.replace("\ufffd", "\u201d")
    if _ENTITY.search(expected) and raw["fixed"] != expected and not _ENTITY.search(raw["fixed"]):
        return "HTML-escaped mojibake decoded", raw["fixed"]
    return None


def _expected(raw: dict[str, str]) -> str:
    base = raw.get("fixed-encoding", raw["fixed"])
    if "fixed-encoding" in raw:
        return base
    curly = ftfy.fix_encoding(raw["original"])
    if curly != base and uncurl_quotes(curly) == base:
        return curly
    return base


def _cases(raw_cases: list[dict[str, str]]) -> list[Case]:
    return [
        Case(
            label=raw["label"],
            original=raw["original"],
            fixed=raw["fixed"],
            expected=_expected(raw),
            known_failure=raw.get("expect") == "fail",
            fixed_encoding=raw.get("fixed-encoding"),
            by_design=_by_design(raw, _expected(raw)),
        )
        for raw in raw_cases
    ]


def _read_dir(folder: Path) -> list[dict[str, str]] | None:
    files = sorted(folder.glob("*.json"))
    if not files:
        return None
    out: list[dict[str, str]] = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        out.extend(data)
    return out


def cached() -> list[Case] | None:
    raw = _read_dir(cache_dir())
    return None if raw is None else _cases(raw)


def _download(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--no-binary", ":all:", f"ftfy=={VERSION}", "-d", tmp]  # fmt: skip
        subprocess.run(cmd, check=True)
        (sdist,) = Path(tmp).glob("ftfy-*.tar.gz")
        staging = Path(tempfile.mkdtemp(dir=target.parent))
        with tarfile.open(sdist) as tar:
            for member in tar.getmembers():
                parts = Path(member.name).parts
                if parts[1:2] != ("tests",) or not member.name.endswith(".json"):
                    continue
                data = tar.extractfile(member)
                assert data is not None
                (staging / "_".join(parts[2:])).write_bytes(data.read())
        staging.rename(target)


def load() -> list[Case]:
    """The cases, downloading ftfy's sdist once if they are not cached yet."""
    cases = cached()
    if cases is None:
        target = cache_dir()
        target.parent.mkdir(parents=True, exist_ok=True)
        print(f"downloading ftfy {VERSION} sdist for its test cases -> {target}", file=sys.stderr)
        _download(target)
        cases = cached()
        assert cases is not None, f"no test case files in ftfy {VERSION}'s sdist"
    return cases


def same(a: str, b: str) -> bool:
    """Equal modulo NFC (normalisation is the normalize stage's job)."""
    return unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


def extra_bad(text: str) -> str:
    """ftfy's own harder variant: one more layer of UTF-8 / Latin-1 mojibake."""
    return text.encode("utf-8").decode("latin-1")
