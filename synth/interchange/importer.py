"""Bring a REFI-QDA project into a synthesis: every source, code, coding and note, as trail events.

Two readings, one commit:

* **A project synth wrote** (``origin="synth ..."``) is read back exactly: each
  source's text is cut at the headings synth wrote (answer, then uniform
  summary) into the case's answers and summaries; codes named ``Label
  (Heading)`` with a ``Heading: ... [field]`` line become that heading's
  themes, top-level codes holding them become general themes (members from
  the "General theme" sets, so a theme in two general themes stays in both),
  the "Codebook codes not yet applied" group becomes the codebook, and each
  selection becomes a coding on the answer or summary it falls in. Memos go
  back to what their ``NoteRef`` is attached to.
* **A project from another tool** (QualCoder, ATLAS.ti, NVivo, MAXQDA...): each
  text source is read like any form (:func:`synth.extract.readers.blocks.assemble`
  places its headings under template fields); a source with no heading synth
  can place becomes one field, ``source_text``, holding its whole text, which
  the analyst can re-map. Every code becomes a codebook entry (hierarchy,
  colour and description kept; a category is kept as a non-codable entry);
  each code applied under a heading becomes a theme of that heading with its
  codings; a top-level code whose tree holds several themes becomes a general
  theme over them. Each selection's span is carried from the source's
  positions to the answer's, and its text checked; a selection that lands
  on no placed answer (a title, an unplaced section) lands on ``source_text``.

Users become the coders of their codings (the coding payload names them) and
are listed on a ``project.imported`` event with the file's SHA-256, so the
same file is recognised and not imported twice. Nothing is written unless all
of it is: the events go in one :meth:`~synth.project.Project.commit`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from synth.interchange import InterchangeError
from synth.interchange.from_synth import SynthPlan
from synth.interchange.from_tools import ToolPlan
from synth.interchange.plan import SOURCE_FIELD as SOURCE_FIELD
from synth.interchange.plan import QdpxReport
from synth.interchange.qdpx import QdpxProject, read_qdpx


def import_qdpx(project, path: str | Path, progress: Callable[[int, int, str], None] | None = None) -> QdpxReport:
    """Read ``path`` and add what it holds to ``project`` in one commit; return what was done."""
    qp = read_qdpx(path)
    return import_read(project, qp, progress)


def import_read(project, qp: QdpxProject, progress: Callable[[int, int, str], None] | None = None) -> QdpxReport:
    """Import an already-read project (``synth init --from`` reads it before making the folder)."""
    state = project.state
    report = QdpxReport(path=qp.path, origin=qp.origin, name=qp.name)
    report.in_file = {
        "sources": qp.declared_sources,
        "codes": len(qp.codes),
        "codings": qp.declared_codings,
        "notes": len(qp.notes),
    }
    report.skipped = list(qp.skipped)
    if any(i.get("sha256") == qp.sha256 for i in state.imported):
        report.duplicate = True
        return report
    if state.template is None:
        raise InterchangeError(f"{qp.path}: the project has no template to place the sources under", qp.path)
    reading = SynthPlan if qp.origin.lower().startswith("synth") else ToolPlan
    plan = reading(project, qp, report)
    events = plan.events(progress)
    report.users = [u for u in dict.fromkeys(qp.users.values()) if u]
    events.append(
        (
            "project.imported",
            {
                "file": qp.path,
                "sha256": qp.sha256,
                "origin": qp.origin,
                "name": qp.name,
                "users": [{"guid": g, "name": n} for g, n in qp.users.items()],
                "counts": dict(report.imported),
                "in_file": dict(report.in_file),
                "skipped": list(report.skipped),
            },
        )
    )
    project.commit(events)
    return report
