"""The notebooks students download: one MyST source, rendered for a plain Jupyter.

The book's pages are MyST Markdown notebooks. Opened as they are, a plain Jupyter shows their
markup raw (``:::{admonition}``, ``{cite}`...```, ``{{ essay_citation }}``), every model answer in
plain sight, the answer key beside each self-check, and imports a plain Jupyter lacks (``myst_nb``).
:func:`student_notebook` renders a source into the notebook a student should get instead:

* the student edition only (:func:`bookbuild.editions.student_source` runs first);
* directives become notebook Markdown: admonitions a headed blockquote, dropdowns, hints and
  solutions a ``<details>`` block; exercises a bold heading; substitutions are expanded, citations
  become author-year text with a list of the works cited at the end, glued numbers become the
  numbers the build computed (:func:`read_glue`);
* cells the book hides stay, collapsed (``jupyter.source_hidden``), so the notebook still runs from
  the top; solution code becomes a closed ``<details>`` holding the code and the output the build
  printed (:func:`solution_block`), because a collapsed code cell shows its output again on Run All;
  a self-check's options and key are encoded
  (:func:`companion.quiz.encode_question`) so the right answer is not read at a glance;
* ``from myst_nb import glue`` becomes :mod:`companion.glue`, so the notebook needs only the helper
  package (``pip install`` the repository) and runs from any folder.

Anything the renderer cannot turn into plain Markdown is an error naming the page and the markup,
never a silent leak: :func:`leftover_myst` is the check, and the tests run it on every download.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jupytext
import nbformat
import yaml
from myst_nb.core.variables import format_plain_text

from bookbuild.answer_key import questions_in_html
from bookbuild.editions import INSTRUCTOR, UnclosedFence, closing_index, instructor_spans, source_for, student_source
from bookbuild.runtime_wheel import wheel_name
from bookbuild.structure import Book
from companion import quiz
from companion.quiz import Question, encode_question


class ConversionError(ValueError):
    """A source the student notebook cannot be made from without leaking or losing something."""


@dataclass(frozen=True)
class Citation:
    """How a cited work reads in a notebook: in brackets, in a sentence, and in full."""

    parenthetical: str
    textual: str
    reference: str


@dataclass(frozen=True)
class BookContext:
    """What every page's notebook needs from the book as a whole."""

    substitutions: Mapping[str, str] = field(default_factory=dict)
    citations: Mapping[str, Citation] = field(default_factory=dict)
    notebook_pages: frozenset[str] = frozenset()
    repository: str = ""
    # The runtime wheel's file name, and the book's published address (``html.baseurl``, may be "").
    wheel: str = ""
    site: str = ""


# -- the book's configuration ---------------------------------------------------------------------


def _plain(text: str) -> str:
    """BibTeX text as a reader reads it: no protective braces, en dashes for ``--``."""
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "").replace("--", "–")).strip()


def _names(people: list) -> str:
    surnames = [_plain(" ".join(person.last_names)) for person in people]
    if len(surnames) > 2:
        return f"{surnames[0]} et al."
    return " and ".join(surnames)


def read_citations(bibfiles: Iterable[Path]) -> dict[str, Citation]:
    """Author-year labels and full references for every entry of the book's bibliography."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", "plain")()
    citations: dict[str, Citation] = {}
    for path in bibfiles:
        bibliography = parse_file(str(path))
        formatted = {entry.key: entry for entry in style.format_entries(bibliography.entries.values())}
        for key, entry in bibliography.entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            who = _names(people) if people else _plain(entry.fields.get("title", key))
            year = _plain(entry.fields.get("year", "n.d."))
            reference = _plain(formatted[key].text.render_as("text"))
            citations[key] = Citation(f"{who}, {year}", f"{who} ({year})", reference)
    return citations


def book_context(root: Path) -> BookContext:
    """Substitutions, bibliography and notebook pages, read from ``_config.yml`` and ``_toc.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    substitutions = (config.get("parse") or {}).get("myst_substitutions") or {}
    bibfiles = [root / name for name in config.get("bibtex_bibfiles") or []]
    pages = frozenset(Book.read(root).notebook_pages)
    return BookContext(
        substitutions={str(k): str(v) for k, v in substitutions.items()},
        citations=read_citations(bibfiles),
        notebook_pages=pages,
        repository=str((config.get("repository") or {}).get("url") or ""),
        wheel=wheel_name(root),
        site=str((config.get("html") or {}).get("baseurl") or ""),
    )


def read_glue(path: Path) -> dict[str, dict]:
    """The values a page glued, as myst-nb stored them when it executed the page
    (``<build>/jupyter_execute/<doc>.glue.json``): name -> MIME bundle."""
    if not path.is_file():
        return {}
    return {key: output.get("data", {}) for key, output in json.loads(path.read_text(encoding="utf-8")).items()}


# -- Markdown: directives, roles, substitutions -----------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[A-Za-z][\w:.-]*)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
_COMMENT = re.compile(r"^%")
# Roles are matched before code spans when they start at the same place.
_INLINE = re.compile(
    r"(?P<role>\{(?P<name>[A-Za-z][\w:+.-]*)\}`(?P<content>[^`]*)`)"
    r"|(?P<code>(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<sub>\{\{\s*(?P<subname>[\w.-]+)\s*\}\})"
    r"|(?P<link>(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\))",
    re.DOTALL,
)
_TEXT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)

ADMONITION_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "hint": "Hint",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "attention": "Attention",
    "danger": "Danger",
    "error": "Error",
    "seealso": "See also",
    "margin": "",
    "sidebar": "",
    "topic": "",
    "epigraph": "",
    "pull-quote": "",
    "highlights": "",
}
# Navigation that only makes sense inside the web book.
DROPPED_DIRECTIVES = {"tableofcontents", "toctree", "contents", "index"}
GATES = {"exercise-start", "exercise-end", "solution-start", "solution-end"}
_GATE = "\x00gate\x00"


def quote(text: str) -> str:
    """``text`` as a Markdown blockquote."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip("\n").split("\n"))


def details(summary: str, body: str) -> str:
    """A collapsed block that Jupyter renders closed, with Markdown inside (blank lines matter)."""
    return f"<details>\n<summary>{summary}</summary>\n\n{body.strip()}\n\n</details>"


def _options(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive's ``:key: value`` (or YAML) options and the body after them."""
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            options = yaml.safe_load("\n".join(lines[1:end])) or {}
            return {str(k): str(v) for k, v in options.items()}, lines[end + 1 :]
    options, index = {}, 0
    while index < len(lines) and (match := _OPTION.match(lines[index].strip())):
        options[match["key"]] = match["value"].strip()
        index += 1
    return options, lines[index:]


@dataclass
class _Page:
    """One page being rendered: its name, its glued values and what it has seen so far."""

    docname: str
    context: BookContext
    glue: Mapping[str, Mapping]
    edition: str = "student"
    exercises: dict[str, str] = field(default_factory=dict)
    numbered: int = 0
    cited: list[str] = field(default_factory=list)
    heading: str = ""

    # -- inline ---------------------------------------------------------------------------------

    def inline(self, text: str) -> str:
        return _INLINE.sub(self._inline_match, text)

    def _inline_match(self, match: re.Match) -> str:
        if match["code"]:
            return match["code"]
        if match["role"]:
            return self.role(match["name"], match["content"])
        if match["sub"]:
            return self.substitution(match["subname"])
        return self.linked(self.inline(match["text"]), match["target"])

    def substitution(self, name: str) -> str:
        if name not in self.context.substitutions:
            raise ConversionError(f"{self.docname}: no substitution called {name!r} in _config.yml")
        return self.inline(" ".join(self.context.substitutions[name].split()))

    def link(self, target: str) -> str:
        """Where a link in the notebook goes: a link to another notebook page stays relative, to its
        notebook (real on the site, in the all-notebooks zip and in a class repository, which keep
        the book's folders); a link to anything else in the book (a page that is not a notebook, a
        data file) goes to the published book, or is dropped ("") when the book has no address."""
        path, _, anchor = target.partition("#")
        if "://" in path or not path or path.startswith("mailto:"):
            return target
        parts: list[str] = []
        for part in (PurePosixPath(self.docname).parent / path).as_posix().split("/"):
            if part == "..":
                if parts:
                    parts.pop()
            elif part != ".":
                parts.append(part)
        resolved = "/".join(parts)
        fragment = f"#{anchor}" if anchor else ""
        if path.endswith(".md") and resolved[: -len(".md")] in self.context.notebook_pages:
            return path[: -len(".md")] + ".ipynb" + fragment
        if not self.context.site:
            return ""
        web = resolved[: -len(".md")] + ".html" if resolved.endswith(".md") else resolved
        return f"{self.context.site.rstrip('/')}/{web}{fragment}"

    def linked(self, text: str, target: str) -> str:
        """A Markdown link, or only its words when it has nowhere real to go."""
        address = self.link(target)
        return f"[{text}]({address})" if address else text

    def glued(self, content: str, kind: str) -> str:
        key, _, spec = content.rpartition(":") if ":" in content else (content, "", "")
        if "::" in key:
            raise ConversionError(f"{self.docname}: {{glue}} from another page ({content!r}) is not supported")
        if key not in self.glue:
            raise ConversionError(
                f"{self.docname}: the text pastes {key!r}, which no cell of the page glued "
                "(was the page executed by the build?)"
            )
        data = self.glue[key]
        if kind == "md" and "text/markdown" in data:
            return data["text/markdown"]
        if "text/plain" not in data:
            raise ConversionError(f"{self.docname}: the glued value {key!r} has no text form")
        return format_plain_text(data["text/plain"], spec if kind == "text" else "")

    def cite(self, keys: str, textual: bool) -> str:
        labels = []
        for key in (k.strip() for k in keys.split(",")):
            if key not in self.context.citations:
                raise ConversionError(f"{self.docname}: {key!r} is cited but not in the bibliography")
            if key not in self.cited:
                self.cited.append(key)
            citation = self.context.citations[key]
            labels.append(citation.textual if textual else citation.parenthetical)
        return "; ".join(labels) if textual else f"({'; '.join(labels)})"

    def role(self, name: str, content: str) -> str:
        if name.startswith("cite"):
            return self.cite(content, textual=name.startswith("cite:t"))
        if name in {"glue", "glue:", "glue:any", "glue:text", "glue:md"}:
            kind = name.partition(":")[2] or "any"
            return self.glued(content, kind)
        text_target = _TEXT_TARGET.match(content)
        text = text_target["text"] if text_target else content
        if name == "doc":
            target = text_target["target"] if text_target else content
            return self.linked(text or target, target + ".md")
        if name == "math":
            return f"${content}$"
        if name in {"sub", "sup", "kbd"}:
            return f"<{name}>{content}</{name}>"
        if name in {"code", "literal", "samp", "file"}:
            return f"`{content}`"
        if name == "abbr":
            return content.split(" (", 1)[0]
        if name == "download":
            return f"[{text}]({text_target['target'] if text_target else content})"
        # ref, numref, term, eq and any other cross-reference: the words a reader sees.
        return text or content

    # -- blocks ---------------------------------------------------------------------------------

    def render(self, text: str, *, top: bool = False) -> str:
        """MyST block syntax to notebook Markdown; gated exercise/solution markers (top level
        only) are left as markers for :meth:`cells` to split on."""
        lines = text.split("\n")
        out: list[str] = []
        plain: list[str] = []

        def flush() -> None:
            if plain:
                out.append(self.inline("\n".join(_definition_lists(plain))))
                plain.clear()

        index = 0
        while index < len(lines):
            line = lines[index]
            fence = _FENCE.match(line)
            directive = _DIRECTIVE.match(fence["info"].strip()) if fence else None
            if fence and (directive or fence["fence"][0] != ":"):
                flush()
                try:
                    close = closing_index(lines, index, fence["fence"])
                except UnclosedFence as error:
                    raise ConversionError(f"{self.docname}: {error}") from None
                if directive:
                    options, body = _options(lines[index + 1 : close])
                    out.append(self.directive(directive["name"], directive["arg"].strip(), options, body, top))
                else:  # a plain code block: copied as it is
                    out.append("\n".join(lines[index : close + 1]))
                index = close + 1
                continue
            if not (_TARGET.match(line) or _COMMENT.match(line)):
                plain.append(line)
                if heading := re.match(r"^#{1,6}\s+(.+)$", line):
                    self.heading = self.inline(heading[1].strip())
            index += 1
        flush()
        return "\n".join(out)

    def exercise_title(self, arg: str, options: Mapping[str, str]) -> str:
        if "nonumber" in options:
            name = "Exercise"
            if not arg and self.heading.lower().startswith("exercise"):
                arg = self.heading  # the section it opens names it: "Exercise 2. Index numbers ..."
                name = ""
        else:
            self.numbered += 1
            name = f"Exercise {self.numbered}"
        title = (f"{name} ({self.inline(arg)})" if name else self.inline(arg)) if arg else name
        if options.get("label"):
            self.exercises[options["label"]] = title
        return title

    def solution_summary(self, label: str) -> str:
        exercise = self.exercises.get(label)
        return f"Solution to {exercise}" if exercise and exercise != "Exercise" else "Solution"

    def directive(self, name: str, arg: str, options: Mapping[str, str], body: list[str], top: bool) -> str:
        classes = set(options.get("class", "").split())
        if name in GATES:
            if not top:
                raise ConversionError(f"{self.docname}: {{{name}}} must not sit inside another directive")
            if name == "exercise-start":
                return f"**{self.exercise_title(arg, options)}**"
            label = arg if name == "solution-start" else ""
            return f"{_GATE}{name}{_GATE}{label}{_GATE}"
        content = self.render("\n".join(body)).strip()
        if name == INSTRUCTOR:
            if self.edition != INSTRUCTOR:
                raise ConversionError(f"{self.docname}: an instructor block reached the student notebook")
            block = quote(f"**For instructors{': ' + self.inline(arg) if arg else ''}**\n\n{content}")
            # At the top level the block becomes a cell of its own, tagged, so outputs made from the
            # instructor notebook (an assignment's student version) can drop it whole.
            return f"{_GATE}instructor{_GATE}{_GATE}{block}{_GATE}instructor-end{_GATE}{_GATE}" if top else block
        if name in DROPPED_DIRECTIVES:
            return ""
        if name == "exercise":
            return f"**{self.exercise_title(arg, options)}**\n\n{content}"
        if name == "solution":
            return details(self.solution_summary(arg), content)
        if name == "dropdown" or "dropdown" in classes:
            title = self.inline(arg) or ADMONITION_TITLES.get(name) or "Details"
            return details(title, content)
        if name == "admonition" or name in ADMONITION_TITLES:
            title = self.inline(arg) or ADMONITION_TITLES.get(name, "")
            return quote(f"**{title}**\n\n{content}" if title else content)
        if name in {"div", "container", "raw"}:
            return content if name != "raw" or arg == "html" else ""
        if name in {"math", "eq"}:
            return f"$$\n{content}\n$$"
        if name in {"code", "code-block", "sourcecode"}:
            return f"```{arg}\n" + "\n".join(body) + "\n```"
        if name in {"figure", "image"}:
            alt = options.get("alt", "")
            return f"![{alt}]({arg})" + (f"\n\n*{content}*" if content else "")
        if name == "rubric":
            return f"**{self.inline(arg)}**"
        if name == "bibliography":
            return ""  # the works cited are listed at the end of the notebook
        # Anything else (a table, an epigraph, a directive added later): its title and content, so
        # nothing is lost; leftover_myst() would catch any markup that survived.
        return quote(f"**{self.inline(arg)}**\n\n{content}" if arg else content)


def _definition_lists(lines: list[str]) -> list[str]:
    """MyST definition lists (``Term`` then ``: definition``), which Jupyter does not render, as
    a bulleted list of bold terms."""
    out: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and following.startswith(": ") and not line.startswith((": ", "  ")):
            out.append(f"- **{line.strip()}**")
        elif line.startswith(": ") and out and out[-1].startswith("- **"):
            out[-1] += f": {line[2:].strip()}"
        elif line.startswith("  ") and out and out[-1].startswith("- **") and line.strip():
            out[-1] += f" {line.strip()}"
        else:
            out.append(line)
    return out


# -- code cells -----------------------------------------------------------------------------------

HIDE_SOURCE = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
HIDE_OUTPUT = {"hide-output", "hide-cell"}
_SELF_CHECK_NOTE = "# A self-check: run the cell, then choose an answer. Its key is encoded, not hidden."


def _encoded_self_check(source: str, rendered: Iterator[Question] | None = None) -> str | None:
    """A cell that ends in a ``choice(...)`` call, rewritten to load that question from an encoded bank.

    A literal call is encoded as written. A call that computes its prompt or options from the data
    (an f-string, a derived number) is encoded from ``rendered``, the page's self-checks as the build
    displayed them, in order; statements before the call stay, since they hold no key."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or not isinstance(last.value, ast.Call):
        return None
    call = last.value
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name != "choice" or call.keywords or len(call.args) != 2:
        return None
    shown = next(rendered, None) if rendered is not None else None
    try:
        prompt, options = (ast.literal_eval(arg) for arg in call.args)
    except ValueError:
        if shown is None:
            return None
        prompt, options = shown.prompt, [(o.text, o.correct, o.feedback) for o in shown.options]
    code = encode_question(prompt, options)
    before = "\n".join(source.splitlines()[: last.lineno - 1]).rstrip()
    head = f"{before}\n" if before else ""
    return f'{_SELF_CHECK_NOTE}\n{head}from companion.quiz import from_bank\n\nfrom_bank("{code}")'


def _student_code(source: str, docname: str) -> str:
    lines = []
    for line in source.split("\n"):
        if re.fullmatch(r"\s*from myst_nb import glue\s*", line):
            line = line.replace("from myst_nb import glue", "from companion.glue import glue")
        elif "myst_nb" in line:
            raise ConversionError(f"{docname}: a code cell uses myst_nb, which a plain Jupyter lacks: {line.strip()}")
        lines.append(line)
    return "\n".join(lines)


# -- the notebook -----------------------------------------------------------------------------------


def _intro(context: BookContext) -> str:
    return quote(
        "**Running this notebook.** Run the cells from the top. The first one installs the book's helper "
        "package, which brings the data with it, into the Python that runs this notebook, unless it is there "
        "already; collapsed cells load the evidence and draw the charts. *How to use this book* gives the steps "
        "for local Jupyter, a JupyterHub and Colab."
    )


_INSTALL = """\
# Set-up: installs the book's helper package (it brings the data) into this notebook's Python, once.
# It uses the package file (.whl) beside this notebook or in a folder above it, else {fallback}
WHEEL, SITE, ALSO = {wheel!r}, {site!r}, {also!r}
import importlib.util, pathlib, site, subprocess, sys
if any(importlib.util.find_spec(module) is None for module in {modules!r}):
    folders = [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]
    found = [folder / WHEEL for folder in folders if (folder / WHEEL).is_file()]
    source = str(found[0]) if found else (SITE + WHEEL if SITE else None)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if source is None or subprocess.run([*pip, source, *ALSO]).returncode != 0:
        raise SystemExit(
            f"The helper package could not be installed. Download {{WHEEL}} from the book's website "
            "(the download menu of any notebook page), put it in this notebook's folder and run this cell again."
        )
    site.addsitedir(site.getusersitepackages())  # where pip puts it when the Python is not yours
    importlib.invalidate_caches()
print("The helper package is ready.")"""


# The tag of the first cell, which installs the helper package (tests and tools find it by it).
INSTALL_TAG = "install-helper-package"


def install_cell(context: BookContext, also: Mapping[str, str] | None = None) -> nbformat.NotebookNode:
    """The first cell of every downloaded notebook: it installs the student runtime without any
    repository, from the wheel beside the notebook (a class repository, a download folder) or from the
    book's own address when ``html.baseurl`` is set; with the runtime already there (a class hub, a
    second run) it touches nothing, so it also runs offline. ``also`` maps further modules the
    notebook imports to the requirement that brings each (an assignment's ``otter``)."""
    site = f"{context.site.rstrip('/')}/{NOTEBOOK_FOLDER}/" if context.site else ""
    fallback = "from the book's website." if site else "it says where to get one."
    also = dict(also or {})
    modules = ["companion", *also]
    source = _INSTALL.format(
        wheel=context.wheel, site=site, fallback=fallback, also=list(also.values()), modules=modules
    )
    return nbformat.v4.new_code_cell(source, metadata={"tags": [INSTALL_TAG]})


def student_notebook(
    text: str,
    docname: str,
    context: BookContext,
    glue: Mapping[str, Mapping] | None = None,
    edition: str = "student",
    intro: str | None = None,
    self_checks: Sequence[Question] | None = None,
    executed: Mapping[str, list] | None = None,
) -> nbformat.NotebookNode:
    """The notebook a student downloads for the MyST page ``text`` (see the module docstring).
    The instructor edition keeps the instructor blocks, as headed blockquotes, and cells. ``intro``
    replaces the opening note on how to run the notebook ("" for none). ``self_checks`` are the
    page's self-checks as the build rendered them, for those whose code computes its text;
    ``executed`` maps a code cell's source to the outputs the build recorded (:func:`read_outputs`)."""
    source = jupytext.reads(source_for(edition, text), fmt="md:myst")
    rendered = iter(self_checks) if self_checks is not None else None
    page = _Page(docname, context, glue or {}, edition)
    first = [install_cell(context), nbformat.v4.new_markdown_cell(_intro(context))] if intro is None else []
    cells = first or ([nbformat.v4.new_markdown_cell(intro)] if intro else [])
    solution: str | None = None
    continued = False

    instructor = False

    def add_markdown(markdown: str) -> None:
        nonlocal continued
        if not markdown.strip():
            return
        if solution is not None:
            summary = page.solution_summary(solution) + (" (continued)" if continued else "")
            markdown, continued = details(summary, markdown), True
        metadata = {"tags": [INSTRUCTOR]} if instructor else {}
        cells.append(nbformat.v4.new_markdown_cell(markdown.strip(), metadata=metadata))

    for cell in source.cells:
        if cell.cell_type == "markdown":
            pieces = page.render(cell.source, top=True).split(_GATE)
            add_markdown(pieces[0])
            for gate, label, after in zip(pieces[1::3], pieces[2::3], pieces[3::3], strict=True):
                if gate == "solution-start":
                    solution, continued = label, False
                elif gate == "solution-end":
                    solution = None
                instructor = gate == INSTRUCTOR
                add_markdown(after)
        elif cell.cell_type == "code" and solution is not None:
            summary = page.solution_summary(solution) + " – the code and what it prints"
            block = solution_block(cell, (executed or {}).get(cell.source.strip(), []), summary)
            cells.append(nbformat.v4.new_markdown_cell(block, metadata={"tags": ["solution"]}))
        elif cell.cell_type == "code":
            cells.append(_code_cell(cell, docname, rendered=rendered))
        else:
            cells.append(cell)
    if page.cited:
        works = "\n".join(f"- {context.citations[key].reference}" for key in page.cited)
        cells.append(nbformat.v4.new_markdown_cell(f"**Works cited in this notebook**\n\n{works}"))
    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": source.metadata.get(
                "kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"}
            ),
            "language_info": {"name": "python"},
        },
    )
    problems = leftover_myst(notebook)
    if problems:
        raise ConversionError(f"{docname}: MyST markup would reach the student notebook: {problems}")
    return notebook


def _code_cell(
    cell: nbformat.NotebookNode, docname: str, *, rendered: Iterator[Question] | None = None
) -> nbformat.NotebookNode:
    tags = list(cell.metadata.get("tags", []))
    source = _student_code(cell.source, docname)
    encoded = _encoded_self_check(source, rendered)
    if encoded:
        source = encoded
    hidden = {
        "source_hidden": bool(HIDE_SOURCE & set(tags)) or bool(encoded),
        "outputs_hidden": bool(HIDE_OUTPUT & set(tags)),
    }
    metadata: dict = {}
    if tags:
        metadata["tags"] = tags
    if any(hidden.values()):
        metadata["jupyter"] = {key: True for key, value in hidden.items() if value}
    return nbformat.v4.new_code_cell(source, metadata=metadata)


def read_outputs(cache: Path | None, notebook: nbformat.NotebookNode) -> dict[str, list]:
    """The outputs of each code cell of ``notebook`` as the build executed it, keyed by the cell's
    source: myst-nb's execution cache (jupyter-cache, keyed by the code) holds them."""
    if cache is None or not cache.is_dir():
        return {}
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(cache).merge_match_into_notebook(notebook)
    except KeyError:  # not executed (yet): the solution is shown without its output
        return {}
    return {cell.source.strip(): cell.get("outputs", []) for cell in merged.cells if cell.cell_type == "code"}


_STYLE = re.compile(r"<style\b.*?</style>", re.DOTALL | re.IGNORECASE)


def _output_markdown(output: Mapping) -> str:
    """One recorded output as notebook Markdown: printed text as a text block, a table as its HTML."""
    if output.get("output_type") == "stream":
        return f"```text\n{''.join(output.get('text', '')).rstrip()}\n```"
    data = output.get("data", {})
    if "text/markdown" in data:
        return "".join(data["text/markdown"])
    if "text/html" in data:
        return _STYLE.sub("", "".join(data["text/html"])).strip()
    if "text/plain" in data:
        return f"```text\n{''.join(data['text/plain']).rstrip()}\n```"
    return ""


def solution_block(cell: nbformat.NotebookNode, outputs: Sequence[Mapping], summary: str) -> str:
    """A solution's code cell as a closed ``<details>``: its code (unless the book hides it) and the
    output the build recorded. A code cell, even collapsed, shows its output in full after Run All
    in JupyterLab, Notebook 7, VS Code or Colab; Markdown cannot be executed open."""
    tags = set(cell.metadata.get("tags", []))
    parts = [] if tags & HIDE_SOURCE else [f"```python\n{cell.source.strip()}\n```"]
    parts += [text for text in map(_output_markdown, outputs) if text]
    return details(summary, "\n\n".join(parts))


_LEFTOVERS = {
    "directive": re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\{[^}]*\}.*$", re.MULTILINE),
    "role": re.compile(r"\{[A-Za-z][\w:+.-]*\}`[^`]*`"),
    "substitution": re.compile(r"\{\{\s*[\w.-]+\s*\}\}"),
    "directive option": re.compile(r"^:(class|label|tags|nonumber|name|dropdown|open):.*$", re.MULTILINE),
    "target": re.compile(r"^\([^()\s]+\)=\s*$", re.MULTILINE),
}


def leftover_myst(notebook: nbformat.NotebookNode) -> list[str]:
    """MyST markup left in a notebook's Markdown cells, and any use of ``myst_nb`` in its code."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            for kind, pattern in _LEFTOVERS.items():
                found += [f"cell {index}: {kind} {m.group(0).strip()[:60]!r}" for m in pattern.finditer(cell.source)]
        elif cell.cell_type == "code" and "myst_nb" in cell.source:
            found.append(f"cell {index}: imports myst_nb")
    return found


def instructor_lines(text: str, *, shortest: int = 25) -> list[str]:
    """Distinctive lines of a source's instructor blocks and cells: if one of them turns up in a
    student output, instructor material has leaked. Short lines (fences, "**Bands.**") are skipped
    because they could occur anywhere, and so are lines the student source has too (a common line of
    code such as ``change = derive.compare(old, new)`` is not instructor material)."""
    lines = text.splitlines()
    public = {line.strip() for line in student_source(text).splitlines()}
    found = []
    for first, last in instructor_spans(text):
        found += [
            line.strip()
            for line in lines[first + 1 : last]
            if len(line.strip()) >= shortest and line.strip() not in public
        ]
    return found


_DIGESTS = ".digests.json"
# Where the site serves the notebooks and the runtime wheel beside them.
NOTEBOOK_FOLDER = "_notebooks"


def _page_digest(root: Path, docname: str, edition: str, inputs: Iterable[Path | None]) -> str:
    """A hash of everything one page's notebook is made from: its source, its glued values and
    rendered page, the book's configuration and bibliography, and the code that converts it."""
    digest = hashlib.sha256(f"{edition}\0{docname}".encode())
    shared = [root / "_config.yml", root / "_toc.yml", *root.glob("book/*.bib")]
    code = [Path(__file__), Path(quiz.__file__)]
    for path in [*shared, *code, *inputs]:
        digest.update(path.read_bytes() if path is not None and path.is_file() else b"-")
    return digest.hexdigest()


def write_student_notebooks(
    root: Path,
    docnames: Iterable[str],
    out: Path,
    glue_dir: Path | None,
    edition: str = "student",
    html_dir: Path | None = None,
    cache: Path | None = None,
) -> list[Path]:
    """Write the notebook of each page to ``out/<docname>.ipynb`` (the student edition unless
    told otherwise); glued values come from ``glue_dir/<docname>.glue.json``, myst-nb's record of
    the executed page; computed self-checks are read from the page as ``html_dir`` holds it, and
    the outputs shown under each solution from the execution ``cache``.

    A page whose inputs have not changed since the last build keeps its notebook untouched, so a
    no-op rebuild neither re-reads the bibliography nor rewrites (and re-compresses) the downloads."""
    record = out / _DIGESTS
    previous = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    digests: dict[str, str] = {}
    context: BookContext | None = None
    written = []
    for docname in docnames:
        glue_file = glue_dir / f"{docname}.glue.json" if glue_dir else None
        page_html = html_dir / f"{docname}.html" if html_dir else None  # its outputs too
        target = out / f"{docname}.ipynb"
        digests[docname] = _page_digest(root, docname, edition, [root / f"{docname}.md", glue_file, page_html])
        if previous.get(docname) == digests[docname] and target.is_file():
            continue
        context = context or book_context(root)
        glue = read_glue(glue_file) if glue_file else {}
        text = (root / f"{docname}.md").read_text(encoding="utf-8")
        checks = (
            questions_in_html(page_html.read_text(encoding="utf-8"), docname)
            if page_html and page_html.is_file()
            else None
        )
        executed = read_outputs(cache, jupytext.reads(source_for(edition, text), fmt="md:myst"))
        notebook = student_notebook(text, docname, context, glue, edition, self_checks=checks, executed=executed)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
        written.append(target)
    out.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")
    return written
