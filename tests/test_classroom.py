"""``make class`` on a small fake build: which notebooks it takes, the files a teacher pushes, and
its refusal to write a repository with instructor material in it. (The real build's class
repository is used by tests/test_hub.py on a real JupyterHub.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest
from bookbuild.classroom import Choice, ClassError, chosen_pages, main, make_class
from bookbuild.notebooks import NOTEBOOK_FOLDER, instructor_lines
from bookbuild.runtime_wheel import wheel_name
from bookbuild.structure import REPOSITORY as ROOT
from bookbuild.structure import Book

BOOK = Book.read(ROOT)


def _fake_build(tmp_path: Path, leak_into: str = "") -> tuple[Path, Path]:
    """A built site and assignment packs holding a small notebook per page (student text only)."""
    built, packs = tmp_path / "html", tmp_path / "assignments"
    pages = [f"{NOTEBOOK_FOLDER}/{doc}.ipynb" for doc in BOOK.notebook_pages]
    pages += [f"../assignments/ch{n}-assignment/student/ch{n}-assignment.ipynb" for n in range(1, 6)]
    for page in pages:
        path = (built / page).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        text = f"Student text of {page}."
        if leak_into and page.endswith(leak_into):
            source = ROOT / "exercises" / leak_into.replace(".ipynb", ".md")
            text += "\n" + instructor_lines(source.read_text(encoding="utf-8"))[0]
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)]), path)
    (built / NOTEBOOK_FOLDER / wheel_name(ROOT)).write_bytes(b"wheel")
    return built, packs


def test_the_class_repository_holds_what_was_chosen(tmp_path: Path) -> None:
    built, packs = _fake_build(tmp_path)
    out = tmp_path / "class"
    hub, repo = "https://hub.example.edu", "https://git.example.edu/t/ws-class"
    notebooks = make_class(Choice(chapters=(2,), reference=False), out, built=built, assignments=packs, hub=hub,
                           repo=repo)  # fmt: skip
    assert notebooks == ["book/ch2-decline-and-fall.ipynb", "exercises/ch2-exercises.ipynb",
                         "assignments/ch2-assignment.ipynb"]  # fmt: skip
    tracked = subprocess.run(["git", "ls-files"], cwd=out, capture_output=True, text=True, check=True).stdout.split()
    assert set(tracked) == {*notebooks, "README.md", "LINKS.md", "requirements.txt", wheel_name(ROOT)}
    assert (out / "requirements.txt").read_text().splitlines() == [f"./{wheel_name(ROOT)}", "otter-grader>=7,<8"]
    assert (
        "git-pull?repo=https%3A%2F%2Fgit.example.edu%2Ft%2Fws-class&urlpath=lab%2Ftree%2Fws-class%2F"
        in (out / "LINKS.md").read_text()
    )


def test_chosen_pages_follow_the_choice() -> None:
    pages = chosen_pages(BOOK, Choice(chapters=(4,), exercises=False))
    assert "book/ch4-cultures" in pages and "exercises/ch4-exercises" not in pages
    assert not [page for page in pages if page.startswith("book/ch") and "ch4" not in page]


def test_instructor_material_stops_make_class(tmp_path: Path) -> None:
    built, packs = _fake_build(tmp_path, leak_into="ch2-exercises.ipynb")
    with pytest.raises(ClassError, match="instructor material would reach students"):
        make_class(Choice(chapters=(2,)), tmp_path / "class", built=built, assignments=packs)
    assert not (tmp_path / "class").exists()


def test_bad_input_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--chapters", "7"]) == 1
    assert "chapters are numbers from 1 to 5, not '7'" in capsys.readouterr().err
