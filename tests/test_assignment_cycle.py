"""The assignment cycle page, read from its source: its timetable sets and collects each assignment in
the weeks the course plan does, and returns each one before the next is due; its commands are the
Makefile's; its weighting arithmetic adds up."""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import pairwise

import pytest
from conftest import ROOT
from test_course_plan import PLANS, weeks

CYCLE = (ROOT / "instructor" / "assignment-cycle.md").read_text(encoding="utf-8")
TABLES = {"A ten-week term": "Ten-week term", "A five-week short course": "Five-week course"}


def planned(heading: str) -> dict[str, tuple[int, int]]:
    """Each assignment the course plan sets: its name ("1", "1 or 2") -> (week set, week due)."""
    found = {}
    for number, week in weeks(heading).items():
        for name, due in re.findall(r"\*\*Set:\*\* assignment (\d(?: or \d)?)\b.*?due week (\d+)", week):
            found[name] = (number, int(due))
    return found


def timetable(caption: str) -> dict[str, tuple[int, int, int | None]]:
    """The page's timetable for one plan: name -> (set, due, returned; None when after the course)."""
    table = CYCLE.split(f"| {caption} |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| Assignment (\d(?: or \d)?)[^|]* \| week (\d+) \| week (\d+) \| ([^|]+) \|", table, re.M)
    return {name: (int(s), int(d), int(r[5:]) if r.startswith("week ") else None) for name, s, d, r in rows}


@pytest.mark.parametrize("heading", PLANS)
def test_the_timetable_follows_the_plan_and_returns_work_before_the_next_is_due(heading: str) -> None:
    plan, table = planned(heading), timetable(TABLES[heading])
    assert plan, f"{heading}: no assignments found in the course plan"
    assert {name: (s, d) for name, (s, d, _) in table.items()} == plan, f"{heading}: set or due weeks differ"
    ordered = sorted(table.values(), key=lambda row: row[1])
    for (_, due, returned), (_, next_due, _) in pairwise(ordered):
        assert returned is not None and due < returned <= next_due, f"{heading}: feedback comes too late"


def test_the_commands_are_the_makefiles() -> None:
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    used = set(re.findall(r"`make ([a-z-]+)", CYCLE))
    assert used and used <= targets, f"the page names targets the Makefile lacks: {used - targets}"
    assert "ASSIGNMENT=" in CYCLE and "SUBMISSIONS=" in CYCLE and "PAPER=letter" in CYCLE


def test_the_weighting_arithmetic_adds_up() -> None:
    """21/30 on assignments 1-4 and 24/30 on the capstone, under both weightings, as the page states."""
    equal = Fraction(4 * 21 + 24, 150) * 60
    capstone = 4 * Fraction(21, 30) * 10 + Fraction(24, 30) * 20
    assert f"= {float(equal):.1f} per cent" in CYCLE
    assert f"= {float(capstone):.1f} per cent" in CYCLE
    assert Fraction(84 + 2 * 24, 180) * 60 == capstone
