"""The fixture table: real-world damage and clean text, one test per case.

tests/data/repair_cases.json holds {label, original, fixed}: lost-byte quotes, single-byte
mix-ups, double encodings, escaped mojibake, and clean text in many languages that must
come through unchanged. Each case runs on its own, and again on its own output (nothing
left to repair: idempotence).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import blogwash
from blogwash.repair import RULES
from tests.visible import diff

TABLE = Path(__file__).resolve().parent / "data" / "repair_cases.json"
CASES = json.loads(TABLE.read_text(encoding="utf-8"))


def test_every_rule_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Repair rules", 1)[1].split("\n## ", 1)[0]
    assert [rule for rule in RULES if f"`{rule}`" not in table] == []


def test_table_is_large_and_labels_are_unique() -> None:
    labels = [case["label"] for case in CASES]
    assert len(labels) >= 60
    assert len(set(labels)) == len(labels)
    assert sum(case["original"] == case["fixed"] for case in CASES) >= 20  # clean text


@pytest.mark.parametrize("case", CASES, ids=[case["label"] for case in CASES])
def test_repair_case(case: dict[str, str]) -> None:
    result = blogwash.repair(case["original"])
    if result.text != case["fixed"]:
        pytest.fail(diff(case["fixed"], result.text, case["label"]))
    if case["original"] == case["fixed"]:
        assert result.repairs == ()
    else:
        assert result.repairs, "a change must be logged"
        assert {r.rule for r in result.repairs} <= set(RULES)
        assert all(r.line == 1 for r in result.repairs)
        # The log replays: each entry, in order, turns the text as the previous rule left it
        # into the next state, and the last state is the output.
        text = case["original"]
        for r in result.repairs:
            assert r.before in text, (r, text)
            text = text.replace(r.before, r.after, 1)
        assert text == result.text
    again = blogwash.repair(result.text)
    assert (again.text, again.repairs) == (result.text, ())
