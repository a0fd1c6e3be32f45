"""Helper package of the teaching companion to Mark B. Smith's 'The life of the Soviet worker'.

Chapters and exercises import from here so that a notebook cell reads like an argument:
the evidence comes from ``data`` (the Frictionless data package), derived figures from ``derive``,
charts in the house style from ``charts``, self-checks from ``quiz`` and ``checks``, and the live
explorers from ``explorers``.
"""

from companion.data import (
    DataError,
    DataFileError,
    UnknownDatasetError,
    essay_figures,
    load,
    names,
    source_line,
)

__all__ = [
    "DataError",
    "DataFileError",
    "UnknownDatasetError",
    "essay_figures",
    "load",
    "names",
    "source_line",
]
