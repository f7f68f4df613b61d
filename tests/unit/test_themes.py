"""Theme suggestions: ranking, labels (never lemma soup), grouping of synonyms, evidence, exclusions."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from synth.model import CaseStudy, slugify
from synth.project import Project
from synth.state import case_to_dict
from synth.themes.suggest import suggest_themes
from synth.themes.text import analyse, lemma_tokens, working_text

DATA = Path(__file__).resolve().parents[1] / "data" / "themes"
FIELDS = ["participants", "enablers_barriers", "impact", "key_learning", "next_steps"]


def small_project(path: Path) -> Project:
    """The eight hand-written cases of tests/data/themes/small.toml, imported by events."""
    data = tomllib.loads((DATA / "small.toml").read_text(encoding="utf-8"))
    p = Project.create(path, fields=FIELDS)
    events = []
    for c in data["cases"]:
        fields = {k: v for k, v in c.items() if k != "title"}
        case = CaseStudy(id=slugify(c["title"]), title=c["title"], source=f"{slugify(c['title'])}.md", fields=fields)
        events.append(("case.imported", {"case": case_to_dict(case)}))
    p.commit(events)
    return p


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Project:
    with small_project(tmp_path_factory.mktemp("themes") / "p") as p:
        yield p


@pytest.fixture
def project(shared: Project) -> Project:
    """The module's project, for tests that only read it."""
    return shared


@pytest.fixture
def fresh(tmp_path: Path) -> Project:
    with small_project(tmp_path / "p") as p:
        yield p


def by_label(suggestions, word: str):
    return next((s for s in suggestions if word in s.label.lower()), None)


@pytest.mark.parametrize(
    ("heading", "word", "case_ids"),
    [
        (
            "enablers_barriers",
            "funding",
            {"green-minds", "songs-of-the-estate", "paint-the-town", "kitchen-table", "hearts-in-clay"},
        ),
        ("enablers_barriers", "transport", {"green-minds", "walk-and-talk", "befriending-bridges", "tide-lines"}),
        ("impact", "loneliness", {"green-minds", "songs-of-the-estate", "befriending-bridges", "kitchen-table"}),
        (
            "participants",
            "older people",
            {"green-minds", "songs-of-the-estate", "befriending-bridges", "hearts-in-clay"},
        ),
    ],
)
def test_planted_themes_are_suggested_with_their_projects(project, heading, word, case_ids):
    suggestions = suggest_themes(project.state, heading)
    found = by_label(suggestions[:6], word)
    assert found is not None, [s.label for s in suggestions]
    assert set(found.case_ids) == case_ids


def test_synonyms_group_under_one_theme(project):
    # volunteers / volunteering / befrienders are one theme, Befriending Bridges included
    found = by_label(suggest_themes(project.state, "enablers_barriers"), "volunteer")
    assert found is not None
    assert "befriending-bridges" in found.case_ids and "songs-of-the-estate" in found.case_ids
    assert {"volunteer", "befriender"} <= set(found.phrases)


def test_ranking_is_by_shared_projects_and_distinctiveness(project):
    suggestions = suggest_themes(project.state, "enablers_barriers")
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(len(s.case_ids) >= 2 for s in suggestions)
    # the two ideas most projects name lead; which first depends on how strongly their sentences say it
    assert {s.label.split()[0].lower() for s in suggestions[:2]} == {"funding", "transport"}


def test_labels_are_surface_words_not_lemmas(project):
    labels = [s.label for h in FIELDS for s in suggest_themes(project.state, h)]
    assert labels
    for label in labels:
        assert label[0].isupper()
        assert label.split()[-1].lower() not in {"the", "and", "of", "to", "was", "helped", "grew"}
    assert "Funding" in labels and "Fund" not in labels  # the lemma of "funding" is "fund"
    assert "Older people" in labels and "Old people" not in labels


def test_evidence_points_at_exact_sentences(project):
    for heading in FIELDS:
        for s in suggest_themes(project.state, heading):
            assert s.evidence
            for e in s.evidence:
                text, target = working_text(project.state, e.case_id, e.heading_id)
                assert text[e.start : e.end] == e.text
                assert target == e.target and e.heading_id == heading
                assert e.case_id in s.case_ids


def test_a_sentence_keeps_the_figures_it_starts_with_but_not_its_bullet():
    """Evidence quoted "people took part, aged 62 to 97" for "204 people took part": the figure was
    dropped as if it were numbering."""
    text = "204 people took part, aged 62 to 97. 46% lived alone.\n1) Most members came weekly.\n- £5,000 came from the council."
    spans = analyse([text])[0].sentences
    assert [text[a:b] for a, b in spans] == [
        "204 people took part, aged 62 to 97.",
        "46% lived alone.",
        "Most members came weekly.",
        "£5,000 came from the council.",
    ]


def test_rejected_and_accepted_keys_are_not_offered_again(fresh):
    project = fresh
    from synth.themes.actions import accept_suggestion, reject

    first = suggest_themes(project.state, "enablers_barriers")
    reject(project, first[0])
    accept_suggestion(project, first[1])
    again = suggest_themes(project.state, "enablers_barriers")
    assert first[0].key not in {s.key for s in again}
    assert first[1].key not in {s.key for s in again}


def test_no_text_no_suggestions(project):
    assert suggest_themes(project.state, "setting") == []


def test_phrases_are_bounded_by_stop_words_and_lemmatised():
    (a,) = analyse(["Volunteers kept it going.\n- The befrienders helped with a sense of belonging and well-being."])
    assert "volunteer" in a.phrases and "befriender" in a.phrases
    assert "sense of belong" in a.phrases and "wellbeing" in a.phrases
    assert not any(k.split()[0] in {"the", "with", "a"} or k.split()[-1] in {"the", "with", "a"} for k in a.phrases)
    assert "help" not in a.phrases  # a verb is no theme
    starts = [s for s, _ in a.sentences]
    assert starts == [0, 28]  # the bullet is not part of the sentence
    assert lemma_tokens("Volunteer recruitment") == ["volunteer", "recruitment"]


def test_two_facet_labels_name_two_nouns_of_the_theme(project):
    for heading in FIELDS:
        for s in suggest_themes(project.state, heading):
            if " and " not in s.label or s.source != "inductive":
                continue  # a framework concept is named by the framework
            for facet in s.label.split(" and "):
                lemmas = lemma_tokens(facet)
                assert lemmas, s.label
                assert " ".join(lemmas) in s.phrases, (s.label, s.phrases)


def test_ordinary_english_words_weigh_less():
    from synth.themes.termhood import weight

    assert weight("women") < weight("community") < weight("volunteers") == 1.0
    assert weight("wemwbs") == 1.0


def test_agglomerative_cut_matches_scikit_learn():
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering

    from synth.themes.phrases import agglomerative

    rng = np.random.default_rng(7)
    points = rng.random((30, 3))
    distance = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    distance /= distance.max()
    ours = agglomerative(distance, 0.3)
    theirs = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=0.3
    ).fit_predict(distance)

    def partition(labels):
        groups = {}
        for i, label in enumerate(labels):
            groups.setdefault(label, set()).add(i)
        return sorted(map(sorted, groups.values()))

    assert partition(ours) == partition(theirs)


def test_boilerplate_every_project_writes_is_no_theme(tmp_path):
    p = Project.create(tmp_path / "p", fields=["enablers_barriers"])
    texts = [
        "Weekly sessions ran in the hall. Volunteers kept things going.",
        "Weekly sessions ran in the library. Volunteers were the backbone.",
        "Weekly sessions ran in the park. Bus transport was poor.",
        "Weekly sessions ran in the church. Bus transport was a barrier.",
        "Weekly sessions ran at the school. Funding ended early.",
        "Weekly sessions ran online. Funding was short term.",
    ]
    events = []
    for i, text in enumerate(texts):
        case = CaseStudy(id=f"c{i}", title=f"Case {i}", source="x", fields={"enablers_barriers": text})
        events.append(("case.imported", {"case": case_to_dict(case)}))
    p.commit(events)
    labels = [s.label.lower() for s in suggest_themes(p.state, "enablers_barriers")]
    assert labels[:3] and all("weekly" not in label for label in labels[:3])
    assert {"volunteers", "funding"} <= set(labels) and any("transport" in label for label in labels)
    p.close()
