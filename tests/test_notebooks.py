"""Every notebook of the book (chapters, exercises, reference pages) executes from a clean kernel.

This is separate from the build so a failure names the notebook and the cell, with its source.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from conftest import ROOT, notebook_sources
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = notebook_sources()


def test_the_book_has_notebooks() -> None:
    assert any(p.parts[-2] == "exercises" for p in NOTEBOOKS), "no exercise notebook in _toc.yml"
    assert any(p.name.startswith("ch") for p in NOTEBOOKS), "no chapter notebook in _toc.yml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_executes_cleanly(path: Path) -> None:
    notebook = jupytext.read(path)
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{path.relative_to(ROOT)} failed:\n{error}", pytrace=False)
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                pytest.fail(
                    f"{path.relative_to(ROOT)}, cell {index} wrote to stderr (a warning?):\n"
                    f"{cell.source}\n---\n{output.get('text')}",
                    pytrace=False,
                )
