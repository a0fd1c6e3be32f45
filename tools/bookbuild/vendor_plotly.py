"""``make vendor-plotly``: refresh the plotly.js bundle the web book serves, from npm.

The book's charts use only the scatter and bar trace types, so the web book serves plotly.js's
official "basic" partial bundle (scatter, bar, pie: about 1.2 MB, 0.4 MB gzipped) instead of the
full bundle that ships inside the Python package (4.8 MB, 1.5 MB gzipped). The bundle is
pinned to the plotly.js version of the installed Python plotly, so the figures the notebooks
write are drawn by the library version that wrote them; after upgrading plotly, run this again
(the build stops with a pointer here until the matching bundle is in ``companion/assets/``).

Needs ``npm`` (any recent version) and the npm registry; it is a maintainer's step, never part
of a build. The bundle's licence (MIT) is vendored beside it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

ASSETS = Path(__file__).parent / "assets"
PACKAGE = "plotly.js-basic-dist-min"
BUNDLE_IN_PACKAGE = "package/plotly-basic.min.js"
LICENCE = ASSETS / "plotly.js-LICENSE.txt"


def bundle_name(version: str | None = None) -> str:
    """The served file's name, versioned so that a browser never mixes two releases."""
    return f"plotly-basic-{version or get_plotlyjs_version()}.min.js"


def bundle_path(version: str | None = None) -> Path:
    return ASSETS / bundle_name(version)


def bundle_version(path: Path) -> str:
    """The version plotly.js writes in the bundle's first comment."""
    head = path.read_text(encoding="utf-8")[:300]
    found = re.search(r"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)", head)
    if not found:
        raise ValueError(f"{path.name} does not start with plotly.js's basic-bundle banner")
    return found.group(1)


def registered_trace_types(path: Path) -> set[str]:
    """Trace modules registered in a plotly.js bundle, read from its source (the tests check that
    every trace in the book is one of them)."""
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', path.read_text(encoding="utf-8")))


def refresh() -> Path:
    version = get_plotlyjs_version()
    with tempfile.TemporaryDirectory(prefix="plotly-bundle-") as scratch:
        command = ["npm", "pack", f"{PACKAGE}@{version}", "--pack-destination", scratch, "--silent"]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True)
        except FileNotFoundError:
            sys.exit("npm is not installed: install Node.js's npm to refresh the plotly.js bundle.")
        except subprocess.CalledProcessError as error:
            sys.exit(f"npm could not fetch {PACKAGE}@{version}:\n{error.stderr.strip()}")
        (archive,) = Path(scratch).glob("*.tgz")
        with tarfile.open(archive) as package:
            package.extractall(scratch, members=[package.getmember(BUNDLE_IN_PACKAGE)], filter="data")
            package.extractall(scratch, members=[package.getmember("package/LICENSE")], filter="data")
        fetched = Path(scratch) / BUNDLE_IN_PACKAGE
        if bundle_version(fetched) != version:
            sys.exit(f"{PACKAGE}@{version} holds plotly.js {bundle_version(fetched)}, not {version}.")
        for old in ASSETS.glob("plotly-basic-*.min.js"):
            old.unlink()
        shutil.copyfile(fetched, bundle_path(version))
        shutil.copyfile(Path(scratch) / "package" / "LICENSE", LICENCE)
    return bundle_path(version)


if __name__ == "__main__":
    written = refresh()
    print(f"{written} ({written.stat().st_size // 1024} KB) and {LICENCE.name} written")
