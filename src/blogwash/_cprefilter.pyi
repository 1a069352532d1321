"""Types of the compiled prefilter (``_cprefilter.c``)."""

from collections.abc import Callable, Sequence

from blogwash.cues import Cue
from blogwash.patterns import Patterns

class Prefilter:
    """``cues.classify_lines`` for one ``Patterns``, in C."""

    def __init__(
        self,
        p: Patterns,
        classify: Callable[[str, Patterns, str, bool], Cue],
        text_cue: Cue,
        lead_words: Callable[[str, int], str],
    ) -> None: ...
    def classify_lines(self, lines: Sequence[str]) -> list[Cue]: ...
    def lines(self, text: str) -> list[str]: ...
