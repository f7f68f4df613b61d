"""A project team's case study form being filled in the TUI: the draft file and the Markdown it becomes.

No Textual here. The draft is autosaved as JSON in the user's data folder so
closing the terminal loses nothing; saving writes the Markdown form synth's
readers import (``# Title`` then ``## Heading`` per answered question).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from synth.model import Template, slugify
from synth.project import data_dir


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text))


@dataclass
class FormDraft:
    template: str
    title: str = ""
    answers: dict[str, str] = field(default_factory=dict)

    def to_markdown(self, template: Template) -> str:
        lines = [f"# {self.title.strip() or 'Untitled case study'}", ""]
        for f in template.fields:
            text = self.answers.get(f.id, "").strip()
            if text:
                lines += [f"## {f.heading}", "", text, ""]
        return "\n".join(lines)

    def problems(self, template: Template) -> list[str]:
        """What a form check would flag: missing required answers and answers over the word limit."""
        found = []
        for f in template.fields:
            text = self.answers.get(f.id, "")
            if f.required and not text.strip():
                found.append(f"{f.heading}: required, no answer yet")
            if f.word_limit and word_count(text) > f.word_limit:
                found.append(f"{f.heading}: {word_count(text)} words, limit {f.word_limit}")
        return found

    def default_filename(self) -> str:
        return f"{slugify(self.title or 'case-study')}.md"


def draft_path() -> Path:
    return data_dir() / "drafts" / "form-draft.json"


def load_draft(template_id: str) -> FormDraft:
    try:
        data = json.loads(draft_path().read_text(encoding="utf-8"))
        if data.get("template") == template_id:
            return FormDraft(
                template_id, str(data.get("title", "")), {k: str(v) for k, v in data.get("answers", {}).items()}
            )
    except (OSError, ValueError, AttributeError):
        pass
    return FormDraft(template_id)


def save_draft(draft: FormDraft) -> None:
    path = draft_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps({"template": draft.template, "title": draft.title, "answers": draft.answers}, indent=2),
        encoding="utf-8",
    )
    os.replace(tmp, path)


def save_markdown(draft: FormDraft, template: Template, path: Path) -> Path:
    path = Path(path).expanduser()
    if path.is_dir():
        path = path / draft.default_filename()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(draft.to_markdown(template), encoding="utf-8")
    os.replace(tmp, path)
    return path
