"""Solutions as closed ``<details>``: a solution's code and the output the build recorded (read from
myst-nb's execution cache), because a collapsed code cell shows its output again on Run All."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import nbformat

from bookbuild.notebooks.code_cells import HIDE_SOURCE
from bookbuild.notebooks.markdown import details


def read_outputs(cache: Path | None, notebook: nbformat.NotebookNode) -> dict[str, list]:
    """The outputs of each code cell of ``notebook`` as the build executed it, keyed by the cell's
    source: myst-nb's execution cache (jupyter-cache, keyed by the code) holds them."""
    if cache is None or not cache.is_dir():
        return {}
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(cache).merge_match_into_notebook(notebook)
    except KeyError:  # not executed (yet): the solution is shown without its output
        return {}
    return {cell.source.strip(): cell.get("outputs", []) for cell in merged.cells if cell.cell_type == "code"}


_STYLE = re.compile(r"<style\b.*?</style>", re.DOTALL | re.IGNORECASE)


def _output_markdown(output: Mapping) -> str:
    """One recorded output as notebook Markdown: printed text as a text block, a table as its HTML."""
    if output.get("output_type") == "stream":
        return f"```text\n{''.join(output.get('text', '')).rstrip()}\n```"
    data = output.get("data", {})
    if "text/markdown" in data:
        return "".join(data["text/markdown"])
    if "text/html" in data:
        return _STYLE.sub("", "".join(data["text/html"])).strip()
    if "text/plain" in data:
        return f"```text\n{''.join(data['text/plain']).rstrip()}\n```"
    return ""


def solution_block(cell: nbformat.NotebookNode, outputs: Sequence[Mapping], summary: str) -> str:
    """A solution's code cell as a closed ``<details>``: its code (unless the book hides it) and the
    output the build recorded. A code cell, even collapsed, shows its output in full after Run All
    in JupyterLab, Notebook 7, VS Code or Colab; Markdown cannot be executed open."""
    tags = set(cell.metadata.get("tags", []))
    parts = [] if tags & HIDE_SOURCE else [f"```python\n{cell.source.strip()}\n```"]
    parts += [text for text in map(_output_markdown, outputs) if text]
    return details(summary, "\n\n".join(parts))
