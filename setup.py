"""The compiled split-stage accelerators (C extension modules); everything else is in
pyproject.toml.

Each module has a pure-Python twin that stays the reference (``cues.py``): the extension is
optional, so a machine without a C compiler still installs blogwash and runs it, slower.
``tests/test_compiled_*.py`` check that both give the same result line for line, and
``tests/test_compiled.py`` document for document.
"""

from pathlib import Path

from setuptools import Extension, setup

SOURCES = {
    "blogwash._cprefilter": "src/blogwash/_cprefilter.c",
    "blogwash._cclassify": "src/blogwash/_cclassify.c",
}

# The headers the sources include (``_cwords.h``...): a change to one rebuilds the modules.
HEADERS = sorted(str(path) for path in Path("src/blogwash").glob("_c*.h"))

setup(
    ext_modules=[
        Extension(name, [source], depends=HEADERS, optional=True, extra_compile_args=["-O2"])
        for name, source in SOURCES.items()
        if Path(source).exists()
    ]
)
