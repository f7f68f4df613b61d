"""Themes by meaning (issue 10): assignment to framework concepts, labels, direction, frameworks as
files, one ranking scale, and what is never offered again."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.model import CaseStudy
from synth.project import Project
from synth.state import case_to_dict
from synth.themes import meaning
from synth.themes.frameworks import DEFAULT_CHOICE, FrameworkChoice, FrameworkError, available, load_framework
from synth.themes.suggest import suggest_themes
from synth.themes.words import sentence_words, speaker_positions


def project_of(path: Path, answers: dict[str, list[str]], titles: list[str] | None = None) -> Project:
    """A project whose case i answers each heading with ``answers[heading][i]`` ('' = no answer)."""
    headings = list(answers)
    n = max(len(v) for v in answers.values())
    p = Project.create(path, fields=headings)
    events = []
    for i in range(n):
        fields = {h: texts[i] for h, texts in answers.items() if i < len(texts) and texts[i]}
        title = titles[i] if titles else f"Case {i}"
        case = CaseStudy(id=f"c{i}", title=title, source=f"c{i}.md", fields=fields)
        events.append(("case.imported", {"case": case_to_dict(case)}))
    p.commit(events)
    return p


LONELY = [
    "Many members are isolated and rarely leave the house.",
    "Most participants live alone since their partner died.",
    "Residents told us they have few visitors from one month to the next.",
    "Older men in the valley feel cut off.",
    "The choir learnt twelve songs.",
]


# -- assignment --------------------------------------------------------------------------------


def test_a_theme_written_in_different_words_is_one_concept(tmp_path):
    with project_of(tmp_path / "p", {"purpose": LONELY}) as p:
        found = suggest_themes(p.state, "purpose")
    top = found[0]
    assert top.label == "Loneliness and isolation"
    assert top.source == "framework" and top.key == "f:outcomes:loneliness"
    assert set(top.case_ids) == {"c0", "c1", "c2", "c3"}
    assert {e.case_id for e in top.evidence} == {"c0", "c1", "c2", "c3"}
    for e in top.evidence:  # evidence is the exact sentence
        assert e.text in LONELY


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("collaborate", "collaboration"),
        ("collaborative", "collaborated"),
        ("isolated", "isolation"),
        ("co-produce", "coproduced"),
    ],
)
def test_word_families_share_one_key(a, b):
    assert meaning.norm(a) == meaning.norm(b)


def test_community_and_communication_stay_apart():
    assert meaning.norm("community") != meaning.norm("communication")


class _Unit:
    """One answer of one case, analysed as the corpus analyses it."""

    def __init__(self, text):
        from synth.themes.text import analyse

        self.text, self.case_id = text, "c"
        self.analysis = analyse([text])[0]


def test_at_most_two_concepts_a_clause_and_exclusions_veto():
    matcher = meaning.Matcher.build(DEFAULT_CHOICE.concepts("enablers_barriers"))

    # one clause naming three ideas keeps its two strongest
    one_clause = _Unit("The grant for the minibus to the village hall ran out.")
    found, _ = meaning.assign([one_clause], matcher)
    assert 1 <= len(found) <= 2
    # a dense sentence of three clauses keeps each clause's ideas: four in all
    crowded = _Unit("Funding was short, the bus service was cut, the hall was damp and staff left.")
    found, _ = meaning.assign([crowded], matcher)
    assert {matcher.concepts[a.concept].id for a in found} == {"funding", "transport", "venue", "staffing"}
    assert (
        meaning.clauses_of(crowded.text, crowded.analysis.sentences[0])[-1] == 2
    )  # "the hall was damp and staff left" is one
    costs = _Unit("Transport costs limited group outings.")
    found, _ = meaning.assign([costs], matcher)
    names = {matcher.concepts[a.concept].id for a in found}
    assert "transport" in names and "funding" not in names  # "transport costs" vetoes Funding


def _assigned(heading: str, text: str, concepts_of: str | None = None) -> dict[str, float]:
    """{concept id: strength} of the one sentence ``text`` under ``heading`` (the concepts of
    ``concepts_of``'s frameworks, default the heading's own)."""
    matcher = meaning.Matcher.build(DEFAULT_CHOICE.concepts(concepts_of or heading))
    found, _ = meaning.assign([_Unit(text)], matcher, heading)
    return {matcher.concepts[a.concept].id: a.strength for a in found}


def test_who_speaks_is_not_what_is_said():
    # "Staff" tells a learning about food: the sentence is Food and social time's alone, at full strength
    assert _assigned("key_learning", "Staff found that the shared lunch got people talking.") == {"hospitality": 1.0}
    # staff as the subject of the learning itself still name it
    assert "staffing" in _assigned("key_learning", "Skilled staff were what made the sessions work.")
    quote = '"It changed my life," said one volunteer.'
    words = sentence_words(quote, (0, len(quote)))
    assert [words[p][0] for p in sorted(speaker_positions(quote, (0, len(quote))))] == [
        meaning.norm("one"),
        meaning.norm("volunteer"),
    ]
    # under Participants who speaks is the answer: "Carers told us" names carers there, not elsewhere
    told = "Carers told us the group was a lifeline."
    assert "carers" in _assigned("participants", told)
    assert "carers" not in _assigned("key_learning", told, concepts_of="participants")


def test_one_idea_from_two_frameworks_takes_one_place_in_a_sentence():
    # Flexibility from two frameworks is one idea: both are read at the strength of the sentence's
    # second idea, and neither pushes the other out
    got = _assigned("key_learning", "The shared lunch and a flexible timetable got people talking.")
    assert got["hospitality"] == 1.0
    assert got["adaptability"] == got["flexibility"] == pytest.approx(0.25)


def test_ages_name_older_participants(tmp_path):
    texts = [
        "62 people took part, aged 62 to 97.",
        "Members were aged 68-93.",
        "The average age was 74.",
        "Aged 14 to 19.",
    ]
    with project_of(tmp_path / "p", {"participants": texts}) as p:
        found = suggest_themes(p.state, "participants")
    older = next(s for s in found if s.concept == "older")
    assert set(older.case_ids) == {"c0", "c1", "c2"}


# -- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "ordinary", "ok"),
    [
        ("Tuesday", False, False),
        ("Tea", False, False),
        ("Lane", False, False),  # a piece of "Memory Lane" and "Hollins Lane"
        ("Hollins Lane", False, False),
        ("Local", True, False),  # an ordinary word alone
        ("Scores", False, False),  # one word that names no idea
        ("SROI", False, True),
        ("Isolation", False, True),
        ("Five Ways to Wellbeing", False, True),
        ("Shed hosts", False, True),
    ],
)
def test_inductive_labels_are_never_ordinary_words_or_name_fragments(label, ordinary, ok):
    titles = meaning.title_words(["Memory Lane Archive Project", "The Shed at Hollins Lane"])
    assert meaning.acceptable_label(label, titles, ordinary) is ok


def test_suggestions_are_named_by_concepts_not_by_project_names(tmp_path):
    titles = ["Memory Lane", "Hollins Lane", "Green Lane", "Brook Lane"]
    texts = [
        "Memory Lane volunteers drove people who are isolated.",
        "At Hollins Lane most members live alone.",
        "Green Lane reached people who feel cut off.",
        "Brook Lane found many were lonely.",
    ]
    with project_of(tmp_path / "p", {"purpose": texts}, titles) as p:
        labels = [s.label for s in suggest_themes(p.state, "purpose")]
    assert labels[0] == "Loneliness and isolation"
    assert not any(label.lower() == "lane" or "lane" in label.lower().split() for label in labels), labels


# -- direction ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("There is no bus after four, so members struggled to get home.", "barrier"),
        ("Volunteer drivers made it possible for people to come.", "enabler"),
        ("The hall was free of charge, but the last bus leaves at four.", "both"),
        ("The project runs on Tuesdays.", ""),
    ],
)
def test_direction_of_a_sentence(sentence, expected):
    keys = [k for k, _, _ in meaning.words_of(sentence)]
    assert meaning.direction(keys) == expected


def test_direction_reads_the_clause_that_names_the_concept():
    sentence = "The hall was free of charge, but the last bus leaves at four and some could not come."
    keys = [k for k, _, _ in meaning.words_of(sentence)]
    bus = keys.index(meaning.norm("bus"))
    hall = keys.index(meaning.norm("hall"))
    assert meaning.direction(keys, [bus]) == "barrier"
    assert meaning.direction(keys, [hall]) == "enabler"


def test_enablers_and_barriers_say_which_way_per_project(tmp_path):
    texts = [
        "No bus reaches the village, so transport was the main barrier.",
        "Transport was hard: the nearest bus stop is two miles away.",
        "Members struggled with transport after the bus route was cut.",
        "Our minibus made it possible for people to come.",
        "Venue hire was paid by the council.",
    ]
    with project_of(tmp_path / "p", {"enablers_barriers": texts}) as p:
        found = suggest_themes(p.state, "enablers_barriers")
    transport = next(s for s in found if s.concept == "transport")
    assert transport.detail == "barrier in 3 projects, enabler in 1 project"
    assert transport.display == "Transport and access: barrier in 3 projects, enabler in 1 project"
    assert dict(transport.directions) == {"c0": "barrier", "c1": "barrier", "c2": "barrier", "c3": "enabler"}
    assert {e.direction for e in transport.evidence} == {"barrier", "enabler"}
    assert transport.basis()["direction"] == transport.detail


def test_direction_summary_counts_projects():
    dirs = {f"b{i}": "barrier" for i in range(6)} | {"e1": "enabler", "x": "both"}
    assert meaning.direction_summary(dirs) == "barrier in 7 projects, enabler in 2 projects"


# -- frameworks as files -------------------------------------------------------------------------


def test_bundled_frameworks_load_with_sources_and_examples():
    have = available()
    assert {"cfir", "reaim_mrc", "outcomes", "populations"} <= set(have)
    for fw in have.values():
        assert fw.source and fw.version
        for c in fw.concepts:
            assert c.definition and (c.terms or c.phrases), (fw.id, c.id)
            assert 2 <= len(c.examples) <= 3, (fw.id, c.id)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[framework\nid = 1", "not valid TOML"),
        ('[framework]\nid = "x"\nname = "X"\n', "'source' is missing"),
        ('[framework]\nid = "x"\nname = "X"\nsource = "S"\n', "no [[concept]] tables"),
        (
            '[framework]\nid = "x"\nname = "X"\nsource = "S"\n[[concept]]\nid = "a"\nname = "A"\ndefinition = "d"\n',
            "no terms or phrases",
        ),
        (
            '[framework]\nid = "x"\nname = "X"\nsource = "S"\n[[concept]]\nid = "a"\nname = "A"\ndefinition = "d"\n'
            'terms = ["t"]\nsynonyms = ["u"]\n',
            "unknown key(s) synonyms",
        ),
        (
            '[framework]\nid = "x"\nname = "X"\nsource = "S"\n[[concept]]\nid = "a"\nname = "A"\ndefinition = "d"\n'
            'terms = "t"\n',
            "'terms' must be a list of strings",
        ),
        (
            '[framework]\nid = "x"\nname = "X"\nsource = "S"\n[[concept]]\nid = "a"\nname = "A"\ndefinition = "d"\n'
            'terms = ["t"]\nparent = "nosuch"\n',
            "parent 'nosuch' is not another concept of this file",
        ),
    ],
)
def test_a_broken_framework_file_is_named_in_one_line(tmp_path, text, problem):
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as err:
        load_framework(path)
    message = str(err.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_synth_frameworks_lists_shows_copies_and_checks(tmp_path):
    from synth.cli import cli

    runner = CliRunner()
    listed = runner.invoke(cli, ["frameworks"])
    assert listed.exit_code == 0 and "cfir" in listed.output and "Damschroder" in listed.output
    shown = runner.invoke(cli, ["frameworks", "cfir"])
    assert shown.exit_code == 0 and "Transport and access" in shown.output
    copied = runner.invoke(cli, ["frameworks", "cfir", "--copy", str(tmp_path / "mine")])
    assert copied.exit_code == 0 and (tmp_path / "mine" / "cfir.toml").exists()
    bad = tmp_path / "bad.toml"
    bad.write_text('[framework]\nid = "bad"\n', encoding="utf-8")
    checked = runner.invoke(cli, ["frameworks", "--check", str(bad)])
    assert checked.exit_code == 1
    assert checked.output.strip().count("\n") == 0 and str(bad) in checked.output
    unknown = runner.invoke(cli, ["frameworks", "nosuch"])
    assert unknown.exit_code == 1 and "no framework 'nosuch'" in unknown.output


def test_a_team_framework_chosen_in_synth_toml_is_used(tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    (team / "ours.toml").write_text(
        '[framework]\nid = "ours"\nname = "Ours"\nsource = "Our team, 2025"\n'
        '[[concept]]\nid = "tea"\nname = "Hospitality and food"\ndefinition = "Food and drink shared."\n'
        'terms = ["tea", "cake", "lunch"]\nexamples = ["Tea and cake.", "Lunch together."]\n',
        encoding="utf-8",
    )
    texts = ["Tea and cake after every session.", "A shared lunch kept people talking.", "Cake was baked by members."]
    with project_of(tmp_path / "p", {"key_learning": texts}) as p:
        config = {"frameworks": {"key_learning": ["ours"], "paths": ["../team"]}}
        choice = FrameworkChoice.from_config(config, p.path)
        found = suggest_themes(p.state, "key_learning", frameworks=choice)
        assert found[0].label == "Hospitality and food" and found[0].key == "f:ours:tea"
        with pytest.raises(FrameworkError, match="no framework nosuch for heading key_learning"):
            FrameworkChoice.from_config({"frameworks": {"key_learning": ["nosuch"]}}, p.path).concepts("key_learning")


@pytest.mark.parametrize(
    ("table", "problem"),
    [({"purpose": 3}, "[frameworks] purpose must be a list"), ({"paths": [1]}, "[frameworks] paths must be a list")],
)
def test_a_bad_frameworks_table_is_one_clear_line(table, problem):
    with pytest.raises(FrameworkError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        FrameworkChoice.from_config({"frameworks": table})


def test_framework_choice_survives_a_settings_rewrite(tmp_path):
    from synth.project import CONFIG, write_config

    config = {"name": "p", "settings": {"summary_points": 3}, "frameworks": {"purpose": ["outcomes", "cfir"]}}
    write_config(tmp_path / CONFIG, config)
    import tomllib

    back = tomllib.loads((tmp_path / CONFIG).read_text(encoding="utf-8"))
    assert back["frameworks"] == {"purpose": ["outcomes", "cfir"]} and back["settings"] == {"summary_points": 3}


# -- one scale ---------------------------------------------------------------------------------


def test_framework_inductive_and_codebook_suggestions_share_one_scale(tmp_path):
    from synth.model import CodebookEntry
    from synth.themes.codebook import set_codebook

    texts = [
        "Many members are isolated. The bell ringing kept everyone laughing.",
        "Most live alone. Bell ringing in winter was the highlight.",
        "People feel cut off. Bell ringing brought them out.",
        "Some were lonely. We tried knitting.",
    ]
    with project_of(tmp_path / "p", {"purpose": texts}) as p:
        set_codebook(p, [CodebookEntry(name="Knitting", examples=("knitting",))])
        found = suggest_themes(p.state, "purpose")
    by_source = {s.source: s for s in found}
    assert {"framework", "inductive", "codebook"} <= set(by_source), [(s.label, s.source) for s in found]
    # share of projects x strength, the same rule for each source: no flat bonus for the codebook
    assert by_source["codebook"].score == pytest.approx(1 / 4 * 1.0)
    assert by_source["inductive"].label.lower().startswith("bell ringing")
    # named by a two-word phrase: as strong as a framework phrase (1.0); the concept: 4 projects,
    # two by a phrase ("live alone", "cut off") and two by one term (0.5 each)
    assert by_source["inductive"].score == pytest.approx(3 / 4 * 1.0)
    assert by_source["framework"].score == pytest.approx(4 / 4 * 0.75)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert found[0].source == "framework"  # a tie goes to the framework concept


def test_every_suggestion_carries_the_engine_and_its_version(tmp_path):
    from synth.themes import ENGINE, ENGINE_VERSION

    with project_of(tmp_path / "p", {"purpose": LONELY}) as p:
        for s in suggest_themes(p.state, "purpose"):
            basis = s.basis()
            assert basis["engine"] == ENGINE and basis["engine_version"] == ENGINE_VERSION
            if s.source == "framework":
                assert basis["framework"] == "outcomes" and basis["concept"]


def test_pipeline_accepts_the_top_six():
    from synth.pipeline import THEMES_PER_HEADING

    assert THEMES_PER_HEADING == 6


# -- never offered again -------------------------------------------------------------------------


def _mixed(tmp_path) -> Project:
    texts = [
        "Many members are isolated. Sea swimming kept everyone laughing.",
        "Most live alone. Bell ringing in winter was the highlight.",
        "People feel cut off. Bell ringing brought them out.",
        "Some were lonely.",
    ]
    return project_of(tmp_path / "p", {"purpose": texts})


def test_rejected_framework_and_inductive_suggestions_are_not_offered_again(tmp_path):
    from synth.themes.actions import reject

    with _mixed(tmp_path) as p:
        found = suggest_themes(p.state, "purpose")
        framework = next(s for s in found if s.source == "framework")
        inductive = next(s for s in found if s.source == "inductive")
        reject(p, framework)
        reject(p, inductive)
        again = {s.key for s in suggest_themes(p.state, "purpose")}
    assert framework.key not in again and inductive.key not in again


def test_accepted_suggestions_are_not_offered_again(tmp_path):
    from synth.themes.actions import accept_suggestion

    with _mixed(tmp_path) as p:
        found = suggest_themes(p.state, "purpose")
        accept_suggestion(p, found[0])
        assert found[0].key not in {s.key for s in suggest_themes(p.state, "purpose")}
        event = list(p.trail.events())[-1]
        assert event.payload["basis"]["engine"] == "synth-meaning"


def test_a_theme_merged_into_another_is_not_offered_again(tmp_path):
    from synth.themes.actions import accept_suggestion, merge

    with _mixed(tmp_path) as p:
        found = suggest_themes(p.state, "purpose")
        framework = next(s for s in found if s.source == "framework")
        inductive = next(s for s in found if s.source == "inductive")
        a = accept_suggestion(p, framework)
        b = accept_suggestion(p, inductive)
        merge(p, a.id, [b.id])
        again = {s.key for s in suggest_themes(p.state, "purpose")}
    assert framework.key not in again and inductive.key not in again


def test_one_idea_from_two_frameworks_of_a_heading_is_offered_once_at_the_top(tmp_path):
    texts = [
        "Being flexible about timing let carers come.",
        "Sessions were tailored to each person's pace.",
        "We adapted the format when people asked for it.",
    ]
    with project_of(tmp_path / "p", {"key_learning": texts}) as p:
        found = suggest_themes(p.state, "key_learning")
    flexible = [s for s in found if s.family == "flexibility"]
    assert len(flexible) == 2  # cfir's adaptability and reaim_mrc's flexibility
    assert found[0].family == "flexibility" and found.index(flexible[1]) > found.index(flexible[0])
    assert flexible[1].score < 0.2 * flexible[0].score


# -- parts of a concept ----------------------------------------------------------------------------


def test_parts_that_divide_a_concept_cleanly_are_offered_in_its_place(tmp_path):
    texts = [
        "An evaluator interviewed participants at the end of the year.",
        "Semi-structured interviews were held with staff and referrers.",
        "We ran two focus groups with members each spring.",
        "A focus group with each cohort gathered their views.",
    ]
    with project_of(tmp_path / "p", {"data_collection": texts}) as p:
        found = suggest_themes(p.state, "data_collection")
    labels = [s.label for s in found]
    assert labels[:2] == ["Focus groups", "Interviews"] or labels[:2] == ["Interviews", "Focus groups"], labels
    whole = next(s for s in found if s.concept == "interviews")
    assert labels.index(whole.label) > 1 and len(whole.case_ids) == 4  # the concept is still offered, below its parts
    by = {s.label: set(s.case_ids) for s in found}
    assert by["Interviews"] == {"c0", "c1"} and by["Focus groups"] == {"c2", "c3"}


def test_a_part_holding_most_of_a_concepts_projects_names_it(tmp_path):
    texts = [
        "Participants completed WEMWBS at the first and last sessions.",
        "We used the short Warwick-Edinburgh scale (SWEMWBS) at start and end.",
        "WEMWBS was collected at joining and after twelve weeks.",
        "Members answer the four ONS personal wellbeing questions (ONS4) each spring.",
    ]
    with project_of(tmp_path / "p", {"data_collection": texts}) as p:
        found = suggest_themes(p.state, "data_collection")
    top = found[0]
    assert top.concept == "measures" and top.label == "Validated outcome measures (WEMWBS wellbeing scale)"
    assert len(top.case_ids) == 4
    assert not any(s.concept in ("wemwbs", "ons4") for s in found)  # one part with two projects or more: no split


def test_parts_never_compete_with_concepts_for_a_sentence():
    matcher = meaning.Matcher.build(DEFAULT_CHOICE.concepts("data_collection"))
    tops = {matcher.concepts[i].id for i in matcher.top_level()}
    assert "measures" in tops and "wemwbs" not in tops and "focus_groups" not in tops
    keys = [k for k, _, _ in meaning.words_of("Participants completed WEMWBS and ran a focus group.")]
    hits = matcher.match(keys)
    assert {matcher.concepts[i].id for i in hits} == {"measures", "interviews"}  # a part's words count for its concept


def test_suggest_for_project_reads_the_projects_framework_choice(tmp_path):
    from synth.project import CONFIG, write_config
    from synth.themes.suggest import suggest_for_project

    team = tmp_path / "team"
    team.mkdir()
    (team / "ours.toml").write_text(
        '[framework]\nid = "ours"\nname = "Ours"\nsource = "Our team, 2025"\n'
        '[[concept]]\nid = "tea"\nname = "Hospitality and food"\ndefinition = "Food and drink shared."\n'
        'terms = ["tea", "cake", "lunch"]\n',
        encoding="utf-8",
    )
    texts = ["Tea and cake after every session.", "A shared lunch kept people talking.", "Cake was baked by members."]
    with project_of(tmp_path / "p", {"key_learning": texts}) as p:
        default = suggest_for_project(p, "key_learning")
        assert not any(s.framework == "ours" for s in default)
        p.config["frameworks"] = {"key_learning": ["ours"], "paths": ["../team"]}
        write_config(p.path / CONFIG, p.config)
    with Project.open(tmp_path / "p") as p:
        found = suggest_for_project(p, "key_learning", state=p.state)
        assert found[0].key == "f:ours:tea" and found[0].label == "Hospitality and food"


def test_a_code_written_in_capitals_weighs_as_a_phrase(tmp_path):
    """ "WEMWBS" alone names one instrument: as strong as "Warwick-Edinburgh scale"; "scale" alone is not."""
    texts = [
        "Players complete WEMWBS on joining.",
        "Volunteers fill in the Warwick-Edinburgh scale after six months.",
        "Members rate each session on a scale of one to five.",
        "The UCLA three items are asked at the first and last call.",
        "Carers answered the De Jong Gierveld loneliness questions.",
    ]
    with project_of(tmp_path / "p", {"data_collection": texts}) as p:
        found = {s.concept: s for s in suggest_themes(p.state, "data_collection")}
    assert set(found["wemwbs"].case_ids) == {"c0", "c1"}
    assert found["wemwbs"].score == found["ucla"].score == round(2 / 5, 4)  # every project at full strength
    assert set(found["ucla"].case_ids) == {"c3", "c4"} and found["ucla"].label == "Loneliness scales"
    assert "c2" not in found["wemwbs"].case_ids and "c2" not in found["ucla"].case_ids
