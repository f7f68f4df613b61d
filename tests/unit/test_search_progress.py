"""Search over many cases: it reports how far it has read and stops when asked (the TUI runs it in a worker)."""

from __future__ import annotations

from synth import search as search_module
from synth.model import CaseStudy, FieldMatch
from synth.project import Project
from synth.search import search
from synth.state import case_to_dict

N_CASES = 1200


def large(tmp_path) -> Project:
    project = Project.create(tmp_path / "p", name="Many", fields=["purpose"], analyst="ana")
    cases = [CaseStudy(f"c{i:04d}", f"Case {i:04d}", f"forms/{i}.md", f"{i:064x}", {"purpose": f"Answer {i}."},
                       {"purpose": FieldMatch("purpose", "purpose", 1.0, "exact")}) for i in range(N_CASES)]  # fmt: skip
    project.commit([("case.imported", {"case": case_to_dict(c)}) for c in cases])
    return project


def test_search_reports_the_cases_read_and_stops_when_cancelled(tmp_path, monkeypatch):
    project = large(tmp_path)
    heard = []
    hits = search(project.state, "answer", limit=5000, progress=lambda done, total, what: heard.append((done, total)))
    assert len(hits) == N_CASES
    every = search_module.PROGRESS_EVERY
    assert heard == [(n, N_CASES) for n in range(0, N_CASES, every)]

    monkeypatch.setattr(search_module, "PROGRESS_EVERY", 100)  # looks at cancelled() every 800 texts
    asked = []
    stopped = search(project.state, "answer", limit=5000, cancelled=lambda: asked.append(1) or True)
    assert asked == [1] and len(stopped) == 799  # the hits before it was asked, no more
    project.close()
