"""Step 3 and 4: the theme x heading matrix, general-theme proposals, merges, order, themes.json."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_themes import small_project

from synth.themes import actions, collate, refine
from synth.themes.export import themes_json


@pytest.fixture
def project(tmp_path: Path):
    with small_project(tmp_path / "p") as p:
        vol_e = actions.create_theme(
            p, "enablers_barriers", "Volunteers", case_ids=["green-minds", "songs-of-the-estate", "tide-lines"]
        )
        vol_n = actions.create_theme(
            p,
            "next_steps",
            "Volunteer leaders",
            case_ids=["songs-of-the-estate", "walk-and-talk", "befriending-bridges"],
        )
        fund_e = actions.create_theme(
            p, "enablers_barriers", "Short-term funding", case_ids=["green-minds", "paint-the-town", "hearts-in-clay"]
        )
        fund_n = actions.create_theme(
            p, "next_steps", "New funding", case_ids=["green-minds", "paint-the-town", "kitchen-table"]
        )
        actions.create_theme(p, "impact", "Better sleep", case_ids=["tide-lines"])
        p.ids = {"vol_e": vol_e.id, "vol_n": vol_n.id, "fund_e": fund_e.id, "fund_n": fund_n.id}
        yield p


def test_matrix_lists_every_theme_under_its_heading(project):
    m = collate.theme_heading_matrix(project.state)
    assert m.headings[:2] == ("participants", "enablers_barriers")
    assert len(m.rows) == 5 and all(r.general_id is None for r in m.rows)


def test_proposals_join_themes_across_headings(project):
    proposals = {p.label: p for p in collate.propose_general_themes(project.state)}
    ids = project.ids
    vol = next(p for label, p in proposals.items() if "olunteer" in label)
    fund = next(p for label, p in proposals.items() if "unding" in label)
    assert set(vol.themes) == {ids["vol_e"], ids["vol_n"]}
    assert set(fund.themes) == {ids["fund_e"], ids["fund_n"]}
    assert not any(len({project.state.themes[t].heading for t in p.themes}) < 2 for p in proposals.values())
    assert "Better sleep" not in proposals


def test_accept_edit_reject_general(project):
    proposals = collate.propose_general_themes(project.state)
    first, second = proposals[0], proposals[1]
    g = collate.accept_general(project, first, label="Renamed")
    e = list(project.trail.events())[-1]
    assert (
        e.kind == "general.created"
        and e.payload["key"] == first.key
        and e.payload["basis"]["renamed_from"] == first.label
    )
    assert g.label == "Renamed" and set(g.themes) == set(first.themes)
    collate.update_general(project, g.id, definition="What it means.")
    assert project.state.general_themes[g.id].definition == "What it means."
    collate.reject_general(project, second)
    assert second.key in project.state.rejected_general
    assert collate.propose_general_themes(project.state) == []  # accepted members and the rejected key are not offered
    m = collate.theme_heading_matrix(project.state)
    assert m.rows[0].general_id == g.id and len(m.rows) == 4
    project.undo()
    assert second.key not in project.state.rejected_general


def test_refine_merges_repetitive_general_themes(project):
    ids = project.ids
    a = collate.create_general(project, "Volunteering", [ids["vol_e"]])
    b = collate.create_general(project, "Volunteers", [ids["vol_n"]])
    c = collate.create_general(project, "Funding", [ids["fund_e"], ids["fund_n"]])
    merges = refine.propose_merges(project.state)
    assert [set(m.general_ids) for m in merges] == [{a.id, b.id}]
    merged = refine.merge_generals(project, merges[0], definition="Volunteers keep projects going.")
    assert set(merged.themes) == {ids["vol_e"], ids["vol_n"]} and len(project.state.general_themes) == 2
    assert list(project.trail.events())[-1].kind == "general.merged"
    refine.set_order(project, [c.id, merged.id])
    assert list(project.state.general_themes) == [c.id, merged.id]
    final = refine.final_set(project.state)
    assert final[0].general.label == "Funding" and set(final[0].headings) == {"enablers_barriers", "next_steps"}
    assert set(final[0].case_ids) == {"green-minds", "paint-the-town", "hearts-in-clay", "kitchen-table"}
    refine.define_general(project, c.id, "Money, and its ending.")
    data = themes_json(project.state)
    assert data["general_themes"][0]["label"] == "Funding"
    assert data["general_themes"][0]["themes"] == [
        ["enablers_barriers", "Short-term funding"],
        ["next_steps", "New funding"],
    ]
    vol = next(t for t in data["headings"]["enablers_barriers"] if t["label"] == "Volunteers")
    assert vol["projects"] == ["Green Minds", "Songs of the Estate", "Tide Lines"] and vol["status"] == "created"


def test_rejected_merge_is_not_proposed_again(project):
    ids = project.ids
    collate.create_general(project, "Volunteering", [ids["vol_e"]])
    collate.create_general(project, "Volunteers", [ids["vol_n"]])
    (m,) = refine.propose_merges(project.state)
    refine.reject_merge(project, m)
    assert refine.propose_merges(project.state) == []


def test_label_heads_are_the_last_word_of_each_facet():
    assert collate.label_heads("Social isolation and loneliness") == {"isolation", "loneliness"}
    assert collate.label_heads("Mental wellbeing") == {"wellbeing"}


def test_a_theme_of_its_headings_own_subject_joins_no_general_theme(tmp_path):
    """Under Lived experience nearly every team writes of co-production, so that theme says nothing
    about which projects hold the idea: the general theme rests on the other headings (engine.toml
    [general] own_subject), and the lived-experience theme stays a theme of its own."""
    from synth.themes.suggest import suggest_themes
    from tests.unit.test_meaning import project_of

    shaped = "A steering group of members co-designed the sessions and chose the themes."
    answers = {
        "methodology": [shaped, shaped, "We ran weekly sessions in the hall.", "", ""],
        "lived_experience": [shaped, shaped, shaped, shaped, shaped],
        "key_learning": [shaped, "", shaped, "Start small.", ""],
    }
    with project_of(tmp_path / "p", answers) as p:
        for heading in answers:
            found = [s for s in suggest_themes(p.state, heading) if s.key == "f:reaim_mrc:co_production"]
            assert found, heading
            actions.accept_suggestion(p, found[0], origin="machine")
        themes = {t.heading: t for t in p.state.themes.values()}
        assert collate.heading_own_subject(themes["lived_experience"])
        assert not collate.heading_own_subject(themes["methodology"])
        proposal = next(g for g in collate.propose_general_themes(p.state) if "o-production" in g.label)
        assert set(proposal.themes) == {themes["methodology"].id, themes["key_learning"].id}
        assert set(proposal.case_ids) == {"c0", "c1", "c2"}  # not the five of Lived experience
