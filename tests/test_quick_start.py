"""The line that keeps jsonschema from importing rfc3987_syntax (bookbuild.quick_start), in the book's
environment and in one it is written into."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bookbuild import quick_start
from conftest import UV

PROBE = "import sys, nbformat; print(repr(sys.modules.get('rfc3987_syntax', 'never imported')))"


def test_the_books_environment_never_builds_the_iri_parsers() -> None:
    """make wrote the line into .venv: nbformat (through jsonschema) imports without them."""
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "None", "rfc3987_syntax was imported: run make to refresh .venv"


def test_install_writes_the_line_into_another_environment(tmp_path: Path) -> None:
    venv = tmp_path / "env"
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    written = quick_start.install(python)
    assert written.parent == quick_start.site_packages(python) and written.name.endswith(".pth")
    probe = "import sys; print(repr(sys.modules.get('rfc3987_syntax', 'not marked')))"
    result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "None"
