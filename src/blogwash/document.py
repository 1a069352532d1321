"""The records that flow between stages.

Every stage takes the previous stage's record and returns a new one; nothing is mutated
and nothing touches the filesystem. What a stage changed is kept as data (``Repair``) so a
user can see why the output differs from the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Repair:
    """One change a stage made beyond whitespace.

    ``line`` is 1-based and counts lines of the *decoded* text, so a user can open the
    input and find the place.
    """

    stage: str
    line: int
    before: str
    after: str
    rule: str

    def as_dict(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "line": self.line,
            "before": self.before,
            "after": self.after,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Decoded:
    """Output of the decode stage: text plus how it was obtained."""

    text: str
    encoding: str
    confidence: float = 1.0
    language: str | None = None
    bom: str | None = None
    # For mixed files: bytes decoded with each encoding, e.g. {"utf-8": 900, "cp1252": 12}.
    bytes_by_encoding: dict[str, int] | None = None
    # Bytes no encoding could decode, kept as U+FFFD (last resort) and counted here.
    undecodable_bytes: int = 0
    # For an HTML page: the charset its markup declares (used only when the bytes agree).
    declared_charset: str | None = None


@dataclass(frozen=True)
class Repaired:
    """Output of the repair stage: same number of lines as its input."""

    text: str
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True)
class Normalized:
    """Output of the normalize stage.

    ``lines`` are the non-empty normalized lines; ``origin[i]`` is the 1-based decoded line
    that ``lines[i]`` came from.
    """

    text: str
    lines: tuple[str, ...]
    origin: tuple[int, ...]
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment. ``meta`` holds author/date lines, ``signature`` the sign-off,
    ``parent`` the index of the comment it replies to (known only from page markup)."""

    author: str | None
    author_from: str | None
    text: str
    signature: str | None
    meta: tuple[str, ...] = ()
    parent: int | None = None


# Role names a split assigns to each normalized line (kept in the trace, used by tests
# and the evaluation harness to check that nothing is lost).
ROLES = ("title", "article", "meta", "text", "signature", "boilerplate")


@dataclass(frozen=True)
class Split:
    """Output of the split stage.

    ``roles[i]`` is the role of normalized line ``i`` and ``owner[i]`` the index of the
    comment it belongs to (``None`` outside comments): every line lands in one place.
    """

    title: str | None
    article_author: str | None
    article: tuple[str, ...]
    comments: tuple[Comment, ...]
    boilerplate: tuple[str, ...]
    roles: tuple[str, ...] = field(default=())
    owner: tuple[int | None, ...] = field(default=())
