"""pybtex's plugin lookups are answered once per build (bookbuild.sphinx.pybtex_plugins): the same
plugins as before, a missing one still fails with pybtex's own message, and asking again is cheap."""

from __future__ import annotations

import pybtex.plugin
import pytest
from bookbuild.sphinx.pybtex_plugins import remember_lookups


def test_lookups_are_remembered_and_still_right() -> None:
    remember_lookups()
    remember_lookups()  # a second setup keeps the first cache
    lookup = pybtex.plugin._load_entry_point
    assert hasattr(lookup, "cache_info") and not hasattr(lookup.__wrapped__, "cache_info")
    backend = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    assert backend.__module__ == "pybtex.backends.plaintext"
    hits = lookup.cache_info().hits
    assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is backend
    assert lookup.cache_info().hits == hits + 1, "the second lookup read the entry points again"


def test_a_missing_plugin_fails_every_time() -> None:
    remember_lookups()
    for _ in range(2):
        with pytest.raises(pybtex.plugin.PluginNotFound):
            pybtex.plugin.find_plugin("pybtex.backends", "no-such-backend")
