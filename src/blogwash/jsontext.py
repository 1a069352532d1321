"""JSON text laid out as ``json.dumps(value, ensure_ascii=False, indent=N)`` lays it out,
byte for byte, in two thirds of the CPU time.

With ``indent`` set, CPython's ``json`` falls back to its pure-Python encoder, a chain of
generators that yields every bracket, comma and indent separately. Here one recursive
function appends to a list and every string goes through the C string encoder
(``encode_basestring``, the function ``json`` itself uses). That escaping is most of what
is left: on the bench pages this takes 1.2 times as long as json's compact C encoder
(``make bench-emit``).

Same output as ``json.dumps`` for what it accepts: dict (str, int, float, bool or None
keys), list, tuple, str, int, float (``NaN``/``Infinity`` included), bool and None,
subclasses included. Anything else raises ``TypeError`` as ``json.dumps`` does. Unlike
``json.dumps`` it does not look for reference cycles: a cycle ends in ``RecursionError``
instead of ``ValueError`` (documents are trees).
"""

from __future__ import annotations

import json.encoder

# json's own string encoder: the C function when the _json accelerator is built (CPython
# always has it), else its Python twin. The output is identical either way.
_string = json.encoder.encode_basestring
_float = float.__repr__
_int = int.__repr__


def indented(value: object, indent: int = 2) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=indent)`` writes it.

    >>> print(indented({"a": [1, 2.5, None], "b": {}, "c": "é\\n"}))
    {
      "a": [
        1,
        2.5,
        null
      ],
      "b": {},
      "c": "é\\n"
    }
    """
    out: list[str] = []
    _value(value, out, "\n", " " * indent)
    return "".join(out)


def _value(value: object, out: list[str], newline: str, step: str) -> None:
    """Append ``value``; ``newline`` is a line break plus the indent of its own line."""
    # The order of the checks is json's (_iterencode): it decides subclasses (a bool is
    # an int, an IntEnum member is an int).
    if isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(_int(value))
    elif isinstance(value, float):
        out.append(_number(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + step
        comma = "," + inner
        sep = "[" + inner
        for item in value:
            out.append(sep)
            # Strings, the usual item, without a call.
            if isinstance(item, str):
                out.append(_string(item))
            else:
                _value(item, out, inner, step)
            sep = comma
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + step
        comma = "," + inner
        sep = "{" + inner
        for key, item in value.items():
            out.append(sep)
            out.append(_string(key if isinstance(key, str) else _key(key)))
            out.append(": ")
            if isinstance(item, str):
                out.append(_string(item))
            else:
                _value(item, out, inner, step)
            sep = comma
        out.append(newline + "}")
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _number(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return _float(value)


def _key(key: object) -> str:
    """A non-string dict key as json writes it (then quoted as a string)."""
    if isinstance(key, float):
        return _number(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return _int(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
