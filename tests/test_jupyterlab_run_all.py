"""A downloaded notebook in a real JupyterLab, as a student uses it: open it, Run All Cells, read
what the page then shows. No worked solution may be on screen until the student opens it."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

# The notebook open, its cells read, and its kernel started and idle (JupyterLab's own objects).
READY = """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(w && w.context && w.context.isReady && kernel && kernel.status === 'idle'); }"""
# Every code cell has run (collapsed cells show no prompt, so ask the notebook's model).
ALL_RAN = """() => { const w = window.jupyterapp.shell.currentWidget;
  const code = w.content.widgets.filter(cell => cell.model.type === 'code');
  return code.length > 0 && code.every(cell => cell.model.executionCount !== null)
    && w.sessionContext.session.kernel.status === 'idle'; }"""

BIN = Path(sys.executable).parent
NOTEBOOKS = ["exercises/ch4-exercises", "book/ch4-cultures"]
NOT_OUTPUT = re.compile(r"```python\n.*?\n```|<summary>.*?</summary>|```text|```", re.DOTALL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lab(built_book: Path, kernel: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """JupyterLab on a loopback port, serving a folder that holds the student downloads."""
    for doc in NOTEBOOKS:
        shutil.copy(built_book / "_notebooks" / f"{doc}.ipynb", tmp_path)
    port, token = _free_port(), secrets.token_hex(16)
    home = tmp_path / ".jupyter-home"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "IPYTHONDIR": str(home / "ipython"),  # its kernel's history apart from other kernels' (conftest)
    }
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
               "--LabApp.expose_app_in_browser=True"]  # fmt: skip
    if os.getuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{server.stderr.read()[-2000:]}", pytrace=False)
                time.sleep(0.5)
        yield f"{base}/lab/tree/{{name}}?token={token}", tmp_path
    finally:
        server.terminate()
        server.wait(timeout=30)


def solution_lines(notebook: Path) -> list[str]:
    """Lines only a worked solution shows: the printed text and table cells of each solution's
    output, as the build recorded them in the download."""
    cells = nbformat.read(notebook, as_version=4).cells
    blocks = [NOT_OUTPUT.sub("\n", c.source) for c in cells if "solution" in c.metadata.get("tags", [])]
    lines = {line.strip() for block in blocks for line in re.sub(r"<[^>]+>", "\n", block).splitlines()}
    return sorted(line for line in lines if len(line) >= 12)


@pytest.mark.parametrize("doc", NOTEBOOKS)
def test_run_all_in_jupyterlab_shows_no_worked_solution(browser: object, lab: tuple[str, Path], doc: str) -> None:
    url, folder = lab
    name = Path(doc).name + ".ipynb"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route(
        "**/*",
        lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1" else r.abort(),
    )
    try:
        page.goto(url.format(name=name), wait_until="load")
        page.wait_for_function(READY, timeout=90_000)
        # Run > Run All Cells: the command that menu item runs, through JupyterLab's command registry.
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        page.wait_for_function(ALL_RAN, timeout=240_000)
        page.wait_for_timeout(1000)
        shown = page.locator(".jp-Notebook").inner_text()
        errors = page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        assert not errors, f"{name}: a cell failed on Run All:\n{errors[0][:800]}"
        expected = solution_lines(folder / name)
        visible = [line for line in expected if line in shown]
        assert not visible, f"{name}: after Run All, the page shows a worked solution's output: {visible[:3]}"
        assert expected, f"{name}: no solution output to look for"
        # The check can see solutions: open one and its output appears.
        page.locator(".jp-MarkdownCell summary", has_text="the code and what it prints").first.click()
        assert any(line in page.locator(".jp-Notebook").inner_text() for line in expected)
    finally:
        context.close()
