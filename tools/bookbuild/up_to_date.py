"""Whether a build has anything to do: the no-op rebuild, answered before Sphinx starts.

Sphinx's incremental build already rewrites nothing when nothing has changed, but to find that out
it imports the whole stack and reloads its pickled environment, some 2.5 s on a 2-core machine. The
build entry (:mod:`bookbuild.build`) asks here first, as make does: it compares the size and
modification time of every file a build reads (the sources, the book's tooling and runtime, the data),
the Python environment's package folder and the build's settings, and every file the last successful
build of this output left (its pages, its ``.doctrees`` and its ``jupyter_execute`` records), with
the record that build wrote. When nothing differs there is nothing to do. Any difference (a file
edited, added, removed or merely touched; a page deleted from the output; a package installed)
runs the build as before, and the record is written only after a build that succeeded.

What is not an input: version control, the virtual environment, caches, npm's folders, builds, and
what building the wheel leaves in the source tree (``build/``, ``*.egg-info``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import sysconfig
from collections.abc import Callable, Iterator
from pathlib import Path

NOT_INPUTS = frozenset(
    {".git", ".venv", "_build", "__pycache__", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints",
     "node_modules", "build", "bench-results.json"}
)  # fmt: skip
NOT_INPUT_SUFFIXES = (".egg-info",)


def _is_input(name: str) -> bool:
    return name not in NOT_INPUTS and not name.endswith(NOT_INPUT_SUFFIXES)


def _files(folder: Path, keep: Callable[[str], bool] = lambda name: True) -> Iterator[os.DirEntry]:
    """Every file under ``folder`` whose name and whose folders' names ``keep`` accepts (links are
    not followed)."""
    if not folder.is_dir():
        return
    with os.scandir(folder) as entries:
        for entry in entries:
            if not keep(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path), keep)
            else:
                yield entry


def _digest(root: Path, entries: Iterator[os.DirEntry], *extra: str) -> str:
    digest = hashlib.sha256("\0".join(extra).encode())
    lines = []
    for entry in entries:
        status = entry.stat(follow_symlinks=False)
        lines.append(f"{Path(entry.path).relative_to(root).as_posix()}\0{status.st_size}\0{status.st_mtime_ns}")
    digest.update("\n".join(sorted(lines)).encode())
    return digest.hexdigest()


def inputs(root: Path, settings: str) -> str:
    """A digest of what a build of ``root`` with ``settings`` (edition, builder) reads."""
    packages = Path(sysconfig.get_paths()["purelib"])
    environment = sorted(f"{key}={value}" for key, value in os.environ.items() if key.startswith("COMPANION_"))
    python = f"{sys.executable} {sys.version} {packages.stat().st_mtime_ns if packages.is_dir() else '-'}"
    return _digest(root, _files(root, _is_input), settings, python, *environment)


def outputs(output: Path) -> str:
    """A digest of what a build into ``output`` leaves: the output and, beside it, the doctrees and
    myst-nb's records of the executed pages."""
    folders = [output, output.parent / ".doctrees", output.parent / "jupyter_execute"]
    return _digest(output.parent, (entry for folder in folders for entry in _files(folder)))


def _record(output: Path) -> Path:
    return output.parent / f".{output.name}-built-from.json"


def has_nothing_to_do(output: Path, read: str) -> bool:
    """Whether the last successful build into ``output`` read ``read`` (:func:`inputs`) too, and
    left the output as it is now."""
    try:
        recorded = json.loads(_record(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == {"inputs": read, "outputs": outputs(output)}


def remember(output: Path, read: str) -> None:
    """After a successful build that read ``read`` (:func:`inputs` taken as it started)."""
    _record(output).write_text(json.dumps({"inputs": read, "outputs": outputs(output)}), encoding="utf-8")
