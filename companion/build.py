"""``python -m companion.build [ARGS]``: ``jupyter-book build ARGS``, two seconds faster to start.

Importing Jupyter Book imports ``jsonschema``, whose format checkers import ``rfc3987_syntax``
(installed through ``jsonschema[format-nongpl]`` by the Jupyter server stack) if it is present.
That module compiles some forty Earley grammars at import time: about 2 s on this project's
machines, on every build, for a format ("iri") that no schema used by the build asks for (see
python-jsonschema/jsonschema#1428). Marking the module as absent makes jsonschema skip that one
checker; nothing else changes. ``make book``, the tests and ``make bench`` build through here.
"""

from __future__ import annotations

import sys


def main() -> None:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None reads as "not installed"
    from jupyter_book.cli.main import main as jupyter_book

    jupyter_book(["build", *sys.argv[1:]], prog_name="jupyter-book")  # exits with the build's status


if __name__ == "__main__":
    main()
