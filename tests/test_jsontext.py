"""jsontext.indented writes exactly what json.dumps(..., ensure_ascii=False, indent=N) does."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blogwash.jsontext import indented

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True)

# Strings with what json escapes (quotes, backslashes, controls), non-ASCII in all three
# string widths, combining marks and lone surrogates.
TEXT = st.text(
    st.one_of(
        st.sampled_from('"\\\n\r\t\x00\x1f\x7f\u2028 aé\u0301€\U0001f600\ud800'),
        st.characters(),
    ),
    max_size=20,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and the infinities included
    TEXT,
)
KEYS = st.one_of(TEXT, st.integers(), st.floats(), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(KEYS, inner, max_size=4),
    ),
    max_leaves=30,
)


@SETTINGS
@given(VALUES, st.sampled_from([0, 1, 2, 4]))
def test_same_text_as_json(value: object, indent: int) -> None:
    assert indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


class Level(enum.IntEnum):
    HIGH = 3


class Name(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        (),
        {"a": {}, "b": [], "c": [[], {}]},
        [math.nan, math.inf, -math.inf, 0.1, 1e16, -0.0, 1.0],
        {7: "int key", 2.5: "float key", True: "bool key", False: "", None: "null key"},
        [Level.HIGH, Name("sub"), True, False],
        {Name("k"): Level.HIGH},
        "only a string",
        12,
    ],
    ids=repr,
)
def test_edge_cases(value: object) -> None:
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [{"a": {1, 2}}, [b"bytes"], {(1, 2): "tuple key"}])
def test_refuses_what_json_refuses(value: object) -> None:
    with pytest.raises(TypeError) as ours:
        indented(value)
    with pytest.raises(TypeError) as theirs:
        json.dumps(value, ensure_ascii=False, indent=2)
    assert str(ours.value) == str(theirs.value)
