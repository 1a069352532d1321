"""``split._meta_runs`` is ``_META_RUN.findall`` over the kind letters, on any codes."""

import random

from blogwash.split import _CODE, _META_RUN, _meta_runs


def test_meta_runs_match_the_regex_on_random_codes() -> None:
    rng = random.Random(8)
    letters = "".join(_CODE.values())
    weighted = letters + "adnadnt" * 3  # long meta runs and runs of numbers alone
    for _ in range(20_000):
        codes = "".join(rng.choice(weighted) for _ in range(rng.randint(0, 40)))
        lo = rng.randint(0, len(codes))
        assert _meta_runs(codes, lo) == _META_RUN.findall(codes, lo), (codes, lo)
