"""Self-check questions that give instant feedback with no kernel and no JavaScript.

Each question is an HTML radio group whose feedback is revealed by CSS (``:checked``), so it works
the same in the static web book and in a live notebook. Feedback is words, not just colour.

Authors write the right answer wherever it comes naturally (usually first); readers see the options
in an order drawn from the question's own text, the same on every build and in every notebook, so
that the position of an option never gives the answer away.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

_CSS = """
.cq{border:1px solid #c8c8c8;border-radius:6px;padding:.6rem 1rem;margin:1rem 0;background:#fafafa}
.cq legend{font-size:1rem;font-weight:600;line-height:1.5;padding:0 .3rem;float:none;width:auto}
.cq-option{display:grid;grid-template-columns:1.6rem 1fr;align-items:start;margin:.35rem 0}
.cq-option input{margin-top:.3rem}
.cq-option label{cursor:pointer;margin:0}
.cq-fb{display:none;grid-column:2;margin:.25rem 0 .5rem;padding:.3rem .6rem;border-left:4px solid}
.cq-option input:checked ~ .cq-fb{display:block}
.cq-fb.cq-right{border-color:#1a7f37;color:#0f5323;background:#eaf6ec}
.cq-fb.cq-wrong{border-color:#b3261e;color:#7a1712;background:#fbeceb}
"""


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Option:
    """One answer: its text, whether it is right, and why (the feedback a student sees)."""

    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """A multiple-choice self-check. Displays as HTML; the answer key never needs a kernel."""

    prompt: str
    options: tuple[Option, ...]

    @property
    def shown(self) -> tuple[Option, ...]:
        """The options in the order readers see them: a stable shuffle keyed on the prompt and each
        option's text, never on which option is right."""
        return tuple(sorted(self.options, key=lambda opt: _digest(f"{self.prompt}\x00{opt.text}")))

    @property
    def qid(self) -> str:
        return f"cq-{_digest(self.prompt)[:8]}"

    def _repr_html_(self) -> str:
        qid = self.qid
        rows = []
        for i, opt in enumerate(self.shown):
            verdict = "Right." if opt.correct else "Not quite."
            css = "cq-right" if opt.correct else "cq-wrong"
            rows.append(
                f'<div class="cq-option"><input type="radio" name="{qid}" id="{qid}-{i}">'
                f'<label for="{qid}-{i}">{html.escape(opt.text)}</label>'
                f'<p class="cq-fb {css}" aria-live="polite"><strong>{verdict}</strong> '
                f"{html.escape(opt.feedback)}</p></div>"
            )
        return (
            f"<style>{_CSS}</style>"
            f'<fieldset class="cq" id="{qid}"><legend>{html.escape(self.prompt)}</legend>'
            + "".join(rows)
            + "</fieldset>"
        )

    def __repr__(self) -> str:
        return f"Self-check: {self.prompt}"


def choice(prompt: str, options: Sequence[Option | tuple]) -> Question:
    """A question from options given as :class:`Option` or ``(text, correct, feedback)`` tuples.

    Raises a clear error for a malformed question (no right answer, an option that is not text),
    because a broken self-check misleads the students who rely on it.
    """
    if not isinstance(prompt, str) or not prompt.strip():
        raise TypeError("A self-check question needs its prompt as text.")
    parsed = []
    for i, opt in enumerate(options, start=1):
        if isinstance(opt, tuple):
            if len(opt) != 3:
                raise TypeError(f"Option {i}: give (text, correct, feedback), not {len(opt)} items.")
            opt = Option(*opt)
        if not isinstance(opt, Option):
            raise TypeError(f"Option {i} must be an Option or a (text, correct, feedback) tuple.")
        if not isinstance(opt.text, str) or not isinstance(opt.correct, bool):
            raise TypeError(f"Option {i}: the text must be a string and 'correct' True or False.")
        parsed.append(opt)
    if len(parsed) < 2:
        raise ValueError("A self-check needs at least two options.")
    if not any(o.correct for o in parsed):
        raise ValueError(f"No option is marked correct in: {prompt!r}.")
    return Question(prompt, tuple(parsed))


def encode_question(prompt: str, options: Sequence[tuple]) -> str:
    """A self-check as an opaque string, for the notebooks students download.

    The key of a self-check sits in its source (``True`` beside the right option); a student who
    opens the cell should not read it at a glance. This is no lock, only a cover: :func:`from_bank`
    turns the string back into the same question, checked as :func:`choice` checks it.
    """
    choice(prompt, options)  # refuse to encode a malformed question
    payload = json.dumps([prompt, [list(option) for option in options]], ensure_ascii=False)
    return base64.b64encode(zlib.compress(payload.encode("utf-8"), 9)).decode("ascii")


def from_bank(code: str) -> Question:
    """The self-check encoded by :func:`encode_question`."""
    try:
        prompt, options = json.loads(zlib.decompress(base64.b64decode(code, validate=True)))
    except (ValueError, zlib.error, TypeError):
        raise ValueError("This self-check's code is damaged: download the notebook again from the book.") from None
    return choice(prompt, [tuple(option) for option in options])
