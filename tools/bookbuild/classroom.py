"""``make class``: the class repository a teacher pushes as it is, for a JupyterHub (nbgitpuller),
Binder or students' own laptops.

The book's own repository must never reach students (its sources carry the instructor blocks), so
this writes a separate git repository from what the build made for students: the student notebooks
(``_build/html/_notebooks``), the student assignment notebooks (``_build/assignments``), the runtime
wheel at the root, a ``requirements.txt`` that installs it from the repository itself, a README for
students, and a page of nbgitpuller links for the hub named. Every notebook is checked against its
source's instructor material before anything is written (:func:`leaks`).

    python -m bookbuild.classroom --chapters 2 4 --hub https://hub.example.edu --repo https://git.example.edu/me/class
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bookbuild.assignments import OTTER
from bookbuild.launch import nbgitpuller_link
from bookbuild.notebooks import NOTEBOOK_FOLDER, instructor_lines
from bookbuild.runtime_wheel import wheel_name
from bookbuild.structure import REPOSITORY, Book

OUT = Path("_build") / "class"
LINKS = "LINKS.md"


class ClassError(RuntimeError):
    """A class repository that cannot be made as asked, said in words a teacher can act on."""


@dataclass(frozen=True)
class Choice:
    """What the teacher sets: chapters (numbers), whether exercises and assignments come with them."""

    chapters: tuple[int, ...] = (1, 2, 3, 4, 5)
    exercises: bool = True
    assignments: bool = True
    reference: bool = True


def chosen_pages(book: Book, choice: Choice) -> list[str]:
    """The book's notebook pages the choice covers, in reading order."""

    def wanted(doc: str) -> bool:
        name = doc.rsplit("/", 1)[-1]
        number = name[2] if name.startswith("ch") and name[2:3].isdigit() else ""
        if doc.startswith("exercises/"):
            return choice.exercises and number.isdigit() and int(number) in choice.chapters
        if doc.startswith("book/reference/"):
            return choice.reference
        return not number or int(number) in choice.chapters

    return [doc for doc in book.notebook_pages if wanted(doc)]


def leaks(notebook: Path, source: Path) -> list[str]:
    """Lines of ``source``'s instructor material found in ``notebook``: must be none."""
    text = notebook.read_text(encoding="utf-8")
    return [line for line in instructor_lines(source.read_text(encoding="utf-8")) if line in text]


def _readme(wheel: str, notebooks: Sequence[str], hub: str) -> str:
    listing = "\n".join(f"- `{name}`" for name in notebooks)
    where = f"On the class hub ({hub}), open" if hub else "On a JupyterHub, open"
    return f"""# Notebooks for this class

These are the runnable notebooks of *Workers' State, Workers' Lives*, the companion to Mark B. Smith, 'The life
of the Soviet worker' (Oxford Handbook of Modern Russian History, 2016), as your teacher chose them:

{listing}

**{where} the link your teacher gave you** (see `{LINKS}`): it copies this folder into your home and opens the
notebook. Opening the same link again brings your teacher's updates and keeps your own changes.

**On your own computer** (Python 3.11 or newer): `python -m pip install -r requirements.txt jupyterlab` in this
folder, then `jupyter lab`. Each notebook's first cell also installs what it needs, from `{wheel}` in this folder,
if it is missing.

Run a notebook's cells from the top. Solutions and hints are folded: try first, then open them.
"""


def _links_page(notebooks: Sequence[str], hub: str, repo: str, branch: str) -> str:
    if not (hub and repo):
        return (
            "# Links for students\n\nNo hub or repository address was given to `make class`, so there are no "
            "nbgitpuller links yet. Run it again with `HUB=<your hub's address> REPO=<where you push this "
            "repository>`.\n"
        )
    lines = [f"- [{name}]({nbgitpuller_link(hub, repo, branch, name)})" for name in notebooks]
    return f"# Links for students\n\nOne nbgitpuller link per notebook, for {hub}:\n\n" + "\n".join(lines) + "\n"


def _git(target: Path, *args: str) -> None:
    identity = ["-c", "user.name=make class", "-c", "user.email=class@localhost"]
    subprocess.run(["git", *identity, *args], cwd=target, check=True, capture_output=True, text=True)


def make_class(
    choice: Choice,
    out: Path,
    *,
    root: Path = REPOSITORY,
    built: Path | None = None,
    assignments: Path | None = None,
    hub: str = "",
    repo: str = "",
    branch: str = "main",
) -> list[str]:
    """Write the class repository into ``out`` (a new git repository, one commit) and return the
    notebooks in it. ``built`` is the built site (``_build/html``), ``assignments`` the packs."""
    built = built or root / "_build" / "html"
    assignments = assignments or root / "_build" / "assignments"
    notebooks_dir = built / NOTEBOOK_FOLDER
    wheel = notebooks_dir / wheel_name(root)
    if not wheel.is_file():
        raise ClassError(f"{wheel} is missing: build the book first (make book).")
    book = Book.read(root)
    copies: dict[str, tuple[Path, Path]] = {}  # notebook in the class repository -> (built file, source)
    for doc in chosen_pages(book, choice):
        copies[f"{doc}.ipynb"] = (notebooks_dir / f"{doc}.ipynb", book.source(doc))
    if choice.assignments:
        for number in choice.chapters:
            name = f"ch{number}-assignment"
            pack = assignments / name / "student" / f"{name}.ipynb"
            source = root / "exercises" / f"{name}.md"
            if source.is_file():
                if not pack.is_file():
                    raise ClassError(f"{pack} is missing: build the assignment packs first (make assignments).")
                copies[f"assignments/{name}.ipynb"] = (pack, source)
    missing = [str(built_file) for built_file, _ in copies.values() if not built_file.is_file()]
    if missing:
        raise ClassError(f"not built: {', '.join(missing)} (make book).")
    found = {name: leaks(built_file, source) for name, (built_file, source) in copies.items()}
    if any(found.values()):
        raise ClassError(f"instructor material would reach students: { {k: v for k, v in found.items() if v} }")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name, (built_file, _) in copies.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built_file, out / name)
    shutil.copyfile(wheel, out / wheel.name)
    requirements = [f"./{wheel.name}", *([OTTER] if choice.assignments else [])]
    (out / "requirements.txt").write_text("\n".join(requirements) + "\n", encoding="utf-8")
    (out / "README.md").write_text(_readme(wheel.name, list(copies), hub), encoding="utf-8")
    (out / LINKS).write_text(_links_page(list(copies), hub, repo, branch), encoding="utf-8")
    _git(out, "init", "--quiet", "--initial-branch", branch)
    _git(out, "add", "--all")
    _git(out, "commit", "--quiet", "--message", "The class notebooks, made by make class")
    return list(copies)


def _numbers(values: Iterable[str]) -> tuple[int, ...]:
    numbers = []
    for value in values:
        for part in value.replace(",", " ").split():
            if not part.isdigit() or not 1 <= int(part) <= 5:
                raise ClassError(f"chapters are numbers from 1 to 5, not {part!r}")
            numbers.append(int(part))
    return tuple(sorted(set(numbers))) or Choice.chapters


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make class", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", nargs="*", default=[], help="chapter numbers (default: all five)")
    parser.add_argument("--no-exercises", action="store_true", help="leave out the exercise notebooks")
    parser.add_argument("--no-assignments", action="store_true", help="leave out the seminar assignments")
    parser.add_argument("--hub", default="", help="the JupyterHub's address, for the nbgitpuller links")
    parser.add_argument("--repo", default="", help="the address students' hub will clone this repository from")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--out", type=Path, default=REPOSITORY / OUT)
    args = parser.parse_args(argv)
    try:
        choice = Choice(_numbers(args.chapters), not args.no_exercises, not args.no_assignments)
        notebooks = make_class(choice, args.out, hub=args.hub, repo=args.repo, branch=args.branch)
    except ClassError as problem:
        print(f"make class: {problem}", file=sys.stderr)
        return 1
    print(f"{args.out}: a git repository of {len(notebooks)} notebooks, the helper package and {LINKS}.")
    print("Push it where your hub can clone it; nothing in it is instructor-only.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
