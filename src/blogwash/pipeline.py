"""The stage order, named in one place, and the run that records every stage's output.

An HTML page takes the same stages: its decode stage also reads the page into blocks, one
per line (``page.read_page``), so repair and normalize see the flat dump form, and its
split stage uses the page's markup (``pagesplit.split_page``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from blogwash.decode import decode
from blogwash.document import Decoded, Normalized, Repaired, Split
from blogwash.emit import emit
from blogwash.normalize import normalize
from blogwash.page import is_page, read_page
from blogwash.pagesplit import split_page
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
    """Take ``data`` through every stage, in ``STAGES`` order.

    HTML pages are recognised by their name (``.html``, ``.htm``) or by how they start
    (``<!doctype html>``, ``<html>``).
    """
    repairer = Repairer(no_repair)
    if is_page(data, name):
        page = read_page(data)
        decoded = page.decoded
        repaired = repairer(decoded.text)
        normalized = normalize(repaired.text)

        def tidy(text: str) -> str:
            return " ".join(normalize(repairer(" ".join(text.split())).text).lines)

        parts = split_page(page, normalized, patterns=patterns, tidy=tidy)
    else:
        decoded = decode(data)
        repaired = repairer(decoded.text)
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
