"""Launch buttons on notebook pages, only when ``_config.yml`` names a class repository and a
service (:class:`bookbuild.launch.Launch` says which and how)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from bookbuild.launch import Launch


def _read(app: Sphinx) -> None:
    app.companion_launch = Launch.read(Path(app.srcdir))


def _launch_buttons(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename not in app.companion_book.notebook_pages:
        return
    links = app.companion_launch.links(f"{pagename}.ipynb")
    if not links:
        return
    context.setdefault("header_buttons", []).append(
        {
            "type": "group",
            "tooltip": "Open this page's notebook to run it",
            "icon": "fas fa-rocket",
            "label": "launch-buttons",
            "buttons": [
                {
                    "type": "link",
                    "url": url,
                    "text": label,
                    "tooltip": f"Open this notebook on {label}",
                    "label": f"launch-{label.lower()}-button",
                }
                for label, url in links
            ],
        }
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _read)
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", _launch_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
