"""Sphinx extension: lighter pages for a reader on a slow connection.

* **No icon-font JavaScript.** pydata-sphinx-theme loads Font Awesome's "SVG + JS" script
  (1.5 MB, 0.5 MB gzipped) on every page, to swap each ``<i class="fa-...">`` for an inline SVG.
  Its stylesheet already carries Font Awesome's CSS and web fonts, which draw the same icons with
  no script; the fonts (woff2, the solid set 150 KB) load only when an icon needs them. The
  theme's layout is extended (``templates/layout.html``) with a filter that drops that one script.
* **No search index outside the search page.** The theme loads Sphinx's search scripts and the
  whole index (30 KB) on every page for a search-as-you-type field the book has turned off
  (``search_as_you_type`` false): its search box sends the reader to the search page, which loads
  them itself. The layout drops them on every other page.
* **Pre-compressed files.** After the build, every text file of the site that a reader can be
  served (not the theme's files the book never loads) gets a gzip twin
  (``page.html.gz``) and a Brotli twin (``page.html.br``, a sixth smaller again: the book's plotly.js is
  353 KB gzipped, 288 KB in Brotli), written once and rewritten only when its content changes, so
  ``make serve`` (``bookbuild.serve``) and any static host that understands such twins send a
  third of the bytes or less. Only the web book gets them: the course reader's page is printed.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import brotli
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from bookbuild.vendor_plotly import bundle_path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ICON_SCRIPT = re.compile(r'\s*<script[^>]*src="[^"]*/fontawesome\.js[^"]*"[^>]*>\s*</script>')
SEARCH_SCRIPTS = re.compile(
    r'\s*<script[^>]*src="[^"]*/(?:searchtools|language_data|searchindex)\.js[^"]*"[^>]*>\s*</script>'
)
# Text formats worth compressing; images and web fonts are compressed already.
COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".csv", ".ipynb", ".txt", ".md", ".xml"}
SMALLEST = 1024  # below this, a twin saves less than it costs in requests for it

logger = logging.getLogger(__name__)


def without_icon_script(markup: str) -> str:
    """The theme's <head> assets less the Font Awesome script tag."""
    return ICON_SCRIPT.sub("", str(markup))


def without_search_scripts(markup: str, pagename: str) -> str:
    """The theme's extra <head> tags less the search scripts, except on the search page."""
    return str(markup) if pagename == "search" else SEARCH_SCRIPTS.sub("", str(markup))


def _add_templates(app: Sphinx, config: Config) -> None:
    config.templates_path.insert(0, str(TEMPLATES))


def _add_filter(app: Sphinx) -> None:
    if hasattr(app.builder, "templates"):
        filters = app.builder.templates.environment.filters
        filters["without_icon_script"] = without_icon_script
        filters["without_search_scripts"] = without_search_scripts


# Each twin's suffix, how to write it and how to read it back.
ENCODINGS = {
    ".gz": (lambda data: gzip.compress(data, compresslevel=9, mtime=0), gzip.decompress),
    ".br": (brotli.compress, brotli.decompress),
}


STATIC_REFERENCE = re.compile(r"""_static/([^"'?#)\s]+)""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')?#]+)""")


def static_files_in_use(sites: Iterable[Path], pattern: str = "**/*") -> list[Path]:
    """The files under each site's ``_static`` that its pages load, with the files their stylesheets
    name (fonts, images). The theme and extensions copy files the book never loads (Font Awesome's
    1.5 MB script, the stylesheets ``book.css`` replaced) and an output folder keeps files from
    earlier builds: neither is in use."""
    used: set[Path] = set()
    for site in sites:
        static = (site / "_static").resolve()
        for page in site.glob("**/*.html"):
            if static in page.resolve().parents:
                continue  # the theme's macro files, templates rather than pages
            used |= {static / name for name in STATIC_REFERENCE.findall(page.read_text(encoding="utf-8"))}
        for sheet in [path for path in used if path.suffix == ".css" and path.is_file()]:
            names = CSS_URL.findall(sheet.read_text(encoding="utf-8"))
            used |= {(sheet.parent / name).resolve() for name in names if not name.startswith("data:")}
    return sorted(path for path in used if path.is_file() and path.match(pattern))


def served_files(root: Path) -> list[Path]:
    """What a reader's browser can ask for: every file outside ``_static`` and those of
    :func:`static_files_in_use`."""
    static = root / "_static"
    outside = [path for path in root.rglob("*") if path.is_file() and static not in path.parents]
    return outside + static_files_in_use([root])


Twins = dict[str, bytes]  # suffix -> the compressed bytes


def twin_paths(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ENCODINGS]


def twins_of(content: bytes) -> Twins:
    return {suffix: encode(content) for suffix, (encode, _) in ENCODINGS.items()}


def _write_twins(path: Path, ahead: Mapping[str, Twins]) -> int:
    """Write or refresh ``path``'s twins, taking them from ``ahead`` (by the SHA-256 of the content)
    when they were made before the file was copied; return how many were written."""
    written = 0
    content = None
    for suffix, (encode, decode) in ENCODINGS.items():
        twin = path.with_name(path.name + suffix)
        if twin.is_file() and twin.stat().st_mtime >= path.stat().st_mtime:
            continue
        content = path.read_bytes() if content is None else content
        if twin.is_file() and decode(twin.read_bytes()) == content:
            twin.touch()  # copied again but unchanged: checking is far cheaper than compressing
            continue
        made = ahead.get(hashlib.sha256(content).hexdigest()) if ahead else None
        twin.write_bytes(made[suffix] if made else encode(content))
        written += 1
    return written


def compress_files(files: Iterable[Path], ahead: Mapping[str, Twins] | None = None) -> int:
    """Write or refresh the twins of each compressible file of ``files``; return how many were
    written. Brotli and zlib release the GIL while they work, so threads compress on every core,
    the largest files first."""
    chosen = [path for path in files if path.suffix in COMPRESSIBLE and path.stat().st_size >= SMALLEST]
    chosen.sort(key=lambda path: path.stat().st_size, reverse=True)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return sum(pool.map(lambda path: _write_twins(path, ahead or {}), chosen))


def compress_site(root: Path, ahead: Mapping[str, Twins] | None = None) -> int:
    """Write or refresh ``FILE.gz`` and ``FILE.br`` beside every compressible FILE a reader can be
    served; return how many twins were written."""
    return compress_files(served_files(root), ahead)


def _in_background(work: Callable[..., Any], *args: Any) -> Future:
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="companion-compress")
    started = pool.submit(work, *args)
    pool.shutdown(wait=False)
    return started


def _compress_ahead(app: Sphinx, env: Any) -> None:
    """Compress plotly.js, a third of the work on a fresh site and known before the build copies it,
    in the background while Sphinx writes the pages on one core (:func:`_compress` collects it)."""
    if app.builder.name != "html":
        return
    content = bundle_path().read_bytes()
    served = Path(app.outdir) / "_static" / bundle_path().name
    if all(path.is_file() for path in twin_paths(served)) and served.is_file() and served.read_bytes() == content:
        return  # compressed by an earlier build
    app.companion_twins_ahead = _in_background(lambda: {hashlib.sha256(content).hexdigest(): twins_of(content)})


def _compress_pages(app: Sphinx, exception: Exception | None) -> None:
    """The pages are final once Sphinx has written them (all but ``index.html``, which two
    build-finished handlers write), so they are compressed in the background while the other
    handlers write the notebooks, the stylesheet and the fonts (:func:`_compress` waits for it)."""
    if exception is None and app.builder.name == "html":
        root = Path(app.outdir)
        static = root / "_static"
        pages = [path for path in root.rglob("*.html") if static not in path.parents and path != root / "index.html"]
        app.companion_pages_compressed = _in_background(compress_files, pages)


def _compress(app: Sphinx, exception: Exception | None) -> None:
    # The web book only: the course reader's single page (singlehtml) is printed, never served, and
    # Brotli at its best setting costs some 20 s for a fresh site on this machine.
    if exception is None and app.builder.name == "html":
        pages = getattr(app, "companion_pages_compressed", None)
        ahead = getattr(app, "companion_twins_ahead", None)
        count = (pages.result() if pages else 0) + compress_site(Path(app.outdir), ahead.result() if ahead else None)
        logger.info(f"[companion] {count} files compressed")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_filter)
    app.connect("env-updated", _compress_ahead)
    app.connect("build-finished", _compress_pages, priority=100)
    app.connect("build-finished", _compress, priority=900)  # after every other file is written
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
