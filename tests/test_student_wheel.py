"""The student runtime ships alone: a small wheel with the data inside and none of the tooling."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

WHEEL_BUDGET_KB = 600
TOOLING = ("sphinx", "jupytext", "myst_nb", "jupyter_book", "bookbuild", "nbformat", "frictionless", "otter")


def test_the_wheel_holds_the_runtime_and_the_data_only(student_wheel: Path) -> None:
    size_kb = student_wheel.stat().st_size / 1024
    print(f"\nstudent wheel {student_wheel.name}: {size_kb:.0f} KB (budget {WHEEL_BUDGET_KB} KB)")
    assert size_kb <= WHEEL_BUDGET_KB
    names = zipfile.ZipFile(student_wheel).namelist()
    packages = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert packages == {"companion"}, packages
    assert "companion/_data/datapackage.json" in names and "companion/py.typed" in names
    assert not [name for name in names if name.endswith((".js", ".css", ".html"))], "assets belong to the tooling"


def test_importing_the_runtime_imports_no_tooling(clean_venv: Path, tmp_path: Path) -> None:
    """Every runtime module, imported in the student's environment, pulls in nothing that builds the book."""
    probe = (
        "import importlib, pkgutil, sys, companion\n"
        "for module in pkgutil.iter_modules(companion.__path__):\n"
        "    importlib.import_module(f'companion.{module.name}')\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({TOOLING!r})))"
    )
    result = subprocess.run(
        [str(clean_venv / "bin" / "python"), "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"the runtime imports tooling: {result.stdout}"
