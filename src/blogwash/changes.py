"""Turn a before/after pair of one line into readable repair-log entries."""

from __future__ import annotations

from difflib import SequenceMatcher

from blogwash.document import Repair


def changes(stage: str, line: int, before: str, after: str, rule: str) -> list[Repair]:
    """List the places where ``after`` differs from ``before``, each widened to whole
    whitespace-separated words so a user can find them in the input.

    >>> [(r.before, r.after) for r in changes("repair", 1, "a caf\u00c3\u00a9 b", "a café b", "x")]
    [('cafÃ©', 'café')]
    """
    if before == after:
        return []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    raw = [op[1:] for op in matcher.get_opcodes() if op[0] != "equal"]
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
