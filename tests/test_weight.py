"""Page weight: the partial plotly.js bundle covers every chart, icons draw without Font Awesome's
script, and the server sends gzip twins to browsers that accept them."""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from pathlib import Path

import brotli
import pytest
from bookbuild.serve import accepts
from bookbuild.sphinx.weight import COMPRESSIBLE, ENCODINGS, SMALLEST, served_files
from bookbuild.vendor_plotly import LICENCE, UNUSED_COMPONENTS, bundle_name, bundle_version, registered_trace_types
from conftest import ROOT, toc_files
from plotly.offline import get_plotlyjs_version

NEW_PLOT = re.compile(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*")


# The JSON key through which a figure would use each component the bundle leaves out.
COMPONENT_KEYS = {
    "annotations3d": '"scene":',
    "images": '"images":',
    "sliders": '"sliders":',
    "rangeslider": '"rangeslider":',
    "rangeselector": '"rangeselector":',
    "grid": '"grid":',
    "colorbar": '"colorbar":',
}


def _figures(page: Path) -> list[tuple[list, dict]]:
    """The traces and layout of every chart on a built page, read from plotly's own newPlot calls."""
    text = page.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    figures = []
    for call in NEW_PLOT.finditer(text):
        traces, end = decoder.raw_decode(text, call.end())
        layout, _ = decoder.raw_decode(text, text.index("{", end))
        figures.append((traces, layout))
    return figures


def _trace_types(page: Path) -> set[str]:
    """Trace types of every chart on a built page."""
    return {trace.get("type", "scatter") for traces, _ in _figures(page) for trace in traces}


@pytest.mark.build
def test_the_served_bundle_is_pinned_to_pythons_plotly_and_licensed(built_book: Path) -> None:
    served = built_book / "_static" / bundle_name()
    assert served.is_file(), f"{bundle_name()} is not in the book: run `make vendor-plotly`"
    assert bundle_version(served) == get_plotlyjs_version()
    assert "MIT" in LICENCE.read_text(encoding="utf-8") and (built_book / "_static" / LICENCE.name).is_file()
    assert not list((ROOT / "tools" / "bookbuild" / "assets").glob("plotly-*.min.js"))[1:], "one bundle at a time"


@pytest.mark.build
def test_every_trace_type_in_the_book_is_in_the_bundle(built_book: Path) -> None:
    used: dict[str, set[str]] = {}
    for doc in toc_files():
        for kind in _trace_types(built_book / f"{doc}.html"):
            used.setdefault(kind, set()).add(doc)
    assert used, "no chart found: the newPlot pattern no longer matches plotly's output"
    registered = registered_trace_types(built_book / "_static" / bundle_name())
    missing = {kind: sorted(docs) for kind, docs in used.items() if kind not in registered}
    assert not missing, f"trace types the book's bundle cannot draw (add them in vendor_plotly.TRACES): {missing}"


@pytest.mark.build
def test_no_chart_uses_a_component_the_bundle_leaves_out(built_book: Path) -> None:
    assert set(COMPONENT_KEYS) == set(UNUSED_COMPONENTS), "name the JSON key of each component left out"
    used = {}
    for doc in toc_files():
        for figure in _figures(built_book / f"{doc}.html"):
            text = json.dumps(figure, separators=(",", ":"))
            used.update({component: doc for component, key in COMPONENT_KEYS.items() if key in text})
    assert not used, f"charts use components left out of the bundle (vendor_plotly.UNUSED_COMPONENTS): {used}"


@pytest.mark.build
def test_no_page_loads_font_awesome_javascript(built_book: Path) -> None:
    for doc in toc_files():
        text = (built_book / f"{doc}.html").read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, doc
        assert 'class="fa-solid' in text or "fa-solid" in text, f"{doc}: the theme's icons are gone"


@pytest.mark.build
def test_every_text_file_a_reader_can_be_served_has_fresh_gzip_and_brotli_twins(built_book: Path) -> None:
    served = served_files(built_book)
    assert built_book / "_static" / "styles" / "book.css" in served and built_book / "book" / "index.html" in served
    assert not [path for path in served if path.name == "fontawesome.js"], "a script no page loads is not served"
    checked = 0
    for path in served:
        if path.suffix not in COMPRESSIBLE or path.stat().st_size < SMALLEST:
            continue
        for suffix, (_, decode) in ENCODINGS.items():
            twin = path.with_name(path.name + suffix)
            assert twin.is_file(), f"no {suffix} twin for {path.relative_to(built_book)}"
            assert decode(twin.read_bytes()) == path.read_bytes(), f"stale twin {twin.relative_to(built_book)}"
        checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0", False),
        ("identity", False),
        (None, False),
        ("gzip;q=nonsense", False),
    ],
)
def test_accept_encoding_is_read_as_http_means_it(header: str | None, expected: bool) -> None:
    assert accepts(header, "gzip") is expected


def _get(url: str, encoding: str | None) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(response.headers), response.read()


def test_the_server_sends_brotli_or_gzip_only_to_clients_that_accept_it(book_server: str, built_book: Path) -> None:
    page = "book/ch2-decline-and-fall.html"
    original = (built_book / page).read_bytes()
    headers, body = _get(f"{book_server}/{page}", "gzip, deflate, br")
    assert headers.get("Content-Encoding") == "br" and brotli.decompress(body) == original
    headers, body = _get(f"{book_server}/{page}", "gzip")
    assert headers.get("Content-Encoding") == "gzip" and headers["Content-Type"].startswith("text/html")
    assert gzip.decompress(body) == original and len(body) < len(original) / 2
    headers, body = _get(f"{book_server}/{page}", None)
    assert "Content-Encoding" not in headers and body == original


@pytest.mark.browser
def test_icons_draw_from_the_web_font(browser: object, book_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{book_server}/book/how-to-use.html", wait_until="networkidle")
        icons = page.evaluate(
            """() => Array.from(document.querySelectorAll('.bd-header-article i[class*="fa-"]'))
                .filter(i => i.offsetParent !== null)
                .map(i => ({cls: i.className, width: i.getBoundingClientRect().width,
                            glyph: getComputedStyle(i, '::before').content,
                            font: getComputedStyle(i).fontFamily}))"""
        )
        assert icons, "no visible icon in the page header"
        for icon in icons:
            assert "Font Awesome" in icon["font"] and icon["glyph"] not in {"none", "normal", '""'}, icon
            assert icon["width"] > 4, f"icon drawn with no width: {icon}"
        assert page.evaluate("() => document.fonts.check('900 16px \"Font Awesome 6 Free\"')")
    finally:
        context.close()


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


@pytest.mark.build
def test_no_script_holds_up_the_first_paint(built_book: Path) -> None:
    """Every script file is deferred (but the one that defines DOCUMENTATION_OPTIONS), and every
    chart waits in the queue companion-charts.js draws, not for plotly.js to block the page."""
    for doc in toc_files():
        text = (built_book / f"{doc}.html").read_text(encoding="utf-8")
        for attributes, code in SCRIPT_TAG.findall(text):
            if "src=" in attributes and "documentation_options.js" not in attributes:
                assert "defer" in attributes or "async" in attributes, f"{doc}: a blocking script {attributes}"
            if "Plotly.newPlot(" in code:
                assert code.startswith("(window.companionCharts"), f"{doc}: a chart drawn outside the queue"


@pytest.mark.build
def test_the_search_index_loads_only_on_the_search_page(built_book: Path) -> None:
    assert "searchindex.js" in (built_book / "search.html").read_text(encoding="utf-8")
    for doc in toc_files():
        assert "searchindex.js" not in (built_book / f"{doc}.html").read_text(encoding="utf-8"), doc


@pytest.mark.build
def test_icon_fonts_hold_only_the_icons_the_book_uses(built_book: Path) -> None:
    from bookbuild.sphinx.icon_font import FONTS, icons_in_use

    fonts = sorted((built_book / FONTS).glob("*.woff2"))
    assert fonts, "the theme's icon fonts are gone"
    for font in fonts:
        assert font.stat().st_size < 16 * 1024, f"{font.name} is {font.stat().st_size} bytes: not cut down"
    assert 0xF002 in icons_in_use(built_book), "the search icon (fa-magnifying-glass) would be cut out"
