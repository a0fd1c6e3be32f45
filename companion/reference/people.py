"""The people-and-works page: historians, the other people the essay names, and the works it cites."""

from __future__ import annotations

import html

import pandas as pd

from companion.data import load
from companion.reference.common import chapters_html, notes_ref, show_html
from companion.tables import html_table
from companion.templating import Markup, render

PEOPLE_KINDS = {
    "historian": "Historians",
    "political-leader": "Political leaders",
    "worker": "Workers",
    "writer-or-artist": "Writers, artists and film-makers",
    "witness": "Witnesses",
    "official": "Officials",
}

_TITLED_KINDS = {"film", "painting", "book"}  # titles set in italics


def _people_table(frame: pd.DataFrame, caption: str, use_heading: str) -> str:
    table = pd.DataFrame(
        {
            "Name": frame["name"],
            use_heading: frame["essay_use"],
            "Chapters": frame["chapters"].map(chapters_html),
            "Notes": [notes_ref(n, r) for n, r in zip(frame["notes"], frame["remark"], strict=True)],
        }
    )
    return html_table(table, caption=caption, markup=["Chapters"])


def show_historians() -> None:
    """The historians the essay names, with the argument it attributes to each."""
    people = load("people")
    part = people[people["kind"] == "historian"]
    show_html(_people_table(part, f"Historians the essay names ({len(part)})", "The argument the essay attributes"))


def show_other_people() -> None:
    """Everyone else the essay names, one table per kind (a kind with no one is left out)."""
    people = load("people")
    kinds = [k for k in PEOPLE_KINDS if k != "historian"]
    kinds += sorted(set(people["kind"]) - set(PEOPLE_KINDS))
    parts = []
    for kind in kinds:
        part = people[people["kind"] == kind]
        if part.empty:
            continue
        heading = PEOPLE_KINDS.get(kind, kind.replace("-", " ").capitalize())
        table = Markup(_people_table(part, f"{heading} ({len(part)})", "How the essay uses them"))
        parts.append(render("people_kind.html.j2", kind=kind, heading=heading, table=table))
    show_html("".join(parts))


def _work_title(row: pd.Series) -> str:
    title = html.escape(row["title"])
    return f"<i>{title}</i>" if row["kind"] in _TITLED_KINDS else title


def show_works() -> None:
    """The works the essay draws on, oldest first (undated last)."""
    works = load("works").sort_values(["year", "title"], na_position="last", kind="stable")
    original = works["original_title"].map(
        lambda t: f'<i lang="ru-Latn">{html.escape(t)}</i>' if isinstance(t, str) and t else ""
    )
    table = pd.DataFrame(
        {
            "Title": [_work_title(r) for _, r in works.iterrows()],
            "Original title": original,
            "Kind": works["kind"],
            "Creator": works["creator"],
            "Year": works["year"],
            "How the essay uses it": works["essay_use"],
            "Notes": works["notes"].map(notes_ref),
        }
    )
    show_html(
        html_table(
            table,
            caption=f"Works the essay uses ({len(works)})",
            markup=["Title", "Original title"],
        )
    )
