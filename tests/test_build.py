"""The whole book builds with warnings as errors, and the HTML it writes holds together."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import ROOT, notebook_sources, toc_files

pytestmark = pytest.mark.build

ESSAY_BOOK = "The Oxford Handbook of Modern Russian History"


class _Page(HTMLParser):
    """Links, ids and scripts of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"])
        if tag == "link" and values.get("href"):
            self.stylesheets.append(values["href"])
        if tag in {"img", "iframe"} and values.get("src"):
            self.links.append(values["src"])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(html: Path) -> list[Path]:
    return [html / f"{doc}.html" for doc in toc_files()]


def test_every_toc_entry_became_a_page(built_book: Path) -> None:
    missing = [str(p.relative_to(built_book)) for p in _pages(built_book) if not p.is_file()]
    assert not missing, f"no HTML page for: {missing}"


def test_no_error_output_or_traceback_in_any_page(built_book: Path) -> None:
    bad = re.compile(r"Traceback \(most recent call last\)|output traceback|output stderr|ipythontb")
    for page in _pages(built_book):
        match = bad.search(page.read_text(encoding="utf-8"))
        assert match is None, f"{page.relative_to(built_book)} shows an error output: {match.group(0)}"


def test_internal_links_and_anchors_resolve(built_book: Path) -> None:
    parsed: dict[Path, _Page] = {}
    broken = []
    for page in _pages(built_book):
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(built_book)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, _parse(target)).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(built_book)} -> {link} (no such anchor)")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_no_page_loads_anything_from_outside(built_book: Path) -> None:
    for page in built_book.rglob("*.html"):
        parsed = _parse(page)
        remote = [s for s in parsed.scripts + parsed.stylesheets if urlsplit(s).scheme in {"http", "https"}]
        assert not remote, f"{page.relative_to(built_book)} loads {remote}"


def test_plotly_js_only_on_pages_with_charts(built_book: Path) -> None:
    pages_with_charts = 0
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        has_chart = 'class="plotly-graph-div"' in text
        loads_plotly = any("plotly-" in s for s in _parse(page).scripts)
        assert has_chart == loads_plotly, f"{page.relative_to(built_book)}: chart={has_chart}, plotly.js={loads_plotly}"
        pages_with_charts += has_chart
    assert pages_with_charts >= 2
    assert list((built_book / "_static").glob("plotly-*.min.js")), "plotly.js was not copied into the book"


def test_every_chart_has_a_text_description_and_data(built_book: Path) -> None:
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        charts = text.count('class="companion-chart"')
        assert text.count('class="chart-alt"') == charts, page.name
        assert text.count('class="chart-csv"') == charts, page.name


def test_no_widget_sits_dead_on_a_static_page(built_book: Path) -> None:
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in text, page.name
        assert "widget-state+json" not in text, page.name  # state for a manager the book never loads
        assert "require.js" not in text and "html-manager" not in text, page.name
    chapter = (built_book / "book" / "ch2-decline-and-fall.html").read_text(encoding="utf-8")
    assert "Static version of a live explorer" in chapter


def test_every_reading_page_cites_the_essay(built_book: Path) -> None:
    for doc in toc_files():
        if doc.startswith(("book/ch", "exercises/", "book/reference/")):
            html = (built_book / f"{doc}.html").read_text(encoding="utf-8")
            article = html[html.index("<article") : html.index("</article>")]  # not the footer
            assert ESSAY_BOOK in article and "Mark B. Smith" in article, doc


def test_every_notebook_page_offers_a_clean_ipynb(built_book: Path) -> None:
    for source in notebook_sources():
        doc = source.relative_to(ROOT).with_suffix("").as_posix()
        notebook = built_book / "_notebooks" / f"{doc}.ipynb"
        assert notebook.is_file(), f"no .ipynb download for {doc}"
        content = json.loads(notebook.read_text(encoding="utf-8"))
        assert content["nbformat"] == 4 and content["cells"], doc
        assert all(not cell.get("outputs") for cell in content["cells"]), f"{doc}.ipynb has outputs"
        page = (built_book / f"{doc}.html").read_text(encoding="utf-8")
        assert f"_notebooks/{doc}.ipynb" in page, f"{doc}: no download link to its .ipynb"


def test_data_package_is_published_with_the_book(built_book: Path) -> None:
    published = built_book / "data"
    assert (published / "datapackage.json").is_file()
    for resource in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]:
        assert (published / resource["path"]).is_file(), resource["path"]


def _search_index(built_book: Path) -> dict:
    text = (built_book / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _pages_found(index: dict, word: str) -> set[str]:
    """The pages Sphinx's search lists for a word (stemmed as the search box stems it)."""
    found = index["terms"].get(word, [])
    found = [found] if isinstance(found, int) else found
    return {index["docnames"][i] for i in found}


@pytest.mark.parametrize(
    ("word", "page"),
    [
        ("fitzpatrick", "book/reference/people-and-works"),
        ("koenker", "book/reference/people-and-works"),
        ("teikovo", "book/reference/timeline"),
        ("proletkult", "book/reference/timeline"),
    ],
)
def test_search_finds_words_in_the_reference_tables(built_book: Path, word: str, page: str) -> None:
    assert page in _pages_found(_search_index(built_book), word), f"searching '{word}' does not find {page}"


def test_search_index_has_no_words_run_together_across_cells(built_book: Path) -> None:
    index = _search_index(built_book)
    glued = [w for w in index["terms"] if re.fullmatch(r"\d{1,4}[a-z]{4,}", w) and _pages_found(index, w)]
    assert not glued, f"neighbouring cells run together in the search index: {glued[:10]}"
    for word in ("stakhanovth", "14sheila", "fitzpatrickshow"):
        assert not _pages_found(index, word), word


def _article(built_book: Path, doc: str) -> str:
    html = (built_book / f"{doc}.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def test_solution_headers_name_their_exercise_and_hold_no_link(built_book: Path) -> None:
    header = re.compile(r'<div class="solution[^"]*"[^>]*>\s*<p class="admonition-title">(.*?)</p>', re.S)
    headers = [h for doc in toc_files() for h in header.findall(_article(built_book, doc))]
    assert len(headers) >= 6
    for header in headers:
        assert "<a " not in header, f"a link in a solution header steals the tap that opens it: {header}"
        assert re.fullmatch(r"Solution to Exercise \d+\W.+", header), f"says not which exercise: {header}"


def _plain(markup: str) -> str:
    """Text as a reader sees it, quotation marks straightened, for comparing with Markdown."""
    return re.sub(r"\s+", " ", re.sub(r"[‘’]", "'", re.sub(r"<[^>]+>", "", markup)))


def test_the_companion_is_cited_under_one_title_from_one_setting(built_book: Path) -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    title, address = config["title"], config["html"].get("baseurl", "")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    index = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {title}\n") and index.startswith(f"# {title}\n")
    readme_citation = re.search(r"This companion: (.*?\(\d{4}\))\.", readme, re.S).group(1)
    expected = re.sub(r"\s+", " ", readme_citation.replace("*", "")) + (f", {address}" if address else "")
    for doc in toc_files():
        text = _plain(_article(built_book, doc))
        assert "[web address]" not in text and "Reading 'The life" not in text, doc
    how_to = _plain(_article(built_book, "book/how-to-use"))
    assert f"This companion: {expected}." in how_to
    assert f"in {title} (" in how_to


LONG_TABLE_ROWS = 30  # about ten phone screens as cards


class _Tables(HTMLParser):
    """Each table's row count, and whether a closed <details> holds it."""

    def __init__(self) -> None:
        super().__init__()
        self.details: list[bool] = []  # open?, innermost last
        self.tables: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "details":
            self.details.append("open" in dict(attrs))
        elif tag == "table":
            self.tables.append({"rows": 0, "folded": any(not opened for opened in self.details)})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self.details:
            self.details.pop()


def test_long_tables_are_folded_until_asked_for(built_book: Path, instructor_book: Path) -> None:
    """A table a reader scans rather than reads (a chart's data, the timeline's events) starts
    folded, so that it does not add dozens of phone screens to the page."""
    unfolded, long_tables = [], 0
    for site in (built_book, instructor_book):
        for page in sorted(site.glob("**/*.html")):
            tables = _Tables()
            tables.feed(page.read_text(encoding="utf-8"))
            for table in tables.tables:
                if table["rows"] > LONG_TABLE_ROWS:
                    long_tables += 1
                    if not table["folded"]:
                        unfolded.append(f"{page.relative_to(site)} ({table['rows']} rows)")
    assert long_tables >= 2, "the check found none of the book's long tables (the housing data, the timeline)"
    assert not unfolded, f"long tables shown open: {unfolded}"


def test_the_sites_front_door_is_titled_with_the_books_title(built_book: Path) -> None:
    """The root index.html redirects to the book; a browser shows its title while it does."""
    title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    front = (built_book / "index.html").read_text(encoding="utf-8")
    assert f"<title>{html.escape(title)}</title>" in front, front
    assert "url=book/index.html" in front
