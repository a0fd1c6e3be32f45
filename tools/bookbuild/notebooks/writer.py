"""One page's student notebook, and the notebooks of a whole book written to disk, skipping the pages
whose inputs have not changed since the last build."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import jupytext
import nbformat

from bookbuild.answer_key import questions_in_html
from bookbuild.editions import INSTRUCTOR, source_for
from bookbuild.notebooks.code_cells import code_cell
from bookbuild.notebooks.context import BookContext, ConversionError, book_context, read_glue
from bookbuild.notebooks.installer import install_cell, intro_note
from bookbuild.notebooks.leaks import leftover_myst
from bookbuild.notebooks.markdown import GATE, PageRenderer, details
from bookbuild.notebooks.solutions import read_outputs, solution_block
from companion import quiz
from companion.quiz import Question


def _with_stable_ids(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Give each cell an id made from what it holds. nbformat gives every new cell a random id, so
    each rebuild rewrote every id in every download: a class repository updated with the new
    notebooks showed every cell as changed. Now a cell keeps its id until its text changes."""
    seen: dict[str, int] = {}
    for cell in cells:
        digest = hashlib.sha256(f"{cell.cell_type}\0{cell.source}".encode()).hexdigest()[:8]
        seen[digest] = seen.get(digest, 0) + 1
        cell.id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
    return cells


def edition_source(text: str, edition: str) -> nbformat.NotebookNode:
    """The MyST page ``text`` as the edition's notebook, before conversion: what the build executed."""
    return jupytext.reads(source_for(edition, text), fmt="md:myst")


def student_notebook(
    page: str | nbformat.NotebookNode,
    docname: str,
    context: BookContext,
    glue: Mapping[str, Mapping] | None = None,
    edition: str = "student",
    intro: str | None = None,
    self_checks: Sequence[Question] | None = None,
    executed: Mapping[str, list] | None = None,
) -> nbformat.NotebookNode:
    """The notebook a student downloads for the MyST ``page`` (its text, see the module docstring,
    or the page already read as the edition's notebook: :func:`edition_source`). The instructor
    edition keeps the instructor blocks, as headed blockquotes, and cells. ``intro`` replaces the
    opening note on how to run the notebook ("" for none). ``self_checks`` are the page's
    self-checks as the build rendered them, for those whose code computes its text; ``executed``
    maps a code cell's source to the outputs the build recorded (:func:`read_outputs`)."""
    source = edition_source(page, edition) if isinstance(page, str) else page
    rendered = iter(self_checks) if self_checks is not None else None
    page = PageRenderer(docname, context, glue or {}, edition)
    first = [install_cell(context), nbformat.v4.new_markdown_cell(intro_note(context))] if intro is None else []
    cells = first or ([nbformat.v4.new_markdown_cell(intro)] if intro else [])
    solution: str | None = None
    continued = False

    instructor = False

    def add_markdown(markdown: str) -> None:
        nonlocal continued
        if not markdown.strip():
            return
        if solution is not None:
            summary = page.solution_summary(solution) + (" (continued)" if continued else "")
            markdown, continued = details(summary, markdown), True
        metadata = {"tags": [INSTRUCTOR]} if instructor else {}
        cells.append(nbformat.v4.new_markdown_cell(markdown.strip(), metadata=metadata))

    for cell in source.cells:
        if cell.cell_type == "markdown":
            pieces = page.render(cell.source, top=True).split(GATE)
            add_markdown(pieces[0])
            for gate, label, after in zip(pieces[1::3], pieces[2::3], pieces[3::3], strict=True):
                if gate == "solution-start":
                    solution, continued = label, False
                elif gate == "solution-end":
                    solution = None
                instructor = gate == INSTRUCTOR
                add_markdown(after)
        elif cell.cell_type == "code" and solution is not None:
            summary = page.solution_summary(solution) + " – the code and what it prints"
            block = solution_block(cell, (executed or {}).get(cell.source.strip(), []), summary)
            cells.append(nbformat.v4.new_markdown_cell(block, metadata={"tags": ["solution"]}))
        elif cell.cell_type == "code":
            cells.append(code_cell(cell, docname, rendered=rendered))
        else:
            cells.append(cell)
    if page.cited:
        works = "\n".join(f"- {context.citations[key].reference}" for key in page.cited)
        cells.append(nbformat.v4.new_markdown_cell(f"**Works cited in this notebook**\n\n{works}"))
    notebook = nbformat.v4.new_notebook(
        cells=_with_stable_ids(cells),
        metadata={
            "kernelspec": source.metadata.get(
                "kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"}
            ),
            "language_info": {"name": "python"},
        },
    )
    problems = leftover_myst(notebook)
    if problems:
        raise ConversionError(f"{docname}: MyST markup would reach the student notebook: {problems}")
    return notebook


_DIGESTS = ".digests.json"


def _page_digest(root: Path, docname: str, edition: str, inputs: Iterable[Path | None]) -> str:
    """A hash of everything one page's notebook is made from: its source, its glued values and
    rendered page, the book's configuration and bibliography, and the code that converts it."""
    digest = hashlib.sha256(f"{edition}\0{docname}".encode())
    shared = [root / "_config.yml", root / "_toc.yml", *root.glob("book/*.bib")]
    code = [*sorted(Path(__file__).parent.glob("*.py")), Path(quiz.__file__)]
    for path in [*shared, *code, *inputs]:
        digest.update(path.read_bytes() if path is not None and path.is_file() else b"-")
    return digest.hexdigest()


def write_student_notebooks(
    root: Path,
    docnames: Iterable[str],
    out: Path,
    glue_dir: Path | None,
    edition: str = "student",
    html_dir: Path | None = None,
    cache: Path | None = None,
    context: Callable[[], BookContext] | None = None,
) -> list[Path]:
    """Write the notebook of each page to ``out/<docname>.ipynb`` (the student edition unless
    told otherwise); glued values come from ``glue_dir/<docname>.glue.json``, myst-nb's record of
    the executed page; computed self-checks are read from the page as ``html_dir`` holds it, and
    the outputs shown under each solution from the execution ``cache``. ``context`` gives the book's
    configuration when a page needs rendering (the Sphinx extension passes what Sphinx read); without
    it, it is read from ``root`` (:func:`~bookbuild.notebooks.context.book_context`).

    A page whose inputs have not changed since the last build keeps its notebook untouched, so a
    no-op rebuild neither re-reads the bibliography nor rewrites (and re-compresses) the downloads."""
    record = out / _DIGESTS
    previous = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    digests: dict[str, str] = {}
    read_context = context or (lambda: book_context(root))
    book: BookContext | None = None  # read once, and only when a page has changed
    written = []
    for docname in docnames:
        glue_file = glue_dir / f"{docname}.glue.json" if glue_dir else None
        page_html = html_dir / f"{docname}.html" if html_dir else None  # its outputs too
        target = out / f"{docname}.ipynb"
        digests[docname] = _page_digest(root, docname, edition, [root / f"{docname}.md", glue_file, page_html])
        if previous.get(docname) == digests[docname] and target.is_file():
            continue
        book = book or read_context()
        glue = read_glue(glue_file) if glue_file else {}
        text = (root / f"{docname}.md").read_text(encoding="utf-8")
        checks = (
            questions_in_html(page_html.read_text(encoding="utf-8"), docname)
            if page_html and page_html.is_file()
            else None
        )
        source = edition_source(text, edition)  # read once: jupytext takes 45 ms a page
        executed = read_outputs(cache, source)
        notebook = student_notebook(source, docname, book, glue, edition, self_checks=checks, executed=executed)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
        written.append(target)
    out.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")
    return written
