"""Command line: parses arguments, reads inputs, reports. The work is in the library.

Exit codes: 0 every input cleaned; 1 some input failed (the others are still written and
each failure is named on stderr); 2 usage error; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path

import click

from blogwash import __version__
from blogwash.batch import (
    DaskUnavailable,
    Failed,
    SchedulerUnreachable,
    Settings,
    default_workers,
)
from blogwash.cues import accelerators
from blogwash.decode import NotTextError
from blogwash.emit import dumps
from blogwash.inputs import Unreadable, expand, total_bytes
from blogwash.patterns import PatternFileError
from blogwash.pipeline import STAGES, Trace
from blogwash.pipeline import run as run_stages
from blogwash.repair import RULES
from blogwash.report import Progress, Summary
from blogwash.runner import Outputs, run
from blogwash.schema import SCHEMA_DOCUMENT
from blogwash.writer import write_atomic


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "--version",
    prog_name="blogwash",
    # A second line says whether the split stage runs its C accelerators (built where a C
    # compiler was at install time) or their pure-Python reference: same output, slower.
    message="%(prog)s, version %(version)s\nsplit stage: "
    + (", ".join(accelerators()) or "pure Python (no C accelerators)"),
)
def main() -> None:
    """Turn scraped blog dumps into clean UTF-8 JSON."""


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one OUTDIR/<path>.json per page, mirroring the input tree (a JSONL input "
    "gives one OUTDIR/<path>.jsonl). Pages whose output is up to date are skipped.",
)
@click.option(
    "--jsonl",
    "jsonl",
    metavar="FILE|-",
    help="Write every document as one line of FILE (- for stdout), in input order. A "
    "rerun into the same FILE copies the lines that are up to date.",
)
@click.option(
    "--text-field",
    "text_field",
    metavar="NAME",
    help="JSONL inputs: the field holding the page [default: text, else html].",
)
@click.option(
    "--id-field",
    "id_field",
    metavar="NAME",
    help="JSONL inputs: the field holding the page id [default: id, else url; without "
    "one, <file stem>:<line>].",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes [default: all cores]. Pages go to them in batches.",
)
@click.option(
    "--scheduler",
    envvar="DASK_SCHEDULER_ADDRESS",
    show_envvar=True,
    metavar="ADDRESS",
    help="Send the batches to a Dask cluster (tcp://HOST:8786); needs blogwash[dask].",
)
@click.option("--force", is_flag=True, help="Clean every page, even those up to date.")
@click.option(
    "--fsync",
    is_flag=True,
    help="Flush the outputs to disk as they are written: durable against a power loss, "
    "not only atomic (slower: a disk round trip per file).",
)
@click.option(
    "--report",
    "report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the run summary (pages, bytes, failures, repairs...) as JSON to FILE.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress bar and no summary (errors still shown)."
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
    jsonl: str | None,
    text_field: str | None,
    id_field: str | None,
    workers: int | None,
    scheduler: str | None,
    force: bool,
    fsync: bool,
    report: Path | None,
    quiet: bool,
    no_repair: tuple[str, ...],
    patterns: tuple[str, ...],
) -> None:
    """Clean INPUT... (files, directories, or - for stdin).

    Files are page dumps (.txt, .html, .htm) or JSONL dumps (.jsonl, one page per line);
    any may be gzipped (.gz). Directories are read recursively.

    With one page and no -o, the JSON document goes to stdout.
    """
    try:
        settings = Settings.build(no_repair, patterns)
    except PatternFileError as exc:
        raise click.UsageError(str(exc)) from exc
    if outdir is not None and jsonl is not None:
        raise click.UsageError("-o OUTDIR and --jsonl FILE both given: choose one.")
    # Sources are streamed, never listed: a run over millions of files stays small.
    sources = expand(inputs, exclude=outdir)
    if outdir is None and jsonl is None:
        first = list(islice(sources, 2))
        if len(first) != 1:
            count = len(first) + sum(1 for _ in sources)
            raise click.UsageError(
                f"{count} inputs but no -o OUTDIR: stdout takes one document; "
                "give -o OUTDIR to write one .json per input, or --jsonl FILE."
            )
        if first[0].jsonl:
            raise click.UsageError(
                f"{first[0].name} holds one page per line: give -o OUTDIR or --jsonl FILE|-."
            )
        sources = iter(first)
    summary = Summary(workers=workers or default_workers(), scheduler=scheduler)
    show = not quiet and sys.stderr.isatty()
    progress = Progress(total_bytes(inputs, outdir) if show else None, enabled=show)

    def on_failure(failure: Failed | Unreadable) -> None:
        progress.echo(f"blogwash: {failure.label}: {failure.message}")
        if isinstance(failure, Failed) and failure.traceback:
            progress.echo(failure.traceback.rstrip())

    outputs = Outputs(outdir, jsonl, force, text_field, id_field, fsync)
    try:
        run(sources, outputs, settings, summary, progress, on_failure)
    except DaskUnavailable as exc:
        raise click.UsageError(str(exc)) from exc
    except SchedulerUnreachable as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        # The output side: a full disk, a read-only OUTDIR. Nothing partial is left behind.
        where = f" {exc.filename}" if exc.filename else ""
        raise click.ClickException(f"cannot write{where} ({exc.strerror or exc})") from exc
    except KeyboardInterrupt:
        # Ctrl-C: unfinished outputs are already removed; say what was done, exit 130 as
        # a shell does for SIGINT. A rerun skips what is up to date.
        progress.close()
        summary.finish()
        click.echo(summary.render(), err=True)
        click.echo("blogwash: interrupted: rerun the same command to go on", err=True)
        sys.exit(130)
    finally:
        progress.close()
    summary.finish()
    if report is not None:
        text = json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n"
        write_atomic(report, text, fsync)
    if show:
        click.echo(summary.render(), err=True)
    if summary.failed:
        click.echo(f"blogwash: {summary.failed} of {summary.pages} input(s) failed", err=True)
        sys.exit(1)


@main.command()
@click.argument("file")
@click.option("--no-repair", "no_repair", multiple=True, type=click.Choice(RULES))
def trace(file: str, no_repair: tuple[str, ...]) -> None:
    """Show the output of every stage for FILE (- for stdin): what golden files hold."""
    try:
        data = _read(file)
        result = run_stages(data, name=file, no_repair=no_repair)
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
