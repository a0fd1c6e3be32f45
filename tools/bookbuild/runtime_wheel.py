"""The student runtime as a wheel: what every notebook's first cell installs, shipped with the site.

A student who has only the website must be able to run a downloaded notebook, so the build puts the
runtime (``pip wheel --no-deps`` of the repository's own project: ``companion`` with the data inside)
beside the notebooks it serves, and ``make class`` puts it at the root of a class repository. The
wheel is rebuilt only when its inputs change, so a no-op rebuild stays a no-op.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

_RECORD = ".wheel-digest"


def wheel_name(root: Path) -> str:
    """The file name ``pip wheel`` gives the runtime: ``<name>-<version>-py3-none-any.whl``."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = re.sub(r"[-_.]+", "_", project["name"]).lower()
    return f"{name}-{project['version']}-py3-none-any.whl"


def _digest(root: Path) -> str:
    """A hash of everything the wheel is made from: the project file, the package and the data."""
    digest = hashlib.sha256()
    inputs = [root / "pyproject.toml", *sorted((root / "companion").rglob("*.py")), *sorted((root / "data").glob("*"))]
    for path in inputs:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_wheel(root: Path, out: Path) -> Path:
    """Write the runtime wheel into ``out`` (unless an identical one is there) and return its path."""
    target = out / wheel_name(root)
    record = out / _RECORD
    digest = _digest(root)
    if target.is_file() and record.is_file() and record.read_text(encoding="utf-8") == digest:
        return target
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
               "--no-build-isolation", "--wheel-dir", str(out), str(root)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not target.is_file():
        raise RuntimeError(f"building the student runtime wheel failed:\n{result.stdout}{result.stderr}")
    record.write_text(digest, encoding="utf-8")
    return target
