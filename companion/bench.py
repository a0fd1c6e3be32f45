"""Benchmark: build times and page weight (``make bench``).

Times are measured, not asserted: a timed test would be flaky on a shared 2-core machine. The
script copies the sources to a scratch folder so the cold build really starts cold (no execution
cache, no Sphinx environment) and leaves the working tree's ``_build`` alone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "_build", ".pytest_cache", ".ruff_cache", "__pycache__"}
BUILD = [
    str(Path(sys.executable).parent / "jupyter-book"),
    "build",
    ".",
    "-W",
    "-n",
    "--keep-going",
]


def copy_sources(source: Path, target: Path) -> None:
    """The repository's files without builds, caches or the virtual environment."""
    for item in source.iterdir():
        if item.name in SKIP:
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, ignore=shutil.ignore_patterns(*SKIP))
        else:
            shutil.copy2(item, target / item.name)


def _timed_build(folder: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(BUILD, cwd=folder, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit("The build failed; run `make book` to see why.\n" + result.stdout[-3000:])
    return time.perf_counter() - start


def notebook_seconds(folder: Path) -> dict[str, float]:
    """Execution time of each notebook in a fresh kernel (what the cold build pays for)."""
    times = {}
    for path in sorted([*(folder / "book").rglob("*.md"), *(folder / "exercises").rglob("*.md")]):
        if "kernelspec:" not in path.read_text(encoding="utf-8")[:600] or "_drafts" in path.parts:
            continue
        notebook = jupytext.read(path)
        start = time.perf_counter()
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        times[path.relative_to(folder).as_posix()] = time.perf_counter() - start
    return times


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.assets.append(values["src"])
        if tag == "link" and values.get("rel") == "stylesheet" and values.get("href"):
            self.assets.append(values["href"])


def page_weight(html: Path) -> list[dict[str, object]]:
    """Per page: its own HTML bytes and the bytes of the shared scripts and styles it loads."""
    rows = []
    for page in sorted(html.rglob("*.html")):
        if page.parent.name in {"_sources", "_static", "reports"} or page.name in {
            "genindex.html",
            "search.html",
        }:
            continue
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        shared = 0
        for asset in parser.assets:
            file = (page.parent / asset.split("?")[0]).resolve()
            if file.is_file():
                shared += file.stat().st_size
        rows.append(
            {
                "page": page.relative_to(html).as_posix(),
                "own_kb": round(page.stat().st_size / 1024, 1),
                "shared_assets_kb": round(shared / 1024, 1),
                "plotly_js": any("plotly-" in a for a in parser.assets),
            }
        )
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as scratch:
        folder = Path(scratch)
        copy_sources(ROOT, folder)
        cold = _timed_build(folder)
        noop = _timed_build(folder)
        executed = notebook_seconds(folder)
        weights = page_weight(folder / "_build" / "html")
    results = {
        "cold_build_s": round(cold, 1),
        "noop_rebuild_s": round(noop, 1),
        "notebook_execution_s": {k: round(v, 1) for k, v in executed.items()},
        "notebook_execution_total_s": round(sum(executed.values()), 1),
        "pages": weights,
    }
    print(f"cold build (fresh cache)      {cold:7.1f} s")
    print(f"no-op rebuild                 {noop:7.1f} s")
    print(f"notebook execution, in total  {results['notebook_execution_total_s']:7.1f} s")
    for name, seconds in executed.items():
        print(f"  {name:<45} {seconds:6.1f} s")
    print(f"\n{'page':<45} {'own KB':>8} {'shared KB':>10}  plotly.js")
    for row in weights:
        print(
            f"{row['page']:<45} {row['own_kb']:>8} {row['shared_assets_kb']:>10}  {'yes' if row['plotly_js'] else 'no'}"
        )
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
