"""``make vendor-plotly``: build the plotly.js bundle the web book serves, from plotly.js's sources on npm.

plotly.js's whole bundle (the one inside the Python package) is 4.8 MB, 1.5 MB gzipped; its
official "basic" partial bundle (scatter, bar, pie) is still 1.2 MB, 320 KB in Brotli, and on a slow
phone connection it is what a reader waits for before the first chart. The book draws only scatter
and bar traces, with annotations (source lines), legends, hover labels, dropdown menus, error bars
(the timeline) and the mode bar, so this step builds a bundle of its own with plotly.js's documented
recipe for custom bundles (its ``src/core.js``, the traces, esbuild): the core less the components
the book never uses (3D annotations, images, sliders, range sliders and selectors, grids, colour
bars; no calendars, no pie; not the map library's stylesheet, which plotly.js's registry imports
for map traces and the official bundles carry inlined). Terser then minifies esbuild's output a
second time (two compress passes, names mangled; no unsafe transforms): 6 % fewer bytes in Brotli
than esbuild alone, about 290 KB, which is some 0.1 s less before the first chart on a slow phone.
``tests/test_weight.py`` checks that every trace type and layout component the book's figures use
is in it, and the browser tests draw every chart with it.

The bundle is pinned to the plotly.js version of the installed Python plotly, so the figures the
notebooks write are drawn by the library version that wrote them; after upgrading plotly, set the
same version in ``tools/plotly/package.json``, run ``npm install --prefix tools/plotly
--ignore-scripts`` to update its lock, and run this again (the build stops with a pointer here
until the matching bundle is in ``tools/bookbuild/assets/``).

Needs ``npm`` and the npm registry (the sources and esbuild come from ``tools/plotly``'s lock); it
is a maintainer's step, never part of a build. plotly.js's licence (MIT) is vendored beside it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

from bookbuild.structure import REPOSITORY

ASSETS = Path(__file__).parent / "assets"
PROJECT = REPOSITORY / "tools" / "plotly"
SOURCES = PROJECT / "node_modules" / "plotly.js"
ESBUILD = PROJECT / "node_modules" / ".bin" / "esbuild"
TERSER = PROJECT / "node_modules" / ".bin" / "terser"
LICENCE = ASSETS / "plotly.js-LICENSE.txt"
TRACES = ("bar",)  # scatter is in plotly.js's core
# Components plotly.js's core registers that no chart in the book uses.
UNUSED_COMPONENTS = ("annotations3d", "images", "sliders", "rangeslider", "rangeselector", "grid", "colorbar")
BANNER = (
    "/* plotly.js v{version}, the book's partial bundle (core, scatter, bar; see bookbuild/vendor_plotly.py).\n"
    " * Copyright 2012-2026, Plotly, Inc. Licensed under the MIT license (plotly.js-LICENSE.txt). */"
)


def bundle_name(version: str | None = None) -> str:
    """The served file's name, versioned so that a browser never mixes two releases."""
    return f"plotly-companion-{version or get_plotlyjs_version()}.min.js"


def bundle_path(version: str | None = None) -> Path:
    return ASSETS / bundle_name(version)


def bundle_version(path: Path) -> str:
    """The version the bundle's banner names."""
    found = re.match(r"/\* plotly\.js v(\d+\.\d+\.\d+), the book's partial bundle", path.read_text(encoding="utf-8"))
    if not found:
        raise ValueError(f"{path.name} does not start with the book's plotly.js banner")
    return found.group(1)


def registered_trace_types(path: Path) -> set[str]:
    """Trace modules registered in a plotly.js bundle, read from its source (the tests check that
    every trace in the book is one of them)."""
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', path.read_text(encoding="utf-8")))


def entry(core: str) -> str:
    """plotly.js's ``src/core.js`` less the unused components, requiring its modules by package
    path, and registering the book's traces: the source esbuild bundles."""
    for component in UNUSED_COMPONENTS:
        line = f"    require('./components/{component}'),\n"
        if line not in core:
            sys.exit(f"plotly.js's src/core.js no longer registers {component!r} as expected: update vendor_plotly.py.")
        core = core.replace(line, "")
    core = re.sub(r"require\('\./", "require('plotly.js/src/", core)
    core = core.replace("require('../build/", "require('plotly.js/build/")
    traces = ", ".join(f"require('plotly.js/lib/{trace}')" for trace in TRACES)
    return f"{core}\nexports.register([{traces}]);\n"


def refresh() -> Path:
    version = get_plotlyjs_version()
    try:
        subprocess.run(["npm", "ci", "--prefix", str(PROJECT), "--ignore-scripts", "--no-audit", "--no-fund"],
                       check=True, capture_output=True, text=True)  # fmt: skip
    except FileNotFoundError:
        sys.exit("npm is not installed: install Node.js's npm to build the plotly.js bundle.")
    except subprocess.CalledProcessError as error:
        sys.exit(f"npm could not install tools/plotly's lock:\n{error.stderr.strip()}")
    found = json.loads((SOURCES / "package.json").read_text(encoding="utf-8"))["version"]
    if found != version:
        sys.exit(f"tools/plotly pins plotly.js {found}, but the installed plotly draws with {version}: pin {version}.")
    with tempfile.TemporaryDirectory(prefix="plotly-bundle-", dir=PROJECT) as scratch:
        source = Path(scratch) / "index.js"
        source.write_text(entry((SOURCES / "src" / "core.js").read_text(encoding="utf-8")), encoding="utf-8")
        for old in ASSETS.glob("plotly-*.min.js"):
            old.unlink()
        bundled = Path(scratch) / "bundle.js"
        command = [str(ESBUILD), str(source), "--bundle", "--minify", "--format=iife", "--global-name=Plotly",
                   "--define:global=window", "--define:define.amd=false", "--target=es2016", "--log-level=error",
                   "--loader:.css=empty", f"--outfile={bundled}"]  # fmt: skip
        subprocess.run(command, check=True, cwd=PROJECT)
        command = [str(TERSER), str(bundled), "--compress", "passes=2", "--mangle", "--ecma", "2016",
                   "--comments", "false"]  # fmt: skip
        minified = subprocess.run(command, check=True, cwd=PROJECT, capture_output=True, text=True).stdout
        bundle_path(version).write_text(f"{BANNER.format(version=version)}\n{minified}", encoding="utf-8")
    shutil.copyfile(SOURCES / "LICENSE", LICENCE)
    return bundle_path(version)


if __name__ == "__main__":
    written = refresh()
    print(f"{written} ({written.stat().st_size // 1024} KB) and {LICENCE.name} written")
