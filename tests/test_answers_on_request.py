"""No answer before the student asks for it, on the web book: self-checks read with every style and
script stripped (as GitHub or nbviewer show an untrusted notebook), search results, the downloads a
student edition offers, and the progress a reader keeps in their own browser."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from bookbuild.answer_key import questions_in_html
from sphinx.search.en import SearchEnglish

CHAPTER = "book/ch2-decline-and-fall.html"
VERDICTS = ("Right.", "Not quite.")
FEEDBACK = re.compile(r'<p class="cq-fb[^"]*">.*?</p>', re.DOTALL)


def self_check_pages(book: Path) -> list[Path]:
    return sorted(p for p in book.rglob("*.html") if '<fieldset class="cq"' in p.read_text(encoding="utf-8"))


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def plain(page_html: str) -> str:
    main = page_html[page_html.index("<main") : page_html.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def open_page(browser: object, book_server: str) -> Iterator:
    """A page in a fresh context that records every request and blocks any that leaves localhost."""
    contexts = []

    def opener(path: str, *, scripts: bool = True) -> tuple[object, list[str]]:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=scripts)
        contexts.append(context)
        page = context.new_page()
        requests: list[str] = []

        def route(request_route: object) -> None:
            requests.append(f"{request_route.request.method} {request_route.request.url}")
            if urlsplit(request_route.request.url).hostname in {"127.0.0.1", "localhost"}:
                request_route.continue_()
            else:
                request_route.abort()

        page.route("**/*", route)
        page.goto(f"{book_server}/{path}", wait_until="load")
        return page, requests

    yield opener
    for context in contexts:
        context.close()


# -- downloads ------------------------------------------------------------------------------------


def test_student_edition_offers_no_source_with_the_keys(built_book: Path) -> None:
    assert not (built_book / "_sources").exists(), "the raw .md sources (with each option's key) are published"
    for page in built_book.rglob("*.html"):
        offered = set(re.findall(r"download-[a-z]+-button", page.read_text(encoding="utf-8")))
        allowed = {"download-notebook-button", "download-wheel-button", "download-bundle-button", "download-pdf-button"}
        assert offered <= allowed, f"{page.name} offers {offered}"
    notebook_menu = (built_book / CHAPTER).read_text(encoding="utf-8")
    (link,) = re.findall(r'href="([^"]+\.ipynb)"', notebook_menu)
    assert (built_book / CHAPTER).parent.joinpath(link).resolve().is_file()


# -- the search index and its snippets --------------------------------------------------------------


def docs_with(index: dict, term: str) -> list[int]:
    """The documents Sphinx's index lists for a term (one number, or a list of them)."""
    hit = index["terms"].get(term, [])
    return hit if isinstance(hit, list) else [hit]


def test_search_index_holds_no_feedback(built_book: Path) -> None:
    index_js = (built_book / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(index_js[index_js.index("(") + 1 : index_js.rindex(")")])
    stem = SearchEnglish({}).stem
    checked = 0
    for page in self_check_pages(built_book):
        source = page.read_text(encoding="utf-8")
        doc = index["docnames"].index(page.relative_to(built_book).with_suffix("").as_posix())
        feedback = {stem(w) for q in questions_in_html(source) for o in q.options for w in words(o.feedback)}
        feedback_only = feedback - {stem(w) for w in words(plain(FEEDBACK.sub(" ", source)))}
        checked += len(feedback_only)
        leaked = sorted(term for term in feedback_only if doc in docs_with(index, term))
        assert not leaked, f"{page.name}: the search index holds words only the feedback has: {leaked[:8]}"
    assert checked, "no word of the feedback was checked"


def test_search_snippets_show_no_feedback(built_book: Path, open_page: object) -> None:
    text = plain((built_book / CHAPTER).read_text(encoding="utf-8"))
    lowered = text.lower()
    # A word of a right option whose first place on the page is just before that option's verdict:
    # the snippet Sphinx cuts around it would show the verdict.
    query = next(
        w
        for question in questions_in_html((built_book / CHAPTER).read_text(encoding="utf-8"))
        for option in question.options
        if option.correct
        for w in sorted(words(option.text), key=len, reverse=True)
        if "Right." in text[lowered.index(w) : lowered.index(w) + 240]
    )
    page, _ = open_page(f"search.html?q={quote(query)}")
    page.wait_for_selector("#search-results p.context", timeout=15_000)
    page.wait_for_timeout(500)
    snippets = page.locator("#search-results p.context").all_inner_texts()
    assert any(query in s.lower() for s in snippets), f"no snippet shows {query!r}: {snippets}"
    shown = [s for s in snippets if any(v in s for v in VERDICTS)]
    assert not shown, f"a search snippet gives a self-check's verdict: {shown[0][:200]}"


# -- self-checks without styles and scripts --------------------------------------------------------


def test_self_checks_show_no_feedback_until_asked_with_styles_and_scripts_stripped(
    built_book: Path, open_page: object
) -> None:
    page, _ = open_page(CHAPTER, scripts=False)
    source = (built_book / CHAPTER).read_text(encoding="utf-8")
    stripped = re.sub(r"<(style|script)\b.*?</\1>|<link [^>]*stylesheet[^>]*>", "", source, flags=re.DOTALL)
    page.set_content(re.sub(r'\sstyle="[^"]*"', "", stripped))
    questions = page.locator("fieldset.cq")
    assert questions.count() >= 2
    shown = "\n".join(questions.all_inner_texts())
    assert not any(v in shown for v in VERDICTS), f"feedback shows before an answer is chosen:\n{shown[:300]}"
    questions.first.locator("summary").first.click()
    assert any(v in questions.first.inner_text() for v in VERDICTS), "opening an option should show its feedback"


# -- progress for self-study ------------------------------------------------------------------------


def _tally(page: object) -> str:
    return page.locator(".cq-progress [role=status]").inner_text()


def test_progress_is_kept_in_the_browser_and_can_be_forgotten(open_page: object) -> None:
    page, requests = open_page(CHAPTER)
    questions = page.locator("fieldset.cq")
    total = questions.count()
    assert f"0 of {total} right" in _tally(page)
    first, second = questions.nth(0), questions.nth(1)
    first.locator("details:has(.cq-right) summary").click()
    second.locator("details:has(.cq-wrong) summary").first.click()
    second.locator("details:has(.cq-right) summary").click()  # a second try does not count
    assert f"1 of {total} right at the first try (2 answered)" in _tally(page)
    page.reload(wait_until="load")
    assert f"1 of {total} right" in _tally(page), "the tally is not remembered"
    assert page.locator("fieldset.cq").nth(0).locator("details[open]").count() == 1
    page.get_by_role("button", name="Forget my answers").click()
    assert f"0 of {total} right" in _tally(page) and page.locator("fieldset.cq details[open]").count() == 0
    page.reload(wait_until="load")
    assert f"0 of {total} right" in _tally(page)
    sent = [r for r in requests if not r.startswith("GET ") or urlsplit(r.split()[1]).hostname != "127.0.0.1"]
    assert not sent, f"something left the page other than fetching the book: {sent}"


def test_without_scripts_self_checks_work_and_no_tally_is_shown(open_page: object) -> None:
    page, _ = open_page(CHAPTER, scripts=False)
    assert page.locator(".cq-progress").count() == 0
    question = page.locator("fieldset.cq").first
    question.locator("details:has(.cq-wrong) summary").first.click()
    assert "Not quite." in question.inner_text()
