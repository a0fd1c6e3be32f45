"""Seminar assignment packs (``make assignments``): one MyST source, four outputs.

An assignment is written once, as ``exercises/<name>-assignment.md`` (the format is described in
``exercises/README.md``): otter-grader's question, solution and test cells as ``{raw-cell}`` blocks,
and the book's one marking convention (``{instructor}`` blocks) for model answers and the rubric.
From it this module builds, in ``_build/assignments/<name>/``:

* ``student/<name>.ipynb``: tasks, data cells and public checks; no solutions, hidden checks or
  instructor blocks (otter-grader strips solutions and hidden tests; instructor cells are dropped);
* ``instructor/<name>.ipynb``: the whole source, readable: solutions, every check (hidden ones
  marked), model answers and the rubric;
* ``<name>-autograder.zip``: otter-grader's autograder, for ``otter run`` and ``make grade`` (local,
  offline) or a hosted grader: it carries the student runtime as a wheel and its environment
  installs ``companion`` from it, so the checks' ``from companion import ...`` works there too;
* ``handout/<name>.pdf``: the student version printed by headless Chromium.

Every output is checked before it is written: a student output holding any instructor line
(:func:`bookbuild.notebooks.instructor_lines`) or any line of a solution or hidden check stops the
build with the line named.
"""

from __future__ import annotations

import argparse
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
from bookbuild.kernel_client import kernel_config
from bookbuild.notebooks import BookContext, book_context, install_cell, instructor_lines, quote, student_notebook
from bookbuild.structure import REPOSITORY

ROOT = REPOSITORY
SOURCES = "exercises/*-assignment.md"
OUT = Path("_build") / "assignments"
PRINT_CSS = Path(__file__).parent / "assets" / "print.css"  # the book's print rules, shared
PAPERS = {"a4": "A4", "letter": "letter"}  # the handout's paper: A4 unless asked
HANDOUT_CSS = """
body{font-family:Georgia,serif;max-width:46rem;margin:0 auto;line-height:1.45;color:#111}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.6rem}blockquote{border-left:4px solid #999;margin:1rem 0;
padding:.2rem 1rem;color:#333}pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap;font-size:.8rem}
table{border-collapse:collapse;font-size:.8rem}td,th{border:1px solid #bbb;padding:.15rem .35rem}
details>summary{font-style:italic}
.handout-fields{display:flex;gap:1.5rem;margin-bottom:1.2rem}.handout-fields span{flex:1;border-bottom:1px solid #000;
padding-top:1.2rem;font-size:.85rem}
.answer-box{border:1px solid #555;padding:.4rem .8rem;margin:.8rem 0;break-inside:avoid}
.answer-box p{margin:.2rem 0 1.1rem}
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
_TEST_CONFIG = re.compile(r'^"""\s*#\s*BEGIN TEST CONFIG\n(?P<config>.*?)\n"""\s*#\s*END TEST CONFIG\n', re.DOTALL)


def check_code(source: str) -> str:
    """A check cell's code without its otter ``TEST CONFIG`` block (points, hidden, failure message)."""
    return _TEST_CONFIG.sub("", source.strip() + "\n", count=1).strip()


def is_hidden_check(source: str) -> bool:
    """Whether a check cell is a hidden one: ``hidden: true`` in its ``TEST CONFIG``."""
    config = _TEST_CONFIG.match(source.strip() + "\n")
    return bool(config and re.search(r"^hidden:\s*true\s*$", config["config"], re.MULTILINE))


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
        if cell.cell_type == "code" and in_tests and is_hidden_check(cell.source):
            secrets += [line for line in check_code(cell.source).split("\n") if line.strip()]
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


def execute(notebook: nbformat.NotebookNode, folder: Path, kernel: str = "python3") -> None:
    """Run a notebook in ``folder``, its kernel on a local socket there (:func:`kernel_config`)."""
    config = kernel_config(local_socket_in=folder)
    resources = {"metadata": {"path": str(folder)}}
    NotebookClient(notebook, timeout=180, kernel_name=kernel, config=config, resources=resources).execute()


RUNTIME_PROJECT = ("pyproject.toml", "README.md", "companion", "data")


def runtime_wheel(folder: Path, root: Path = ROOT) -> Path:
    """The student runtime (``companion`` with its data) as a wheel in ``folder``, built from a copy
    of its project so that setuptools leaves no ``build/`` behind in the repository."""
    project = folder / "runtime-project"
    project.mkdir()
    for name in RUNTIME_PROJECT:
        if (root / name).is_dir():
            shutil.copytree(root / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copyfile(root / name, project / name)
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
               "--no-build-isolation", "--wheel-dir", str(folder), str(project)]  # fmt: skip
    _run(command, folder, "building the runtime wheel")
    shutil.rmtree(project)
    (wheel,) = folder.glob("*.whl")
    return wheel


def _with_runtime(master: nbformat.NotebookNode, folder: Path) -> None:
    """Put the runtime wheel beside the master and name it in the autograder's environment: otter
    copies it into the zip (``files/``) and a hosted grader installs it from there, relative to the
    zip's root (where its ``environment.yml`` is)."""
    wheel = runtime_wheel(folder)
    (folder / "requirements.txt").write_text(f"./files/{wheel.name}\n", encoding="utf-8")
    config = master.cells[0]
    if not config.source.startswith("# ASSIGNMENT CONFIG"):
        raise AssignmentError("the first cell of an assignment must be its # ASSIGNMENT CONFIG")
    config.source = config.source.rstrip() + f"\nrequirements: requirements.txt\nfiles:\n  - {wheel.name}"


def _otter_assign(master: nbformat.NotebookNode, name: str, work: Path) -> tuple[Path, Path]:
    """otter-grader's student notebook and autograder zip for the master notebook."""
    source = work / "master" / f"{name}.ipynb"
    source.parent.mkdir(parents=True)
    _with_runtime(master, source.parent)
    # otter-grader compares each check's output with the one recorded in the master: run it first.
    execute(master, work)
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
    "# BEGIN TESTS": "**Checks** (public ones, worth 0, are the student's sanity checks; those with `hidden: true` "
    "carry the marks):",
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


_PLACEHOLDER = re.compile(r"^(\w+) = \.\.\.\s*$", re.MULTILINE)
_RESPONSE_CELL = "_Type your answer here, replacing this text._"  # otter's cell for a written answer
_RELATIVE_LINK = re.compile(r'<a href="(?![a-z]+:|#)[^"]*"[^>]*>(.*?)</a>', re.DOTALL)


def _answer_box(names: list[str]) -> nbformat.NotebookNode:
    lines = "".join(f"<p><code>{name}</code> = </p>" for name in names)
    return nbformat.v4.new_markdown_cell(f'<div class="answer-box"><strong>Your answers</strong>{lines}</div>')


def printable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student notebook for paper: its text and data cells (to be run for their tables), a box
    to write in for each answer cell and for the essay, and none of otter's plumbing."""
    cells = []
    for cell in notebook.cells:
        code_plumbing = cell.cell_type == "code" and ("otter" in cell.source or "grader." in cell.source)
        if code_plumbing or "**Running this notebook.**" in cell.source:  # otter's cells, the install note
            continue
        if cell.cell_type == "markdown" and cell.source.strip() == _RESPONSE_CELL:
            writing = "Write your essay on separate sheets, or in the notebook's last cell."
            cells.append(nbformat.v4.new_markdown_cell(f'<div class="answer-box"><p>{writing}</p></div>'))
        elif cell.cell_type == "code" and _PLACEHOLDER.search(cell.source):
            cells.append(_answer_box(_PLACEHOLDER.findall(cell.source)))
        elif cell.cell_type in ("markdown", "code"):
            cells.append(nbformat.v4.new_code_cell(cell.source) if cell.cell_type == "code" else cell)
    return nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)


def handout_html(notebook: nbformat.NotebookNode, title: str, paper: str = "a4") -> str:
    """A printed handout from a :func:`printable` notebook, run so that its tables show: fields for
    name, course and date, hints open, links to other pages of the book as plain text (a relative
    link leads nowhere on paper), the book's print rules, and the paper size (A4 unless ``letter``)."""
    body, _ = HTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True, anchor_link_text=""
    ).from_notebook_node(notebook)
    body = _RELATIVE_LINK.sub(r"\1", body.replace("<details>", "<details open>"))
    fields = "".join(f"<span>{label}</span>" for label in ("Name", "Course", "Date"))
    css = f"@page{{size:{PAPERS[paper]};margin:16mm 15mm}}{HANDOUT_CSS}{PRINT_CSS.read_text(encoding='utf-8')}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<style>{css}</style></head><body><div class="handout-fields">{fields}</div>{body}</body></html>'
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


def build(source: Path, out: Path, root: Path = ROOT, paper: str = "a4") -> Pack:
    """Build the pack of one assignment source into ``out/<name>/``, its handout on ``paper``."""
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
        paper_version = printable(student)
        try:
            execute(paper_version, Path(scratch))
        except CellExecutionError as error:
            raise AssignmentError(f"{name}: a data cell of the handout does not run:\n{error}") from None
    page = paths.handout.with_suffix(".html")
    page.write_text(handout_html(paper_version, name, paper), encoding="utf-8")
    print_pdf(page, paths.handout)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Build every assignment (or the sources named) and say what was written, and how long it took."""
    parser = argparse.ArgumentParser(prog="make assignments", description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help=f"assignment sources (default: {SOURCES})")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="a4", help="the handout's paper (default: a4)")
    args = parser.parse_args(argv)
    sources = [source.resolve() for source in args.sources] or sorted(ROOT.glob(SOURCES))
    if not sources:
        print(f"No assignment sources ({SOURCES}).")
        return 0
    for source in sources:
        started = time.perf_counter()
        try:
            pack = build(source, ROOT / OUT, paper=args.paper)
        except (AssignmentError, ValueError) as problem:
            print(f"{source.name}: {problem}", file=sys.stderr)
            return 1
        print(f"{source.name} ({time.perf_counter() - started:.1f} s):")
        for path in (pack.student, pack.instructor, pack.autograder, pack.handout):
            print(f"  {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
