"""Helper package of the teaching companion to Mark B. Smith's 'The life of the Soviet worker'.

Chapters and exercises import from here so that a notebook cell reads like an argument:
the evidence comes from ``data`` (the Frictionless data package), derived figures from ``derive``,
charts in the house style from ``charts``, self-checks from ``quiz`` and ``checks``, and the live
explorers from ``explorers``.

Those names are loaded on first use (PEP 562), so that importing one light module of the
package, as every build of the book does for its Sphinx extensions, does not import pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "DataError",
    "DataFileError",
    "UnknownDatasetError",
    "essay_figures",
    "load",
    "names",
    "source_line",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("companion.data"), name)
    raise AttributeError(f"module 'companion' has no attribute {name!r}")
