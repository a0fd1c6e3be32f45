"""Debian's Chromium, found one way for every tool that drives it (tests, benchmark, handouts).

The book never downloads a browser of its own (no ``playwright install``): it uses the system's
Chromium, started with the flags this project's machines need (as root, headless, and with no
background traffic to hosts a closed network cannot reach).
"""

from __future__ import annotations

import shutil

NAMES = ("chromium", "chromium-browser")
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MISSING = "Debian's chromium is not installed (apt-get install -y chromium)"


def chromium() -> str | None:
    """The path of the system's Chromium, or None."""
    return next((found for name in NAMES if (found := shutil.which(name))), None)
