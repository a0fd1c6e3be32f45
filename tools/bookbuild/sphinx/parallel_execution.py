"""Sphinx extension: run the notebooks a build needs side by side, before Sphinx reads them.

myst-nb executes a notebook while Sphinx reads its page, one page after another, so a cold build
ran every notebook in series although each runs in a kernel process of its own and the machine
has more than one processor. Here, just before Sphinx reads the new and changed pages
(``env-before-read-docs``), every one of them that is a notebook missing from the execution cache
is executed, one more at a time than there are processors, by myst-nb's own cache client, which
stores the result.
When Sphinx then reads the pages, myst-nb finds each notebook in the cache.

Why not Sphinx's own parallel read (``-j``), where myst-nb would execute each page in the process
that reads it? Two things stop it with this stack (tried: Jupyter Book 1.0.4, myst-nb 1.4.0):
sphinx-external-toc always loads sphinx-multitoc-numbering, which does not declare itself
parallel-safe, so Sphinx warns and reads in series (an error under ``-W``); and with that flag
forced, a cold build fails at once, because the parallel readers race to create jupyter-cache's
SQLite tables ("table settings already exists").

The notebook executed is the one myst-nb will look up: the page's source after every
``source-read`` edit (the student edition drops instructor cells there), read by myst-nb's reader
with the page's own ``mystnb`` settings. A notebook that fails here is simply not cached: myst-nb
runs it again while reading and reports the failure exactly as it would have without this.
"""

from __future__ import annotations

import functools
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_cache import get_cache
from myst_nb.core.config import NbParserConfig
from myst_nb.core.execute import cache as myst_nb_cache
from myst_nb.core.execute import create_client
from myst_nb.core.nb_to_tokens import nb_node_to_dict
from myst_nb.core.read import create_nb_reader
from nbformat import NotebookNode
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from bookbuild.kernel_client import kernel_config

logger = logging.getLogger(__name__)


@dataclass
class _Job:
    docname: str
    path: Path
    notebook: NotebookNode
    config: NbParserConfig
    read_fmt: dict | None

    @property
    def code_size(self) -> int:
        """A rough cost, to start the longest notebooks first."""
        return sum(len(cell.source) for cell in self.notebook.cells if cell.cell_type == "code")


class _PageLogger(logging.SphinxLoggerAdapter):
    """myst-nb's client logs through this, so each line names its page. A failure is only noted:
    myst-nb executes that notebook again while reading and reports it then."""

    def __init__(self, docname: str) -> None:
        super().__init__(logging.getLogger(__name__).logger, {})
        self.docname = docname

    def process(self, msg: str, kwargs: dict) -> tuple[str, dict]:  # type: ignore[override]
        kwargs.setdefault("location", self.docname)
        return super().process(msg, kwargs)

    def warning(self, msg: object, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        kwargs.pop("subtype", None)
        self.info(f"{msg} (it runs again while its page is read)", *args, **kwargs)


def _source_as_read(app: Sphinx, docname: str) -> str:
    """The page's text as Sphinx will hand it to myst-nb: after ``source-read`` handlers."""
    env = app.env
    content = [Path(env.doc2path(docname)).read_text(encoding=app.config.source_encoding)]
    env.prepare_settings(docname)  # handlers may ask the environment which page is being read
    try:
        app.events.emit("source-read", docname, content)
    finally:
        env.temp_data.clear()
    return content[0]


def _job(app: Sphinx, docname: str) -> _Job | None:
    """The notebook myst-nb would execute for this page in cache mode, or None."""
    path = Path(app.env.doc2path(docname))
    config: NbParserConfig = app.env.mystnb_config
    if config.execution_mode != "cache" or not path.is_file():
        return None
    text = _source_as_read(app, docname)
    reader = create_nb_reader(str(path), app.env.myst_config, config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    if config.metadata_key in notebook.metadata:  # a page's own mystnb settings, as myst-nb applies them
        overrides = nb_node_to_dict(notebook.metadata[config.metadata_key])
        overrides.pop("output_folder", None)
        config = config.copy(**overrides)
    if config.execution_mode != "cache":
        return None
    return _Job(docname, path, notebook, config, reader.read_fmt)


def _is_cached(job: _Job) -> bool:
    cache = get_cache(job.config.execution_cache_path or ".jupyter_cache")
    try:
        cache.match_cache_notebook(job.notebook)
    except KeyError:
        return False
    return True


def _execute(job: _Job) -> None:
    try:
        with create_client(job.notebook, str(job.path), job.config, _PageLogger(job.docname), job.read_fmt):
            pass  # entering the client executes the notebook and caches it
    except Exception as error:  # any failure here is reported when the page is read
        # Not cached, then: myst-nb executes the page again while reading it and reports what fails
        # there, as it would have without this (a cache left inconsistent by an interrupted build
        # raises KeyError here, for one).
        _PageLogger(job.docname).info(f"[companion] not executed ahead: {error}")


def processors() -> int:
    """The processors this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers() -> int:
    """Notebooks at once: one per processor and one more. A kernel spends part of its time waiting
    (starting, and between a cell's request and its reply), and the extra one fills those waits:
    a cold build on two processors took 31.0 s with three kernels, 33.0 s with two (farm-bench, the
    medians of six runs each, taken in turn)."""
    return processors() + 1


def _execute_in_parallel(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if processors() < 2:
        return  # nothing to gain: myst-nb executes each page as it reads it
    count = workers()
    jobs = [job for job in (_job(app, doc) for doc in docnames) if job is not None and not _is_cached(job)]
    if len(jobs) < 2:
        return
    jobs.sort(key=lambda job: job.code_size, reverse=True)
    logger.info(f"[companion] executing {len(jobs)} notebooks, {min(count, len(jobs))} at a time")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(count, len(jobs))) as pool:
        list(pool.map(_execute, jobs))
    logger.info(f"[companion] {len(jobs)} notebooks executed in {time.perf_counter() - start:.1f} s")


def _over_local_sockets(execute: Callable[..., Any]) -> Callable[..., Any]:
    """jupyter-cache's notebook executor with each kernel on a local socket in a temporary folder
    of its own, and a client that never sleeps through a reply (:func:`~bookbuild.kernel_client.kernel_config`)."""
    if getattr(execute, "companion_ipc", False):
        return execute

    @functools.wraps(execute)
    def over_local_sockets(*args: Any, **kwargs: Any) -> Any:
        with tempfile.TemporaryDirectory(prefix="companion-kernel-") as folder:
            kwargs.setdefault("config", kernel_config(local_socket_in=Path(folder)))
            return execute(*args, **kwargs)

    over_local_sockets.companion_ipc = True  # type: ignore[attr-defined]
    return over_local_sockets


def setup(app: Sphinx) -> dict[str, Any]:
    # myst-nb's cache client (used here and when it reads a page) calls the executor by this name.
    myst_nb_cache.single_nb_execution = _over_local_sockets(myst_nb_cache.single_nb_execution)
    app.connect("env-before-read-docs", _execute_in_parallel)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
