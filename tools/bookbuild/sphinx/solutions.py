"""Solution headers that say which exercise they solve, and open when tapped.

sphinx-exercise titles a solution "Solution to" followed by a link to its exercise. Two things go
wrong for a reader. On a phone the link fills most of the header, so a tap meant to open the
collapsed solution follows the link and jumps up the page instead. And an exercise without a number
or title (``:nonumber:``, as on the exercise pages, whose headings carry the numbers) leaves every
header reading just "Solution to Exercise".

This post-transform runs after sphinx-exercise has resolved the titles and rewrites each as plain
text -- "Solution to Exercise 1 (Check the figures)" or, from the heading the exercise sits under,
"Solution to Exercise 2: Index numbers" -- so the whole header is one target that opens the solution.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import solution_node

PREFIX = "Solution to"


def exercise_name(linked: str, section: str | None) -> str:
    """What a solution's header calls its exercise.

    ``linked`` is the text sphinx-exercise links to ('Exercise 1', 'Exercise (Title)', 'Exercise');
    ``section`` is the heading the solution sits under. A bare 'Exercise' takes the heading's words
    when the heading names the exercise ('Exercise 2. Index numbers' -> 'Exercise 2: Index
    numbers'); otherwise the heading is added after a dash.
    """
    linked = " ".join(linked.split())
    if "(" in linked or not section:
        return linked
    section = " ".join(section.split())
    if section.lower().startswith("exercise"):
        return re.sub(r"^(Exercise\s+\S+?)\.\s+", r"\1: ", section)
    return f"{linked} – {section}"


def _section_title(node: nodes.Node) -> str | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None:
        return None
    title = next(iter(parent.findall(nodes.title)), None)
    return title.astext() if title is not None else None


class PlainSolutionTitles(SphinxPostTransform):
    """Replace each resolved solution title by plain text naming its exercise."""

    default_priority = 22  # after sphinx-exercise's ResolveTitlesInSolutions (21)

    def run(self, **kwargs: Any) -> None:
        for solution in self.document.findall(solution_node):
            title = solution.children[0] if solution.children else None
            if not isinstance(title, nodes.title):
                continue
            reference = next(iter(title.findall(nodes.reference)), None)
            if reference is None:
                continue
            text = f"{PREFIX} {exercise_name(reference.astext(), _section_title(solution))}"
            title.children = []
            title += nodes.Text(text)
            solution["title"] = text


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(PlainSolutionTitles)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
