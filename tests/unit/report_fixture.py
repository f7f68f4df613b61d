"""A small synthesis project built by committing trail events directly, for the report tests.

The report reads only the state and the trail, so these tests do not wait for
the importers and suggestion engines: they write the events those commands
would write (payloads per the synth/state.py docstring).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from synth.model import CaseStudy, make_id, slugify
from synth.project import Project
from synth.state import case_to_dict

FIELDS = ["overview", "setting", "participants", "enablers_barriers", "key_learning"]

CASES = {
    "Green Minds": {
        "overview": "Green Minds runs weekly gardening sessions for adults with low mood. It is led by volunteers.",
        "setting": "An allotment in north Leeds, with the local NHS talking therapies service.",
        "participants": "Forty adults took part, most referred by GPs. Volunteers ran every session.",
        "enablers_barriers": "Volunteers kept the sessions going. Winter weather cut attendance.",
        "key_learning": "Peer support mattered more than horticulture.",
    },
    "Songs of the Estate": {
        "overview": "A community choir on a housing estate in Salford for isolated older residents.",
        "setting": "A community centre in Salford, run by a housing association and a music charity.",
        "participants": "Twenty-five residents aged 60 to 88 sang weekly; volunteers provided transport.",
        "enablers_barriers": "Volunteer drivers made attendance possible. Funding ended after one year.",
        "key_learning": "Singing together built friendships that lasted beyond the project.",
    },
    "Open Studio": {
        "overview": "Open Studio offers arts on prescription in Stockport for people referred by social prescribers.",
        "setting": "A studio in Stockport town centre, working with the council's social prescribing team.",
        "participants": "Sixty people over two years; referrals came from link workers.",
        "enablers_barriers": "Short-term funding made planning hard. Link workers were strong referrers.",
        "key_learning": "Funding for two years at least is needed to show change on WEMWBS.",
    },
}


@dataclass
class Built:
    """What the fixture made: the folder, case ids by title, and theme/general ids by label."""

    path: Path
    cases: dict[str, str]
    themes: dict[str, str] = field(default_factory=dict)
    generals: dict[str, str] = field(default_factory=dict)


def case_event(title: str, answers: dict[str, str], source: str | None = None) -> tuple[str, dict]:
    case = CaseStudy(
        id=slugify(title),
        title=title,
        source=source or f"forms/{slugify(title)}.md",
        sha256=make_id("sha", title),
        fields=dict(answers),
        format="markdown",
    )
    return "case.imported", {"case": case_to_dict(case)}


def coding(
    theme_id: str, case_id: str, heading_id: str, text: str, span: str, target: str = "summary", origin: str = "analyst"
) -> dict:
    start = text.index(span)
    end = start + len(span)
    return {
        "id": make_id("k", theme_id, case_id, heading_id, start, end),
        "theme_id": theme_id,
        "case_id": case_id,
        "field_id": heading_id,
        "start": start,
        "end": end,
        "text": span,
        "target": target,
        "origin": origin,
    }


def theme_event(
    heading: str,
    label: str,
    spans: list[tuple[str, str, str, str]],
    *,
    origin: str = "analyst",
    key: str | None = None,
    definition: str = "",
) -> tuple[str, dict]:
    """spans: (case_id, text coded in, the coded words, target)."""
    tid = make_id("t", heading, key or label, 0)
    payload: dict = {
        "theme": {
            "id": tid,
            "heading": heading,
            "label": label,
            "definition": definition,
            "projects": sorted({s[0] for s in spans}),
            "origin": origin,
            "suggestion_key": key,
            "score": 0.8 if key else None,
        },
        "codings": [
            coding(tid, case_id, heading, text, words, target, origin) for case_id, text, words, target in spans
        ],
        "origin": origin,
    }
    if key:
        payload["basis"] = {"key": key, "score": 0.8, "engine": "test"}
    return "theme.created", payload


def general_event(
    label: str, theme_ids: list[str], *, origin: str = "analyst", key: str | None = None, definition: str = ""
) -> tuple[str, dict]:
    gid = make_id("g", label, 0)
    return "general.created", {
        "general": {"id": gid, "label": label, "definition": definition, "themes": theme_ids, "origin": origin},
        "key": key,
        "origin": origin,
    }


def summary_event(
    case_id: str,
    heading_id: str,
    text: str,
    answer: str,
    *,
    status: str = "accepted",
    origin: str = "analyst",
    reviewed: bool = True,
) -> tuple[str, dict]:
    return "summary.recorded", {
        "case_id": case_id,
        "field_id": heading_id,
        "text": text,
        "status": status,
        "suggestion": make_id("s", case_id, heading_id),
        "engine": "test",
        "engine_version": "1",
        "answer": answer,
        "reviewed": reviewed,
        "origin": origin,
    }


def build_project(root: Path, cases: dict[str, dict[str, str]] | None = None, *, stage: int = 3) -> Built:
    """A project in three stages, each its own commands: (1) cases and summaries, (2) themes, (3) general themes.

    ``stage`` says how far to go. Analyst ``ana`` does most of the work; ``ben`` is the second coder;
    some summaries, one theme and one general theme are machine-made and never reviewed.
    """
    cases = cases if cases is not None else CASES
    path = root / "proj"
    with Project.create(path, name="Creative Health Synthesis", fields=FIELDS, analyst="ana") as p:
        ids = {}
        for title, answers in cases.items():
            kind, payload = case_event(title, answers)
            ids[title] = payload["case"]["id"]
            p.commit([(kind, payload)])
        built = Built(path, ids)
        titles = list(cases)
        # Summaries: participants by an analyst, enablers_barriers machine-drafted and unreviewed.
        p.commit(
            [
                summary_event(
                    ids[t], "participants", cases[t]["participants"], cases[t]["participants"], status="accepted"
                )
                for t in titles
            ]
        )
        p.commit(
            [
                summary_event(
                    ids[t],
                    "enablers_barriers",
                    cases[t]["enablers_barriers"],
                    cases[t]["enablers_barriers"],
                    origin="machine",
                    reviewed=False,
                )
                for t in titles
            ]
        )
        if stage < 2:
            return built
        eb = {t: cases[t]["enablers_barriers"] for t in titles}
        spans = [
            (ids[t], eb[t], w, "summary") for t in titles for w in ("Volunteers", "Volunteer drivers") if w in eb[t]
        ]
        kind, payload = theme_event("enablers_barriers", "Volunteer effort", spans, origin="machine", key="volunteer")
        built.themes["Volunteer effort"] = payload["theme"]["id"]
        p.commit([(kind, payload)])
        fund = [
            (ids[t], eb[t], w, "summary") for t in titles for w in ("Funding ended", "Short-term funding") if w in eb[t]
        ]
        kind, payload = theme_event(
            "enablers_barriers",
            "Short-term funding",
            fund,
            key="funding",
            definition="Funding that ends before change can show.",
        )
        built.themes["Short-term funding"] = payload["theme"]["id"]
        p.commit([(kind, payload)])
        p.record("suggestion.rejected", heading="enablers_barriers", key="weather", label="Winter weather")
        part = {t: cases[t]["participants"] for t in titles}
        vol = [
            (ids[t], part[t], w, "summary")
            for t in titles
            for w in ("Volunteers ran every session", "volunteers provided transport")
            if w in part[t]
        ]
        kind, payload = theme_event("participants", "Volunteers", vol)
        built.themes["Volunteers"] = payload["theme"]["id"]
        p.commit([(kind, payload)])
    with Project.open(path, analyst="ben") as p:
        kl = {t: cases[t]["key_learning"] for t in titles}
        peer = [(ids[t], kl[t], w, "answer") for t in titles for w in ("Peer support", "friendships") if w in kl[t]]
        kind, payload = theme_event("key_learning", "Social connection", peer)
        built.themes["Social connection"] = payload["theme"]["id"]
        p.commit([(kind, payload)])
        p.record(
            "theme.renamed", theme_id=built.themes["Short-term funding"], label="Short-term funding", previous="Funding"
        )
        p.record(
            "memo.written", memo={"id": "m-1", "target": "project", "text": "Volunteering recurs across headings."}
        )
        if stage < 3:
            return built
        kind, payload = general_event(
            "Volunteering",
            [built.themes["Volunteer effort"], built.themes["Volunteers"]],
            key="g-volunteering",
            definition="Volunteers as the workforce that keeps projects running.",
        )
        built.generals["Volunteering"] = payload["general"]["id"]
        p.commit([(kind, payload)])
        kind, payload = general_event(
            "Sustainable funding", [built.themes["Short-term funding"]], origin="machine", key="g-funding"
        )
        built.generals["Sustainable funding"] = payload["general"]["id"]
        p.commit([(kind, payload)])
    return built
