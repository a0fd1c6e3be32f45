"""Launch buttons appear only when ``_config.yml`` names a class repository and a service, and their
links have the exact forms the services read (nbgitpuller's ``git-pull?repo=…&urlpath=…&branch=…``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from bookbuild.launch import Launch
from bookbuild.sphinx.launch import _launch_buttons

EXAMPLE = """
repository:
  url: https://github.com/a-teacher/workers-class
  branch: spring
launch_buttons:
  jupyterhub_url: https://hub.example.edu/
  binderhub_url: https://mybinder.org
  colab_url: https://colab.research.google.com
"""
NOTEBOOK = "book/ch2-decline-and-fall.ipynb"


def _page(root: Path, pagename: str = "book/ch2-decline-and-fall") -> list[dict]:
    app = SimpleNamespace(
        companion_book=SimpleNamespace(notebook_pages=["book/ch2-decline-and-fall"]),
        companion_launch=Launch.read(root),
    )
    context: dict = {"header_buttons": []}
    _launch_buttons(app, pagename, "page.html", context, None)
    return context["header_buttons"]


def test_an_example_configuration_gives_the_exact_links(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(EXAMPLE, encoding="utf-8")
    (group,) = _page(tmp_path)
    links = {button["text"]: button["url"] for button in group["buttons"]}
    assert links == {
        "JupyterHub": "https://hub.example.edu/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fa-teacher%2Fworkers-class"
        "&urlpath=lab%2Ftree%2Fworkers-class%2Fbook%2Fch2-decline-and-fall.ipynb&branch=spring",
        "Binder": "https://mybinder.org/v2/gh/a-teacher/workers-class/spring?urlpath=lab/tree/" + NOTEBOOK,
        "Colab": "https://colab.research.google.com/github/a-teacher/workers-class/blob/spring/" + NOTEBOOK,
    }
    assert _page(tmp_path, "book/how-to-use") == [], "a page that is not a notebook has nothing to launch"


def test_nothing_configured_means_no_buttons(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("launch_buttons:\n  jupyterhub_url: https://hub.example.edu\n")
    assert _page(tmp_path) == [], "a hub without a class repository has nothing to open"
    root = Path(__file__).resolve().parents[1]
    assert Launch.read(root).links(NOTEBOOK) == [], "the book as published names no hub: no buttons"


def test_binder_and_colab_need_github(tmp_path: Path) -> None:
    launch = Launch("https://git.example.edu/t/class", "main", "https://hub.example.edu", "https://mybinder.org", "x")
    assert [label for label, _ in launch.links(NOTEBOOK)] == ["JupyterHub"]
