"""Theme quality: word families, scale codes, labels a researcher would name, diverse top suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from synth.model import CaseStudy
from synth.project import Project
from synth.state import case_to_dict
from synth.themes.corpus import word_families
from synth.themes.suggest import suggest_themes
from synth.themes.text import analyse


def project_of(path: Path, heading: str, texts: list[str], other: list[str] | None = None) -> Project:
    """A project whose cases answer ``heading`` with ``texts`` (and a second heading with ``other``)."""
    fields = [heading, "purpose"] if other else [heading]
    p = Project.create(path, fields=fields)
    events = []
    for i, text in enumerate(texts):
        answers = {heading: text}
        if other:
            answers["purpose"] = other[i % len(other)]
        case = CaseStudy(id=f"c{i}", title=f"Case {i}", source=f"c{i}.md", fields=answers)
        events.append(("case.imported", {"case": case_to_dict(case)}))
    p.commit(events)
    return p


@pytest.mark.parametrize(
    ("words", "together", "apart"),
    [
        (["deprived", "deprivation"], [("deprived", "deprivation")], []),
        (["coproduced", "coproduction", "coproduce"], [("coproduced", "coproduction")], []),
        (["community", "communication"], [], [("community", "communication")]),
        (["assetbased", "asset"], [("assetbased", "asset")], []),
        (["peerled", "peer"], [], []),  # "peer" is too short a stem to join on its own ending
        (["ons4", "ons"], [("ons4", "ons")], []),
        (["care", "carer", "car"], [], [("care", "car")]),
        (["isolated", "isolation", "island"], [("isolated", "isolation")], [("isolation", "island")]),
    ],
)
def test_word_families_join_endings_not_meanings(words, together, apart):
    family = word_families(words)
    for a, b in together:
        assert family[a] == family[b], (a, b)
    for a, b in apart:
        assert family[a] != family[b], (a, b)


def test_scale_codes_are_candidate_words():
    (a,) = analyse(["We used the ONS4 questions and the PHQ9 in 2021."])
    assert "ons4" in a.phrases and "phq9" in a.phrases
    assert "2021" not in a.phrases


def test_word_family_variants_support_one_theme(tmp_path):
    texts = [
        "Sessions were co-produced with members.",
        "The programme was co-produced with young people.",
        "We used a co-production approach from the start.",
        "Co-production shaped every decision.",
        "Volunteers ran the sessions.",
        "Volunteers met weekly to plan.",
    ]
    with project_of(tmp_path / "p", "methodology", texts) as p:
        found = suggest_themes(p.state, "methodology")
    coproduction = [s for s in found if s.label.lower().startswith("co-produc")]
    assert len(coproduction) == 1, [s.label for s in found]
    assert set(coproduction[0].case_ids) == {"c0", "c1", "c2", "c3"}


@pytest.mark.parametrize(
    ("word", "noun", "verb"),
    [("volunteer", True, False), ("lonely", False, False), ("consistent", False, False), ("expand", False, True)],
)
def test_part_of_speech_lexicon(word, noun, verb):
    from synth.themes.termhood import is_noun, is_verb

    assert is_noun(word) is noun
    assert is_verb(word) is verb
    assert is_noun("wemwbs")  # unknown words (scales, names) may name a theme


@pytest.mark.parametrize(
    ("verb", "form"), [("expand", "expanding"), ("embed", "embedding"), ("share", "sharing"), ("refer", "referring")]
)
def test_a_verb_theme_is_named_by_its_gerund(verb, form):
    from synth.themes.labels import gerund

    assert gerund(verb) == form


def test_a_bare_adjective_does_not_name_a_theme(tmp_path):
    texts = [
        "Many were lonely before they joined. Isolation was common.",
        "People felt lonely and cut off. Isolation had grown since the pandemic.",
        "Members were lonely. Isolation is the reason most come.",
        "Some were lonely. Social isolation was a problem.",
        "Volunteers ran it.",
        "Volunteers drove the minibus.",
    ]
    with project_of(tmp_path / "p", "participants", texts) as p:
        labels = [s.label for s in suggest_themes(p.state, "participants")]
    assert any(label.lower().startswith(("isolation", "social isolation")) for label in labels), labels
    assert "Lonely" not in labels


def test_living_alone_is_a_phrase():
    (a,) = analyse(["Half of them live alone."])
    assert "live alone" in a.phrases


def test_spelling_variants_share_their_start(tmp_path):
    texts = [
        "People went at their own pace.",
        "Walks kept a gentle pace.",
        "The garden is a safe space.",
        "A green space near the estate.",
        "Each organisation referred people.",
        "Another organization referred people.",
        "One organisation funded it.",
        "Every organization helped.",
    ]
    from synth.themes.corpus import corpus
    from synth.themes.inductive import inductive_themes as _inductive

    with project_of(tmp_path / "p", "methodology", texts) as p:
        found = _inductive(corpus(p.state, ["methodology"]), "methodology", 12)  # the phrase engine itself
    by_phrase = {phrase: s for s in found for phrase in s.phrases}
    assert by_phrase["pace"] is not by_phrase["space"]
    assert by_phrase["organisation"] is by_phrase["organization"]


def test_a_broader_ordinary_word_gives_no_projects_to_its_phrase(tmp_path):
    texts = [
        "Half of them live alone.",
        "Many live alone since being widowed.",
        "A third live alone.",
        "Most were living with dementia.",
        "Most were living with depression.",
        "Many were living with arthritis.",
    ]
    with project_of(tmp_path / "p", "participants", texts) as p:
        found = suggest_themes(p.state, "participants")
    alone = next(s for s in found if "alone" in s.label.lower())
    assert set(alone.case_ids) == {"c0", "c1", "c2"}


def test_a_related_suggestion_with_the_same_projects_moves_down():
    import numpy as np

    from synth.themes.inductive import _diversify

    heads = [object(), object(), object()]
    position = {id(h): i for i, h in enumerate(heads)}
    sim = np.array([[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 1.0]])
    candidates = [
        (0.9, heads[0], [], {"a", "b", "c"}, {(0, 0), (1, 0)}),
        (0.8, heads[1], [], {"a", "b"}, {(0, 1), (1, 1)}),  # related to the first, same projects
        (0.7, heads[2], [], {"a", "b"}, {(0, 2), (1, 2)}),  # same projects, unrelated idea
    ]
    order = [c[1] for c in _diversify(candidates, sim, position)]
    assert order == [heads[0], heads[2], heads[1]]


@pytest.mark.parametrize(
    ("label", "key", "expected"),
    [
        ("Lived alone", "live alone", "Living alone"),
        ("Trained volunteers", "train volunteer", "Trained volunteers"),
        ("Expand", "expand", "Expanding"),
        ("Integrated care board", "integrate care board", "Integrated care board"),
        ("Volunteers", "volunteer", "Volunteers"),
    ],
)
def test_labels_naming_an_action_read_as_one(label, key, expected):
    from synth.themes.labels import as_activity as _as_activity

    assert _as_activity(label, key) == expected


@pytest.mark.parametrize(
    ("key", "term", "shares", "demoted"),
    [
        ("local", 0.8, (3, 3, 3), True),  # an ordinary word running through three other ideas
        ("local", 0.8, (8, 1, 0), False),  # mostly one other idea's sentences: not spread
        ("local", 0.8, (1, 1, 0), False),  # mostly sentences of its own
        ("isolation", 1.0, (3, 3, 3), False),  # a specific word names an idea however it is spread
        ("local people", 1.0, (3, 3, 3), False),  # a phrase, not one word
    ],
)
def test_an_ordinary_word_spread_over_other_themes_moves_down(key, term, shares, demoted):
    from synth.themes.inductive import _spread_demoted
    from synth.themes.phrases import Phrase as _Phrase

    own = {(0, i) for i in range(10)}
    head = _Phrase(key, set(), own, 1.0, 1.0, term=term)
    candidates = [(0.9, head, [head], {"a"}, own)]
    start = 0
    for n, share in enumerate(shares):
        other = _Phrase(f"idea {n}", set(), set(), 1.0, 1.0)
        sentences = {(0, i) for i in range(start, start + share)} | {(n + 1, 0)}
        start += share
        candidates.append((0.5, other, [other], {"b"}, sentences))
    out = _spread_demoted(candidates)
    assert (out[0][0] < 0.9) is demoted
    assert [c[0] for c in out[1:]] == [0.5] * len(shares)


@pytest.mark.parametrize(
    ("label", "key", "verb"),
    [
        ("Gathered participants", "gather participant", True),
        ("Refer patients", "refer patient", True),
        ("Family carers", "family carer", False),
        ("Building skills", "build skill", False),
        ("Befrienders", "befriender", False),
    ],
)
def test_a_second_facet_opening_with_a_verb_is_not_used(label, key, verb):
    from synth.themes.labels import _starts_with_verb_form

    assert _starts_with_verb_form(label, key) is verb


@pytest.mark.parametrize(
    ("head_cases", "fuller_cases", "term", "expected"),
    [
        (3, 2, 1.0, "link worker"),  # most projects write the noun in the longer phrase: named by it
        (5, 2, 1.0, "worker"),  # a specific noun used widely on its own keeps its name
        (5, 2, 0.8, "link worker"),  # an ordinary word is named fuller sooner
        (5, 1, 0.8, "worker"),  # one project's phrase names no theme
    ],
)
def test_a_one_word_label_is_named_by_a_longer_member_when_most_write_that(head_cases, fuller_cases, term, expected):
    from synth.themes.corpus import Unit
    from synth.themes.labels import fuller_name as _fuller_name
    from synth.themes.phrases import Phrase as _Phrase
    from synth.themes.text import analyse

    texts = ["Our link workers referred people."]
    units = [Unit("c0", "h", texts[0], "summary", analyse(texts)[0])]
    head = _Phrase("worker", {f"c{i}" for i in range(head_cases)}, {(0, 0)}, 1.0, 1.0, frozenset({"worker"}), term=term)
    fuller = _Phrase(
        "link worker", {f"c{i}" for i in range(fuller_cases)}, {(0, 0)}, 1.0, 1.0, frozenset({"link", "worker"})
    )
    assert _fuller_name(head, [head, fuller], units).key == expected


@pytest.mark.parametrize(
    ("key", "weight"),
    [
        ("volunteer gain food", 0.5),  # a clause: subject, verb, object
        ("accredit heritage volunteer", 1.0),
        ("social prescribe model", 1.0),
        ("volunteer recruitment", 1.0),
    ],
)
def test_a_phrase_with_a_verb_inside_weighs_less(key, weight):
    from synth.themes.phrases import _clause_weight

    assert _clause_weight(key) == weight


@pytest.mark.parametrize("word", ["majority", "half", "proportion"])
def test_a_word_of_quantity_is_no_theme_alone(word):
    from synth.themes.text import phrase_key

    keys = {phrase_key(pid) for pid in analyse([f"The {word} of carers were women."])[0].pids}
    assert word not in keys
    assert "carer" in keys


@pytest.fixture(scope="module")
def demo_state(tmp_path_factory: pytest.TempPathFactory):
    """The demo corpus imported once for the label tests below (raw answers, no summaries)."""
    from synth.demo import corpus_path
    from synth.extract.importer import import_paths

    with Project.create(tmp_path_factory.mktemp("demo") / "p") as p:
        import_paths(p, [corpus_path()])
        return p.state


@pytest.mark.parametrize(
    ("heading", "named", "not_named"),
    [
        ("impact", "GP appointments", "GP and appointments"),  # facets the forms write together
        ("data_collection", "Social return on investment", "Social return and investment"),  # joined by a preposition
    ],
)
def test_facets_the_forms_join_are_named_as_written(demo_state, heading, named, not_named):
    from synth.themes.corpus import corpus
    from synth.themes.inductive import inductive_themes as _inductive

    # the phrase engine's own labels (the inductive stage names clusters with it)
    labels = [s.label for s in _inductive(corpus(demo_state, [heading]), heading, 30)]
    assert named in labels, labels
    assert not_named not in labels
