"""`make lab` starts JupyterLab for root too: Jupyter refuses root unless given --allow-root, which
the Makefile adds only when it runs as root."""

from __future__ import annotations

import os
import subprocess

from conftest import ROOT


def test_make_lab_allows_root_only_as_root() -> None:
    planned = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    (command,) = [line for line in planned.splitlines() if " lab " in line and "jupyter" in line]
    assert ("--allow-root" in command) == (os.getuid() == 0), command
