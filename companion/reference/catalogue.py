"""The data catalogue page: a card per dataset (what it measures, coverage, download at a glance;
sources, checksum, schema and first rows folded)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from companion.data import (
    ESSAY_SOURCE,
    data_dir,
    load,
    package,
    resource,
)
from companion.reference.common import show_html, slug
from companion.tables import html_table
from companion.templating import Markup, render

ROLES = {
    "essay": "essay – the essay's own figures, each filed under its note",
    "context": "context – figures from other publications, to set beside the essay's",
    "reference": "reference – the companion's own tables, written from the essay",
}

PROCESSING = {
    "essay": "Transcribed by hand from the essay (see the note numbers).",
    "context": "Copied as read from the source named in each row.",
    "reference": "Written in the companion's own words from the essay.",
}
# The sources table describes publications rather than the essay, so it gets its own line.
PROCESSING_BY_NAME = {
    "sources": "Compiled by the companion: one row per publication a row of the package "
    "comes from, with where it was read and how far to trust it.",
}

YEAR_FIELDS = ("year", "start_year", "end_year")
DATA_HREF = "../../data"  # the copy of data/ in the built book, seen from book/reference/


def sha256(path: Path) -> str:
    """The file's SHA-256, computed when the page is built, so a reader can check a download."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def coverage(frame: pd.DataFrame) -> str:
    """Row count and, where the table has year columns, the years it spans."""
    text = f"{len(frame)} rows"
    columns = [frame[c].dropna() for c in YEAR_FIELDS if c in frame.columns]
    years = pd.concat(columns, ignore_index=True) if columns else pd.Series(dtype="Int64")
    if not years.empty:
        text += f"; years {int(years.min())}–{int(years.max())}"
    return text


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"


def _sources(name: str, frame: pd.DataFrame) -> list[pd.Series] | None:
    """The sources behind the rows, each with its full citation and where it was read (None for
    the table of sources itself)."""
    if name == "sources":
        return None
    table = load("sources").set_index("source_id")
    return [table.loc[sid] for sid in list(frame.attrs.get("sources", {})) or [ESSAY_SOURCE]]


def _licences(res: dict) -> list[dict[str, str]]:
    licences = res.get("licenses") or package().get("licenses", [])
    return [
        {"title": lic.get("title") or lic.get("name", ""), "name": lic.get("name", ""), "path": lic.get("path", "")}
        for lic in licences
    ]


def schema_table(res: dict) -> pd.DataFrame:
    """The schema as a reader-facing table: field, type, whether required, description."""
    return pd.DataFrame(
        [
            {
                "Field": f["name"],
                "Type": f.get("type", "string"),
                "Required": "yes" if f.get("constraints", {}).get("required") else "no",
                "Description": f.get("description", ""),
            }
            for f in res["schema"]["fields"]
        ]
    )


def card_html(name: str, level: int = 3) -> str:
    """One dataset's card: what it is, where it comes from, its checksum, schema, first rows
    and a link to the CSV in the built book. ``level`` is the card's heading level: the
    catalogue page puts the cards under its own "The datasets" heading (h2), so they are h3."""
    res = resource(name)
    frame = load(name)
    path = data_dir() / res["path"]
    role = res.get("role", "")
    return render(
        "data_card.html.j2",
        level=level,
        slug=slug(name),
        title=res.get("title", name),
        name=name,
        role=ROLES.get(role, role or "not stated"),
        description=res.get("description", ""),
        sources=_sources(name, frame),
        licences=_licences(res),
        units=", ".join(frame.attrs.get("units", [])) or "no unit column",
        coverage=coverage(frame),
        caveats=res.get("caveats", "none recorded"),
        process=PROCESSING_BY_NAME.get(name) or PROCESSING.get(role, "Not recorded."),
        checksum=sha256(path),
        href=f"{DATA_HREF}/{res['path']}",
        path=res["path"],
        size=_size(path),
        schema_table=Markup(html_table(schema_table(res), caption=f"Fields of {res['path']}")),
        first_rows=Markup(html_table(frame.head(5), caption=f"The first five rows of {res['path']}", wide=True)),
    )


def catalogue_contents() -> str:
    """A list of the datasets, in package order, linking to their cards."""
    datasets = [
        {"slug": slug(r["name"]), "title": r.get("title", r["name"]), "name": r["name"], "role": r.get("role", "")}
        for r in package()["resources"]
    ]
    return render("catalogue.html.j2", datasets=datasets)


def show_catalogue() -> None:
    """The list of datasets, then one card per dataset in the package's order."""
    show_html(catalogue_contents())
    for res in package()["resources"]:
        show_html(card_html(res["name"]))
