"""The stage order, named in one place, and the run that records every stage's output.

An HTML page takes the same stages: its decode stage also reads the page into blocks, one
per line (``page.read_page``), so repair and normalize see the flat dump form, and its
split stage uses the page's markup (``pagesplit.split_page``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from blogwash.decode import decode
from blogwash.document import Decoded, Normalized, Repaired, Split
from blogwash.emit import emit
from blogwash.normalize import normalize
from blogwash.pagekind import is_page
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
    stage_cpu: dict[str, float] | None = None,
) -> Trace:
    """Take ``data`` through every stage, in ``STAGES`` order.

    HTML pages are recognised by their name (``.html``, ``.htm``) or by how they start
    (``<!doctype html>``, ``<html>``). When ``stage_cpu`` is given, each stage's CPU
    seconds are added to it (what ``--report`` sums; for a page, the split stage includes
    tidying the comments it cuts from the markup).
    """
    clock = [time.process_time()]
    repairer = Repairer(no_repair)
    if is_page(data, name):
        # The HTML route's modules load the parser (bs4): imported only for a page.
        from blogwash.page import read_page
        from blogwash.pagesplit import split_page

        page = read_page(data)
        decoded = page.decoded
        clock.append(time.process_time())
        repaired = repairer(decoded.text)
        clock.append(time.process_time())
        normalized = normalize(repaired.text)
        clock.append(time.process_time())

        def tidy(text: str) -> str:
            return " ".join(normalize(repairer(" ".join(text.split())).text).lines)

        parts = split_page(page, normalized, patterns=patterns, tidy=tidy)
    else:
        decoded = decode(data)
        clock.append(time.process_time())
        repaired = repairer(decoded.text)
        clock.append(time.process_time())
        normalized = normalize(repaired.text)
        clock.append(time.process_time())
        parts = split(normalized.text, patterns=patterns, lines=normalized.lines)
    clock.append(time.process_time())
    document = emit(data, name, decoded, repaired, normalized, parts)
    if stage_cpu is not None:
        clock.append(time.process_time())
        for stage, (start, end) in zip(STAGES, pairwise(clock), strict=True):
            stage_cpu[stage] = stage_cpu.get(stage, 0.0) + end - start
    return Trace(decoded, repaired, normalized, parts, document)


def clean(
    data: bytes,
    *,
    name: str | None = None,
    no_repair: Iterable[str] = (),
    patterns: Patterns | None = None,
    stage_cpu: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Clean one dump: bytes in, the ``blogwash/1`` document out (``stage_cpu``: see
    ``run``).

    >>> clean("Hallo\\n".encode())["article"]["text"]
    'Hallo'
    """
    trace = run(data, name=name, no_repair=no_repair, patterns=patterns, stage_cpu=stage_cpu)
    return trace.document
