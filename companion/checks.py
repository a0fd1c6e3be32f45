"""Answer checks for exercises in live notebooks.

A student who types ``"2.7"`` (text) or leaves ``...`` in place gets a sentence telling them what
to change, never a traceback.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from companion.derive import number


@dataclass(frozen=True)
class Feedback:
    """The result of a check: whether it passed and what to tell the student."""

    ok: bool
    message: str

    def _repr_html_(self) -> str:
        css = "cq-right" if self.ok else "cq-wrong"
        colour = "#0f5323" if self.ok else "#7a1712"
        return (
            f'<p class="check-feedback {css}" style="border-left:4px solid {colour};'
            f'padding:.3rem .6rem;color:{colour}">{html.escape(self.message)}</p>'
        )

    def __str__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.ok


def check_number(answer: object, expected: float, *, tolerance: float = 0.05, what: str = "answer") -> Feedback:
    """Compare a numeric answer with the expected value, within a relative ``tolerance``."""
    try:
        value = number(answer, what)
    except (TypeError, ValueError) as problem:
        return Feedback(False, f"Not checked yet. {problem}")
    target = float(expected)
    allowed = abs(target) * tolerance if target else tolerance
    if abs(value - target) <= allowed:
        return Feedback(True, f"Right: {value:g} is within {tolerance:.0%} of {target:.3g}.")
    direction = "too high" if value > target else "too low"
    return Feedback(
        False,
        f"Not yet: {value:g} is {direction}. Recheck which number is the base of the comparison.",
    )
