"""ftfyfix: ftfy, configured to fix encodings and nothing else, and what to call each fix.

Every ftfy option, and why it is set so:

- ``fix_encoding``, ``restore_byte_a0``, ``replace_lossy_sequences``,
  ``decode_inconsistent_utf8``, ``fix_c1_controls``, ``fix_surrogates``: on. They undo
  damage (text decoded with the wrong codec, bytes lost or swapped on the way) and never
  touch text that is not damaged: each is gated by ftfy's badness heuristic or by
  characters (C1 controls, lone surrogates) that correct text does not hold.
- ``uncurl_quotes=False``: curly quotes are correct text; straightening them loses data.
- ``fix_latin_ligatures=False``, ``fix_character_width=False``: ``ĳ``, ``ﬁ`` and
  full-width CJK punctuation are legitimate characters, not damage.
- ``unescape_html=False``: entities are decoded, and logged, by the normalize stage; the
  repair stage only fixes entities that hide damage (``entities.py``).
- ``remove_terminal_escapes``, ``remove_control_chars``, ``fix_line_breaks``,
  ``normalization=None``: normalisation, done and logged by the normalize stage, so
  ``blogwash.repair`` alone leaves CRLF, a soft hyphen or a decomposed ``é`` as they came.
- ``explain=True``: the explanation names the rule of each change.
"""

from __future__ import annotations

import ftfy
from ftfy import _fix_encoding_one_step_and_explain
from ftfy.fixes import fix_c1_controls, fix_surrogates

from blogwash.precheck import is_bad

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

# Rule names of ftfy's fixes, as the repair log and --no-repair call them.
RULES = ("mojibake", "c1-controls", "lossy-sequences", "byte-a0", "inconsistent-utf8", "surrogates")

# ftfy step name -> our rule name, for fixes that were not a re-decoding.
_STEPS = {
    "fix_c1_controls": "c1-controls",
    "replace_lossy_sequences": "lossy-sequences",
    "restore_byte_a0": "byte-a0",
    "decode_inconsistent_utf8": "inconsistent-utf8",
    "fix_surrogates": "surrogates",
}


def fix_and_explain(line: str) -> tuple[str, list[tuple[str, str]]]:
    """``ftfy.fix_and_explain(line, FTFY_CONFIG)``: the same text and rule, minus one pass.

    ftfy loops until a whole pass changes nothing, so a repaired line is checked once more
    in full. With this configuration that last pass is known in advance to change nothing
    when the fixers after the encoding fix (C1 controls, surrogates) changed nothing: the
    encoding fix already ran until stable. Skipping it saves a third of ftfy's time on a
    damaged line; ``tests/test_ftfyfix.py`` checks the equality on every test input. (The
    skipped pass can only add a no-op step to ftfy's explanation, never change the rule.)
    """
    steps: list[tuple[str, str]] = []
    text = line
    while True:
        start = text
        text = _fix_encoding(text, steps)
        encoded = text
        for name, fixer in (
            ("fix_c1_controls", fix_c1_controls),
            ("fix_surrogates", fix_surrogates),
        ):
            fixed = fixer(text)
            if fixed != text:
                steps.append(("apply", name))
                text = fixed
        if text in (encoded, start):
            return text, steps


def _fix_encoding(text: str, steps: list[tuple[str, str]]) -> str:
    """``ftfy.fix_encoding_and_explain(text, FTFY_CONFIG)``, its steps added to ``steps``.

    ftfy repeats one step until the text stops changing, and each step first asks
    ``is_bad``: a full scan of ``BADNESS_RE``, which on a long line costs more than the fix
    itself, and which proves every fixed line clean once more. ``precheck.is_bad`` gives
    the same answer from the windows around its anchors; a step it calls clean would return
    the text unchanged and explain nothing, so it is not taken. (ftfy 6.3.1 is pinned: the
    one-step function is private, and ``tests/test_ftfyfix.py`` holds us to ftfy's result.)
    """
    while is_bad(text):
        fixed, plan = _fix_encoding_one_step_and_explain(text, FTFY_CONFIG)
        steps.extend(plan or ())
        if fixed == text:
            return text
        text = fixed
    return text


def fix(line: str) -> tuple[str, str | None]:
    """ftfy's fix of one line and the rule to log it under (``None``: nothing changed).

    A change that re-encoded the whole line is ``mojibake``, whatever helped along the
    way; ftfy's piecewise fixes are named after their step.

    >>> fix("caf\u00c3\u00a9 ok")
    ('café ok', 'mojibake')
    >>> fix("caf\u00c3\u00a9 “ok”")  # “ok” is correct: only the pieces are re-decoded
    ('café “ok”', 'inconsistent-utf8')
    >>> fix("a \\x93quote\\x94")
    ('a “quote”', 'mojibake')
    >>> fix("De ĳsbeer, ‘quoted’")
    ('De ĳsbeer, ‘quoted’', None)
    """
    fixed, steps = fix_and_explain(line)
    if fixed == line:
        return line, None
    return fixed, rule_of(steps)


def rule_of(steps: list[tuple[str, str]]) -> str:
    """The rule a change is logged under, from ftfy's explanation of it."""
    if any(action in ("encode", "decode", "transcode") for action, _ in steps):
        return "mojibake"
    return next((_STEPS[name] for _, name in steps if name in _STEPS), "mojibake")
