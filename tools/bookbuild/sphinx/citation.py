"""How to cite this companion, from one title and one address.

The book's title is ``title`` in ``_config.yml`` (Sphinx's ``html_title``), the one the title page
and the README use; its web address is ``html: baseurl`` there (Sphinx's ``html_baseurl``), empty
until the book is published somewhere. Pages cite the companion through MyST substitutions made
here from those two settings, so a citation can never carry another title or a placeholder:

* ``{{ companion_citation }}`` -- authors, full title, year and, once set, the address;
* ``{{ companion_in }}`` -- the short title and address, for "a chapter, in ...".
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

SUBTITLE = "a teaching companion to Mark B. Smith, 'The life of the Soviet worker'"


def citations(title: str, author: str, year: str, address: str) -> dict[str, str]:
    """The citation substitutions for a book ``title`` by ``author`` in ``year`` at ``address``."""
    at = f", <{address}>" if address else ""
    return {
        "companion_citation": f"{author}, *{title}: {SUBTITLE}* ({year}){at}",
        "companion_in": f"*{title}* ({year}){at}",
    }


def _add_citations(app: Sphinx, config: Config) -> None:
    made = citations(
        str(config.html_title or config.project),
        str(config.author),
        str(config.copyright),
        str(config.html_baseurl or "").strip(),
    )
    config.myst_substitutions = {**(config.myst_substitutions or {}), **made}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_citations)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
