"""The autograder zip works on a hosted grader: its environment installs the student runtime from
the wheel inside the zip (not from this repository), and grading there gives the key full marks."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bookbuild import assignments
from conftest import ROOT, UV

MODEL = ROOT / "exercises" / "ch2-assignment.md"  # the assignment the others copy


@pytest.fixture(scope="module")
def hosted_grader(
    assignment_packs: Callable[[Path], assignments.Pack], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, assignments.Pack]:
    """A fresh venv holding exactly the pip part of the zip's ``environment.yml``, installed from the
    unzipped autograder's folder as a hosted grader's setup does (otter-grader from the package index,
    ``companion`` from ``./files/*.whl``). uv resolves and installs the same requirement lines in a few
    seconds, where pip took over 30."""
    pack = assignment_packs(MODEL)
    home = tmp_path_factory.mktemp("hosted")
    source = home / "source"
    zipfile.ZipFile(pack.autograder).extractall(source)
    environment = yaml.safe_load((source / "environment.yml").read_text(encoding="utf-8"))
    pip = next(dep["pip"] for dep in environment["dependencies"] if isinstance(dep, dict))
    assert [dep for dep in pip if dep.startswith("./files/") and dep.endswith(".whl")], pip
    venv = home / "venv"
    python = str(venv / "bin" / "python")
    steps = [
        [str(UV), "venv", "--quiet", "--seed", "--python", sys.executable, str(venv)],
        [str(UV), "pip", "install", "--quiet", "--python", python, "--link-mode", "copy", *pip],
    ]
    for step in steps:
        result = subprocess.run(step, cwd=source, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(step[:3])} failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return venv, pack


def test_the_zip_environment_grades_the_key_with_full_marks(hosted_grader: tuple[Path, assignments.Pack]) -> None:
    venv, pack = hosted_grader
    folder = venv.parent / "grading"
    folder.mkdir()
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import companion; print(companion.__file__)"],
        cwd=folder, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(venv) in where and str(ROOT) not in where, f"companion came from {where}"
    submission = folder / "submission.ipynb"
    submission.write_bytes(pack.instructor.read_bytes())
    command = [str(venv / "bin" / "otter"), "run", "--no-logo", "-a", str(pack.autograder), str(submission)]
    subprocess.run(command, cwd=folder, capture_output=True, check=True)
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    scores = {test["name"]: (test["score"], test["max_score"]) for test in results["tests"] if "score" in test}
    assert scores and all(score == top > 0 for score, top in scores.values()), scores
