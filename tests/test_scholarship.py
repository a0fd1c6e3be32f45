"""No page, notebook, data file or helper-package string tells readers that the essay's notes are lost.

All fifty of the essay's notes are printed in the published chapter (OUP, online 2016) and in the
open-access manuscript in Apollo (handle 1810/323313). Only the plain-text copy this companion was
built from lacks their texts (note 11's excepted). A sentence saying the notes are "lost", "missing"
or "do not survive" is therefore false, and it would send students away from evidence they can read:
the book says once, in How to use this book, that the notes' texts are not reproduced here and must
be looked up in the published essay, and everywhere else points to them. This module scans every
published text of the repository for the false framing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

# A note (or its citation or text) and a word of loss in the same clause, in either order. "Smith notes
# that ..." uses the verb, not the noun, so a note word right after a subject is not counted.
_NOTE = r"(?<!\bSmith )(?<!\bhe )(?<!\bshe )(?<!\bit )(?<!\bessay )(?<!\breport )(?:notes?|footnotes?|citations?)"
_LOSS = (
    r"(?:lost|missing|gone|(?:do|does|did)(?:\s+not|n['’]t)\s+survive|no\s+longer\s+(?:exists?|survives?)"
    r"|survives?|surviving|survived)"
)
_SAME_CLAUSE = r"[^.;:!?\n]{0,80}?"
NOTES_LOST = re.compile(
    rf"\b{_NOTE}\b{_SAME_CLAUSE}\b{_LOSS}\b"
    rf"|\b{_LOSS}\b{_SAME_CLAUSE}\b{_NOTE}\b"
    rf"|\bloss\s+of\s+(?:the\s+)?(?:essay['’]s\s+)?{_NOTE}\b",
    re.IGNORECASE,
)

# What readers and users of the package can see: page sources and notebooks, the data package, the
# bibliography, the book's configuration and the helper package (its strings, docstrings and assets).
PUBLISHED = (
    "README.md",
    "*.yml",
    "book/**/*.md",
    "book/**/*.bib",
    "exercises/**/*.md",
    "**/*.ipynb",
    "data/*.csv",
    "data/*.json",
    "data/*.md",
    "companion/**/*.py",
    "companion/assets/*",
)
NOT_PUBLISHED = {".git", ".venv", "_build", "node_modules", ".jupyter_cache", "__pycache__"}


def published_files(root: Path) -> list[Path]:
    """Every published text file under ``root``, once each, in a stable order."""
    found = {
        path
        for pattern in PUBLISHED
        for path in root.glob(pattern)
        if path.is_file() and not NOT_PUBLISHED & set(path.relative_to(root).parts)
    }
    return sorted(found)


def notes_said_lost(root: Path) -> list[str]:
    """'path:line: words' for every sentence that says the essay's notes are lost."""
    offenders = []
    for path in published_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in NOTES_LOST.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(root)}:{line}: {match.group(0)!r}")
    return offenders


def test_the_scan_covers_pages_notebooks_data_and_the_helper_package() -> None:
    scanned = {path.relative_to(ROOT).as_posix() for path in published_files(ROOT)}
    for expected in (
        "book/ch2-decline-and-fall.md",
        "book/how-to-use.md",
        "book/references.bib",
        "exercises/ch2-exercises.md",
        "data/sources.csv",
        "data/datapackage.json",
        "companion/charts.py",
    ):
        assert expected in scanned, f"{expected} is not scanned"
    assert not any(path.startswith("tests/") for path in scanned), "the tests quote the false framing on purpose"


def test_nothing_published_says_the_notes_are_lost() -> None:
    offenders = notes_said_lost(ROOT)
    assert not offenders, (
        "These passages say the essay's notes are lost, missing or do not survive. They are printed in the "
        "published essay: say that their texts are not reproduced here and send the reader to them.\n"
        + "\n".join(offenders)
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Only one of the section's sixteen notes survives.",
        "We cannot see the figures, since the text of note 8 is lost.",
        "What can no longer be checked now that most of the notes are lost?",
        "The source behind the essay's note 4 does not survive.",
        "Notes differing bases and the lost notes.",
        "The only work whose citation survives among the essay's notes (n. 11).",
        "Note 11's surviving text cites Filtzer.",
        "The loss of the essay's notes makes this worse.",
        "The essay's notes are missing from the text.",
        "Most of the notes don't survive.",
    ],
)
def test_the_false_framing_is_recognized(sentence: str) -> None:
    assert NOTES_LOST.search(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The notes' texts are not reproduced here: look them up in the published essay.",
        "Look up note 8 in the published essay.",
        "Petrograd lost 72 per cent of its residents (Smith, n. 4).",
        "Stalinism abolished them, though some of their functions survived informally.",
        "Workers speak mostly through officials. What evidence is missing?",
        "Smith notes that the working class lost its capacity to act as a class.",
    ],
)
def test_accurate_sentences_pass(sentence: str) -> None:
    assert not NOTES_LOST.search(sentence), sentence


def test_a_planted_sentence_fails_the_scan(tmp_path: Path) -> None:
    """A copy of the real chapter passes; the same copy with one false sentence fails, named by file and line."""
    chapter = tmp_path / "book" / "ch2-decline-and-fall.md"
    chapter.parent.mkdir()
    shutil.copy(ROOT / "book" / "ch2-decline-and-fall.md", chapter)
    assert notes_said_lost(tmp_path) == []

    lines = chapter.read_text(encoding="utf-8").splitlines()
    chapter.write_text("\n".join([*lines, "", "Only one of the section's sixteen notes survives."]), encoding="utf-8")
    found = notes_said_lost(tmp_path)
    assert found == [f"book/ch2-decline-and-fall.md:{len(lines) + 2}: 'notes survives'"], found
