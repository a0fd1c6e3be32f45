"""One stylesheet per page, cut to the rules the book uses.

A page used to link twelve stylesheets (the theme's, five extensions', the book's own), 470 KB
before compression. On a slow phone connection each file is a request of its own behind the
browser's six connections, and the page paints only when the last has arrived. Here the layout
(``templates/layout.html``) replaces those links by one, to ``_static/styles/book.css``: the same
files in the same order (recorded as pages are written), concatenated once the build has finished
and every extension has copied its files, with ``@import`` inlined and ``url()`` references
re-pointed from the bundle's folder. The link's version is a digest of what can change the bundle:
its parts, the pinned lock (every theme and extension) and the book's own assets.

The theme's and extensions' largest stylesheets mostly style what this book never shows. PurgeCSS
(``make purge-css``, a maintainer's step: :mod:`bookbuild.purge_css`) keeps the rules a page or
script of either edition can use and writes the cut copies to ``tools/bookbuild/stylesheets/`` with
the SHA-256 of the file each was cut from. The bundle takes a cut copy only while that original is
unchanged; after a theme upgrade it takes the whole original file (heavier, never wrong) and
``tests/test_stylesheet.py`` says to run ``make purge-css`` again.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from bookbuild.structure import REPOSITORY

CUT = Path(__file__).resolve().parent.parent / "stylesheets"
MANIFEST = CUT / "manifest.json"
BUNDLE = "styles/book.css"  # under _static; beside the theme's own, whose url()s then stay as they are
STYLESHEET_LINK = re.compile(r'\s*<link\b(?=[^>]*\brel="stylesheet")[^>]*>')
SCRIPT_PRELOAD = re.compile(r'\s*<link\b(?=[^>]*\brel="preload")(?=[^>]*\bas="script")[^>]*>')
HREF = re.compile(r'\bhref="([^"]+)"')
IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s]+)["']?\)?\s*;""")
URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
CHARSET = re.compile(r'@charset\s+"[^"]*"\s*;')
SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/")


def static_part(href: str) -> str:
    """A stylesheet link's file under ``_static`` (``../_static/pygments.css?v=1`` -> ``pygments.css``)."""
    return href.split("?", 1)[0].split("_static/", 1)[1]


def cut_copies() -> dict[str, str]:
    """The cut stylesheets on record: file name -> SHA-256 of the original it was cut from."""
    return json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.is_file() else {}


def _repointed(css: str, part: str) -> str:
    """``url()`` references of a file at ``_static/part``, rewritten to work from the bundle's folder."""
    folder = posixpath.dirname(part)
    bundle_folder = posixpath.dirname(BUNDLE)

    def repoint(match: re.Match) -> str:
        quote, target = match.groups()
        if re.match(r"^(?:[a-z]+:|/|#)", target):
            return match.group(0)
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(folder, target)), bundle_folder)
        return f"url({quote}{moved}{quote})"

    return URL.sub(repoint, css)


def part_text(static: Path, part: str, cuts: dict[str, str]) -> str:
    """One file of the bundle: its cut copy while the original is the one it was cut from, with
    its own ``@import``s inlined and its ``url()``s re-pointed."""
    original = (static / part).read_bytes()
    name = posixpath.basename(part)
    cut = CUT / name
    use_cut = cuts.get(name) == hashlib.sha256(original).hexdigest() and cut.is_file()
    css = cut.read_text(encoding="utf-8") if use_cut else original.decode("utf-8")

    def inline(match: re.Match) -> str:
        imported = posixpath.normpath(posixpath.join(posixpath.dirname(part), match.group(1)))
        return part_text(static, imported, cuts)

    css = SOURCE_MAP.sub("", CHARSET.sub("", IMPORT.sub(inline, css)))
    return f"/* {part} */\n{_repointed(css, part).strip()}\n"


def write_bundle(static: Path, parts: list[str]) -> None:
    """Write ``_static/styles/book.css`` from ``parts``, only when its content changed (a rebuild
    then leaves it and its compressed twins alone)."""
    css = "".join(part_text(static, part, cut_copies()) for part in parts).encode("utf-8")
    target = static / BUNDLE
    if not target.is_file() or target.read_bytes() != css:
        target.write_bytes(css)


def _record(app: Sphinx) -> Path:
    """Where the bundle's parts are kept between the pages that name them and the build's end (a
    file, so that a rebuild that writes no page still knows them)."""
    return Path(app.doctreedir) / "stylesheet-parts.json"


def version(app: Sphinx, parts: tuple[str, ...]) -> str:
    """What can change the bundle: its parts, every pinned package and the book's own assets."""
    lock = (REPOSITORY / "requirements.lock").read_bytes()
    return hashlib.sha256(repr(parts).encode() + lock + app.config.companion_assets.encode()).hexdigest()[:12]


def one_stylesheet(app: Sphinx) -> Any:
    """The template filter: a page's ``<head>`` assets with its stylesheet links replaced by one
    link to the bundle (where the first was), and the theme's script preloads dropped (they would
    take bandwidth from the stylesheet and plotly.js before the first paint; the scripts load
    deferred all the same)."""

    @cache
    def link(parts: tuple[str, ...], bundle_href: str) -> str:
        record = _record(app)
        if not record.is_file() or json.loads(record.read_text(encoding="utf-8")) != list(parts):
            record.write_text(json.dumps(list(parts)), encoding="utf-8")
        return f'\n  <link rel="stylesheet" href="{bundle_href}?v={version(app, parts)}" />'

    def replace(markup: Any, bundle_href: str) -> str:
        markup = SCRIPT_PRELOAD.sub("", str(markup))
        links = list(STYLESHEET_LINK.finditer(markup))
        if not links:
            return markup
        parts = tuple(static_part(HREF.search(found.group(0)).group(1)) for found in links)
        start = links[0].start()
        return markup[:start] + link(parts, bundle_href) + STYLESHEET_LINK.sub("", markup[start:])

    return replace


def _add_filter(app: Sphinx) -> None:
    if hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["one_stylesheet"] = one_stylesheet(app)


def _bundle(app: Sphinx, exception: Exception | None) -> None:
    record = _record(app)
    if exception is None and app.builder.format == "html" and record.is_file():
        write_bundle(Path(app.outdir) / "_static", json.loads(record.read_text(encoding="utf-8")))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _add_filter)
    # After the extensions copy their stylesheets (sphinx-exercise, myst-nb: 500), before the
    # icon-font subset reads the stylesheets (800) and the compressed twins are written (900).
    app.connect("build-finished", _bundle, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
