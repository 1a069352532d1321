"""changes: diffing only the middle between the unchanged ends gives the whole-line diff."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import example, given, settings
from hypothesis import strategies as st

from blogwash import changes

_PIECES = st.sampled_from(["a", "b", "ab", " ", "  ", "\u00a0", "\t", "é", "Ã©", "â€™", "x"])


def _whole_line(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """The diff over all tokens of both lines, as it was before the ends were skipped."""
    a, b = changes._TOKENS.findall(before), changes._TOKENS.findall(after)
    at, bt = [0], [0]
    for t in a:
        at.append(at[-1] + len(t))
    for t in b:
        bt.append(bt[-1] + len(t))
    out = []
    for i1, i2, j1, j2 in changes._regions(a, b):
        x, y = at[i1], bt[j1]
        if i2 - i1 == j2 - j1 == 1 and not a[i1].isspace():
            out.append((x, at[i2], y, bt[j2]))
            continue
        inner = SequenceMatcher(None, before[x : at[i2]], after[y : bt[j2]], autojunk=False)
        out.extend(
            (x + k1, x + k2, y + l1, y + l2)
            for op, k1, k2, l1, l2 in inner.get_opcodes()
            if op != "equal"
        )
    return out


_LISTS = st.lists(_PIECES, max_size=10)


@settings(max_examples=1500, deadline=None)
@given(_LISTS, _LISTS, _LISTS, _LISTS)
@example(["a", " "], ["b"], ["a", "b", " "], [" ", "b"])
@example(["x "], ["Ã©", " "], ["é", "\u00a0"], ["x"])
def test_middle_diff_is_the_whole_line_diff(
    head: list[str], middle: list[str], changed: list[str], tail: list[str]
) -> None:
    before = "".join(head + middle + tail)
    after = "".join(head + changed + tail)
    assert changes._raw_changes(before, after) == _whole_line(before, after)
