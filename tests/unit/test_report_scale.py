"""A report a reader can use at any size (issue 12): name lists and per-heading summary lists are
capped with "and N more", and every theme is still there."""

from __future__ import annotations

from pathlib import Path

from report_fixture import FIELDS, case_event, summary_event, theme_event

from synth.project import Project
from synth.report.gather import gather
from synth.report.markdown import MAX_LISTED, to_markdown
from synth.report.text import MAX_NAMES

N = MAX_LISTED + 25


def test_a_large_report_caps_its_lists_and_keeps_every_theme(tmp_path: Path) -> None:
    answers = {f: f"Volunteers ran the {f.replace('_', ' ')} sessions every week." for f in FIELDS}
    with Project.create(tmp_path / "big", name="Big", fields=FIELDS, analyst="ana") as p:
        ids = []
        for n in range(N):
            kind, payload = case_event(f"Project {n:03d}", answers)
            ids.append(payload["case"]["id"])
            p.commit([(kind, payload)])
        p.commit([summary_event(c, "participants", "Volunteers ran sessions.", answers["participants"]) for c in ids])
        text = answers["enablers_barriers"]
        labels = ["Volunteer effort", "Weekly rhythm", "Small theme"]
        p.commit([theme_event("enablers_barriers", labels[0], [(c, text, "Volunteers", "answer") for c in ids])])
        p.commit([theme_event("enablers_barriers", labels[1], [(c, text, "every week", "answer") for c in ids[:30]])])
        p.commit([theme_event("enablers_barriers", labels[2], [(c, text, "sessions", "answer") for c in ids[:3]])])
        md = to_markdown(gather(p))
    assert all(f"**{label}**" in md for label in labels)
    assert f"{N} of {N} projects (" in md and f" and {N - MAX_NAMES} more)" in md
    assert f" and {30 - MAX_NAMES} more)" in md
    assert "Project 000, Project 001, Project 002)" in md  # short lists are whole
    assert "Project 064" not in md.split("## Findings by extraction heading")[0]  # the 65th case is not listed
    assert f"… and {N - MAX_LISTED} more case studies: the workbook's Summary matrix holds every summary." in md
    assert f"… and {N - MAX_LISTED} more case studies: the workbook's Extraction matrix holds them all." in md
