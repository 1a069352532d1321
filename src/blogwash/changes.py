"""Turn a before/after pair of one line into readable repair-log entries."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import accumulate, compress, count
from operator import ne

from blogwash.document import Repair

_TOKENS = re.compile(r"\s+|\S+")


def _regions(a: list[str], b: list[str]) -> list[list[int]]:
    """Changed token ranges [i1, i2, j1, j2]. Where a change adds or drops a token (``Ã\xa0
    vu`` -> ``à vu``), the word diff can pair the wrong words; such a change is joined with
    its neighbour across unchanged whitespace, and the character diff sorts it out.
    """
    regions: list[list[int]] = []
    if len(a) == len(b):
        # The usual case (words re-decoded in place): pair the tokens one to one, in linear
        # time, and diff only if the whitespace moved.
        # Only the differing tokens are visited, found by a C-level scan: a long line with
        # one repaired word costs no Python step per unchanged token.
        for k in compress(count(), map(ne, a, b)):
            x, y = a[k], b[k]
            if x.isspace() != y.isspace():
                break
            if regions and regions[-1][1] == k:
                regions[-1][1] = regions[-1][3] = k + 1
            else:
                regions.append([k, k + 1, k, k + 1])
        else:
            return regions
        regions = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if regions:
            last = regions[-1]
            gap = a[last[1] : i1]
            shifted = last[1] - last[0] != last[3] - last[2] or i2 - i1 != j2 - j1
            if shifted and all(t.isspace() for t in gap):
                last[1], last[3] = i2, j2
                continue
        regions.append([i1, i2, j1, j2])
    return regions


def _raw_changes(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """Changed character spans: a diff over words, then over characters inside each change.

    A diff over characters alone is quadratic on a long line that changed all over (a
    paragraph of mojibake); the word diff finds the changed regions fast and the character
    diff inside each (a few words) places the changes as exactly as before.
    """
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    at = list(accumulate(map(len, a), initial=0))
    bt = list(accumulate(map(len, b), initial=0))
    out = []
    for i1, i2, j1, j2 in _regions(a, b):
        x, y = at[i1], bt[j1]
        if i2 - i1 == j2 - j1 == 1 and not a[i1].isspace():
            # One word for one word: it is widened to the whole word anyway.
            out.append((x, at[i2], y, bt[j2]))
            continue
        inner = SequenceMatcher(None, before[x : at[i2]], after[y : bt[j2]], autojunk=False)
        out.extend(
            (x + k1, x + k2, y + l1, y + l2)
            for op, k1, k2, l1, l2 in inner.get_opcodes()
            if op != "equal"
        )
    return out


def changes(stage: str, line: int, before: str, after: str, rule: str) -> list[Repair]:
    """List the places where ``after`` differs from ``before``, each widened to whole
    whitespace-separated words so a user can find them in the input.

    >>> [(r.before, r.after) for r in changes("repair", 1, "a caf\u00c3\u00a9 b", "a café b", "x")]
    [('cafÃ©', 'café')]
    """
    if before == after:
        return []
    raw = _raw_changes(before, after)
    spans: list[list[int]] = []
    for k, (i1, i2, j1, j2) in enumerate(raw):
        left = raw[k - 1][1] if k else 0
        right = raw[k + 1][0] if k + 1 < len(raw) else len(before)
        # Outside the raw changes both strings agree, so moving both ends by the same
        # amount stays aligned; stop at whitespace or at the neighbouring change.
        while i1 > left and not before[i1 - 1].isspace():
            i1 -= 1
            j1 -= 1
        while i2 < right and not before[i2].isspace():
            i2 += 1
            j2 += 1
        if spans and i1 <= spans[-1][1]:
            spans[-1][1] = i2
            spans[-1][3] = j2
        else:
            spans.append([i1, i2, j1, j2])
    return [
        Repair(stage=stage, line=line, before=before[i1:i2], after=after[j1:j2], rule=rule)
        for i1, i2, j1, j2 in spans
    ]
