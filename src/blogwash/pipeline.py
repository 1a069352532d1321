"""The stage order, named in one place, and the run that records every stage's output."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from blogwash.decode import decode
from blogwash.document import Decoded, Normalized, Repaired, Split
from blogwash.emit import emit
from blogwash.normalize import normalize
from blogwash.patterns import Patterns
from blogwash.repair import Repairer
from blogwash.split import split

STAGES = ("decode", "repair", "normalize", "split", "emit")


@dataclass(frozen=True)
class Trace:
    """The output of every stage for one input (what the golden files hold)."""

    decoded: Decoded
    repaired: Repaired
    normalized: Normalized
    split: Split
    document: dict[str, Any]


def run(
    data: bytes,
    *,
    name: str | None = None,
    no_repair: Iterable[str] = (),
    patterns: Patterns | None = None,
) -> Trace:
    """Take ``data`` through every stage, in ``STAGES`` order."""
    decoded = decode(data)
    repaired = Repairer(no_repair)(decoded.text)
    normalized = normalize(repaired.text)
    parts = split(normalized.text, patterns=patterns)
    document = emit(data, name, decoded, repaired, normalized, parts)
    return Trace(decoded, repaired, normalized, parts, document)


def clean(
    data: bytes,
    *,
    name: str | None = None,
    no_repair: Iterable[str] = (),
    patterns: Patterns | None = None,
) -> dict[str, Any]:
    """Clean one dump: bytes in, the ``blogwash/1`` document out.

    >>> clean("Hallo\\n".encode())["article"]["text"]
    'Hallo'
    """
    return run(data, name=name, no_repair=no_repair, patterns=patterns).document
