"""Where a page's student notebook can be opened to run: a JupyterHub (through nbgitpuller),
Binder or Colab, only when ``_config.yml`` says where (the launch buttons, ``make class``'s links).

The theme's own launch buttons would open the book's MyST *sources*, which carry the instructor
material; these open the **class repository** that ``make class`` writes (the student notebooks in
the book's folder layout, the runtime wheel, a requirements file), named in ``_config.yml``::

    repository:
      url: https://github.com/<teacher>/<class repository>   # pushed from `make class`
      branch: main
    launch_buttons:
      jupyterhub_url: https://hub.example.edu
      binderhub_url: https://mybinder.org
      colab_url: https://colab.research.google.com

Nothing configured, no buttons: the book says nothing about a hub or a repository it does not have.
Binder and Colab buttons need a GitHub repository (their URL forms are GitHub's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from bookbuild.structure import read_config


def nbgitpuller_link(hub: str, repo: str, branch: str, notebook: str) -> str:
    """A link that clones (or updates) the class repository into a student's home and opens
    ``notebook`` in JupyterLab: nbgitpuller's ``git-pull?repo=…&branch=…&urlpath=…`` form. The
    repository is cloned into a folder named after it, so ``urlpath`` starts with that name."""
    folder = repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    fields = {"repo": repo, "urlpath": f"lab/tree/{folder}/{notebook}", "branch": branch}
    query = urlencode(fields, quote_via=lambda text, *_: quote(text, safe=""))
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


@dataclass(frozen=True)
class Launch:
    """Where notebooks can be opened, as ``_config.yml`` names it; empty strings for "nowhere"."""

    repository: str = ""
    branch: str = "main"
    jupyterhub: str = ""
    binderhub: str = ""
    colab: str = ""

    @classmethod
    def read(cls, root: Path) -> Launch:
        config = read_config(root)
        repository = config.get("repository") or {}
        buttons = config.get("launch_buttons") or {}
        return cls(
            repository=str(repository.get("url") or "").rstrip("/"),
            branch=str(repository.get("branch") or "main"),
            jupyterhub=str(buttons.get("jupyterhub_url") or "").rstrip("/"),
            binderhub=str(buttons.get("binderhub_url") or "").rstrip("/"),
            colab=str(buttons.get("colab_url") or "").rstrip("/"),
        )

    def links(self, notebook: str) -> list[tuple[str, str]]:
        """(label, address) of each launch service configured, for ``notebook`` (its path in the
        class repository, e.g. ``book/ch2-decline-and-fall.ipynb``)."""
        if not self.repository:
            return []
        found = []
        if self.jupyterhub:
            found.append(("JupyterHub", nbgitpuller_link(self.jupyterhub, self.repository, self.branch, notebook)))
        github = self.repository.removeprefix("https://github.com/") if "//github.com/" in self.repository else ""
        if github and self.binderhub:
            found.append(("Binder", f"{self.binderhub}/v2/gh/{github}/{self.branch}?urlpath=lab/tree/{notebook}"))
        if github and self.colab:
            found.append(("Colab", f"{self.colab}/github/{github}/blob/{self.branch}/{notebook}"))
        return found
