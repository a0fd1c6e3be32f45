"""Every page of both editions is valid HTML by the Nu Html Checker (the W3C validator's engine,
npm's vnu-jar run by Debian's Java): no errors at all, warnings aside."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import vnu_command

pytestmark = pytest.mark.build


def pages(folder: Path) -> list[Path]:
    """The pages a reader can open: every HTML file except the theme's template fragments in _static."""
    return sorted(path for path in folder.rglob("*.html") if "_static" not in path.relative_to(folder).parts)


def errors(folder: Path) -> list[str]:
    """The checker's errors on every page of ``folder``, as "page:line: message"."""
    result = subprocess.run(
        [*vnu_command(), "--errors-only", "--format", "json", *map(str, pages(folder))],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    root = f"file:{folder.resolve()}/"
    return [
        f"{m.get('url', '').removeprefix(root)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    ]


def test_student_edition_is_valid_html(built_book: Path) -> None:
    found = errors(built_book)
    assert not found, f"{len(found)} HTML errors, first ones:\n" + "\n".join(found[:15])


def test_instructor_edition_is_valid_html(instructor_book: Path) -> None:
    found = errors(instructor_book)
    assert not found, f"{len(found)} HTML errors, first ones:\n" + "\n".join(found[:15])
