"""Instructor-only marker text, and the check that looks for it in everything a built edition publishes.

Each sentinel is text that sits inside real instructor material – an ``{instructor}`` block or a
cell tagged ``instructor`` – on a real page, plus one dedicated marker word. The student edition
must contain none of them anywhere (pages, search index, ``_sources``, notebooks, data); the
instructor edition must contain every one. Other leak tests (notebooks, assignment packs, handout
PDFs) can import :data:`SENTINELS` and :func:`leaks_in_text`.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sphinx.search.en import SearchEnglish


@dataclass(frozen=True)
class Sentinel:
    """``text`` inside instructor material on ``page`` (a source path). A ``word`` is also looked
    for in the search index, which stores stemmed single words rather than phrases."""

    page: str
    text: str
    word: bool = False


SENTINELS = (
    # The dedicated marker: a prose block on a plain MyST page (myst-parser, not myst-nb).
    Sentinel("book/how-to-use.md", "sentinelinstructoronly", word=True),
    # Real blocks and cells on notebook pages (myst-nb).
    Sentinel("exercises/ch2-exercises.md", "Bands (suggested, out of 20)"),  # exercise 5's marking guide
    Sentinel("exercises/ch2-exercises.md", "Crib for markers"),  # an instructor-tagged code cell's output and code
    Sentinel("book/ch2-decline-and-fall.md", "Teaching notes on the discussion questions"),
    # Assessed exercise 5's model answers, one per chapter that moved them out of the student book.
    Sentinel("exercises/ch3-exercises.md", "equality stopped at money, skill and sex"),
    Sentinel("exercises/ch4-exercises.md", "A model commentary (about 290 words)"),
    Sentinel("exercises/ch5-exercises.md", "a good one covers these points"),
)


def leaks_in_text(text: str, sentinels: tuple[Sentinel, ...] = SENTINELS) -> list[Sentinel]:
    """The sentinels in ``text``, as written, HTML-escaped or JSON-escaped (a notebook's cells)."""
    plain = html.unescape(text)
    return [s for s in sentinels if s.text in plain or s.text in text or json.dumps(s.text)[1:-1] in text]


@cache
def _stemmer() -> SearchEnglish:
    return SearchEnglish({})


def search_terms(searchindex: Path) -> set[str]:
    """The (stemmed) words Sphinx's search index can find."""
    text = searchindex.read_text(encoding="utf-8")
    index = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.DOTALL).group(1))
    return set(index["terms"]) | set(index.get("titleterms", {}))


def search_documents(searchindex: Path) -> list[str]:
    text = searchindex.read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.DOTALL).group(1))["docnames"]


def stem(word: str) -> str:
    return _stemmer().stem(word.lower())


def leaks(folder: Path, sentinels: tuple[Sentinel, ...] = SENTINELS) -> list[str]:
    """Every sentinel found in a built folder, as ``"<file>: <text>"``; empty means nothing leaked.

    Every file is read, whatever its kind, because anything in the folder is published."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="ignore")
        found += [f"{path.relative_to(folder)}: {s.text}" for s in leaks_in_text(text, sentinels)]
    index = folder / "searchindex.js"
    if index.is_file():
        terms = search_terms(index)
        found += [f"searchindex.js (search term): {s.text}" for s in sentinels if s.word and stem(s.text) in terms]
    return found
