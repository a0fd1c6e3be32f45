"""The two editions in Sphinx, on a three-page MyST project: quick to build, and each failure has one cause.

The whole book is built in both editions by test_editions_build.py; here each rule of
bookbuild.sphinx.editions is checked on its own, including the ones that must stop a build.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from bookbuild import editions
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace

CONF = """
extensions = ["myst_parser", "sphinx_external_toc", "bookbuild.sphinx.editions"]
external_toc_path = "_toc.yml"
external_toc_exclude_missing = True
myst_enable_extensions = ["colon_fence"]
html_theme = "sphinx_book_theme"
"""
TOC = "format: jb-book\nroot: index\nparts:\n  - caption: Reading\n    chapters:\n      - file: chapter\n"
INSTRUCTOR_TOC = "parts:\n  - caption: Instructor guide\n    chapters:\n      - file: guide\n"
INDEX = "# Home\n\nPublic text.\n\n:::{instructor} Notes for the seminar\nSENTINEL-BLOCK\n:::\n\nAfter.\n"
CHAPTER = "# Chapter\n\nChapter text.\n"
GUIDE = "# Guide\n\nSENTINEL-GUIDE\n\n```{instructor-notes}\n```\n"


def make_project(root: Path, **files: str) -> Path:
    pages = {
        "conf.py": CONF,
        "_toc.yml": TOC,
        "_toc_instructor.yml": INSTRUCTOR_TOC,
        "index.md": INDEX,
        "chapter.md": CHAPTER,
        "guide.md": GUIDE,
        **files,
    }
    for name, text in pages.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@dataclass
class Built:
    ok: bool
    messages: str  # Sphinx's warnings, and the error that stopped the build


def build(project: Path, out: str, edition: str | None = None) -> Built:
    """Sphinx in this process, warnings as errors. An unexpected exception is left to fail the test:
    every refusal must be a Sphinx error with a message."""
    warnings = io.StringIO()
    overrides = {"companion_edition": edition} if edition else {}
    try:
        with docutils_namespace():
            app = Sphinx(
                project, project, project / out, project / out / ".doctrees", "html",
                confoverrides=overrides, status=None, warning=warnings, warningiserror=True,
            )  # fmt: skip
            app.build()
    except SphinxError as error:
        return Built(False, f"{warnings.getvalue()}\n{error}")
    return Built(True, warnings.getvalue())


def texts(folder: Path) -> str:
    """Everything a reader of the built folder can fetch (the doctrees are not published)."""
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in folder.rglob("*")
        if path.is_file() and ".doctrees" not in path.parts
    )


def test_student_edition_leaves_out_blocks_guide_and_raw_sources(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = build(project, "_build/html")
    assert result.ok, result.messages
    published = texts(project / "_build" / "html")
    assert "Public text." in published and "After." in published
    assert "SENTINEL-BLOCK" not in published, "an instructor block reached the student edition"
    assert "SENTINEL-GUIDE" not in published, "an instructor guide page was built for students"
    assert not (project / "_build" / "html" / "_sources").exists(), "no raw source is published to students"
    assert "download-source-button" not in published, "the download menu should offer no .md"


def test_instructor_edition_labels_blocks_and_lists_them_in_the_guide(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = build(project, "_build/instructor/html", edition="instructor")
    assert result.ok, result.messages
    out = project / "_build" / "instructor" / "html"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "SENTINEL-BLOCK" in home and "Instructor: Notes for the seminar" in home
    assert 'class="admonition instructor"' in home
    assert "Instructor edition" in home  # the banner on every page
    guide = (out / "guide.html").read_text(encoding="utf-8")
    assert "SENTINEL-GUIDE" in guide
    assert 'href="index.html#instructor-notes-for-the-seminar"' in guide


def test_a_block_that_escapes_stripping_fails_the_student_build(tmp_path: Path) -> None:
    """An {include}d file is not seen by source-read: the directive is the safety net."""
    project = make_project(
        tmp_path,
        **{"chapter.md": CHAPTER + "\n```{include} part.md\n```\n", "part.md": ":::{instructor}\nSECRET\n:::\n"},
    )
    result = build(project, "_build/html")
    assert not result.ok
    assert "part.md" in result.messages and "reached the student edition unstripped" in result.messages


def test_the_instructor_edition_is_never_written_where_students_read(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = build(project, "_build/html", edition="instructor")
    assert not result.ok
    assert "Refusing to write the instructor edition to _build/html" in result.messages
    assert not (project / "_build" / "html" / "index.html").exists()


@pytest.mark.parametrize(
    ("files", "edition", "message"),
    [
        ({}, "teacher", "is 'teacher': choose one of student, instructor"),
        ({"_toc_instructor.yml": INSTRUCTOR_TOC + "      - file: chapter\n"}, None, "chapter would be in the student"),
        ({"index.md": INDEX + ":::{instructor}\nno closing fence\n"}, None, "is never closed"),
    ],
    ids=["unknown edition", "page in both tables of contents", "unclosed block"],
)
def test_bad_input_stops_the_build_with_a_clear_message(
    tmp_path: Path, files: dict[str, str], edition: str | None, message: str
) -> None:
    project = make_project(tmp_path, **files)
    result = build(project, "_build/html", edition=edition)
    assert not result.ok
    assert message in result.messages


def test_if_stripping_broke_the_build_would_stop_rather_than_publish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stripper replaced by one that keeps everything: the directive's safety net fails the build."""
    monkeypatch.setattr(editions, "student_source", lambda text: text)
    result = build(make_project(tmp_path), "_build/html")
    assert not result.ok
    assert "index.md" in result.messages and "reached the student edition unstripped" in result.messages
