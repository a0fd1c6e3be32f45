"""One stylesheet per page (bookbuild.sphinx.stylesheet), cut by PurgeCSS to the rules the book uses."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from bookbuild import purge_css
from bookbuild.sphinx.stylesheet import BUNDLE, CHARSET, CUT, URL, cut_copies
from conftest import _required, toc_files

LINK = re.compile(r"<link\b[^>]*>")
# A rule with no rule inside it: a selector (or an @-rule's prelude) and its declarations.
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _rules(css: str) -> set[tuple[str, str]]:
    """Each innermost rule as (selector, declarations) pairs, one pair per selector of a list (PurgeCSS
    drops the unused selectors of a list and keeps the rest), comments and spacing aside."""
    pairs = set()
    for match in RULE.finditer(CHARSET.sub("", COMMENT.sub("", css))):
        selectors, declarations = (" ".join(part.split()) for part in match.groups())
        pairs |= {(selector.strip(), declarations) for selector in selectors.split(",")}
    return pairs


def _selectors(css: str) -> set[str]:
    return {selector for selector, _ in _rules(css)}


def test_every_page_links_one_stylesheet_and_preloads_no_script(built_book: Path) -> None:
    for doc in [*toc_files(), "search", "genindex"]:
        links = LINK.findall((built_book / f"{doc}.html").read_text(encoding="utf-8"))
        sheets = [link for link in links if 'rel="stylesheet"' in link]
        assert len(sheets) == 1 and f"_static/{BUNDLE}?v=" in sheets[0], f"{doc}: {sheets}"
        assert not [link for link in links if 'rel="preload"' in link and 'as="script"' in link], doc


def test_the_stylesheet_imports_nothing_and_every_file_it_names_is_in_the_book(built_book: Path) -> None:
    bundle = built_book / "_static" / BUNDLE
    css = bundle.read_text(encoding="utf-8")
    assert "@import" not in css and "sourceMappingURL" not in css
    named = [target for _, target in URL.findall(css) if not re.match(r"^(?:[a-z]+:|#)", target)]
    assert named, "the theme's web fonts are named in the stylesheet"
    missing = sorted({target for target in named if not (bundle.parent / target.split("?")[0]).resolve().is_file()})
    assert not missing, f"url()s that point nowhere from _static/{BUNDLE}: {missing}"


def test_the_cut_copies_are_of_the_stylesheets_the_book_ships(built_book: Path) -> None:
    """After a theme upgrade the originals change and the bundle falls back to them (heavier)."""
    cuts = cut_copies()
    assert cuts, "no cut stylesheets: run `make purge-css`"
    for name, digest in cuts.items():
        (original,) = [path for path in purge_css.originals(built_book) if path.name == name] or [None]
        assert original is not None, f"{name} is no longer in the book: run `make purge-css`"
        assert hashlib.sha256(original.read_bytes()).hexdigest() == digest, f"{name} changed: run `make purge-css`"
    bundle = (built_book / "_static" / BUNDLE).read_text(encoding="utf-8")
    for name in cuts:
        cut = _selectors((CUT / name).read_text(encoding="utf-8"))
        assert cut <= _selectors(bundle), f"{name}'s cut copy is not in use"


def test_purgecss_keeps_no_rule_the_cut_copies_lack(built_book: Path, instructor_book: Path, tmp_path: Path) -> None:
    """PurgeCSS run again on both editions as built now: a page that starts using a component the
    cut copies left out (a tab set, a card grid) fails here until `make purge-css` is run."""
    _required(
        str(purge_css.PURGECSS) if purge_css.PURGECSS.is_file() else None,
        "PurgeCSS is not installed (make test installs it)",
    )
    purge_css.cut((built_book, instructor_book), tmp_path)
    for name in cut_copies():
        fresh = _rules((tmp_path / name).read_text(encoding="utf-8"))
        kept = _rules((CUT / name).read_text(encoding="utf-8"))
        lacking = sorted(fresh - kept)
        assert not lacking, f"{name} lacks rules the book now uses (run `make purge-css`): {lacking[:5]}"
