"""The repository a teacher can publish (``make public-source``): the project without its
instructor-only material, as a tree that still builds the same student book.

    make public-source                 # -> _build/public-source
    python -m bookbuild.public_source OUT

The full repository is the **private** one: it holds the instructor guide, model answers, marking
guides, rubrics and the seminar assignments' solutions and hidden checks, and only instructors
should read it. The exported tree is the **public** one. From the repository's files (those git
tracks or would track: nothing ignored, no builds, no virtual environment) it leaves out

* the instructor guide (``instructor/``, ``_toc_instructor.yml``);
* the seminar assignment sources (``exercises/*-assignment.md``): assessed work whose solutions and
  hidden checks must stay with the marker (publish the packs' student notebooks instead);
* the tests (``tests/``): they check instructor material, so they name and quote it;

and it removes every instructor block and instructor-tagged cell from each MyST source, the same
way the student edition does (:func:`bookbuild.editions.student_source`). Before anything is
written, every line of instructor material in the private repository is looked for in every file
of the exported tree; one found stops the export with the file and the line named.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

from bookbuild.editions import student_source
from bookbuild.notebooks import instructor_lines
from bookbuild.structure import INSTRUCTOR_TOC, REPOSITORY

OUT = Path("_build") / "public-source"
_SOLUTION = re.compile(r"#\s*SOLUTION\s*$")
PRIVATE = ("instructor/*", INSTRUCTOR_TOC, "exercises/*-assignment.md", "tests/*")


class LeakError(RuntimeError):
    """The exported tree would publish instructor material."""


def repository_files(root: Path = REPOSITORY) -> list[str]:
    """The repository's files as git sees them (tracked, or new and not ignored), relative paths."""
    command = ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"]
    listed = subprocess.run(command, cwd=root, capture_output=True, check=True).stdout.decode()
    return sorted(name for name in set(listed.split("\0")) if name and (root / name).is_file())


def is_private(name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in PRIVATE)


def private_lines(root: Path, names: list[str]) -> list[str]:
    """Every distinctive line of instructor material in the private repository's MyST sources: the
    lines of its instructor blocks and cells, and the assignments' solution lines, with twenty
    letters or more (a table's ``| --- |`` rule or a fence is not instructor material)."""
    sources = {name: _read(root / name) for name in names if name.endswith(".md")}
    lines = {line for text in sources.values() for line in instructor_lines(text)}
    assessed = [text for name, text in sources.items() if is_private(name)]
    lines |= {line.strip() for text in assessed for line in text.splitlines() if _SOLUTION.search(line)}
    return sorted(line for line in lines if sum(character.isalpha() for character in line) >= 20)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def leaks(folder: Path, lines: list[str]) -> list[str]:
    """``"<file>: <line>"`` for each line of instructor material found in a file of ``folder``."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="ignore")
        found += [f"{path.relative_to(folder)}: {line}" for line in lines if line in text]
    return found


def export(target: Path, root: Path = REPOSITORY) -> list[str]:
    """Write the public tree into ``target`` (replacing it); returns the files left out."""
    names = repository_files(root)
    left_out = [name for name in names if is_private(name)]
    if target.exists():
        shutil.rmtree(target)
    for name in names:
        if is_private(name):
            continue
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".md"):
            destination.write_text(student_source(_read(root / name)), encoding="utf-8")
        else:
            shutil.copy2(root / name, destination)
    found = leaks(target, private_lines(root, names))
    if found:
        shutil.rmtree(target)
        raise LeakError("the public tree would show instructor material:\n" + "\n".join(found[:5]))
    return left_out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    target = Path(args[0]).resolve() if args else REPOSITORY / OUT
    try:
        left_out = export(target)
    except LeakError as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Public source in {target} (left out {len(left_out)} private files; instructor blocks removed).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
