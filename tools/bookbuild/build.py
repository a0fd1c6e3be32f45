"""Build one edition of the book, with warnings as errors, nitpicky references and every warning
reported before failing (``-W -n --keep-going``)::

    python -m bookbuild.build                       # the student edition -> _build/html
    python -m bookbuild.build instructor            # -> _build/instructor/html
    python -m bookbuild.build --root COPY student   # a copy of the sources elsewhere (tests, bench)

This is what ``jupyter-book build`` does (Jupyter Book's Sphinx entry point with the book's
``_config.yml`` and ``_toc.yml``) with two differences. Each edition has its own output folder
(with its own ``.doctrees`` beside it, so switching editions never invalidates the other one's
incremental build); ``jupyter-book build`` can only write to ``_build/html``. And when nothing
has changed since the last successful build of the same output, it says so and stops before
starting Sphinx (:mod:`bookbuild.up_to_date`): a no-op rebuild takes a fraction of a second
instead of the 2.5 s Sphinx needs to find it has nothing to do. (Python starts faster in ``.venv``
too: :mod:`bookbuild.quick_start`.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bookbuild import up_to_date
from bookbuild.editions import EDITIONS, STUDENT
from bookbuild.structure import REPOSITORY, STUDENT_TOC

OUTPUTS = {"student": "_build/html", "instructor": "_build/instructor/html"}


def build(edition: str = STUDENT, root: Path = REPOSITORY, builder: str = "html", output: Path | None = None) -> int:
    """Build ``edition`` of the book whose sources are in ``root``; returns the exit status.
    ``builder`` and ``output`` are for the course reader (``singlehtml`` into its own folder)."""
    if edition not in EDITIONS:
        raise SystemExit(f"Unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}.")
    output = output or root / OUTPUTS[edition]
    read = up_to_date.inputs(root, settings=f"{edition} {builder}")
    if up_to_date.has_nothing_to_do(output, read):
        print(f"Nothing has changed since the last build: {output} is up to date.")
        return 0
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        root,
        output,
        noconfig=True,
        builder=builder,
        path_config=root / "_config.yml",
        confoverrides={
            "external_toc_path": STUDENT_TOC,
            "nitpicky": True,
            "companion_edition": edition,
            "latex_individualpages": False,  # read (and required) by Jupyter Book's configuration
        },
        warningiserror=True,
        keep_going=True,
    )
    status = result if isinstance(result, int) else 1
    if status == 0:
        up_to_date.remember(output, read)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookbuild.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", nargs="?", default=STUDENT, choices=EDITIONS)
    parser.add_argument("--root", type=Path, default=REPOSITORY, help="the book's sources (default: this clone)")
    args = parser.parse_args(argv)
    return build(args.edition, args.root.resolve())


if __name__ == "__main__":
    sys.exit(main())
