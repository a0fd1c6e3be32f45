"""What every reference page shares: ';'-joined cells as lists, note references in the book's
form ('Smith, n. 4'), chapter links, URL-safe slugs, and HTML displayed so search keeps words apart."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
from IPython.display import HTML, display

from companion.data import NO_NOTE_CALL, note_position
from companion.slots import chapter_slot
from companion.tables import spaced


def split_cell(cell: object) -> list[str]:
    """A ';'-joined cell (chapters, notes, themes) as a list; an empty cell as an empty list."""
    if not isinstance(cell, str) or not cell:
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def _cite(notes: list[int], remark: object) -> str:
    position = note_position(notes, remark)
    return position if position == NO_NOTE_CALL else f"Smith, {position}"


def note_ref(note: object, remark: object = "") -> str:
    """'Smith, n. 4', 'Smith, after the n. 31 call' (from the row's remark), or 'no note call'."""
    return _cite([] if note is None or pd.isna(note) else [int(note)], remark)


def notes_ref(cell: object, remark: object = "") -> str:
    """'Smith, nn. 6, 11' for a ';'-joined notes cell; a position or 'no note call' when it is empty."""
    return _cite([int(n) for n in split_cell(cell)], remark)


def chapters_html(cell: object) -> str:
    """Chapter numbers from a ';'-joined cell, each linked to its page by the book."""
    return ", ".join(chapter_slot(int(c)) for c in split_cell(cell))


def show_html(markup: str) -> None:
    """Display HTML in the notebook and the book alike, spaced so that search keeps words apart."""
    display(HTML(spaced(markup)))


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "kul'turnost'" -> 'kulturnost'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"['’]", "", plain.lower())
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
