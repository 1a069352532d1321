"""Command line: parses arguments, reads inputs, reports. The work is in the library.

Exit codes: 0 every input cleaned; 1 some input failed (the others are still written and
each failure is named on stderr); 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from blogwash import __version__
from blogwash.decode import NotTextError
from blogwash.emit import dumps
from blogwash.patterns import PatternFileError, load
from blogwash.pipeline import STAGES, Trace, run
from blogwash.repair import RULES
from blogwash.schema import SCHEMA_DOCUMENT
from blogwash.writer import write_atomic

INPUT_SUFFIXES = (".txt", ".html", ".htm")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="blogwash")
def main() -> None:
    """Turn scraped blog dumps into clean UTF-8 JSON."""


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def _expand(inputs: tuple[str, ...]) -> Iterator[tuple[str, Path | None]]:
    """Yield (name, path) for each input; directories give their dump files, sorted."""
    for item in inputs:
        if item == "-":
            yield "-", None
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in INPUT_SUFFIXES:
                    yield str(child), child
        else:
            yield item, path


def _load_patterns(patterns: tuple[str, ...]) -> Any:
    try:
        return load(None, tuple(patterns))
    except PatternFileError as exc:
        raise click.UsageError(str(exc)) from exc


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write OUTDIR/<name>.json per input instead of printing to stdout.",
)
@click.option(
    "--no-repair",
    "no_repair",
    multiple=True,
    type=click.Choice(RULES),
    help="Turn a repair rule off (repeatable). Rules are listed in the README.",
)
@click.option(
    "--patterns",
    "patterns",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Extra split patterns (JSON, same keys as blogwash/patterns/*.json); repeatable.",
)
def clean(
    inputs: tuple[str, ...],
    outdir: Path | None,
    no_repair: tuple[str, ...],
    patterns: tuple[str, ...],
) -> None:
    """Clean INPUT... (files, directories of .txt dumps and .html pages, or - for stdin).

    With one input and no -o, the JSON document goes to stdout.
    """
    compiled = _load_patterns(patterns)
    items = list(_expand(inputs))
    if outdir is None and len(items) != 1:
        raise click.UsageError(
            f"{len(items)} inputs but no -o OUTDIR: stdout takes one document; "
            "give -o OUTDIR to write one .json per input."
        )
    failures = 0
    taken: set[Path] = set()
    for name, path in items:
        try:
            data = _read(name) if path is None else path.read_bytes()
            trace = run(data, name=name, no_repair=no_repair, patterns=compiled)
        except NotTextError as exc:
            failures += 1
            click.echo(f"blogwash: {name}: {exc}", err=True)
            continue
        except OSError as exc:
            failures += 1
            click.echo(f"blogwash: {name}: cannot read ({exc.strerror})", err=True)
            continue
        text = dumps(trace.document)
        if outdir is None:
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.flush()
            continue
        target = _unique(outdir / f"{trace.document['id']}.json", taken)
        try:
            write_atomic(target, text)
        except OSError as exc:
            failures += 1
            click.echo(f"blogwash: {name}: cannot write {target} ({exc.strerror})", err=True)
    if failures:
        click.echo(f"blogwash: {failures} of {len(items)} input(s) failed", err=True)
        sys.exit(1)


def _unique(target: Path, taken: set[Path]) -> Path:
    """Two inputs with the same stem (a/x.txt, b/x.txt) must not overwrite each other."""
    candidate, k = target, 1
    while candidate in taken:
        k += 1
        candidate = target.with_name(f"{target.stem}-{k}{target.suffix}")
    taken.add(candidate)
    return candidate


@main.command()
@click.argument("file")
@click.option("--no-repair", "no_repair", multiple=True, type=click.Choice(RULES))
def trace(file: str, no_repair: tuple[str, ...]) -> None:
    """Show the output of every stage for FILE (- for stdin): what golden files hold."""
    try:
        data = _read(file)
        result = run(data, name=file, no_repair=no_repair)
    except NotTextError as exc:
        click.echo(f"blogwash: {file}: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"blogwash: {file}: cannot read ({exc.strerror})", err=True)
        sys.exit(1)
    for stage in STAGES:
        click.echo(f"===== {stage} =====")
        click.echo(render_stage(result, stage), nl=False)


def render_stage(result: Trace, stage: str) -> str:
    """One stage's output as text, the form golden files store."""
    if stage == "decode":
        d = result.decoded
        head = {
            "encoding": d.encoding,
            "confidence": round(d.confidence, 4),
            "language": d.language,
            "bom": d.bom,
            "bytes_by_encoding": d.bytes_by_encoding,
            "undecodable_bytes": d.undecodable_bytes,
        }
        return json.dumps(head, ensure_ascii=False) + "\n" + d.text + "\n"
    if stage == "repair":
        log = [r.as_dict() for r in result.repaired.repairs]
        return json.dumps(log, ensure_ascii=False) + "\n" + result.repaired.text + "\n"
    if stage == "normalize":
        log = [r.as_dict() for r in result.normalized.repairs]
        return json.dumps(log, ensure_ascii=False) + "\n" + result.normalized.text + "\n"
    if stage == "split":
        s = result.split
        rows = []
        for line, role, owner in zip(result.normalized.lines, s.roles, s.owner, strict=True):
            tag = role if owner is None else f"{role}#{owner}"
            rows.append(f"{tag:<14} {line}")
        return "\n".join(rows) + "\n"
    if stage == "emit":
        return dumps(result.document)
    raise ValueError(f"unknown stage {stage!r}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the output document."""
    click.echo(json.dumps(SCHEMA_DOCUMENT, ensure_ascii=False, indent=2))


@main.command()
def rules() -> None:
    """List the repair rules (names for --no-repair)."""
    for rule in RULES:
        click.echo(rule)


if __name__ == "__main__":  # pragma: no cover
    main()
