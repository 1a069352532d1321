"""Copy `blogwash clean --help` into README.md between the help markers.

`python tools/readme_help.py` rewrites README.md; `--check` exits 1 if it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from blogwash.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- help:start -->", "<!-- help:end -->"


def rendered() -> str:
    result = CliRunner().invoke(main, ["clean", "--help"], terminal_width=80, prog_name="blogwash")
    return f"{START}\n```text\n$ blogwash clean --help\n{result.output}```\n{END}"


def updated(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + rendered() + tail


def main_(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in argv:
        return 0 if new == text else 1
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main_(sys.argv[1:]))
