"""``make public-source``: the tree a teacher publishes holds no instructor material anywhere, and
builds the same student book as the private repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bookbuild import public_source
from bs4 import BeautifulSoup
from conftest import BIN, ROOT, build_lock
from sentinels import leaks


@pytest.fixture(scope="module")
def public_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("public") / "source"
    public_source.export(tree)
    return tree


def test_the_public_tree_leaks_nothing(public_tree: Path) -> None:
    names = public_source.repository_files(ROOT)
    files = {path.relative_to(public_tree).as_posix() for path in public_tree.rglob("*") if path.is_file()}
    assert files == {name for name in names if not public_source.is_private(name)}
    assert not [name for name in files if name.startswith(("instructor/", "tests/")) or "-assignment" in name]
    assert leaks(public_tree) == [], "a sentinel of instructor material"
    assert public_source.leaks(public_tree, public_source.private_lines(ROOT, names)) == []


def test_a_planted_instructor_line_stops_the_export(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "book", root / "book")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "README.md").write_text("A line of a marking guide that must stay with the markers.\n", encoding="utf-8")
    page = root / "book" / "how-to-use.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n:::{instructor} Guide\nA line of a marking guide that must stay with the markers.\n:::\n",
        encoding="utf-8",
    )
    with pytest.raises(public_source.LeakError, match=r"README\.md: A line of a marking guide"):
        public_source.export(tmp_path / "out", root)


def _page_text(page: Path) -> str:
    main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("main")
    return main.get_text(" ", strip=True) if main else ""


def test_the_public_tree_builds_the_same_student_book(
    public_tree: Path, built_book: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Built with this session's execution cache (the student edition's, so nothing re-executes)."""
    with build_lock(tmp_path_factory):
        shutil.copytree(ROOT / "_build" / ".jupyter_cache", public_tree / "_build" / ".jupyter_cache")
    command = [str(BIN / "python"), "-m", "bookbuild.build", "--root", str(public_tree)]
    result = subprocess.run(command, cwd=public_tree, capture_output=True, text=True, check=False)
    assert result.returncode == 0, "\n".join((result.stdout + result.stderr).splitlines()[-30:])
    public_html = public_tree / "_build" / "html"
    pages = sorted(path.relative_to(built_book) for path in built_book.rglob("*.html"))
    assert pages == sorted(path.relative_to(public_html) for path in public_html.rglob("*.html"))
    different = [str(page) for page in pages if _page_text(built_book / page) != _page_text(public_html / page)]
    assert not different, f"pages that differ: {different[:5]}"
