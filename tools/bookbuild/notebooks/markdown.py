"""MyST Markdown to notebook Markdown: directives (admonitions, dropdowns, exercises, solutions,
instructor blocks), roles, substitutions, citations, glued values and links, one page at a time."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml
from myst_nb.core.variables import format_plain_text

from bookbuild.editions import INSTRUCTOR, UnclosedFence, closing_index
from bookbuild.notebooks.context import BookContext, ConversionError

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
GATE = "\x00gate\x00"


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
class PageRenderer:
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
            return f"{GATE}{name}{GATE}{label}{GATE}"
        content = self.render("\n".join(body)).strip()
        if name == INSTRUCTOR:
            if self.edition != INSTRUCTOR:
                raise ConversionError(f"{self.docname}: an instructor block reached the student notebook")
            block = quote(f"**For instructors{': ' + self.inline(arg) if arg else ''}**\n\n{content}")
            # At the top level the block becomes a cell of its own, tagged, so outputs made from the
            # instructor notebook (an assignment's student version) can drop it whole.
            return f"{GATE}instructor{GATE}{GATE}{block}{GATE}instructor-end{GATE}{GATE}" if top else block
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
