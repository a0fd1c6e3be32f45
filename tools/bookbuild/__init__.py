"""The book's tooling: everything that builds the companion and nothing a student's notebook imports.

One rule says where a change goes: what a reader's notebook runs (data, derived figures, charts,
self-checks, explorers) is the runtime, ``companion``; how the book is built (the Sphinx extension,
the editions, the student notebooks, the assignment packs, the developer commands) is here.
"""
