"""The data package is valid, and corrupted copies fail with a message that names the problem."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from companion import data, validate

DATA = ROOT / "data"


def test_package_is_valid() -> None:
    assert validate.problems() == []


def test_every_resource_has_a_card_worth_of_metadata() -> None:
    for resource in data.package()["resources"]:
        for key in ("title", "description", "caveats", "role", "path", "schema"):
            assert resource.get(key), f"{resource['name']} lacks {key}"
        assert resource["role"] in {"essay", "context", "reference"}


def test_every_row_cites_an_existing_source() -> None:
    sources = set(data.load("sources")["source_id"])
    for name in data.names():
        frame = data.load(name)
        if "source_id" in frame.columns:
            assert set(frame["source_id"]) <= sources, name


def test_essay_figures_are_the_essays_and_carry_notes() -> None:
    figures = data.load("essay_figures")
    assert set(figures["source_id"]) == {"smith2016"}
    assert figures["note"].dropna().between(1, 50).all()
    assert figures["figure_id"].is_unique
    # The paragraph without a note call is the exception, and each such row says so.
    for _, row in figures[figures["note"].isna()].iterrows():
        assert "no note call" in row["remark"], row["figure_id"]


def test_context_rows_never_claim_the_essay() -> None:
    for name in data.names():
        if name.startswith("context_"):
            assert "smith2016" not in set(data.load(name)["source_id"]), name


def test_known_figures_from_the_essay() -> None:
    """Spot checks against the essay's text (Smith, nn. 4, 8, 10, 13)."""
    petrograd = data.essay_figures("petrograd_population").set_index("start_year")["value"]
    assert petrograd[1917] == 2_500_000 and petrograd[1920] == 700_000
    share = data.essay_figures("workers_share_of_population").set_index("start_year")["value"]
    assert share[1928] == 12 and share[1939] == 32.5
    women = data.essay_figures("women_share_industrial_workforce")
    assert women["value"].tolist() == [42] and women["note"].tolist() == [10]
    party = data.essay_figures("workers_share_party_members").set_index("start_year")["value"]
    assert party[1933] == 40.9 and party[1941] == 18.2


# -- corrupted copies -----------------------------------------------------------------------------


def _corrupt(tmp_path: Path, filename: str, edit: Callable[[list[list[str]]], None]) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / filename
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return copy


def _set(column: str, value: str, row: int = 1) -> Callable[[list[list[str]]], None]:
    def edit(rows: list[list[str]]) -> None:
        rows[row][rows[0].index(column)] = value

    return edit


@pytest.mark.parametrize(
    ("filename", "edit", "expected"),
    [
        ("essay_figures.csv", _set("value", "lots"), ["essay_figures", "row 2", "value"]),
        ("essay_figures.csv", _set("source_id", "nowhere"), ["essay_figures", "nowhere"]),
        ("essay_figures.csv", _set("note", "73"), ["essay_figures", "row 2", "note"]),
        (
            "context_urban_share.csv",
            _set("value", "132.9", row=2),
            ["context_urban_share", "row 3", "132.9"],
        ),
        ("timeline.csv", _set("precision", "day"), ["timeline.csv", "row 2", "precision"]),
    ],
    ids=[
        "wrong type",
        "missing source",
        "note out of range",
        "share over 100",
        "precision vs date",
    ],
)
def test_corrupted_copy_fails_with_a_clear_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    filename: str,
    edit: Callable,
    expected: list[str],
) -> None:
    monkeypatch.setenv("COMPANION_DATA_DIR", str(_corrupt(tmp_path, filename, edit)))
    found = validate.problems()
    assert found, "the corrupted copy passed validation"
    assert any(all(part in problem for part in expected) for problem in found), found


def test_nothing_points_to_the_projects_working_notes() -> None:
    """Readers of the data and the book cannot see the research notes it was compiled from."""
    pattern = re.compile(r"research/|research notes|context-data\.md|later-chapters|seed text")
    published = [
        *DATA.glob("*.csv"),
        DATA / "datapackage.json",
        ROOT / "book" / "references.bib",
        *(ROOT / "book").rglob("*.md"),
        *(ROOT / "exercises").rglob("*.md"),
    ]
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in published
        if "_drafts" not in path.parts
        for match in [pattern.search(path.read_text(encoding="utf-8"))]
        if match
    ]
    assert not offenders, offenders
