"""The renderer behind the .ipynb downloads, on small pages: each MyST construct becomes plain
notebook Markdown, instructor material never reaches a student, and what cannot be rendered is a
clear error rather than a silent leak."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bookbuild.notebooks import (
    INSTALL_TAG,
    BookContext,
    Citation,
    ConversionError,
    install_cell,
    leftover_myst,
    student_notebook,
)

from companion.quiz import choice, encode_question, from_bank

HEAD = """---
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

"""
CONTEXT = BookContext(
    substitutions={"essay_citation": "Mark B. Smith, *The life of the Soviet worker* (2016)"},
    citations={
        "smith2016life": Citation("Smith, 2016", "Smith (2016)", "Mark B. Smith. The life of the Soviet worker.")
    },
    notebook_pages=frozenset({"book/ch2", "exercises/ch2-exercises"}),
)
GLUE = {"ratio": {"text/plain": "2.7083333333333335"}}


def render(body: str, **kwargs: object) -> list:
    return student_notebook(HEAD + body, "exercises/page", CONTEXT, GLUE, **kwargs).cells


def markdown(body: str) -> str:
    return "\n\n".join(cell.source for cell in render(body) if cell.cell_type == "markdown")


def test_admonitions_become_headed_blockquotes_and_dropdowns_details() -> None:
    text = markdown(
        "```{admonition} The essay\n:class: essay-citation\n\n{{ essay_citation }}\n```\n\n"
        ":::{admonition} Hints\n:class: dropdown\n\n- Divide.\n:::\n\n```{note}\nMind the base.\n```\n"
    )
    assert "> **The essay**\n>\n> Mark B. Smith, *The life of the Soviet worker* (2016)" in text
    assert "<details>\n<summary>Hints</summary>\n\n- Divide.\n\n</details>" in text
    assert "> **Note**\n>\n> Mind the base." in text


def test_citations_glue_and_links_are_resolved() -> None:
    text = markdown(
        "As {cite}`smith2016life` and {cite:t}`smith2016life` say, the ratio is {glue:text}`ratio:.2f`. "
        "See [chapter 2](../book/ch2.md) and [the catalogue](../book/reference/data-catalogue.md).\n"
    )
    assert "As (Smith, 2016) and Smith (2016) say, the ratio is 2.71." in text
    assert "[chapter 2](../book/ch2.ipynb)" in text, "a link to a notebook page points to its notebook"
    assert "and the catalogue." in text, "a page that is not a notebook, and no address for the book: the words"
    assert "**Works cited in this notebook**\n\n- Mark B. Smith. The life of the Soviet worker." in text


def test_links_outside_the_notebooks_go_to_the_published_book() -> None:
    context = dataclasses.replace(CONTEXT, site="https://book.example.org/")
    notebook = student_notebook(
        HEAD + "See [the catalogue](../book/reference/data-catalogue.md#files), [the data](../data/x.csv) "
        "and [chapter 2](../book/ch2.md).\n",
        "exercises/page", context, GLUE,
    )  # fmt: skip
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "[the catalogue](https://book.example.org/book/reference/data-catalogue.html#files)" in text
    assert "[the data](https://book.example.org/data/x.csv)" in text
    assert "[chapter 2](../book/ch2.ipynb)" in text


def test_the_first_cell_installs_the_helper_package(tmp_path: Path) -> None:
    cells = render("Text.\n")
    assert cells[0].cell_type == "code" and cells[0].metadata["tags"] == [INSTALL_TAG]
    online = install_cell(dataclasses.replace(CONTEXT, wheel="pkg-1.0-py3-none-any.whl", site="https://b.org"))
    assert "'https://b.org/_notebooks/'" in online.source, "with the book's address it installs from the site"


def test_the_first_cell_without_a_wheel_or_an_address_says_what_to_do(tmp_path: Path) -> None:
    """Run by a Python that lacks the helper package, in a folder without the wheel: a clear
    message and no traceback (SystemExit is what Jupyter shows as a message)."""
    code = install_cell(dataclasses.replace(CONTEXT, wheel="soviet_worker_companion-0.1.0-py3-none-any.whl")).source
    python = shutil.which("python3", path="/usr/bin") or sys.executable
    probe = subprocess.run([python, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    if "The helper package is ready." in probe.stdout:
        pytest.skip(f"{python} already has the helper package")
    assert probe.returncode == 1
    assert "Download soviet_worker_companion-0.1.0-py3-none-any.whl from the book's website" in probe.stderr
    assert "Traceback" not in probe.stderr


def test_gated_exercise_and_solution() -> None:
    cells = render(
        "## Exercise 1. Ratios\n\n```{exercise-start}\n:label: ex-1\n:nonumber:\n```\n\nCompute it.\n\n"
        "```{exercise-end}\n```\n\n```{solution-start} ex-1\n:class: dropdown\n```\n\nThe code:\n\n"
        "```{code-cell} ipython3\nprint(2.71)\n```\n\nIt is {glue:text}`ratio:.1f`.\n\n"
        "```{solution-end}\n```\n\nAfter.\n"
    )
    sources = [cell.source for cell in cells]
    assert any("**Exercise 1. Ratios**\n\nCompute it." in s for s in sources)
    opened = [s for s in sources if s.startswith("<details>")]
    assert opened[0].startswith("<details>\n<summary>Solution to Exercise 1. Ratios</summary>\n\nThe code:")
    assert "(continued)</summary>\n\nIt is 2.7." in opened[2]
    runnable = [cell for cell in cells if cell.cell_type == "code" and INSTALL_TAG not in cell.metadata["tags"]]
    assert not runnable, "solution code must not be runnable"
    code = next(cell for cell in cells if "solution" in cell.metadata.get("tags", []))
    assert code.source.startswith("<details>\n<summary>Solution to Exercise 1. Ratios – the code and what it")
    assert "```python\nprint(2.71)\n```" in code.source
    assert sources[-1] == "After."


def test_solution_code_carries_the_output_the_build_printed() -> None:
    body = (
        "```{exercise} Ratios\n:label: e\n\nDo it.\n```\n\n```{solution-start} e\n```\n\n"
        "```{code-cell} ipython3\nprint(2.71)\ntable\n```\n\n```{solution-end}\n```\n"
    )
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": "2.71\n"},
        {"output_type": "execute_result", "data": {"text/html": "<style>td{}</style><table><td>x</td></table>"}},
    ]
    cells = render(body, executed={"print(2.71)\ntable": outputs})
    block = next(cell.source for cell in cells if "solution" in cell.metadata.get("tags", []))
    assert block.startswith("<details>") and block.endswith("</details>")
    assert "```text\n2.71\n```" in block and "<table><td>x</td></table>" in block and "<style" not in block


def test_plain_solution_and_numbered_exercise() -> None:
    text = markdown("```{exercise} Ratios\n:label: e\n\nDo it.\n```\n\n```{solution} e\nDone.\n```\n")
    assert "**Exercise 1 (Ratios)**\n\nDo it." in text
    assert "<details>\n<summary>Solution to Exercise 1 (Ratios)</summary>\n\nDone.\n\n</details>" in text


def test_setup_cells_stay_collapsed_and_glue_needs_no_myst_nb() -> None:
    cells = render("```{code-cell} ipython3\n:tags: [remove-cell]\nfrom myst_nb import glue\nglue('x', 1)\n```\n")
    code = cells[-1]
    assert code.source.startswith("from companion.glue import glue")
    assert code.metadata["jupyter"] == {"source_hidden": True}
    with pytest.raises(ConversionError, match="myst_nb"):
        render("```{code-cell} ipython3\nimport myst_nb\n```\n")


def test_self_checks_are_encoded_and_load_the_same_question() -> None:
    options = [("Right", True, "Yes."), ("Wrong", False, "No.")]
    cells = render(f"```{{code-cell}} ipython3\n:tags: [remove-input]\nchoice('Which?', {options!r})\n```\n")
    code = cells[-1].source
    assert "True" not in code and "Right" not in code and "from_bank(" in code
    bank = code.split('from_bank("')[1].split('")')[0]
    assert from_bank(bank)._repr_html_() == choice("Which?", options)._repr_html_()
    assert from_bank(encode_question("Which?", options)).prompt == "Which?"
    with pytest.raises(ValueError, match="damaged"):
        from_bank("not-a-bank")


def test_a_computed_self_check_is_encoded_from_the_rendered_page() -> None:
    shown = choice("Share 65 -> 44: which is right?", [("Fell 21 points", True, "Yes."), ("Fell 21%", False, "No.")])
    source = (
        "```{code-cell} ipython3\n:tags: [remove-input]\nfirst, last = 65, 44\n"
        "choice(f'Share {first} -> {last}: which is right?', [(f'Fell {first - last} points', True, 'Yes.'), "
        "(f'Fell {first - last}%', False, 'No.')])\n```\n"
    )
    with_page = render(source, self_checks=[shown])[-1].source
    assert "True" not in with_page and "first, last = 65, 44" in with_page
    bank = with_page.split('from_bank("')[1].split('")')[0]
    assert from_bank(bank)._repr_html_() == shown._repr_html_()
    without_page = render(source)[-1].source
    assert "from_bank" not in without_page  # left as written, which the leak test then reports


def test_instructor_material_stays_out_of_the_student_edition_only() -> None:
    body = (
        "Intro.\n\n:::{instructor} Marking guide\nSENTINEL-GUIDE\n:::\n\n"
        "```{code-cell} ipython3\n:tags: [instructor]\nprint('SENTINEL-CELL')\n```\n"
    )
    student = "\n".join(cell.source for cell in render(body))
    assert "SENTINEL" not in student and "Intro." in student
    teacher = "\n".join(cell.source for cell in render(body, edition="instructor"))
    assert "> **For instructors: Marking guide**\n>\n> SENTINEL-GUIDE" in teacher and "SENTINEL-CELL" in teacher


def test_definition_lists_targets_and_comments() -> None:
    text = markdown("(glossary)=\n% a comment\nShock worker\n: A title from 1929.\n  Widely held.\n")
    assert "- **Shock worker**: A title from 1929. Widely held." in text
    assert "(glossary)=" not in text and "a comment" not in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{glue:text}`missing:.1f`\n", "no cell of the page glued"),
        ("{{ nowhere }}\n", "no substitution called 'nowhere'"),
        ("{cite}`nobody1999`\n", "not in the bibliography"),
        ("```{note}\nnever closed\n", "never closed"),
    ],
)
def test_what_cannot_be_rendered_is_a_clear_error(body: str, message: str) -> None:
    with pytest.raises(ConversionError, match=message):
        render(body)


def test_leftover_markup_is_found() -> None:
    notebook = student_notebook(HEAD + "Plain.\n", "p", CONTEXT)
    notebook.cells[-1].source += "\n:::{note}\n:class: tip\n{{ x }} {ref}`y`"
    kinds = " ".join(leftover_myst(notebook))
    for kind in ("directive", "directive option", "substitution", "role"):
        assert kind in kinds


def test_unchanged_pages_keep_their_notebooks(tmp_path: Path) -> None:
    from bookbuild.notebooks import write_student_notebooks
    from conftest import ROOT

    pages = ["exercises/ch1-exercises"]
    first = write_student_notebooks(ROOT, pages, tmp_path, None)
    assert [p.relative_to(tmp_path).as_posix() for p in first] == ["exercises/ch1-exercises.ipynb"]
    assert write_student_notebooks(ROOT, pages, tmp_path, None) == []  # a no-op rebuild writes nothing
    first[0].unlink()
    assert write_student_notebooks(ROOT, pages, tmp_path, None) == first  # a missing download is rewritten
    assert write_student_notebooks(ROOT, pages, tmp_path, None, edition="instructor") == first  # another input


def test_a_rebuilt_notebook_is_the_same_file_and_its_cell_ids_are_unique() -> None:
    """nbformat gives each new cell a random id; the downloads must not change when the page has not
    (a class repository would show every cell as changed), and two equal cells still get two ids."""
    body = "Text.\n\n```{code-cell} python\nx = 1\n```\n\nText.\n\n```{code-cell} python\nx = 1\n```\n"
    first, second = (nbformat.writes(student_notebook(HEAD + body, "exercises/page", CONTEXT, GLUE)) for _ in "ab")
    assert first == second
    ids = [cell.id for cell in nbformat.reads(first, as_version=4).cells]
    assert len(ids) == len(set(ids)) and len(ids) > 4
    nbformat.validate(nbformat.reads(first, as_version=4))
