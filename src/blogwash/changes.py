"""Turn a before/after pair of one line into readable repair-log entries."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import accumulate, compress, count
from operator import ne

from blogwash.document import Repair

_TOKENS = re.compile(r"\s+|\S+")


def _paired(a: list[str], b: list[str]) -> list[list[int]] | None:
    """The changed token ranges of two token lists of one length, paired one to one, or
    None if a change turns whitespace into a word or back (then the whitespace moved)."""
    regions: list[list[int]] = []
    # Only the differing tokens are visited, found by a C-level scan: a long line with one
    # repaired word costs no Python step per unchanged token.
    for k in compress(count(), map(ne, a, b)):
        if a[k].isspace() != b[k].isspace():
            return None
        if regions and regions[-1][1] == k:
            regions[-1][1] = regions[-1][3] = k + 1
        else:
            regions.append([k, k + 1, k, k + 1])
    return regions


def _regions(a: list[str], b: list[str]) -> list[list[int]]:
    """Changed token ranges [i1, i2, j1, j2]. Where a change adds or drops a token (``Ã\xa0
    vu`` -> ``à vu``), the word diff can pair the wrong words; such a change is joined with
    its neighbour across unchanged whitespace, and the character diff sorts it out.
    """
    if len(a) == len(b):
        # The usual case (words re-decoded in place): pair the tokens one to one, in linear
        # time, and diff only if the whitespace moved.
        paired = _paired(a, b)
        if paired is not None:
            return paired
    regions: list[list[int]] = []
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


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix, by halving (C-level compares)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _unchanged_ends(before: str, after: str) -> tuple[int, int, int]:
    """``(head, end_before, end_after)``: ``before[:head] == after[:head]`` and
    ``before[end_before:] == after[end_after:]``, each cut where a token starts in both
    strings, so tokenising the middles gives the middle tokens of the whole strings."""
    head = _common_prefix(before, after)
    if head:
        # The start of the token holding the last shared character: its left neighbour is
        # shared too, so it starts a token in both strings.
        space = before[head - 1].isspace()
        head -= 1
        while head and before[head - 1].isspace() == space:
            head -= 1
    shared = _common_prefix(before[head:][::-1], after[head:][::-1])
    end = len(before)
    if shared:
        # The first token start inside the shared tail, not at its first character (whose
        # left neighbour differs), else the end of the string.
        end -= shared - 1
        while end < len(before) and before[end - 1].isspace() == before[end].isspace():
            end += 1
    return head, end, end + len(after) - len(before)


def _raw_changes(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """Changed character spans: a diff over words, then over characters inside each change.

    A diff over characters alone is quadratic on a long line that changed all over (a
    paragraph of mojibake); the word diff finds the changed regions fast and the character
    diff inside each (a few words) places the changes as exactly as before. Only the middle
    between the unchanged ends is tokenised when its words pair one to one, which gives the
    same regions as the whole line; otherwise the whole line is diffed.
    """
    head, end_before, end_after = _unchanged_ends(before, after)
    a, b = _TOKENS.findall(before, head, end_before), _TOKENS.findall(after, head, end_after)
    regions = _paired(a, b) if len(a) == len(b) else None
    if regions is None:
        head = 0
        a, b = _TOKENS.findall(before), _TOKENS.findall(after)
        regions = _regions(a, b)
    at = list(accumulate(map(len, a), initial=head))
    bt = list(accumulate(map(len, b), initial=head))
    out = []
    for i1, i2, j1, j2 in regions:
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
