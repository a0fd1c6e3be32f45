"""The loader gives typed tables with their units and sources, and clear errors for bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from companion import DataFileError, UnknownDatasetError, data


def test_load_is_typed_and_carries_units_and_sources() -> None:
    figures = data.load("essay_figures")
    assert str(figures["note"].dtype) == "Int64"
    assert str(figures["value"].dtype) == "float64"
    assert "percent" in figures.attrs["units"]
    assert "Oxford Handbook of Modern Russian History" in figures.attrs["sources"]["smith2016"]
    housing = data.load("context_housing_europe")
    assert str(housing["estimate"].dtype) == "boolean"
    assert housing.attrs["units"] == ["dwellings per 1,000 population"]


def test_unknown_dataset_lists_valid_names_and_suggests() -> None:
    with pytest.raises(UnknownDatasetError) as caught:
        data.load("essay_figure")
    message = str(caught.value)
    assert "Did you mean 'essay_figures'?" in message
    assert "context_housing_europe" in message


def test_unknown_measure_is_named() -> None:
    with pytest.raises(UnknownDatasetError, match="no measure called 'petrograd'"):
        data.essay_figures("petrograd")


def test_dataset_name_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match="text such as 'essay_figures'"):
        data.load(3)  # type: ignore[arg-type]


def _copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("COMPANION_DATA_DIR", str(copy))
    return copy


def test_malformed_cell_names_file_row_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(tmp_path, monkeypatch)
    path = copy / "context_workforce.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",false,false,", ",maybe,false,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        data.load("context_workforce")
    assert str(caught.value).startswith("context_workforce.csv, row 4, column 'estimate':")


def test_row_with_a_stray_comma(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(tmp_path, monkeypatch)
    path = copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra,row\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"sources.csv, row \d+: 2 cells where the header has 7"):
        data.load("sources")


def test_missing_file_says_how_to_restore_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(tmp_path, monkeypatch)
    (copy / "glossary.csv").unlink()
    with pytest.raises(DataFileError, match=r"missing.*git checkout -- data/"):
        data.load("glossary")


def test_missing_package_says_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPANION_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError, match="Cannot find the book's data package"):
        data.load("essay_figures")


def test_duplicate_key_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(tmp_path, monkeypatch)
    path = copy / "people.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"people.csv, row 2: the key \['person_id'\]"):
        data.load("people")


def test_source_line_separates_essay_from_context() -> None:
    line = data.source_line(data.essay_figures("workers_share_of_population"), data.load("context_urban_share"))
    assert line.startswith("Source: Smith, 'The life of the Soviet worker' (2016), n. 8.")
    assert "Context (not from the essay):" in line


def test_outside_a_clone_the_installed_copy_is_used_not_a_stranger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed with pip, the package has no repository beside it; a data/ folder of some other
    project above the working directory must not be taken for the book's."""
    installed = tmp_path / "site-packages" / "companion"
    installed.mkdir(parents=True)
    shutil.copytree(data.data_dir(), installed / "_data")
    stranger = tmp_path / "work" / "data"
    stranger.mkdir(parents=True)
    (stranger / "datapackage.json").write_text('{"name": "someone-elses-data", "resources": []}', encoding="utf-8")
    monkeypatch.delenv("COMPANION_DATA_DIR", raising=False)
    monkeypatch.setattr(data, "__file__", str(installed / "data.py"))
    monkeypatch.setattr(data, "INSTALLED_DATA", installed / "_data")
    monkeypatch.chdir(stranger.parent)
    assert data.data_dir() == installed / "_data"
