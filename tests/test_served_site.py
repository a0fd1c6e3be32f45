"""A student with only the website: the built book served on 127.0.0.1, a clean virtual environment
made from the system Python outside the repository, and nothing else. They download a notebook and
the helper package from a page's download menu (or the zip of every notebook), open it, and the
notebook's own first cell installs what it needs; chapter 4 and its exercises then run to the end.
Links inside the downloads point to files that exist where the student has them."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import nbformat
import pytest
from bookbuild.kernel_client import kernel_config
from bookbuild.notebooks import INSTALL_TAG, BookContext, install_cell
from bookbuild.runtime_wheel import wheel_name
from bookbuild.sphinx.downloads import BUNDLE
from bookbuild.structure import REPOSITORY as ROOT
from conftest import UV, WITHOUT_HISTORY
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

SYSTEM_PYTHON = Path("/usr/bin/python3")
KERNEL = "website-student"
PACKAGE = "soviet-worker-companion"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def _download_menu(base: str, page: str) -> dict[str, str]:
    """The download menu of a page as a reader sees it: entry text -> absolute address."""
    html = _get(f"{base}/{page}.html").decode()
    links = {}
    for href in re.findall(r'href="([^"]*_notebooks/[^"]+)"', html):
        links[href.rsplit("/", 1)[-1]] = urllib.parse.urljoin(f"{base}/{page}.html", href)
    return links


@pytest.fixture(scope="module")
def website_python(student_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A student's Python with Jupyter and nothing of the book: a venv from the system Python.

    The helper package's dependencies (pandas, plotly, ...) are put in first, from uv's cache, and
    the package itself taken out again, so each test starts without it. What a test proves is that
    the notebook's first cell finds the package on the website and installs it; resolving its
    dependencies from the package index is ``clean_venv``'s part (uv, from the wheel's own
    metadata). Left to the first cell, pip fetched them from the index on every run (13 s), and
    the test depended on the network."""
    if not SYSTEM_PYTHON.is_file():
        pytest.skip(f"NOT RUN: no {SYSTEM_PYTHON}")
    venv = tmp_path_factory.mktemp("website-student") / "venv"
    python = str(venv / "bin" / "python")
    install = [str(UV), "pip", "install", "--quiet", "--python", python, "--link-mode", "copy"]
    steps = [  # made by uv (seconds; pip took 15 s), with pip in it for the notebook's first cell
        [str(UV), "venv", "--quiet", "--seed", "--python", str(SYSTEM_PYTHON), str(venv)],
        [*install, "ipykernel", str(student_wheel)],
        [str(UV), "pip", "uninstall", "--quiet", "--python", python, PACKAGE],
        [python, "-m", "ipykernel", "install", "--prefix", str(venv), "--name", KERNEL],
    ]
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(step)} failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return venv


def _has_helper(venv: Path) -> bool:
    probe = [str(venv / "bin" / "python"), "-m", "pip", "show", "--quiet", PACKAGE]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def _uninstall_helper(venv: Path) -> None:
    command = [str(venv / "bin" / "python"), "-m", "pip", "uninstall", "--quiet", "--yes", PACKAGE]
    subprocess.run(command, capture_output=True, check=False)


def _run(path: Path, venv: Path, monkeypatch: pytest.MonkeyPatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("JUPYTER_PATH", str(venv / "share" / "jupyter"))
    monkeypatch.delenv("COMPANION_DATA_DIR", raising=False)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name=KERNEL,
        extra_arguments=list(WITHOUT_HISTORY),
        config=kernel_config(),
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{path.name} failed for a student with only the website:\n{error}", pytrace=False)
    return notebook


def _first_cell_output(notebook: nbformat.NotebookNode) -> str:
    cell = notebook.cells[0]
    assert cell.metadata.get("tags") == [INSTALL_TAG]
    return "".join(output.get("text", "") for output in cell.outputs)


def test_a_downloaded_chapter_runs_from_its_own_first_cell(
    book_server: str, website_python: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chapter 4's .ipynb and the helper package, saved from the page's download menu into one folder."""
    _uninstall_helper(website_python)
    menu = _download_menu(book_server, "book/ch4-cultures")
    wheel = wheel_name(ROOT)
    assert {"ch4-cultures.ipynb", wheel, f"{BUNDLE}.zip"} <= set(menu), menu
    for name in ("ch4-cultures.ipynb", wheel):
        (tmp_path / name).write_bytes(_get(menu[name]))
    notebook = _run(tmp_path / "ch4-cultures.ipynb", website_python, monkeypatch)
    assert "The helper package is ready." in _first_cell_output(notebook)
    assert _has_helper(website_python), "the first cell should have installed the helper package"


def test_the_exercises_run_from_the_zip_of_every_notebook(
    book_server: str, website_python: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zip in the download menu, unpacked: the first cell finds the wheel in the folder above."""
    _uninstall_helper(website_python)
    menu = _download_menu(book_server, "exercises/ch4-exercises")
    zipfile.ZipFile(io.BytesIO(_get(menu[f"{BUNDLE}.zip"]))).extractall(tmp_path)
    notebook = _run(tmp_path / BUNDLE / "exercises" / "ch4-exercises.ipynb", website_python, monkeypatch)
    assert "The helper package is ready." in _first_cell_output(notebook)


def test_with_the_books_address_the_first_cell_installs_from_the_site(
    book_server: str, website_python: Path, tmp_path: Path
) -> None:
    """A book built with ``html.baseurl``: no wheel beside the notebook, the first cell fetches it."""
    _uninstall_helper(website_python)
    context = dataclasses.replace(BookContext(), wheel=wheel_name(ROOT), site=book_server)
    cell = install_cell(context).source
    result = subprocess.run(
        [str(website_python / "bin" / "python"), "-c", cell], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert _has_helper(website_python)


def test_links_inside_the_downloads_point_to_files_that_exist(book_server: str, tmp_path: Path) -> None:
    """Every relative link of every notebook, resolved where the zip unpacks it: a file that is there."""
    menu = _download_menu(book_server, "book/ch4-cultures")
    zipfile.ZipFile(io.BytesIO(_get(menu[f"{BUNDLE}.zip"]))).extractall(tmp_path)
    broken = []
    for path in sorted((tmp_path / BUNDLE).rglob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for target in re.findall(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)", "".join(cell["source"])):
                address = target.partition("#")[0]
                if address and "://" not in address and not (path.parent / address).exists():
                    broken.append(f"{path.relative_to(tmp_path)}: {target}")
    assert not broken, broken
