"""Answer checks for exercises in live notebooks.

A student who types ``"2.7"`` (text) or leaves ``...`` in place gets a sentence telling them what
to change, never a traceback. A wrong number gets a hint aimed at the mistake it most likely comes
from -- per cent for a fraction, points for per cent, the wrong base, the wrong sign, rounding too
early -- wherever a rule can tell; the hint never gives the answer away.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

from companion.derive import number, percent_change, point_change, ratio


@dataclass(frozen=True)
class Feedback:
    """The result of a check: whether it passed and what to tell the student.

    ``waiting`` marks an answer not given yet (the ``...`` placeholder): the web book shows every
    "Your turn" cell in that state, where nothing can be typed, so it is said in neutral grey, not
    in the red of a wrong answer."""

    ok: bool
    message: str
    waiting: bool = False

    def _repr_html_(self) -> str:
        css = "cq-right" if self.ok else "check-waiting" if self.waiting else "cq-wrong"
        colour = "#0f5323" if self.ok else "#4a4f55" if self.waiting else "#7a1712"
        return (
            f'<p class="check-feedback {css}" style="border-left:4px solid {colour};'
            f'padding:.3rem .6rem;color:{colour}">{html.escape(self.message)}</p>'
        )

    def __str__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class Expected:
    """An answer key: the value, and what a checker needs to recognise the usual mistakes.

    ``base`` is the (earlier, later) pair the answer is computed from, if any: with it the checker
    can tell a change in points from a change in per cent, a multiplier from a percentage change,
    and a change measured against the wrong year. ``slips`` maps other likely wrong values (computed
    from the data, like the answer) to the hint each deserves.
    """

    value: float
    base: tuple[float, float] | None = None
    slips: Mapping[float, str] = field(default_factory=dict)

    def __float__(self) -> float:
        return float(self.value)


def _base_slips(old: float, new: float) -> list[tuple[float, str]]:
    """The numbers a student gets by comparing ``old`` and ``new`` the wrong way, with the hint each needs."""
    slips = [(point_change(old, new), "That is the difference in percentage points (later minus earlier)")]
    if old:
        slips += [
            (percent_change(old, new), "That is the percentage change (the difference divided by the earlier value)"),
            (ratio(new, old), "That is the multiplier (the later value divided by the earlier one)"),
            (ratio(new, old) * 100, "That is the later value as a percentage of the earlier one (multiplier × 100)"),
        ]
    if new:
        slips += [
            (percent_change(new, old), "That measures the change against the later value: the base is the earlier one"),
            (ratio(old, new), "That divides the earlier value by the later one: the multiplier is later / earlier"),
        ]
    return slips


def _close(value: float, target: float, tolerance: float) -> bool:
    allowed = abs(target) * tolerance if target else tolerance
    return abs(value - target) <= allowed


def _diagnose(value: float, key: Expected, tolerance: float, what: str) -> str | None:
    """The likely mistake behind a wrong ``value``, as a hint, or None when no rule can tell."""
    target = float(key.value)
    for slip, hint in key.slips.items():
        if _close(value, float(slip), tolerance) and not _close(float(slip), target, tolerance):
            return hint
    if key.base is not None:
        # A fall may be asked for as a positive size, so the comparison ignores the sign.
        for slip, hint in _base_slips(*key.base):
            if _close(abs(value), abs(slip), tolerance) and not _close(abs(slip), abs(target), tolerance):
                return f"{hint}; the question asks for the {what}."
    if target and _close(-value, target, tolerance):
        return (
            "The size is right but the sign is not: does the question ask for a change (negative for a fall) "
            "or for the size of a fall?"
        )
    if target and _close(value, target * 100, tolerance):
        return "This is 100 times too large: is it a fraction or a multiplier written as a percentage?"
    if target and _close(value * 100, target, tolerance):
        return "This is 100 times too small: is it a percentage written as a fraction?"
    for places in (0, 1):
        if value == round(target, places) and value != target:
            return "Close, but rounded too far: keep one or two decimal places."
    if _close(value, target, 3 * tolerance):
        return "Close, but outside the margin: did you round an intermediate step? Keep more decimals until the end."
    return None


def check_number(
    answer: object, expected: float | Expected, *, tolerance: float = 0.05, what: str = "answer"
) -> Feedback:
    """Compare a numeric answer with the expected value, within a relative ``tolerance``.

    ``expected`` is a number or an :class:`Expected`, which lets a wrong answer get a hint aimed at
    its likely mistake."""
    try:
        value = number(answer, what)
    except (TypeError, ValueError) as problem:
        if answer is None or answer is Ellipsis:
            return Feedback(False, f"Waiting for your answer. {problem}", waiting=True)
        return Feedback(False, f"Not checked yet. {problem}")
    key = expected if isinstance(expected, Expected) else Expected(float(expected))
    target = float(key.value)
    if _close(value, target, tolerance):
        return Feedback(True, f"Right: {value:g} is within {tolerance:.0%} of {target:.3g}.")
    hint = _diagnose(value, key, tolerance, what)
    direction = "too high" if value > target else "too low"
    return Feedback(
        False,
        f"Not yet: {value:g} is {direction}. "
        + (hint or "Recheck which number is the base of the comparison, and redo the calculation step by step."),
    )
