"""Seminar assignment packs (``make assignments``): one MyST source, four outputs.

An assignment is written once, as ``exercises/<name>-assignment.md`` (the format is described in
``exercises/README.md``): otter-grader's question, solution and test cells as ``{raw-cell}`` blocks,
and the book's one marking convention (``{instructor}`` blocks) for model answers and the rubric.
From it this module builds, in ``_build/assignments/<name>/``:

* ``student/<name>.ipynb``: tasks, data cells and public checks; no solutions, hidden checks or
  instructor blocks (otter-grader strips solutions and hidden tests; instructor cells are dropped);
* ``instructor/<name>.ipynb``: the whole source, readable: solutions, every check (hidden ones
  marked), model answers and the rubric;
* ``<name>-autograder.zip``: otter-grader's autograder, for ``otter run`` (local, offline) or a
  hosted grader (its ``setup.sh`` downloads an installer, so it is for hosted graders only);
* ``handout/<name>.pdf``: the student version printed by headless Chromium.

Every output is checked before it is written: a student output holding any instructor line
(:func:`bookbuild.notebooks.instructor_lines`) or any line of a solution or hidden check stops the
build with the line named.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

from bookbuild.browser import FLAGS, MISSING, chromium
from bookbuild.editions import INSTRUCTOR
from bookbuild.notebooks import BookContext, book_context, install_cell, instructor_lines, quote, student_notebook
from bookbuild.structure import REPOSITORY

ROOT = REPOSITORY
SOURCES = "exercises/*-assignment.md"
OUT = Path("_build") / "assignments"
HANDOUT_CSS = """
body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;line-height:1.5;color:#111}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}blockquote{border-left:4px solid #999;margin:1rem 0;
padding:.2rem 1rem;color:#333}pre{background:#f4f4f4;padding:.6rem;white-space:pre-wrap;font-size:.85rem}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2rem .4rem}
details>summary{font-style:italic}details:not([open])>*:not(summary){display:none}
"""


class AssignmentError(RuntimeError):
    """An assignment that cannot be built, or whose student version would leak."""


@dataclass(frozen=True)
class Pack:
    """The files built for one assignment."""

    student: Path
    instructor: Path
    autograder: Path
    handout: Path


# What a student's assignment notebook needs besides the helper package: otter-grader runs its checks.
OTTER = "otter-grader>=7,<8"


def _intro(context: BookContext) -> str:
    return quote(
        "**Running this notebook.** Run the cells from the top. The first one installs the book's helper "
        "package and otter-grader, which runs the checks, unless they are there already. *How to use this "
        "book* gives the steps for local Jupyter, a JupyterHub and Colab."
    )


# -- what must never reach a student ----------------------------------------------------------------

_SOLUTION_LINE = re.compile(r"#\s*SOLUTION\s*$")


def secret_lines(master: nbformat.NotebookNode, source_text: str) -> list[str]:
    """Lines a student version must not contain: instructor blocks, solution lines, hidden checks."""
    secrets = instructor_lines(source_text)
    in_solution = in_tests = False
    for cell in master.cells:
        first = cell.source.strip().split("\n", 1)[0]
        if cell.cell_type == "raw":
            in_solution = {"# BEGIN SOLUTION": True, "# END SOLUTION": False}.get(first, in_solution)
            in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(first, in_tests)
            continue
        lines = [line.strip() for line in cell.source.split("\n")]
        if cell.cell_type == "code" and in_tests and first.upper().startswith("# HIDDEN"):
            secrets += [line for line in lines[1:] if line]
        elif cell.cell_type == "code":
            secrets += [line for line in lines if _SOLUTION_LINE.search(line)]
        elif in_solution:
            secrets += [line for line in lines if len(line) >= 25]
    return secrets


def all_text(node: object) -> str:
    """Every string in a notebook, cells and metadata alike (otter-grader keeps its checks in the
    metadata), as plain text: a secret hidden in metadata is still a leak."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return "\n".join(all_text(value) for value in node.values())
    if isinstance(node, list):
        return "\n".join(all_text(value) for value in node)
    return ""


def leaks(text: str, secrets: list[str]) -> list[str]:
    """The secret lines found in ``text``, compared with runs of whitespace made single spaces
    (so that a line wrapped by a PDF still counts)."""
    flat = " ".join(text.split())
    return [line for line in secrets if line and " ".join(line.split()) in flat]


def refuse_leaks(name: str, student: nbformat.NotebookNode, secrets: list[str]) -> None:
    """Stop the pack when the student notebook shows any instructor line."""
    found = leaks(all_text(student), secrets)
    if found:
        raise AssignmentError(f"{name}: the student notebook would show instructor material: {found[:3]}")


# -- the outputs ------------------------------------------------------------------------------------


def _run(command: list[str], cwd: Path, what: str) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        raise AssignmentError(f"{what} failed ({' '.join(command[:3])} ...):\n{log}")


def _otter_assign(master: nbformat.NotebookNode, name: str, work: Path) -> tuple[Path, Path]:
    """otter-grader's student notebook and autograder zip for the master notebook."""
    source = work / "master" / f"{name}.ipynb"
    source.parent.mkdir(parents=True)
    # otter-grader compares each check's output with the one recorded in the master: run it first.
    NotebookClient(master, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    nbformat.write(master, source)
    otter = Path(sys.executable).parent / "otter"
    _run([str(otter), "assign", str(source), str(work / "dist")], work, "otter assign")
    zips = sorted((work / "dist" / "autograder").glob("*.zip"))
    if len(zips) != 1:
        raise AssignmentError(f"otter assign wrote {len(zips)} autograder zips, expected one")
    return work / "dist" / "student" / f"{name}.ipynb", zips[0]


def _without_run_records(notebook: nbformat.NotebookNode, *, outputs: bool) -> nbformat.NotebookNode:
    """Drop execution timestamps (and, unless kept, outputs) so rebuilt files are identical."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.execution_count = cell.execution_count if outputs else None
            cell.outputs = cell.outputs if outputs else []
    return notebook


def _student_version(path: Path, intro: str, context: BookContext) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    setup = install_cell(context, also={"otter": OTTER})
    notebook.cells = [setup, nbformat.v4.new_markdown_cell(intro)] + [
        cell for cell in notebook.cells if INSTRUCTOR not in cell.metadata.get("tags", [])
    ]
    return _without_run_records(notebook, outputs=False)


_RAW_LABELS = {
    "# BEGIN SOLUTION": "**Solution** (replaced by `...` in the student notebook):",
    "# BEGIN TESTS": "**Checks** (the student sees the public ones; those starting `# HIDDEN` are the marker's):",
}


def _instructor_version(master: nbformat.NotebookNode, otter: dict) -> nbformat.NotebookNode:
    """The master notebook for reading: otter's delimiter cells become short labels. It keeps
    otter's metadata, so ``otter run`` grades it as a submission (full marks: a test of the key)."""
    cells = []
    for cell in master.cells:
        if cell.cell_type != "raw":
            cells.append(cell)
            continue
        first, _, rest = cell.source.strip().partition("\n")
        if first == "# BEGIN QUESTION":
            settings = dict(re.findall(r"^(\w+):\s*(.+)$", rest, flags=re.MULTILINE))
            how = "marked by hand" if settings.get("manual") == "true" else "autograded"
            label = f"**Question `{settings.get('name')}`: {settings.get('points')} marks, {how}.**"
            cells.append(nbformat.v4.new_markdown_cell(label))
        elif first in _RAW_LABELS:
            cells.append(nbformat.v4.new_markdown_cell(_RAW_LABELS[first]))
    # The outputs stay: an instructor can read the solutions' results without running anything.
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={**master.metadata, "otter": otter})
    return _without_run_records(notebook, outputs=True)


def _browser() -> str:
    found = chromium()
    if found is None:
        raise AssignmentError(f"No Chromium to print the handout: {MISSING}.")
    return found


def handout_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """The student notebook as a printable page: its text and data cells, not otter's plumbing."""
    printable = nbformat.v4.new_notebook(
        cells=[
            cell
            for cell in notebook.cells
            if cell.cell_type == "markdown"
            or (cell.cell_type == "code" and "otter" not in cell.source and "grader." not in cell.source)
        ],
        metadata=notebook.metadata,
    )
    body, _ = HTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True, anchor_link_text=""
    ).from_notebook_node(printable)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{HANDOUT_CSS}</style></head><body>{body}</body></html>"
    )


def print_pdf(page: Path, pdf: Path) -> None:
    """Print an HTML file to PDF with headless Chromium (offline; no header or footer)."""
    command = [
        _browser(),
        "--headless",
        *FLAGS,
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri(),
    ]
    _run(command, page.parent, "printing the handout")
    if not pdf.is_file():
        raise AssignmentError(f"Chromium printed no PDF for {page}")


def build(source: Path, out: Path, root: Path = ROOT) -> Pack:
    """Build the pack of one assignment source into ``out/<name>/``."""
    name = source.stem
    text = source.read_text(encoding="utf-8")
    docname = source.resolve().relative_to(root).with_suffix("").as_posix()
    context = book_context(root)
    master = student_notebook(text, docname, context, edition=INSTRUCTOR, intro="")
    secrets = secret_lines(master, text)
    target = out / name
    if target.exists():
        shutil.rmtree(target)
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as scratch:
        try:
            student_file, autograder_zip = _otter_assign(master, name, Path(scratch))
        except CellExecutionError as error:
            raise AssignmentError(f"{name}: the instructor notebook does not run:\n{error}") from None
        student = _student_version(student_file, _intro(context), context)
        refuse_leaks(name, student, secrets)
        paths = Pack(
            student=target / "student" / f"{name}.ipynb",
            instructor=target / "instructor" / f"{name}.ipynb",
            autograder=target / f"{name}-autograder.zip",
            handout=target / "handout" / f"{name}.pdf",
        )
        for path in (paths.student, paths.instructor, paths.handout):
            path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student, paths.student)
        nbformat.write(_instructor_version(master, student.metadata.get("otter", {})), paths.instructor)
        shutil.copyfile(autograder_zip, paths.autograder)
    page = paths.handout.with_suffix(".html")
    page.write_text(handout_html(student, name), encoding="utf-8")
    print_pdf(page, paths.handout)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Build every assignment (or the sources named) and say what was written, and how long it took."""
    names = argv if argv is not None else sys.argv[1:]
    sources = [Path(n).resolve() for n in names] or sorted(ROOT.glob(SOURCES))
    if not sources:
        print(f"No assignment sources ({SOURCES}).")
        return 0
    for source in sources:
        started = time.perf_counter()
        try:
            pack = build(source, ROOT / OUT)
        except (AssignmentError, ValueError) as problem:
            print(f"{source.name}: {problem}", file=sys.stderr)
            return 1
        print(f"{source.name} ({time.perf_counter() - started:.1f} s):")
        for path in (pack.student, pack.instructor, pack.autograder, pack.handout):
            print(f"  {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
