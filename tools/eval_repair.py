"""ftfy's own test suite, run through ftfy alone and through blogwash's repair stage.

`make eval-repair` (downloads ftfy's sdist once, cached outside the repo; see
tools/ftfy_suite.py). Prints, side by side:

- ftfy with its defaults, judged the way ftfy's suite judges it (`fix_text` == `fixed`,
  also with one extra layer of mojibake; known failures: `fix_encoding` == expected);
- ftfy with blogwash's configuration, and blogwash's repair stage, both judged against the
  curly-quote-preserving expectation (same cases, same extra layer).

Then every case where blogwash and ftfy differ, and the precheck check: segments (lines of
every input, with and without the extra layer, and of the fixture table) that ftfy or any
blogwash rule would change but `precheck.suspect` skips. Exits 1 if that count is not 0 or
if blogwash fails a case that ftfy (blogwash config) passes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import ftfy

from blogwash import precheck
from blogwash.ftfyfix import FTFY_CONFIG
from blogwash.repair import Repairer, repair
from tools.ftfy_suite import Case, extra_bad, load, same

FIXTURE_TABLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "repair_cases.json"
_CONFIG = FTFY_CONFIG._replace(explain=False)


def ftfy_own(case: Case) -> bool:
    if case.known_failure:
        expected = case.fixed_encoding or case.fixed
        return ftfy.fix_encoding(case.original) == expected
    return all(ftfy.fix_text(t) == case.fixed for t in (case.original, extra_bad(case.original)))


def _inputs(case: Case) -> list[str]:
    return [case.original] if case.known_failure else [case.original, extra_bad(case.original)]


def ftfy_configured(case: Case) -> bool:
    return all(same(ftfy.fix_text(t, _CONFIG), case.expected) for t in _inputs(case))


def blogwash(case: Case) -> bool:
    return all(same(repair(t).text, case.expected) for t in _inputs(case))


def blogwash_by_design(case: Case) -> bool:
    if case.by_design is None:
        return False
    return all(same(repair(t).text, case.by_design[1]) for t in _inputs(case))


def skipped_but_changed(texts: list[str]) -> list[str]:
    """Lines some rule would change (precheck bypassed) that precheck.suspect skips."""
    unchecked = Repairer()
    missed = []
    for text in texts:
        for line in text.split("\n"):
            if precheck.suspect(line):
                continue
            ftfy_changes = ftfy.fix_text(line, _CONFIG) != line
            if ftfy_changes or unchecked._repair_line(line, 1, []) != line:
                missed.append(line)
    return missed


def main() -> int:
    cases = load()
    rows = {"pass": [c for c in cases if not c.known_failure]}
    rows["fail"] = [c for c in cases if c.known_failure]
    results = {c.label + c.original: (ftfy_own(c), ftfy_configured(c), blogwash(c)) for c in cases}

    def count(group: str, column: int) -> int:
        return sum(results[c.label + c.original][column] for c in rows[group])

    n_pass, n_fail = len(rows["pass"]), len(rows["fail"])
    print(f"ftfy {ftfy.__version__} test suite: {len(cases)} cases from its sdist\n")
    print(f"{'':34}{'ftfy defaults':>15}{'ftfy, our config':>18}{'blogwash':>12}")
    print(f"{'expected text':34}{'`fixed`':>15}{'curly kept':>18}{'curly kept':>12}")
    print(
        f"{f'cases ftfy passes ({n_pass}): pass':34}"
        f"{count('pass', 0):>15}{count('pass', 1):>18}{count('pass', 2):>12}"
    )
    print(
        f"{f'known failures ({n_fail}): now pass':34}"
        f"{count('fail', 0):>15}{count('fail', 1):>18}{count('fail', 2):>12}"
    )

    design = [c for c in cases if not results[c.label + c.original][2] and blogwash_by_design(c)]
    print(f"\nblogwash passes under a documented reading (tools/ftfy_suite.py): {len(design)}")
    for c in design:
        assert c.by_design is not None
        print(f"  {c.by_design[0]}: {c.label}")
    worse = []
    print("\nKnown failures (ftfy, our config / blogwash):")
    for c in rows["fail"]:
        _, f, b = results[c.label + c.original]
        print(f"  {'pass' if f else 'FAIL'} / {'pass' if b else 'FAIL'}  {c.label}")
        if not b:
            print(f"      got      {repair(c.original).text!r}\n      expected {c.expected!r}")
    print("\nCases where blogwash and ftfy (our config) differ in outcome:")
    for c in cases:
        _, f, b = results[c.label + c.original]
        if f != b:
            ours = "pass" if b else "pass, documented reading" if c in design else "FAIL"
            print(f"  ftfy {'pass' if f else 'FAIL'}, blogwash {ours}: {c.label}")
            if f and not b and c not in design:
                worse.append(c.label)

    texts = [t for c in cases for t in (c.original, extra_bad(c.original))]
    missed = skipped_but_changed(texts)
    table = json.loads(FIXTURE_TABLE.read_text(encoding="utf-8")) if FIXTURE_TABLE.is_file() else []
    missed_table = skipped_but_changed([case["original"] for case in table])
    print(
        f"\nPrecheck: {len(texts)} suite inputs and {len(table)} fixture-table inputs; "
        f"segments skipped but changed by ftfy or a rule: {len(missed) + len(missed_table)}"
    )
    for line in missed + missed_table:
        print(f"  MISSED {line!r}")
    print(f"Cases made worse than ftfy (our config): {len(worse)}")
    return 1 if missed or missed_table or worse else 0


if __name__ == "__main__":
    sys.exit(main())
