"""What the analyst browses (case document, codebook tree, filters, memos, search) and the suggestion rules the
TUI relies on: merged or rejected themes never come back, a suggestion merges into a theme, a rejection is restored."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import small_project

from synth import browse
from synth.history import describe
from synth.project import Project
from synth.search import search
from synth.themes import actions
from synth.themes.suggest import excluded_keys, suggest_themes

HEADING = "enablers_barriers"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with small_project(tmp_path / "p") as p:
        yield p


def keys_offered(project: Project) -> set[str]:
    return {s.key for s in suggest_themes(project.state, HEADING)}


# -- merged or rejected themes never return ---------------------------------------------------


def test_a_theme_merged_into_another_is_never_suggested_again(project):
    a, b = suggest_themes(project.state, HEADING)[:2]
    ta = actions.accept_suggestion(project, a)
    tb = actions.accept_suggestion(project, b)
    actions.merge(project, ta.id, [tb.id])
    assert tb.id not in project.state.themes
    assert b.key in excluded_keys(project.state, HEADING)
    assert b.key not in keys_offered(project)
    project.undo()  # the merge taken back: b is a theme again, and still not offered (it is taken)
    assert b.key not in keys_offered(project) and tb.id in project.state.themes


def test_a_hand_made_theme_merged_away_excludes_a_suggestion_of_its_label(project):
    s = suggest_themes(project.state, HEADING)[0]
    keep = actions.create_theme(project, HEADING, "Everything else")
    mine = actions.create_theme(project, HEADING, s.label)
    assert s.key not in keys_offered(project) or s.key.startswith("c:")  # the label already covers it
    actions.merge(project, keep.id, [mine.id])
    if s.key.startswith("p:"):
        assert s.key in excluded_keys(project.state, HEADING)
        assert s.key not in keys_offered(project)


def test_a_rejected_suggestion_stays_away_until_restored(project):
    s = suggest_themes(project.state, HEADING)[0]
    actions.reject(project, s)
    assert s.key not in keys_offered(project)
    rows = browse.rejected_suggestions(project)
    assert [(r.heading, r.key, r.label) for r in rows] == [(HEADING, s.key, s.label)]
    actions.restore_suggestion(project, HEADING, s.key)
    e = list(project.trail.events())[-1]
    assert e.kind == "suggestion.restored" and e.payload["label"] == s.label
    assert (HEADING, s.key) not in project.state.rejected and browse.rejected_suggestions(project) == []
    assert s.key in keys_offered(project)
    with pytest.raises(actions.ThemeError, match="no rejected suggestion"):
        actions.restore_suggestion(project, HEADING, s.key)


def test_merge_a_suggestion_into_an_existing_theme(project):
    a, b = suggest_themes(project.state, HEADING)[:2]
    ta = actions.accept_suggestion(project, a)
    before = len(project.state.codings_of(ta.id))
    actions.merge_suggestion_into(project, b, ta.id)
    e = list(project.trail.events())[-1]
    assert e.kind == "suggestion.merged" and e.payload["into"] == ta.id and e.payload["basis"]["suggestion"] == b.key
    theme = project.state.themes[ta.id]
    assert theme.case_ids >= set(a.case_ids) | set(b.case_ids)
    coded = {(c.case_id, c.start, c.end) for c in project.state.codings_of(ta.id)}
    assert {(x.case_id, x.start, x.end) for x in b.evidence} <= coded
    assert len(coded) > before
    assert b.key not in keys_offered(project)
    assert describe(e, browse.namer(project.state)) == f"{HEADING}: suggestion {b.label!r} merged into {ta.label!r}"
    project.undo()
    assert len(project.state.codings_of(ta.id)) == before and b.key in keys_offered(project)


def test_merge_a_suggestion_into_a_theme_of_another_heading_is_refused(project):
    s = suggest_themes(project.state, HEADING)[0]
    other = actions.create_theme(project, "impact", "Confidence")
    with pytest.raises(actions.ThemeError, match="under 'impact'"):
        actions.merge_suggestion_into(project, s, other.id)


# -- names, never ids ------------------------------------------------------------------------


def test_descriptions_name_themes_and_cases(project):
    t = actions.create_theme(project, HEADING, "Funding")
    actions.rename(project, t.id, "Money")
    case = next(iter(project.state.cases.values()))
    actions.add_project(project, t.id, case.id)
    events = list(project.trail.events())
    name = browse.namer(project.state)
    assert describe(events[-2], name) == "theme 'Money' renamed 'Funding' -> 'Money'"
    assert describe(events[-1], name) == f"theme 'Money': + project {case.title}"
    assert t.id in describe(events[-1])  # without names (synth trail log) the ids stay as recorded
    before = browse.labels(project.state)
    actions.delete_theme(project, t.id)
    assert describe(list(project.trail.events())[-1], browse.namer(project.state, before)) == "deleted theme 'Money'"


# -- case document, codebook tree, filters, memos, search ----------------------------------------


def test_case_document_places_codings_in_their_sections(project):
    s = suggest_themes(project.state, HEADING)[0]
    theme = actions.accept_suggestion(project, s)
    case_id = s.evidence[0].case_id
    doc = browse.case_document(project.state, case_id)
    assert doc.title == project.state.cases[case_id].title
    headings = [sec.heading for sec in doc.sections]
    assert "Enablers and barriers" in headings
    section = next(sec for sec in doc.sections if sec.heading_id == HEADING)
    spans = [sp for sp in section.spans if sp.theme_id == theme.id]
    assert spans and all(section.text[sp.start : sp.end] for sp in spans)
    ev = next(e for e in s.evidence if e.case_id == case_id)
    assert (ev.start, ev.end) in {(sp.start, sp.end) for sp in spans}
    assert doc.themes[0][:2] == (theme.id, theme.label)
    assert spans[0].colour == browse.theme_colour(theme.id)


def test_codebook_tree_counts_projects_and_codings(project):
    a, b = suggest_themes(project.state, HEADING)[:2]
    ta, tb = actions.accept_suggestion(project, a), actions.accept_suggestion(project, b)
    from synth.themes import collate

    g = collate.create_general(project, "Practicalities", [ta.id])
    tree = browse.codebook_tree(project.state)
    general = next(n for n in tree if n.kind == "general")
    assert general.label == "Practicalities" and general.n_cases == len(ta.case_ids)
    assert [c.ident for c in general.children] == [ta.id]
    assert general.codings == len(project.state.codings_of(ta.id)) == len(general.children[0].children)
    rest = next(n for n in tree if n.kind == "heading")
    assert rest.label == "Enablers and barriers (not collated)" and [c.ident for c in rest.children] == [tb.id]
    assert browse.theme_cases(project.state, g.id) == ta.case_ids


def test_filters_by_attribute_answer_words_and_theme(project):
    state = project.state
    cases = list(state.cases.values())
    assert browse.filter_cases(state, browse.CaseFilter()) == [c.id for c in cases]
    word = cases[0].fields[HEADING].split()[1]
    kept = browse.filter_cases(state, browse.CaseFilter(contains=(HEADING, word)))
    assert cases[0].id in kept and all(word.lower() in state.cases[c].fields[HEADING].lower() for c in kept)
    t = actions.create_theme(project, HEADING, "Funding", case_ids=[cases[1].id])
    assert browse.filter_cases(project.state, browse.CaseFilter(theme=t.id)) == [cases[1].id]
    answered = browse.filter_cases(project.state, browse.CaseFilter(answered=("next_steps",)))
    assert answered == [c.id for c in cases if c.fields.get("next_steps", "").strip()]


def test_attribute_filter_reads_forms_export_columns(tmp_path):
    from synth.model import CaseStudy
    from synth.state import case_to_dict

    p = Project.create(tmp_path / "q", fields=[HEADING])
    cs = [CaseStudy(id=f"c{i}", title=f"Case {i}", source="export.csv", format="csv", fields={HEADING: "x"},
                    attributes={"Region": region}) for i, region in enumerate(["North", "South", "North"])]  # fmt: skip
    p.commit([("case.imported", {"case": case_to_dict(c)}) for c in cs])
    values = browse.attribute_values(p.state)
    assert values["Region"] == {"North": 2, "South": 1} and values["format"] == {"csv": 3}
    f = browse.CaseFilter(attributes=(("Region", "North"),))
    assert browse.filter_cases(p.state, f) == ["c0", "c2"]
    assert f.describe(p.state) == "Region = North"
    p.close()


def test_memos_and_search_open_in_place(project):
    case = next(iter(project.state.cases.values()))
    t = actions.create_theme(project, HEADING, "Funding")
    actions.write_memo(project, f"theme:{t.id}", "Ask the funders about the grant cycle.")
    rows = browse.memo_rows(project.state)
    assert [(r.about, r.text) for r in rows] == [("'Funding'", "Ask the funders about the grant cycle.")]
    word = case.fields[HEADING].split()[2]
    hits = search(project.state, word.upper())
    hit = next(h for h in hits if h.case_id == case.id and h.heading_id == HEADING)
    assert hit.kind == "answer" and case.fields[HEADING][hit.start : hit.end].lower() == word.lower()
    assert hit.where == f"{case.title} · Enablers and barriers"
    memo_hits = search(project.state, "grant cycle")
    assert [(h.kind, h.where) for h in memo_hits] == [("memo", "memo on 'Funding'")]
    assert search(project.state, '"cycle grant"') == [] and search(project.state, "  ") == []
