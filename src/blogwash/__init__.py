"""blogwash: scraped blog dumps in, clean UTF-8 JSON out.

>>> import blogwash
>>> doc = blogwash.clean(b"Title\\nBody text.\\n", name="x.txt")
>>> doc["article"]["title"], doc["id"]
('Title', 'x')
"""

from __future__ import annotations

# Also the package's version (pyproject.toml reads it from here); importlib.metadata
# would cost a fifth of the start-up time of a one-file run.
__version__ = "0.1.0"

from blogwash.decode import NotTextError, decode
from blogwash.normalize import normalize
from blogwash.pipeline import STAGES, clean, run
from blogwash.repair import repair
from blogwash.split import split

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
