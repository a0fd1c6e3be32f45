"""Sphinx extension: the theme's icon fonts cut down to the icons the book shows.

pydata-sphinx-theme draws its icons (menu, search, theme switcher, download, admonitions) with
Font Awesome's web fonts. The solid set alone is 150 KB, nearly half of what a first visit to a
text page transferred, for about twenty icons. After the build, each font the site ships is
replaced by a subset (fontTools, written as WOFF2 under the same name, so the theme's stylesheet
needs no change) holding only:

* the glyphs of every ``fa-NAME`` class that a page or script of the site names, looked up in the
  stylesheets' ``.fa-NAME:before { content: "\\f002" }`` rules; and
* every icon character the stylesheets use directly (admonition icons, the "on this page" arrow).

Subsets are kept in the build's cache folder under a key of the original font and the characters
kept, so a rebuild that changes no icon does not subset again.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

FONTS = "_static/vendor/fontawesome/webfonts"
ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
ICON_RULE = re.compile(r"\s*\.(fa-[a-z0-9-]+):(?:before|after)\s*")
ESCAPED = re.compile(r"\\([0-9a-fA-F]{4,5})")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")

logger = logging.getLogger(__name__)


def _characters(body: str) -> set[int]:
    """Icon characters in a CSS declaration block, written escaped (``"\\f002"``) or literally."""
    found = {int(code, 16) for code in ESCAPED.findall(body)}
    return found | {ord(char) for char in PRIVATE_USE.findall(body)}


def icons_in_use(site: Path) -> set[int]:
    """The code points of every icon the built site can show."""
    named: set[str] = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.js")]:
        named.update(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    keep: set[int] = set()
    for path in site.rglob("*.css"):
        for selector, body in RULE.findall(path.read_text(encoding="utf-8", errors="ignore")):
            characters = _characters(body)
            icons = [ICON_RULE.fullmatch(part) for part in selector.split(",")]
            if not all(icons):
                keep |= characters  # the stylesheet's own use of an icon
            elif any(icon.group(1) in named for icon in icons):
                keep |= characters
    return keep


def subset_font(font: Path, keep: set[int], cache: Path) -> bool:
    """Replace ``font`` (WOFF2) by its subset to ``keep``; False when it was one already."""
    original = font.read_bytes()
    key = hashlib.sha256(original + repr(sorted(keep)).encode()).hexdigest()[:16]
    cached = cache / f"{font.stem}-{key}.woff2"
    if original == (cached.read_bytes() if cached.is_file() else None):
        return False
    if not cached.is_file():
        import logging as standard_logging

        from fontTools import subset  # a third of a second to import: only when a font is cut

        standard_logging.getLogger("fontTools").setLevel(standard_logging.WARNING)  # not a line per table
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        cut = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(cut)
        cache.mkdir(parents=True, exist_ok=True)
        subset.save_font(cut, str(cached), options)
    shutil.copyfile(cached, font)
    return True


def _already_cut(font: Path, cache: Path) -> bool:
    content = font.read_bytes()
    return any(cached.read_bytes() == content for cached in cache.glob(f"{font.stem}-*.woff2"))


def _subset_fonts(app: Sphinx, exception: Exception | None) -> None:
    fonts = Path(app.outdir) / FONTS
    if exception is not None or app.builder.format != "html" or not fonts.is_dir():
        return
    cache = Path(app.doctreedir).parent / "icon-font-subsets"
    if all(_already_cut(font, cache) for font in fonts.glob("*.woff2")):
        return  # a rebuild that copied no theme file again: nothing to scan
    keep = icons_in_use(Path(app.outdir))
    for font in sorted(fonts.glob("*.woff2")):
        if subset_font(font, keep, cache):
            logger.info(f"[companion] {font.name}: cut to the {len(keep)} icons the book uses")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _subset_fonts, priority=800)  # before the gzip twins (weight, 900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
