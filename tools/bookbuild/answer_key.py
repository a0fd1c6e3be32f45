"""Answer keys to the self-checks, read from the self-checks as the book renders them.

A self-check is a ``choice(...)`` call whose output is HTML (``companion.quiz``): a
``<fieldset class="cq">`` whose ``<legend>`` is the prompt and whose options are ``<details>``,
each a ``<summary>`` (the option) and its feedback, marked ``cq-right`` or ``cq-wrong``. The
instructor edition's key is read from those outputs in the executed pages, so it always matches
what students see – prompts computed from the data included – and it is keyed by question,
whatever order the options are displayed in.
"""

from __future__ import annotations

from html.parser import HTMLParser

from companion.quiz import Question, choice

VERDICTS = ("Right.", "Not quite.")  # the word of feedback the quiz puts before each explanation


class UnreadableSelfCheck(ValueError):
    """A rendered self-check the key cannot read: no prompt, no options, or no right answer."""


class _SelfCheckParser(HTMLParser):
    """Collects (prompt, [(option text, correct, feedback)]) from rendered self-checks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[list]]] = []
        self._field: str | None = None  # "prompt", "option" or "feedback" while inside one
        self._depth = 0  # fieldset nesting, so only self-check fieldsets count

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "fieldset" and "cq" in classes:
            self.found.append(("", []))
            self._depth = 1
        elif self._depth and tag == "legend":
            self._field = "prompt"
        elif self._depth and tag == "summary":
            self.found[-1][1].append(["", False, ""])
            self._field = "option"
        elif self._depth and tag == "p" and "cq-fb" in classes:
            self.found[-1][1][-1][1] = "cq-right" in classes
            self._field = "feedback"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"legend", "summary", "p"}:
            self._field = None
        elif tag == "fieldset":
            self._depth = 0

    def handle_data(self, data: str) -> None:
        if self._field == "prompt":
            prompt, options = self.found[-1]
            self.found[-1] = (prompt + data, options)
        elif self._field == "option":
            self.found[-1][1][-1][0] += data
        elif self._field == "feedback":
            self.found[-1][1][-1][2] += data


def _feedback(text: str) -> str:
    text = " ".join(text.split())
    for verdict in VERDICTS:
        text = text.removeprefix(verdict)
    return text.strip()


def questions_in_html(html: str, where: str = "the page") -> list[Question]:
    """Every self-check rendered in ``html``, in the order it appears, with its key."""
    parser = _SelfCheckParser()
    parser.feed(html)
    parser.close()
    questions = []
    for prompt, options in parser.found:
        prompt = " ".join(prompt.split())
        try:
            questions.append(choice(prompt, [(" ".join(t.split()), right, _feedback(f)) for t, right, f in options]))
        except (TypeError, ValueError) as error:
            raise UnreadableSelfCheck(f"{where}: the self-check {prompt[:60]!r}… cannot be keyed ({error})") from None
    return questions
