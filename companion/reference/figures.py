"""The essay-in-numbers page: every figure the essay states, summarised by chapter and listed with
the pages that use it."""

from __future__ import annotations

import pandas as pd

from companion.charts import format_value
from companion.data import load, notes_label, period_label
from companion.reference.common import note_ref, show_html
from companion.slots import chapter_slot, uses_count_slot, uses_links_slot
from companion.tables import html_table

# The essay's five parts, which are also the book's chapters (see the data package's 'chapter').
CHAPTER_TITLES = {
    1: "Introduction – the paradox of the workers' state",
    2: "The decline and fall of the working class, 1917–53",
    3: "A heyday of mixed comforts, 1953–91",
    4: "Cultures of working-class life",
    5: "The moral economy of the Soviet worker",
}


def _value(row: pd.Series) -> str:
    value = format_value(row["value"], row["unit"])
    qualifier = row["qualifier"]
    return f"{qualifier} {value}" if isinstance(qualifier, str) and qualifier else value


def _remark(row: pd.Series) -> str:
    remark = row["remark"] if isinstance(row["remark"], str) else ""
    who = row["attributed_to"]
    if isinstance(who, str) and who:
        remark = f"{remark} Credited in the essay's text to: {who}.".strip()
    return remark


def figures_summary() -> None:
    """How many figures each chapter states, how many notes they sit under, how many are
    charted on a chapter or exercise page so far -- all counted, none typed (the book counts the
    uses when it writes the page, see :mod:`companion.slots`)."""
    figures = load("essay_figures")
    rows = []
    for chapter, title in CHAPTER_TITLES.items():
        part = figures[figures["chapter"] == chapter]
        notes = [int(n) for n in part["note"].dropna()]
        rows.append(
            {
                "Chapter": chapter_slot(chapter),
                "Title": title,
                "Figures": len(part),
                "Notes they sit under": notes_label(notes) or "none",
                "Without a note call": int(part["note"].isna().sum()),
                "Charted in the book so far": uses_count_slot(list(part["measure"])),
            }
        )
    table = pd.DataFrame(rows)
    sentence = (
        f"<p>The essay states {len(figures)} figures in all, under {figures['note'].nunique()} of its notes; "
        f"{uses_count_slot(list(figures['measure']))} of them belong to a measure that a chapter or exercise "
        "page already uses.</p>"
    )
    show_html(
        sentence + html_table(table, caption="Figures per chapter", markup=["Chapter", "Charted in the book so far"])
    )


def figures_table(chapter: int) -> None:
    """Every figure one chapter states, in the essay's order, with the pages that use it."""
    if chapter not in CHAPTER_TITLES:
        raise ValueError(f"There is no chapter {chapter}; chapters run 1 to {len(CHAPTER_TITLES)}.")
    figures = load("essay_figures")
    part = figures[figures["chapter"] == chapter]
    table = pd.DataFrame(
        {
            "As stated": part["as_stated"],
            "Value": [_value(r) for _, r in part.iterrows()],
            "Unit": part["unit"],
            "Period": [period_label(a, b) for a, b in zip(part["start_year"], part["end_year"], strict=True)],
            "Note": [note_ref(n, r) for n, r in zip(part["note"], part["remark"], strict=True)],
            "Remark": [_remark(r) for _, r in part.iterrows()],
            "Used in": part["measure"].map(uses_links_slot),
        }
    )
    caption = f"Chapter {chapter}, {CHAPTER_TITLES[chapter]}: {len(part)} figures"
    show_html(html_table(table, caption=caption, markup=["Used in"]))
