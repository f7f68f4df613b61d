"""Blank forms for project teams, and checks of filled-in forms before they are sent.

:func:`blank_form` writes a Markdown form: one heading per question, with the
question and its guidance in HTML comments, which the Markdown reader ignores,
so a team can fill the form in any text editor without deleting anything.
:func:`check_form` reads a filled-in form with the same readers an analyst's
import uses, and lists what the analyst would otherwise find later: missing
or empty answers, answers over the word limit, headings that match no
question (with the nearest one as a hint), a missing title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from synth.model import Template

Severity = Literal["error", "warning", "note"]
#: Answers that say nothing: reported like an empty answer.
_NO_ANSWER = {"n/a", "na", "n.a", "none", "-", "–", "tbc", "tbd", "to follow", "see above", "see attached", "xxx", "?"}


def _comment(text: str) -> str:
    return text.replace("--", "–")


def blank_form(template: Template) -> str:
    """A blank Markdown form for ``template``: each question with its guidance and limits."""
    from synth.extract.readers.blocks import TITLE_PLACEHOLDER

    lines = [
        f"# {TITLE_PLACEHOLDER}",
        "",
        "<!--",
        _comment(f"{template.name} (template {template.id}, version {template.version})."),
    ]
    if template.description:
        lines.append(_comment(template.description))
    lines += [
        "Replace the title above with your project's name, then write each answer under its",
        "heading. Keep the headings as they are. Text inside these comment marks is guidance:",
        "it is ignored when the form is read, so you may leave it or delete it.",
        "Before sending, check the form with: synth form check THIS-FILE",
        "-->",
        "",
    ]
    for f in template.fields:
        lines += [f"## {f.heading}", "", "<!--"]
        if f.question:
            lines.append(_comment(f.question))
        if f.guidance:
            lines.append(_comment(f.guidance))
        limits = ["Required" if f.required else "Optional"]
        if f.word_limit:
            limits.append(f"up to {f.word_limit} words")
        lines += ["; ".join(limits) + ".", "-->", "", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


@dataclass(frozen=True)
class FormProblem:
    """One thing to fix (error), consider (warning) or know (note) about a form."""

    severity: Severity
    kind: str  # missing | empty | too_long | unplaced | no_title | unreadable | low_confidence
    message: str
    case: str = ""  # the case title (spreadsheets hold several)
    field: str | None = None


@dataclass
class FormCheck:
    """The result of checking one form file."""

    path: str
    problems: list[FormProblem] = field(default_factory=list)
    cases: int = 0
    answers: int = 0

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> list[FormProblem]:
        return [p for p in self.problems if p.severity == "error"]


def word_count(text: str) -> int:
    return len(text.split())


def check_form(path: str | Path, template: Template, *, max_mb: float | None = None) -> FormCheck:
    """Check a filled-in form file against ``template``; an unreadable file is one error."""
    from synth.extract import DEFAULT_MAX_MB, FormError, read_form
    from synth.extract.readers.blocks import PREAMBLE

    result = FormCheck(str(path))
    try:
        cases = read_form(path, template, max_mb=max_mb or DEFAULT_MAX_MB)
    except FormError as exc:
        result.problems.append(FormProblem("error", "unreadable", str(exc).removeprefix(f"{path}: ")))
        return result
    result.cases = len(cases)
    for case in cases:
        who = case.title if len(cases) > 1 else ""
        add = result.problems.append
        if case.title_from == "file name":
            add(
                FormProblem(
                    "warning",
                    "no_title",
                    f"no title found (using {case.title!r}): put the project's name on the first line",
                    who,
                )
            )
        for f in template.fields:
            if f.id not in case.fields:
                if f.required:
                    add(FormProblem("error", "missing", f"missing answer: {f.heading} (required)", who, f.id))
                continue
            answer = case.fields[f.id]
            words = word_count(answer)
            if not words:
                severity: Severity = "error" if f.required else "warning"
                add(
                    FormProblem(
                        severity,
                        "empty",
                        f"empty answer under {case.matches[f.id].heading!r} ({f.heading}{', required' if f.required else ''})",
                        who,
                        f.id,
                    )
                )
                continue
            if answer.strip().strip(".").casefold() in _NO_ANSWER:
                severity = "error" if f.required else "warning"
                add(FormProblem(severity, "empty", f"{f.heading}: the answer is only {answer.strip()!r}", who, f.id))
                continue
            result.answers += 1
            if f.word_limit and words > f.word_limit:
                add(
                    FormProblem(
                        "error", "too_long", f"{f.heading}: {words} words, over the limit of {f.word_limit}", who, f.id
                    )
                )
            m = case.matches.get(f.id)
            if m is not None and (m.method in ("fuzzy", "partial") or m.confidence < 0.9):
                add(
                    FormProblem(
                        "note",
                        "low_confidence",
                        f"read {m.heading!r} as {f.heading} (confidence {m.confidence:.2f})",
                        who,
                        f.id,
                    )
                )
        for u in case.unplaced:
            if u.heading == PREAMBLE:
                add(
                    FormProblem(
                        "warning",
                        "unplaced",
                        f"text before the first heading is not under any question: {_short(u.text)!r}",
                        who,
                    )
                )
                continue
            hint = f" (nearest: {template.heading(u.hint)})" if u.hint else ""
            add(
                FormProblem(
                    "error", "unplaced", f"heading {u.heading!r} matches no question of the template{hint}", who
                )
            )
    return result


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
