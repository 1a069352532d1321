"""blogwash: scraped blog dumps in, clean UTF-8 JSON out.

>>> import blogwash
>>> doc = blogwash.clean(b"Title\\nBody text.\\n", name="x.txt")
>>> doc["article"]["title"], doc["id"]
('Title', 'x')
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from blogwash.decode import NotTextError, decode
from blogwash.normalize import normalize
from blogwash.pipeline import STAGES, clean, run
from blogwash.repair import repair
from blogwash.split import split

try:
    __version__ = version("blogwash")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "STAGES",
    "NotTextError",
    "__version__",
    "clean",
    "decode",
    "normalize",
    "repair",
    "run",
    "split",
]
