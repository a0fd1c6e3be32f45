"""Both editions of the whole book, built under -W: nothing instructor-only reaches the student
edition, everything reaches the instructor edition, and the check itself catches a planted leak.

The instructor edition is a second full Sphinx build (into _build/instructor/html, with its own
doctrees). It shares the execution cache with the student build: jupyter-cache keys a notebook by
its code, so only pages whose instructor cells differ are executed again.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import jupytext
import pytest
from bookbuild.answer_key import questions_in_html
from bookbuild.editions import instructor_spans, student_source
from conftest import ROOT, toc_files
from sentinels import SENTINELS, leaks, search_documents, search_terms, stem

pytestmark = pytest.mark.build

INSTRUCTOR_HTML = ROOT / "_build" / "instructor" / "html"
GUIDE = [
    "instructor/index",
    "instructor/course-plan",
    "instructor/answer-keys",
    "instructor/marking-guides",
    "instructor/assignment-cycle",
    "instructor/question-bank-ch2",
]


def test_every_sentinel_is_instructor_material_and_nothing_else() -> None:
    """Otherwise the leak test could pass (or fail) for the wrong reason."""
    student_text = "\n".join(student_source((ROOT / f"{doc}.md").read_text(encoding="utf-8")) for doc in toc_files())
    for sentinel in SENTINELS:
        source = (ROOT / sentinel.page).read_text(encoding="utf-8")
        lines = source.splitlines()
        inside = ["\n".join(lines[first : last + 1]) for first, last in instructor_spans(source)]
        assert any(sentinel.text in block for block in inside), f"{sentinel} is not inside instructor material"
        assert sentinel.text not in student_text, f"{sentinel.text!r} is also in student material"


def test_student_edition_publishes_no_instructor_material(built_book: Path) -> None:
    assert leaks(built_book) == [], "instructor material in the student edition"
    assert not (built_book / "instructor").exists(), "the Instructor guide was built for students"
    assert not any(doc.startswith("instructor/") for doc in search_documents(built_book / "searchindex.js"))
    assert "Instructor edition" not in (built_book / "book" / "index.html").read_text(encoding="utf-8")


def test_student_edition_publishes_no_raw_source(built_book: Path) -> None:
    """Stripped or not, a page's MyST source shows each self-check option with its key."""
    assert not (built_book / "_sources").exists()


def test_instructor_edition_has_every_sentinel_on_its_page(instructor_book: Path) -> None:
    terms = search_terms(instructor_book / "searchindex.js")
    for sentinel in SENTINELS:
        page = (instructor_book / sentinel.page).with_suffix(".html").read_text(encoding="utf-8")
        assert sentinel.text in html.unescape(page), f"{sentinel.text!r} is missing from {sentinel.page}"
        if sentinel.word:
            assert stem(sentinel.text) in terms, f"{sentinel.text!r} is not searchable in the instructor edition"


def test_the_leak_check_catches_a_planted_leak_in_every_channel(
    built_book: Path, instructor_book: Path, tmp_path: Path
) -> None:
    """Clean copies pass; the same files with instructor material planted in them fail, by name."""

    def plant(name: str, relative: str, source: Path | str) -> list[str]:
        target = tmp_path / name / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        else:
            target.write_text(source, encoding="utf-8")
        return leaks(tmp_path / name)

    page, index = "exercises/ch2-exercises.html", "searchindex.js"
    assert plant("clean-page", page, built_book / page) == []
    assert plant("clean-index", index, built_book / index) == []
    assert "exercises/ch2-exercises.html: Bands (suggested, out of 20)" in plant("page", page, instructor_book / page)
    assert "searchindex.js (search term): sentinelinstructoronly" in plant("index", index, instructor_book / index)
    raw = (ROOT / "book" / "how-to-use.md").read_text(encoding="utf-8")
    assert plant("source", "_sources/how-to-use.md", raw) == ["_sources/how-to-use.md: sentinelinstructoronly"]
    notebook = jupytext.writes(jupytext.read(ROOT / "exercises" / "ch2-exercises.md"), fmt="ipynb")
    assert "_notebooks/ex.ipynb: Crib for markers" in plant("notebook", "_notebooks/ex.ipynb", notebook)


def test_instructor_edition_is_the_student_book_plus_the_guide(built_book: Path, instructor_book: Path) -> None:
    for doc in toc_files():
        assert (instructor_book / f"{doc}.html").is_file(), f"{doc} is missing from the instructor edition"
    for doc in GUIDE:
        page = (instructor_book / f"{doc}.html").read_text(encoding="utf-8")
        assert "Instructor edition:" in page, f"{doc} lacks the instructor-edition banner"
        assert "Instructor guide" in page, f"{doc}: no Instructor guide part in the navigation"


def text_of(page: str) -> str:
    """A page's text as a reader sees it (no tags, entities resolved, spaces collapsed), with Sphinx's
    curly quotes made straight again so it compares with the source."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return text.translate(str.maketrans("‘’“”", "''\"\""))


def test_answer_key_gives_every_self_check_its_right_answer(built_book: Path, instructor_book: Path) -> None:
    """Every self-check students see (in the student edition), in the book's order, with its right answer."""
    key = text_of((instructor_book / "instructor" / "answer-keys.html").read_text(encoding="utf-8"))
    questions = [
        question
        for doc in toc_files()
        for question in questions_in_html((built_book / f"{doc}.html").read_text(encoding="utf-8"), where=doc)
    ]
    assert len(questions) >= 6, "chapter 2 alone has six self-checks"
    starts = [key.index(text_of(question.prompt)) for question in questions]
    assert starts == sorted(starts), "the key is not in the book's order"
    for question, start, end in zip(questions, starts, [*starts[1:], len(key)], strict=True):
        (right,) = (option.text for option in question.options if option.correct)
        assert f"Right: {text_of(right)}" in key[start:end], f"wrong or missing key for {question.prompt!r}"


def test_course_plan_links_every_chapter_and_prints_its_readings_in_full(instructor_book: Path) -> None:
    """The term plan's links resolve to every chapter, seminar plan and exercise notebook, and each
    plan ends with the full references of its readings (author, title, publisher, year)."""
    page = (instructor_book / "instructor" / "course-plan.html").read_text(encoding="utf-8")
    plan = page.split("<article", 1)[1].split("</article>", 1)[0]  # the page itself, not the navigation
    for chapter in (doc for doc in toc_files() if doc.startswith("book/ch")):
        number = chapter.split("/ch")[1].split("-")[0]
        for target in (f"../{chapter}.html", f"seminar-ch{number}.html", f"../exercises/ch{number}-exercises.html"):
            assert f'href="{target}' in plan, f"the course plan does not link {target}"
    readings = text_of(plan).split("The readings in full", 2)[-1]
    assert "Donald Filtzer. Soviet Workers and Stalinist Industrialization" in readings, "readings not in full"
    assert "Pluto, London, 1986" in readings


def test_every_chapter_has_a_marking_guide_showing_its_assignments_rubric(instructor_book: Path) -> None:
    """Each guide shows the rubric and essay question from the assignment's source, and the guides'
    index links every one of them."""
    index = (instructor_book / "instructor" / "marking-guides.html").read_text(encoding="utf-8")
    for chapter in (doc for doc in toc_files() if doc.startswith("book/ch")):
        number = chapter.split("/ch")[1].split("-")[0]
        assert f'href="marking-guide-ch{number}.html"' in index, f"the marking guides do not link chapter {number}"
        page = (instructor_book / "instructor" / f"marking-guide-ch{number}.html").read_text(encoding="utf-8")
        shown = text_of(page.split("<article", 1)[1].split("</article>", 1)[0])
        source = (ROOT / "exercises" / f"ch{number}-assignment.md").read_text(encoding="utf-8")
        criterion = re.search(r"^\| \*\*(A\. [^*]+)\*\* \((\d+)\) \| ([^|]{0,60})", source, re.MULTILINE)
        assert f"{criterion[1]} ({criterion[2]})" in shown, f"chapter {number}: the rubric is not shown"
        assert text_of(criterion[3].replace("*", "")).strip() in shown
        question = re.search(r"^## Task 4\. The essay.*?\n\n> (.{0,40})", source, re.MULTILINE)
        assert text_of(question[1]) in shown, f"chapter {number}: the essay question is not shown"


def test_the_guide_links_to_every_instructor_block(instructor_book: Path) -> None:
    guide = instructor_book / "instructor" / "index.html"
    links = dict(
        (html.unescape(title), href)
        for href, title in re.findall(r'<a class="reference internal" href="([^"]+)">([^<]+)</a>', guide.read_text())
    )
    for doc in toc_files():
        source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
        for title in re.findall(r"^:{3,}\{instructor\}[ \t]*(.*)$", source, re.MULTILINE):
            assert title in links, f"the instructor block {title!r} on {doc} is not listed"
            target, anchor = links[title].split("#")
            assert f'id="{anchor}"' in (guide.parent / target).resolve().read_text(encoding="utf-8"), title
