"""The no-op rebuild: a build with nothing to do stops before Sphinx starts, and anything a build
reads or leaves behind that has changed since the last successful build runs it again.

On a small tree of its own (no Sphinx); ``test_incremental_build.py`` checks the same on a real
book.
"""

from __future__ import annotations

import os
from pathlib import Path

import jupyter_book.sphinx
import pytest
from bookbuild import build, up_to_date

SETTINGS = "student html"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A source tree, and the output its last successful build left, recorded."""
    for name, text in {
        "_config.yml": "title: A book\n",
        "book/ch1.md": "# One\n",
        "companion/__init__.py": "",
        "data/numbers.csv": "a,b\n1,2\n",
        "_build/html/book/ch1.html": "<p>One</p>",
        "_build/.doctrees/environment.pickle": "pickle",
        "_build/jupyter_execute/book/ch1.glue.json": "{}",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    up_to_date.remember(tmp_path / "_build/html", up_to_date.inputs(tmp_path, SETTINGS))
    return tmp_path


def _nothing_to_do(root: Path, settings: str = SETTINGS) -> bool:
    return up_to_date.has_nothing_to_do(root / "_build/html", up_to_date.inputs(root, settings))


def _touch(path: Path) -> None:
    """A new modification time, as an editor's save without changes gives."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def test_a_build_with_nothing_changed_has_nothing_to_do(book: Path) -> None:
    assert _nothing_to_do(book)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda root: (root / "book/ch1.md").write_text("# One, edited\n"), id="a source edited"),
        pytest.param(lambda root: _touch(root / "data/numbers.csv"), id="a data file touched"),
        pytest.param(lambda root: (root / "book/ch2.md").write_text("# Two\n"), id="a page added"),
        pytest.param(lambda root: (root / "companion/__init__.py").unlink(), id="a runtime module removed"),
        pytest.param(lambda root: (root / "_build/html/book/ch1.html").unlink(), id="an output page deleted"),
        pytest.param(lambda root: _touch(root / "_build/html/book/ch1.html"), id="an output page rewritten"),
        pytest.param(lambda root: (root / "_build/.doctrees/environment.pickle").unlink(), id="the doctrees cleared"),
        pytest.param(lambda root: (root / "_build/jupyter_execute/book/ch1.glue.json").unlink(), id="glue lost"),
    ],
)  # fmt: skip
def test_any_change_to_what_a_build_reads_or_leaves_builds_again(book: Path, change) -> None:
    change(book)
    assert not _nothing_to_do(book)


def test_another_edition_builder_or_runtime_setting_builds_again(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _nothing_to_do(book, "instructor html")
    assert not _nothing_to_do(book, "student singlehtml")
    monkeypatch.setenv("COMPANION_DATA_DIR", str(book / "data"))
    assert not _nothing_to_do(book)


def test_what_is_not_an_input_changes_nothing(book: Path) -> None:
    """Caches, version control, builds and what ``pip wheel`` leaves in the tree are not inputs."""
    for name in [".git/index", "build/lib/companion/__init__.py", "companion.egg-info/PKG-INFO",
                 "companion/__pycache__/x.pyc", ".pytest_cache/v", "tools/npm/node_modules/x.js",
                 "_build/.jupyter_cache/global.db", "_build/instructor/html/index.html"]:  # fmt: skip
        path = book / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert _nothing_to_do(book)


def test_only_a_successful_build_is_remembered(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed build leaves no record, so the next one runs; a successful one is the next's baseline."""
    (book / "book/ch1.md").write_text("# One, edited\n", encoding="utf-8")
    calls = []
    monkeypatch.setattr(jupyter_book.sphinx, "build_sphinx", lambda *args, **kwargs: calls.append(args) or 1)
    assert build.build(root=book) == 1
    assert not _nothing_to_do(book), "a failed build was remembered"
    monkeypatch.setattr(jupyter_book.sphinx, "build_sphinx", lambda *args, **kwargs: calls.append(args) or 0)
    assert build.build(root=book) == 0
    assert build.build(root=book) == 0
    assert len(calls) == 2, "the build after a successful one with nothing changed started Sphinx"
