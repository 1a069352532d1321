"""``python -m blogwash``: the same as the ``blogwash`` command."""

from blogwash.cli import main

main(prog_name="blogwash")
