"""The data package is valid, and corrupted copies fail with a message that names the problem."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bookbuild import validate
from conftest import ROOT

from companion import data

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


LATER_CONTEXT = [
    "context_wage_inequality",
    "context_wages",
    "context_itr_pay",
    "context_novocherkassk_1962",
    "context_miners_strike_1989",
    "context_durables",
    "context_time_budgets",
    "context_housing_ussr",
]


@pytest.mark.parametrize("name", LATER_CONTEXT)
def test_later_context_rows_carry_their_reading(name: str) -> None:
    """Every row says how far to trust it and how it was read, in the source's own words too."""
    frame = data.load(name)
    assert data.resource(name)["role"] == "context"
    for column in ("as_read", "attributed_to", "locator", "reliability", "read_in", "source_id"):
        assert frame[column].notna().all(), f"{name}: empty {column}"


def test_disagreeing_sources_stay_side_by_side() -> None:
    """Where two publications give different figures for one thing, both rows are kept."""
    wages = data.load("context_wages").query("measure == 'minimum_wage' and value == 70")
    assert set(wages["source_id"]) == {"vm-gladkova", "sinitsyn-brezhnev"}
    assert sorted(wages["start_year"]) == [1971, 1972]
    kuzbass = data.load("context_miners_strike_1989").query("group == 'Kuzbass' and measure == 'strikers'")
    assert dict(zip(kuzbass["attributed_to"], kuzbass["value"], strict=True)) == {"Trud": 100000, "Pravda": 80000}
    killed = data.load("context_novocherkassk_1962").query("measure == 'killed' and group == 'all'")
    assert killed["value"].nunique() == len(killed) >= 3


def test_known_context_figures() -> None:
    """Spot checks against the publications as read (Volkov; Rabkina and Rimashevskaia; Friedgut and Siegelbaum)."""
    itr = data.load("context_itr_pay").set_index("start_year")["value"]
    assert itr[1940] == 215 and itr[1975] == 123.8
    deciles = data.load("context_wage_inequality").query("measure == 'wage_decile_ratio'")
    assert deciles.set_index("start_year")["value"].to_dict() == {
        1964: 3.69,
        1966: 3.26,
        1968: 2.83,
        1972: 3.10,
        1976: 3.35,
        1981: 3.00,
    }
    strike = data.load("context_miners_strike_1989").query("source_id == 'friedgut-siegelbaum1990'")
    assert strike["value"].tolist() == [400000] and strike["as_read"].tolist() == ["some 400,000 coal miners"]


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
        ("context_wages.csv", _set("value_high", "1", row=7), ["context_wages.csv", "row 8", "value_high"]),
        ("context_wages.csv", _set("end_year", "1950", row=4), ["context_wages.csv", "row 5", "end_year"]),
        ("context_itr_pay.csv", _set("reliability", "trustworthy"), ["context_itr_pay", "row 2", "reliability"]),
    ],
    ids=[
        "wrong type",
        "missing source",
        "note out of range",
        "share over 100",
        "precision vs date",
        "range upside down",
        "period ends before it starts",
        "unknown reliability grade",
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
