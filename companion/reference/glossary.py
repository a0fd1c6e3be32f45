"""The glossary page: every term, alphabetically, with an anchor a chapter can link to."""

from __future__ import annotations

from companion.data import load
from companion.reference.common import chapters_html, notes_ref, show_html, slug, split_cell
from companion.templating import Markup, render


def term_anchor(term: str) -> str:
    """The glossary's anchor for a term, e.g. 'term-nep', so chapters can link to
    ``reference/glossary.html#term-nep``."""
    return f"term-{slug(term)}"


def glossary_html() -> str:
    """Every term, alphabetically, as a definition list with an anchor per term and a
    letter index above it."""
    terms = load("glossary")
    terms = terms.assign(key=terms["term"].map(slug)).sort_values("key", kind="stable")
    letters: dict[str, str] = {}
    entries = []
    for _, row in terms.iterrows():
        anchor = term_anchor(row["term"])
        letters.setdefault(row["key"][0].upper(), anchor)
        entries.append(
            {
                "anchor": anchor,
                "term": row["term"],
                "original": row["original"] if isinstance(row["original"], str) else "",
                "definition": row["definition"],
                "chapters_noun": "Chapter" if len(split_cell(row["chapters"])) == 1 else "Chapters",
                "chapters": Markup(chapters_html(row["chapters"])),
                "notes": notes_ref(row["notes"], row["remark"]),
            }
        )
    return render("glossary.html.j2", letters=letters.items(), terms=entries)


def show_glossary() -> None:
    """Display the glossary."""
    show_html(glossary_html())
