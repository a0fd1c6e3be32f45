"""The notebooks students download: plain Jupyter Markdown, no instructor material, and they run
from any folder in a clean environment holding only the declared requirements."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jupytext
import nbformat
import pytest
from bookbuild.kernel_client import kernel_config
from bookbuild.notebooks import INSTALL_TAG, instructor_lines, leftover_myst, write_student_notebooks
from conftest import BOOK, ROOT, STUDENT_KERNEL, WITHOUT_HISTORY, notebook_sources
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

pytestmark = pytest.mark.build
SOURCES = notebook_sources()


def _download(built: Path, source: Path) -> Path:
    return built / "_notebooks" / source.relative_to(ROOT).with_suffix(".ipynb")


def _content(path: Path) -> dict:
    """A notebook as JSON without its cell ids, which nbformat draws at random for each new cell."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        cell.pop("id", None)
    return notebook


def _text(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in notebook.cells)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_download_is_plain_jupyter_without_instructor_material(built_book: Path, source: Path) -> None:
    notebook = nbformat.read(_download(built_book, source), as_version=4)
    assert leftover_myst(notebook) == []
    text = _text(notebook)
    leaked = [line for line in instructor_lines(source.read_text(encoding="utf-8")) if line in text]
    assert not leaked, f"instructor material in the download: {leaked[:3]}"
    for cell in notebook.cells:
        if cell.cell_type == "code" and "choice(" in cell.source:
            pytest.fail(f"a self-check shows its key in plain text:\n{cell.source[:200]}", pytrace=False)


def test_the_build_and_the_command_line_make_the_same_downloads(built_book: Path, tmp_path: Path) -> None:
    """Inside the build the writer takes the book's settings from Sphinx (``sphinx_book_context``);
    outside it, from ``_config.yml`` and ``_toc.yml`` (``book_context``). Both make the same notebooks."""
    pages = BOOK.notebook_pages
    build = built_book.parent
    write_student_notebooks(
        ROOT, pages, tmp_path, build / "jupyter_execute", html_dir=built_book, cache=build / ".jupyter_cache"
    )
    differ = [
        page for page in pages if _content(tmp_path / f"{page}.ipynb") != _content(_download(built_book, ROOT / page))
    ]
    assert not differ, f"the build's downloads differ from the command line's: {differ}"


def test_setup_is_collapsed_and_solutions_cannot_be_run_open(built_book: Path) -> None:
    notebook = nbformat.read(_download(built_book, ROOT / "exercises" / "ch2-exercises.md"), as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].metadata["tags"] == [INSTALL_TAG], "the first cell installs the helper package"
    assert code[1].metadata["jupyter"]["source_hidden"], "the setup cell should be collapsed"
    assert not [cell for cell in code if "solution" in cell.metadata.get("tags", [])]
    solutions = [cell.source for cell in notebook.cells if "solution" in cell.metadata.get("tags", [])]
    assert solutions and all(s.startswith("<details>\n<summary>Solution") for s in solutions)
    assert any("```text" in s or "<table" in s for s in solutions), "the build's output should be in the block"
    answers = [cell.source for cell in notebook.cells if cell.source.startswith("<details>\n<summary>Solution")]
    assert any("2.71" in answer for answer in answers), "the glued model-answer numbers should be resolved"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_download_runs_outside_the_repository_in_a_clean_environment(
    built_book: Path, clean_venv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: Path
) -> None:
    monkeypatch.setenv("JUPYTER_PATH", str(clean_venv / "share" / "jupyter"))
    monkeypatch.delenv("COMPANION_DATA_DIR", raising=False)
    notebook = nbformat.read(_download(built_book, source), as_version=4)
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name=STUDENT_KERNEL,
        extra_arguments=list(WITHOUT_HISTORY),
        config=kernel_config(),
        resources={"metadata": {"path": str(tmp_path)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{source.relative_to(ROOT)} failed outside the repository:\n{error}", pytrace=False)


def test_the_clean_environment_uses_the_installed_package_and_data(clean_venv: Path, tmp_path: Path) -> None:
    probe = "import json, companion, companion.data as d; print(json.dumps([companion.__file__, str(d.data_dir())]))"
    result = subprocess.run(
        [str(clean_venv / "bin" / "python"), "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    module, data = json.loads(result.stdout)
    assert not Path(module).is_relative_to(ROOT) and "site-packages" in module
    assert Path(data).name == "_data" and not Path(data).is_relative_to(ROOT)
    pip = subprocess.run(
        [str(clean_venv / "bin" / "python"), "-m", "pip", "list", "--format=json"], capture_output=True, text=True
    )
    installed = {package["name"].lower() for package in json.loads(pip.stdout)}
    assert not installed & {"myst-nb", "jupyter-book", "sphinx"}, "a student needs no book-building tools"


def test_a_planted_leak_fails_the_checks() -> None:
    """The old download (jupytext on the raw source) is what a leak looks like: the checks must
    catch both the instructor block and the raw MyST."""
    planted = (
        (ROOT / "exercises" / "ch2-exercises.md")
        .read_text(encoding="utf-8")
        .replace(
            "## Exercise 1.",
            ":::{instructor} Planted\nPLANTED-SENTINEL: a model answer never for students.\n:::\n\n## Exercise 1.",
            1,
        )
    )
    raw = jupytext.reads(planted, fmt="md:myst")
    assert leftover_myst(raw), "raw MyST went unnoticed"
    sentinels = instructor_lines(planted)
    assert any("PLANTED-SENTINEL" in line for line in sentinels)
    assert any(line in _text(raw) for line in sentinels), "the planted leak went unnoticed"
    assert re.search(r"\{glue:text\}", _text(raw))
