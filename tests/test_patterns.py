"""Pattern tables: data files load, user files extend them, and every regex stays linear."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from blogwash.cues import classify
from blogwash.patterns import KEYS, PatternFileError, builtin_languages, load
from blogwash.split import split

PATTERNS = load()
REGEXES = {name: value for name, value in vars(PATTERNS).items() if isinstance(value, re.Pattern)}
HOSTILE = ["a", " ", ".", "1", "a-", "Aa ", "1. ", "@", "ä,", "12:3", "x" * 7 + " ", "-–"]


def test_builtin_languages() -> None:
    assert set(builtin_languages()) >= {"nl", "en", "de", "fr", "es", "it", "pl", "sv", "da", "no"}
    folder = Path(__file__).resolve().parent.parent / "src" / "blogwash" / "patterns"
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) - {"language"} <= set(KEYS), path.name
        assert data["language"] == path.stem


def test_user_pattern_file_extends_and_is_checked(tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps({"signoffs": ["tot kijk"]}), encoding="utf-8")
    assert classify("Tot kijk, Bram", load(None, (str(extra),))).kind == "signoff"
    assert classify("Tot kijk, Bram", PATTERNS).kind != "signoff"
    bad = tmp_path / "bad.json"
    bad.write_text('{"signoffs": "not a list"}', encoding="utf-8")
    with pytest.raises(PatternFileError, match="must be a list of strings"):
        load(None, (str(bad),))


def _seconds(fn: object, text: str) -> float:
    start = time.perf_counter()
    fn(text)  # type: ignore[operator]
    return time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(REGEXES))
def test_every_regex_is_linear_on_hostile_input(name: str) -> None:
    """10x more input may cost at most ~30x more time (generous: the machine is shared),
    and 200 000 characters of anything finish well within a second."""
    regex = REGEXES[name]
    for unit in HOSTILE:
        small = unit * (20_000 // len(unit))
        large = unit * (200_000 // len(unit))
        t_small = min(_seconds(regex.search, small) for _ in range(3))
        t_large = min(_seconds(regex.search, large) for _ in range(2))
        assert t_large < 1.0, (name, unit, t_large)
        assert t_large < 30 * t_small + 0.02, (name, unit, t_small, t_large)


@pytest.mark.parametrize("unit", HOSTILE)
def test_split_is_linear_on_hostile_lines(unit: str) -> None:
    line = unit * (100_000 // len(unit))
    text = "\n".join([line] * 5)
    assert _seconds(lambda t: split(t), text) < 2.0
