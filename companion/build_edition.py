"""Build one edition of the book with the same strictness as ``make book``.

    python -m companion.build_edition instructor    # -> _build/instructor/html

``jupyter-book build`` can only write to ``<path-output>/_build/html``; the instructor edition
lives in ``_build/instructor/html`` (with its own ``.doctrees`` beside it, so switching editions
never invalidates the other one's incremental build), so this calls Jupyter Book's Sphinx entry
point directly with the edition set in the configuration.
"""

from __future__ import annotations

import sys
from pathlib import Path

from companion.editions import EDITIONS
from companion.sphinx_editions import INSTRUCTOR_OUTPUT, STUDENT_OUTPUT

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = {"student": STUDENT_OUTPUT, "instructor": INSTRUCTOR_OUTPUT}


def build(edition: str, root: Path = ROOT) -> int:
    """Build ``edition`` with warnings as errors (-W -n --keep-going); returns the exit status."""
    from jupyter_book.sphinx import build_sphinx

    if edition not in EDITIONS:
        raise SystemExit(f"Unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}.")
    result = build_sphinx(
        root,
        root / OUTPUTS[edition],
        noconfig=True,
        path_config=root / "_config.yml",
        confoverrides={
            "external_toc_path": "_toc.yml",
            "nitpicky": True,
            "companion_edition": edition,
            "latex_individualpages": False,  # read (and required) by Jupyter Book's configuration
        },
        warningiserror=True,
        keep_going=True,
    )
    return result if isinstance(result, int) else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(f"usage: python -m companion.build_edition {{{','.join(EDITIONS)}}}")
    sys.exit(build(sys.argv[1]))
