"""``make purge-css``: the theme's and extensions' largest stylesheets cut to the rules the book uses.

pydata-sphinx-theme's stylesheet alone is 390 KB (50 KB in Brotli) and carries all of Bootstrap;
sphinx-design's, myst-nb's and Sphinx's own style components the book never shows. PurgeCSS reads
every page of both editions (``make book`` and ``make instructor`` first) and every script those
pages load (scripts add classes of their own: menus, dark mode, search results) but plotly.js, and
keeps each rule whose selector names only classes, ids, elements and attributes found there.
plotly.js styles what it draws itself and never uses the theme's classes, while its minified code
is full of words PurgeCSS takes for class names (``g-3`` is a variable ``g`` less 3). The cut copies
and the SHA-256 of each original go to ``tools/bookbuild/stylesheets/``, where the book's one
stylesheet (:mod:`bookbuild.sphinx.stylesheet`) takes them while the originals are unchanged.

A maintainer's step, like ``make vendor-plotly``: run it again after upgrading the theme or an
extension, or after adding a page that uses a component the book did not use before (a tab set, a
card grid); ``tests/test_stylesheet.py`` fails until then. Needs Node's npm (PurgeCSS is installed
from ``tools/npm``'s lock).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bookbuild.sphinx.stylesheet import CUT, MANIFEST
from bookbuild.sphinx.weight import static_files_in_use
from bookbuild.structure import REPOSITORY
from bookbuild.vendor_plotly import bundle_name

PURGECSS = REPOSITORY / "tools" / "npm" / "node_modules" / ".bin" / "purgecss"
EDITIONS = (REPOSITORY / "_build" / "html", REPOSITORY / "_build" / "instructor" / "html")
# The large stylesheets written by the theme and extensions (the book's own are left whole).
CUTTABLE = ("pydata-sphinx-theme.css", "sphinx-book-theme.css", "sphinx-design.min.css", "mystnb.*.css", "basic.css")


def originals(site: Path) -> list[Path]:
    """The built site's copies of the stylesheets worth cutting."""
    static = site / "_static"
    return sorted(path for path in static.rglob("*.css") if any(fnmatch.fnmatch(path.name, p) for p in CUTTABLE))


def cut(sites: tuple[Path, ...], out: Path) -> dict[str, str]:
    """Run PurgeCSS over ``sites`` and write the cut stylesheets and their manifest into ``out``."""
    missing = [site for site in sites if not (site / "index.html").is_file()]
    if missing:
        sys.exit(f"Build both editions first (make book, make instructor): {', '.join(map(str, missing))} is empty.")
    if not PURGECSS.is_file():
        sys.exit("PurgeCSS is not installed: run `npm ci --prefix tools/npm --ignore-scripts` (make test does).")
    sheets = originals(sites[0])
    scripts = [script for script in static_files_in_use(sites, "**/*.js") if script.name != bundle_name()]
    content = [str(site / "**" / "*.html") for site in sites] + [str(script) for script in scripts]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="purgecss-") as scratch:
        command = [str(PURGECSS), "--css", *map(str, sheets), "--content", *content, "--output", scratch]
        subprocess.run(command, check=True, capture_output=True, text=True)
        manifest = {}
        for sheet in sheets:
            (out / sheet.name).write_bytes((Path(scratch) / sheet.name).read_bytes())
            manifest[sheet.name] = hashlib.sha256(sheet.read_bytes()).hexdigest()
    (out / MANIFEST.name).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    for old in CUT.glob("*"):
        old.unlink()
    manifest = cut(EDITIONS, CUT)
    for name in manifest:
        before = next(path for path in originals(EDITIONS[0]) if path.name == name).stat().st_size
        print(f"{name}: {before // 1024} KB -> {(CUT / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
