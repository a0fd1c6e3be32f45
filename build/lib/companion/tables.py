"""Reader-facing HTML: accessible tables that also read well on a phone, and text the search finds.

Tables are written as plain HTML (a caption, column headers with ``scope``, a scrollable wrapper)
because several carry links -- to chapter pages, glossary anchors, CSV files -- that pandas'
``to_html`` would either escape or, with escaping off, let through unchecked. Here every cell is
escaped one by one, and only cells the book's own code builds are passed through as markup. Each
cell also carries its column's name (``data-label``), so that on a narrow screen companion.css can
show a row as a card of "label: value" lines instead of cutting off the right-hand columns.

The book's HTML reaches Sphinx as notebook output, and Sphinx's search indexer strips the tags
from such HTML without putting anything in their place: ``<td>Stakhanov</td><td>The miner``
would be indexed as one word, ``stakhanovthe``. :func:`spaced` puts a line break after every
block-level closing tag, which changes nothing on the page and keeps the words apart.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import pandas as pd

_BLOCK_END = re.compile(
    r"(</(?:p|div|li|dt|dd|td|th|tr|caption|h[1-6]|summary|details|legend|label|section|nav|ul|ol|dl"
    r"|table|thead|tbody|fieldset|figure|figcaption)>)(?!\n)"
)


def spaced(markup: str) -> str:
    """``markup`` with a line break after each block-level closing tag (see the module docstring)."""
    return _BLOCK_END.sub("\\1\n", markup)


def cell_text(value: object) -> str:
    """A cell's value as escaped text; missing values are blank, never ``<NA>`` or ``nan``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def html_table(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    markup: Sequence[str] = (),
    label: str | None = None,
    wide: bool = False,
) -> str:
    """A table as accessible HTML: caption, ``th scope="col"``, escaped cells, a label per cell.

    ``markup`` names columns whose cells were built by the book's code as HTML (links, anchors);
    every other cell is escaped. The wrapper scrolls sideways and can take keyboard focus, so a
    wide table stays readable on a narrow screen; on a phone the rows become cards instead (see
    companion.css). ``wide`` lets a table with many columns (a raw data preview) grow past the
    text column, each cell capped, instead of squeezing every column.
    """
    columns = [str(c) for c in frame.columns]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    cell_style = "vertical-align: top;" + (" max-width: 22rem;" if wide else "")
    rows = []
    for record in frame.itertuples(index=False):
        cells = [
            str(value) if column in markup and isinstance(value, str) else cell_text(value)
            for column, value in zip(frame.columns, record, strict=True)
        ]
        rows.append(
            "<tr>"
            + "".join(
                f'<td data-label="{html.escape(c)}" style="{cell_style}">{v}</td>'
                for c, v in zip(columns, cells, strict=True)
            )
            + "</tr>"
        )
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    name = html.escape(label or caption or "Table")
    table_style = ' style="width: max-content;"' if wide else ""
    kind = "ref-table-wide" if wide else "ref-table-stack"
    return spaced(
        f'<div class="ref-table-wrap" role="region" aria-label="{name}" tabindex="0" '
        f'style="overflow-x: auto; margin: 0.6rem 0 1.2rem;">'
        f'<table class="chart-table ref-table {kind}"{table_style}>{caption_html}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
