"""The payload shapes of the domain values: how a template, a case, a theme, a coding, a general
theme and a codebook entry are written into an event's payload and read back out of one.

Writers (import, the theme actions, rounds, interchange) and the reducers of the event catalogue
share these, so a value reads back as it was written; :mod:`synth.state` re-exports them.
"""

from __future__ import annotations

from collections.abc import Iterable

from synth.model import (
    CaseStudy,
    CodebookEntry,
    Coding,
    Field,
    FieldMatch,
    GeneralTheme,
    Template,
    Theme,
    Unplaced,
)


def template_to_dict(template: Template) -> dict:
    return {
        "id": template.id,
        "name": template.name,
        "description": template.description,
        "version": template.version,
        "fields": [
            {
                "id": f.id,
                "heading": f.heading,
                "question": f.question,
                "guidance": f.guidance,
                "aliases": list(f.aliases),
                "required": f.required,
                "word_limit": f.word_limit,
            }
            for f in template.fields
        ],
    }


def template_from_dict(data: dict) -> Template:
    return Template(
        id=data["id"],
        name=data.get("name", data["id"]),
        description=data.get("description", ""),
        version=data.get("version", 1),
        fields=tuple(
            Field(
                id=f["id"],
                heading=f["heading"],
                question=f.get("question", ""),
                guidance=f.get("guidance", ""),
                aliases=tuple(f.get("aliases", ())),
                required=bool(f.get("required", False)),
                word_limit=f.get("word_limit"),
            )
            for f in data["fields"]
        ),
    )


def matches_to_dict(matches: dict[str, FieldMatch]) -> dict:
    return {k: {"heading": m.heading, "confidence": m.confidence, "method": m.method} for k, m in matches.items()}


def unplaced_to_list(unplaced: Iterable[Unplaced]) -> list[dict]:
    return [{"heading": u.heading, "text": u.text, "hint": u.hint, "score": u.score} for u in unplaced]


def case_to_dict(case: CaseStudy) -> dict:
    return {
        "id": case.id,
        "title": case.title,
        "source": case.source,
        "sha256": case.sha256,
        "format": case.format,
        "row": case.row,
        "fields": dict(case.fields),
        "matches": matches_to_dict(case.matches),
        "unplaced": unplaced_to_list(case.unplaced),
        "attributes": dict(case.attributes),
    }


def case_from_dict(data: dict) -> CaseStudy:
    return CaseStudy(
        id=data["id"],
        title=data["title"],
        source=data.get("source", ""),
        sha256=data.get("sha256", ""),
        format=data.get("format", ""),
        row=data.get("row"),
        fields=dict(data.get("fields", {})),
        matches={
            k: FieldMatch(k, m["heading"], m["confidence"], m.get("method", "fuzzy"))
            for k, m in data.get("matches", {}).items()
        },
        unplaced=tuple(
            Unplaced(u["heading"], u["text"], u.get("hint"), u.get("score", 0.0)) for u in data.get("unplaced", ())
        ),
        attributes=dict(data.get("attributes", {})),
    )


def theme_to_dict(theme: Theme) -> dict:
    return {
        "id": theme.id,
        "heading": theme.heading,
        "label": theme.label,
        "definition": theme.definition,
        "projects": sorted(theme.case_ids),
        "origin": theme.origin,
        "suggestion_key": theme.suggestion_key,
        "score": theme.score,
    }


def theme_from_dict(data: dict, analyst: str = "") -> Theme:
    return Theme(
        id=data["id"],
        heading=data["heading"],
        label=data["label"],
        definition=data.get("definition", ""),
        case_ids=frozenset(data.get("projects", ())),
        origin=data.get("origin", "analyst"),
        suggestion_key=data.get("suggestion_key"),
        score=data.get("score"),
        analyst=analyst,
    )


def coding_to_dict(coding: Coding) -> dict:
    return {
        "id": coding.id,
        "theme_id": coding.theme_id,
        "case_id": coding.case_id,
        "field_id": coding.heading_id,
        "start": coding.start,
        "end": coding.end,
        "text": coding.text,
        "target": coding.target,
        "origin": coding.origin,
    }


def coding_from_dict(data: dict, analyst: str = "") -> Coding:
    return Coding(
        id=data["id"],
        theme_id=data["theme_id"],
        case_id=data["case_id"],
        heading_id=data["field_id"],
        start=int(data["start"]),
        end=int(data["end"]),
        text=data.get("text", ""),
        target=data.get("target", "summary"),
        origin=data.get("origin", "analyst"),
        analyst=data.get("analyst") or analyst,  # a coding imported from another tool keeps its coder
    )


def general_to_dict(general: GeneralTheme) -> dict:
    return {
        "id": general.id,
        "label": general.label,
        "definition": general.definition,
        "themes": list(general.themes),
        "origin": general.origin,
    }


def codebook_entry_to_dict(entry: CodebookEntry) -> dict:
    data = {
        "name": entry.name,
        "definition": entry.definition,
        "include": entry.include,
        "exclude": entry.exclude,
        "examples": list(entry.examples),
        "heading": entry.heading,
    }
    # hierarchy, colour and categories only when there are some, so a flat codebook's payload stays as it was
    if entry.parents:
        data["parents"] = list(entry.parents)
    if entry.colour:
        data["colour"] = entry.colour
    if not entry.codable:
        data["codable"] = False
    return data


def codebook_entry_from_dict(data: dict) -> CodebookEntry:
    return CodebookEntry(
        name=data["name"],
        definition=data.get("definition", ""),
        include=data.get("include", ""),
        exclude=data.get("exclude", ""),
        examples=tuple(data.get("examples", ())),
        heading=data.get("heading"),
        parents=tuple(data.get("parents", ())),
        colour=data.get("colour", ""),
        codable=bool(data.get("codable", True)),
    )
