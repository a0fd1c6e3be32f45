"""One line in a virtual environment that takes three seconds off every Python process that imports
nbformat: each ``otter run`` and the kernel it starts, each Jupyter server, each notebook that
imports otter-grader.

jsonschema imports ``rfc3987_syntax`` whenever it is installed (the Jupyter server stack installs it,
through ``jsonschema[format-nongpl]``), and that module builds some forty Earley parsers when it is
imported, for the ``iri`` string format, which no schema of nbformat, Jupyter or otter-grader checks
(python-jsonschema/jsonschema#1428). Measured on the 2-core machine: ``otter run`` of an assignment's
key took 11.8 s, and 5.0 s with the line.

The line is a ``.pth`` file in the environment's site-packages: Python's ``site`` module runs a
``.pth`` line that starts with ``import`` whenever the interpreter starts. It marks the module
absent, as an import that is not installed would be, so jsonschema leaves that one format checker
out. ``make`` writes it into ``.venv`` when it creates the environment; the hub test writes it into
its hub's environment (the instructor guide gives it to hub admins).

    python -m bookbuild.quick_start [PYTHON]   # into PYTHON's environment (default: this one)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PTH_NAME = "skip-rfc3987-syntax.pth"
PTH_LINE = "import sys; sys.modules.setdefault('rfc3987_syntax', None)\n"


def site_packages(python: Path) -> Path:
    """The site-packages folder of the environment ``python`` runs in."""
    command = [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
    return Path(subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip())


def install(python: Path) -> Path:
    """Write the line into ``python``'s environment; returns the file written."""
    pth = site_packages(python) / PTH_NAME
    pth.write_text(PTH_LINE, encoding="utf-8")
    return pth


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    install(Path(args[0]) if args else Path(sys.executable))
    return 0


if __name__ == "__main__":
    sys.exit(main())
