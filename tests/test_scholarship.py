"""No page, notebook, data file or helper-package string tells readers that the essay's notes are lost,
or that the essay gives no figure, source or name when only its text (our copy) is silent.

All fifty of the essay's notes are printed in the published chapter (OUP, online 2016) and in the
open-access manuscript in Apollo (handle 1810/323313). Only the plain-text copy this companion was
built from lacks their texts (note 11's excepted). A sentence saying the notes are "lost", "missing"
or "do not survive" is therefore false, and it would send students away from evidence they can read:
the book says once, in How to use this book, that the notes' texts are not reproduced here and must
be looked up in the published essay, and everywhere else points to them. This module scans every
published text of the repository for the false framing.

A second scan guards the same fact from the other side. Our copy has the essay's main text, not its notes' texts, so
a sentence such as "the essay gives no figure" or "the essay does not name the book" says more than we know: the
note may give it. Such sentences must say what they are about – "the essay's text gives no figure" – and this module
fails on the unqualified form in pages, notebooks, exercises, the instructor guide and the data package.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
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
    "tools/bookbuild/**/*.py",
    "tools/bookbuild/assets/*",
    "tools/bookbuild/templates/*",
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


# "The essay gives no figure", "the essay cites no source", "the essay does not name the book", "Smith gives no later
# share": claims about the whole essay that only its text (our copy) supports. "The essay's text gives no ..." passes
# (the possessive is not matched), and so does "our copy of the essay does not give ...".
_ESSAY = r"(?<!copy of )(?:\bthe\s+essay\b(?![’'‘]s)|\bSmith\b(?![’'‘]s))"
_GIVE_NO = r"(?:gives|cites|names|offers|provides|quotes)\s+no\b"
_NOT_GIVE = r"(?:does\s+not|doesn['’]t|did\s+not|never)\s+(?:give|gives|cite|cites|name|names)\b"
ESSAY_GIVES_NO = re.compile(rf"{_ESSAY}\s+(?:{_GIVE_NO}|{_NOT_GIVE})", re.IGNORECASE)

# The framing scan also reads the instructor guide, whose seminar plans and marking guides students may be shown.
FRAMING_SCANNED = (*PUBLISHED, "instructor/**/*.md")


def essay_said_to_give_no(root: Path) -> list[str]:
    """'path:line: words' for every unqualified 'the essay gives/cites/names no ...' or 'does not name ...'."""
    found = {
        path
        for pattern in FRAMING_SCANNED
        for path in root.glob(pattern)
        if path.is_file() and not NOT_PUBLISHED & set(path.relative_to(root).parts)
    }
    offenders = []
    for path in sorted(found):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in ESSAY_GIVES_NO.finditer(text):
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
        "companion/charts/layout.py",
        "tools/bookbuild/notebooks/markdown.py",
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


@pytest.mark.parametrize(
    ("scan", "page", "planted", "matched"),
    [
        (notes_said_lost, "book/ch2-decline-and-fall.md", "Only one of the section's sixteen notes survives.",
         "notes survives"),
        (essay_said_to_give_no, "book/ch3-heyday.md", "The essay gives no size for the strike.", "The essay gives no"),
    ],
    ids=["notes-lost", "essay-gives-no"],
)  # fmt: skip
def test_a_planted_sentence_fails_the_scan(
    tmp_path: Path, scan: Callable[[Path], list[str]], page: str, planted: str, matched: str
) -> None:
    """A copy of the real chapter passes; the same copy with one false sentence fails, named by file and line."""
    chapter = tmp_path / page
    chapter.parent.mkdir()
    shutil.copy(ROOT / page, chapter)
    assert scan(tmp_path) == []

    lines = chapter.read_text(encoding="utf-8").splitlines()
    chapter.write_text("\n".join([*lines, "", planted]), encoding="utf-8")
    found = scan(tmp_path)
    assert found == [f"{page}:{len(lines) + 2}: {matched!r}"], found


def test_the_framing_scan_covers_book_exercises_instructor_and_data(tmp_path: Path) -> None:
    for folder, name in (
        ("book", "ch3-heyday.md"),
        ("exercises", "ch2-assignment.md"),
        ("instructor", "seminar-ch1.md"),
        ("data", "works.csv"),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("Intro.\nThe essay gives no title or author.\n", encoding="utf-8")
    found = essay_said_to_give_no(tmp_path)
    assert [entry.split(":")[0] for entry in found] == [
        "book/ch3-heyday.md",
        "data/works.csv",
        "exercises/ch2-assignment.md",
        "instructor/seminar-ch1.md",
    ], found


def test_nothing_published_says_the_essay_gives_no_when_only_its_text_is_silent() -> None:
    offenders = essay_said_to_give_no(ROOT)
    assert not offenders, (
        "These passages say that the essay gives, cites or names no figure, source or work. Our copy has only the "
        "essay's text; its notes (in the published essay) may give what the text does not. Say \"the essay's text "
        'gives no ..." and, where it helps, send the reader to the note.\n' + "\n".join(offenders)
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "The essay gives no size for the strike.",
        "the essay gives no later share.",
        "The essay cites no source for the 42 per cent.",
        "The essay names no author beyond 'a party report'.",
        "see, e.g., Behind the Urals; the essay does not name the book",
        "The essay doesn't give a casualty count.",
        "The essay never names its source.",
        "Smith gives no figure for the Bratsk plant.",
        "The essay gives no\nyear, title or author.",
    ],
)
def test_the_unqualified_essay_gives_no_is_recognized(sentence: str) -> None:
    assert ESSAY_GIVES_NO.search(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The essay's text gives no size for the strike: look up note 26 in the published essay.",
        "The essay’s text names no author beyond 'a party report'.",
        "Our copy of the essay does not give its text.",
        "The essay gives one reason; Smith gives another.",
        "Smith's text cites no year.",
        "Volkov has no figure for 1973.",
        "The essay names the February Revolution.",
    ],
)
def test_qualified_sentences_about_the_essays_text_pass(sentence: str) -> None:
    assert not ESSAY_GIVES_NO.search(sentence), sentence
