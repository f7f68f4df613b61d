"""The meaning engine's vocabulary in use: weak terms, the Setting framework, ages written as a range
"between", labels that stay one idea, and the concepts added for evaluation designs, endings and carers."""

from __future__ import annotations

import pytest

from synth.themes.assign import Matcher
from synth.themes.frameworks import DEFAULTS, FrameworkError, available, load_framework
from synth.themes.suggest import suggest_themes
from synth.themes.words import sentence_words
from tests.unit.test_meaning import project_of


def _concept(framework: str, cid: str):
    return next(c for c in available()[framework].concepts if c.id == cid)


def _weight(concept, sentence: str) -> float:
    """The concept's weight in ``sentence``, its words read as assignment reads them (ages as words)."""
    hits = Matcher.build([concept]).match([k for k, _, _ in sentence_words(sentence, (0, len(sentence)))])
    return sum(w for w, _ in hits.get(0, ()))


def _suggested(tmp_path, heading: str, texts: list[str]):
    """The suggestions under ``heading`` of a project whose case i answers it with ``texts[i]``."""
    with project_of(tmp_path / "p", {heading: texts}) as p:
        return suggest_themes(p.state, heading)


def _made(label: str, cases: str, score: float, source: str = "framework", words=()):
    """A suggestion of ``label`` on ``cases`` (one letter a case, one evidence sentence each), for :func:`rank`."""
    from synth.themes.suggestion import Evidence, ThemeSuggestion

    ev = tuple(Evidence(case_id=c, heading_id="next_steps", target="answer", start=0, end=5, text="x") for c in cases)
    return ThemeSuggestion(
        key=label, heading="next_steps", label=label, case_ids=tuple(cases), evidence=ev, score=score,
        source=source, words=words,
    )  # fmt: skip


def _by_concept(found) -> dict[str, set[str]]:
    return {s.concept: set(s.case_ids) for s in found if s.source == "framework"}


def test_a_weak_term_alone_never_carries_a_concept_but_supports_one():
    nature = _concept("outcomes", "nature")
    assert "grow" not in " ".join(nature.terms) and "growing" in nature.weak_terms
    assert _weight(nature, "Attendance grew from 18 to over 60 people.") < 1.0
    assert _weight(nature, "They made friends that continued outside the sessions.") < 1.0
    assert _weight(nature, "People spent time outside in the woodland, growing vegetables.") >= 2.0


def test_weak_terms_are_checked_like_terms(tmp_path):
    path = tmp_path / "ours.toml"
    path.write_text(
        '[framework]\nid = "ours"\nsource = "us"\n[[concept]]\nid = "a"\nname = "A"\ndefinition = "d"\n'
        'terms = ["x"]\nweak_terms = "y"\n',
        encoding="utf-8",
    )
    with pytest.raises(FrameworkError) as err:
        load_framework(path)
    assert "weak_terms" in str(err.value) and "\n" not in str(err.value)


def test_only_weak_terms_in_a_sentence_leave_it_to_the_inductive_stage(tmp_path):
    texts = [
        "Attendance grew steadily over the year.",
        "Numbers grew after the summer.",
        "The group grew to forty members.",
    ]
    found = _suggested(tmp_path, "impact", texts)
    assert not any(s.concept == "nature" for s in found)


def test_setting_answers_meet_the_settings_framework(tmp_path):
    assert DEFAULTS["setting"] == ("settings",)
    texts = [
        "A sparsely populated rural area of small villages with an infrequent bus.",
        "Twelve villages in the uplands, an hour from the nearest town.",
        "An inner-city ward with high levels of deprivation.",
        "A housing estate in the most deprived tenth of neighbourhoods.",
    ]
    found = _suggested(tmp_path, "setting", texts)
    by_concept = _by_concept(found)
    assert by_concept["rural"] == {"c0", "c1"}
    assert by_concept["deprived_urban"] == {"c2", "c3"}
    assert all(s.framework == "settings" for s in found if s.source == "framework")


def test_ages_between_two_numbers_name_older_participants(tmp_path):
    texts = [
        "Forty people took part, aged between 67 and 91.",
        "Members were aged from 70 to 95.",
        "Pupils aged between 11 and 16.",
    ]
    found = _suggested(tmp_path, "participants", texts)
    older = next(s for s in found if s.concept == "older")
    assert set(older.case_ids) == {"c0", "c1"}


def test_evaluation_designs_are_concepts_of_the_methodology_heading(tmp_path):
    texts = [
        "A mixed-methods evaluation combined wellbeing scales with interviews.",
        "We used mixed methods: the numbers and stories together.",
        "Measures were taken at the start and repeated after six months.",
        "Everyone filled in the scale before and after the course.",
    ]
    found = _suggested(tmp_path, "methodology", texts)
    by_concept = _by_concept(found)
    assert by_concept["mixed_methods"] == {"c0", "c1"}
    assert by_concept["before_after"] == {"c2", "c3"}


def test_endings_and_carers_are_their_own_concepts(tmp_path):
    learning = [
        "Young people found the end of the programme hard; plan what happens afterwards from the start.",
        "Women felt left without support when the course ended, so a follow-on group began.",
        "The artists were skilled.",
    ]
    purpose = [
        "To give the people who care for them a break from caring.",
        "To offer spouses a way of taking part together, as respite.",
        "To improve mood.",
    ]
    with project_of(tmp_path / "p", {"key_learning": learning, "purpose": purpose}) as p:
        endings = next(s for s in suggest_themes(p.state, "key_learning") if s.concept == "endings")
        carers = next(s for s in suggest_themes(p.state, "purpose") if s.concept == "carers")
    assert set(endings.case_ids) == {"c0", "c1"}
    assert set(carers.case_ids) == {"c0", "c1"} and carers.label == "Support for carers and families"


def test_an_inductive_label_is_never_two_words_put_side_by_side_with_and(tmp_path):
    """On the demo corpus no inductive suggestion joins two facets with "and" that the texts never
    join ("Borough and therapies", "Older people and artists" were offered before)."""
    from synth.demo import corpus_path
    from synth.extract.importer import import_paths
    from synth.project import Project

    with Project.create(tmp_path / "p") as p:
        import_paths(p, [corpus_path()])
        labels = [s.label for h in ("overview", "setting", "description", "impact") for s in suggest_themes(p.state, h)]
        inductive = [
            s.label
            for h in ("overview", "setting", "description", "impact")
            for s in suggest_themes(p.state, h)
            if s.source == "inductive"
        ]
    assert inductive, labels
    assert not [label for label in inductive if " and " in label], inductive


def test_themes_step_2_told_apart_under_one_heading_stay_apart_in_step_3(tmp_path):
    """On the demo corpus, after synth run's choices, no general theme holds two themes of different
    concepts under one heading (before, "Older people" under Overview drew every population of
    Participants into one general theme of 14 projects), and refine merges no two general themes of
    different framework families on the words of their names."""
    from synth.demo import corpus_path
    from synth.extract.importer import import_paths
    from synth.pipeline import choose_themes
    from synth.project import Project
    from synth.themes.actions import accept_many
    from synth.themes.collate import concept_family, propose_general_themes
    from synth.themes.refine import propose_merges

    with Project.create(tmp_path / "p") as p:
        import_paths(p, [corpus_path()])
        chosen = []
        for heading in p.state.fields:
            chosen += choose_themes(suggest_themes(p.state, heading), len(p.state.cases))
        accept_many(p, chosen, origin="machine")
        state = p.state
        proposals = propose_general_themes(state)
        assert proposals
        for g in proposals:
            seen: dict[str, set[str]] = {}
            for tid in g.themes:
                t = state.themes[tid]
                seen.setdefault(t.heading, set()).add(concept_family(t) or t.id)
            assert all(len(f) == 1 for f in seen.values()), (g.label, seen)
            # and one family in all: "Led by a charity" (Setting) and "Expanding to new sites" (Next steps)
            # were one general theme "Focus groups" through an inductive theme like both
            named = {concept_family(state.themes[tid]) for tid in g.themes} - {""}
            assert len(named) <= 1, (g.label, named)
        from synth.themes.collate import accept_generals

        accept_generals(p, proposals)
        state = p.state

        def families(g):
            return {concept_family(state.themes[t]) for t in g.themes if t in state.themes} - {""}

        for m in propose_merges(state):
            a, b = (state.general_themes[i] for i in m.general_ids[:2])
            fa, fb = families(a), families(b)
            assert not (fa and fb and not fa & fb) or set(a.themes) & set(b.themes), (a.label, b.label)


def test_one_family_is_damped_only_when_a_second_framework_offers_it():
    """ "Flexibility and tailoring" (reaim_mrc) after "Flexibility and adaptation" (cfir) is the same idea
    twice and goes below; two concepts of one framework and family ("WEMWBS", "ONS4") are both offered."""
    from synth.themes.meaning import rank
    from synth.themes.suggestion import ThemeSuggestion

    def made(concept: str, framework: str, score: float) -> ThemeSuggestion:
        return ThemeSuggestion(
            key=f"f:{framework}:{concept}", heading="data_collection", label=concept, case_ids=("a", "b"),
            evidence=(), score=score, source="framework", framework=framework, concept=concept,
            family="wellbeing",
        )  # fmt: skip

    ranked = {s.concept: s.score for s in rank([made("wemwbs", "one", 0.5), made("ons4", "one", 0.4),
                                                 made("other", "two", 0.45)])}  # fmt: skip
    assert ranked["wemwbs"] == 0.5 and ranked["ons4"] == 0.4
    assert ranked["other"] < 0.1


def test_the_evaluation_concepts_of_every_framework_are_one_family():
    """Step 3 joins evaluation across headings: who evaluated (Setting), the design (Methodology), the
    independent evaluation (Data collection), its burden (Key learning), more of it (Next steps)."""
    assert {c.id for fw in available().values() for c in fw.concepts if c.family == "evaluation"} == {
        "universities", "mixed_methods", "external_evaluation", "evaluation_learning", "more_evaluation",
    }  # fmt: skip
    from synth.themes.collate import family_label

    assert family_label("evaluation") == "Evaluation and evidence"


def test_an_inductive_theme_on_a_concepts_sentences_goes_below_the_concept():
    """ "Budget line" (a phrase of one answer, strong) ranked above "Securing further funding" (the concept
    of the same sentences, weak in spoken answers) and damped it: the concept names the idea."""
    from synth.themes.meaning import rank

    ranked = rank([_made("Budget line", "abcd", 0.4, "inductive"),
                   _made("Securing further funding", "abcd", 0.25, words=(("a", 0),))])  # fmt: skip
    assert [s.label for s in ranked] == ["Securing further funding", "Budget line"]
    assert ranked[0].score == 0.25 and ranked[1].score < 0.25


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("Mostly in their seventies and eighties.", "age-older"),
        ("About eighteen women, mostly sixties to eighties.", "age-older"),
        ("Young people aged eleven to seventeen came on Saturdays.", "age-young"),
        ("Members were aged twenty-one up to sixty.", None),
        ("We played music from the sixties.", None),
    ],
)
def test_ages_said_in_words_count_like_figures(sentence, key):
    from synth.themes.words import age_keys, norm

    assert age_keys(sentence) == ([norm(key)] if key else [])


def test_an_age_range_names_young_or_older_people_only_when_all_of_it_does():
    young, older = _concept("populations", "young"), _concept("populations", "older")
    assert _weight(young, "1,140 people were referred, aged 18 to 96 (median 58).") == 0  # was "aged 18"
    assert _weight(young, "54 young people took part, aged 14 to 21.") >= 2.0
    assert _weight(older, "204 people took part, aged 62 to 97.") >= 2.0  # as plain as "older people"
    assert _weight(older, "The older ones help the new starters.") < 1.0  # "older" alone: weak


def _two_concepts(tmp_path, first_examples=("We sang in the choir.",), second_examples=("Many felt lonely.",)):
    path = tmp_path / "two.toml"
    path.write_text(
        '[framework]\nid = "two"\nname = "Two"\nsource = "us"\n'
        '[[concept]]\nid = "singing"\nname = "Singing"\ndefinition = "Making music together."\n'
        f'terms = ["choir"]\nexamples = {list(first_examples)!r}\n'
        '[[concept]]\nid = "solitude"\nname = "Solitude"\ndefinition = "Being on one\'s own."\n'
        f'terms = ["loneliness"]\nexamples = {list(second_examples)!r}\n',
        encoding="utf-8",
    )
    return list(load_framework(path).concepts)


def _units(*texts: str):
    from types import SimpleNamespace

    return [SimpleNamespace(text=t, analysis=SimpleNamespace(sentences=[(0, len(t))])) for t in texts]


def test_a_sentences_second_idea_counts_less_than_its_first(tmp_path):
    from synth.themes.assign import assign, settings

    concepts = _two_concepts(tmp_path)
    found, _ = assign(_units("The choir eased loneliness.", "Loneliness fell."), Matcher.build(concepts))
    by_sentence = {}
    for a in found:
        by_sentence.setdefault(a.unit, []).append(a)
    both = by_sentence[0]
    # two concepts at equal weight: the first keeps its strength, the second counts second_strength of it
    assert [a.weight for a in both] == [1.0, 1.0]
    share = settings()["assign"]["second_strength"]
    assert 0 < share < 1
    assert both[1].strength == pytest.approx(both[0].strength * share)
    # a sentence of one idea is that idea's in full measure
    assert [a.strength for a in by_sentence[1]] == [both[0].strength]


def test_words_whose_stem_joins_another_family_are_kept_whole():
    """engine.toml [assign] whole_words: "informal" is not "information", "friendly" not "friends"."""
    from synth.themes.words import norm

    assert norm("informal") != norm("information") and norm("informally") != norm("informed")
    assert norm("evaluators") == norm("evaluator") != norm("evaluation")
    assert norm("friendlier") == norm("friendly") != norm("friends")
    assert norm("collaboration") == norm("collaborate")  # every other family is still one key
    # engine.toml [assign] own_keys: forms whose lemma is a word of another meaning
    assert norm("endings") == norm("ending") != norm("end") == norm("ended")
    assert norm("commitments") != norm("commitment") == norm("committed")
    assert norm("formed") != norm("forms") == norm("form")
    endings = _concept("reaim_mrc", "endings")
    assert _weight(endings, "By the end of the session everyone was laughing.") == 0
    assert _weight(endings, "We planned the ending with the group from the first week.") >= 1.0
    leaders = _concept("cfir", "leadership")
    assert _weight(leaders, "Work commitments kept some away.") == 0
    assert _weight(leaders, "A committed head teacher made it happen.") >= 1.0
    surveys = _concept("reaim_mrc", "surveys")
    assert _weight(surveys, "Friendships formed quickly.") == 0
    assert _weight(surveys, "Everyone filled in a short form.") >= 1.0
    informal = next(c for c in available()["reaim_mrc"].concepts if c.terms[0] == "informal")
    assert _weight(informal, "We sent information to every GP and informed the ward.") == 0
    assert _weight(informal, "Keeping it informal mattered more than anything.") >= 1.0


@pytest.mark.parametrize(
    ("framework", "cid", "other_sense", "own_sense"),
    [
        (
            "outcomes",
            "loneliness",
            "We changed the times to meet people's needs.",
            "They meet people and made friends.",
        ),
        ("outcomes", "physical", "Members come from all walks of life.", "Weekly walks built up their stamina."),
        # a social activity is not physical activity, but a walk with a social after it still is
        ("outcomes", "physical", "It is a social activity first.", "The walk, then the social, built their stamina."),
        ("populations", "reach_shortfall", "Numbers were higher than expected.", "Numbers were lower than expected."),
        (
            "cfir",
            "transport",
            "Social distancing halved the group.",
            "The volunteer drivers covered a long distance each week.",
        ),
        # a spouse is not a partner organisation
        (
            "cfir",
            "partnerships",
            "Since she lost her partner she rarely goes out.",
            "Our partners at the surgery helped.",
        ),
        # a break from a twelve-hour shift is a rest, not a carer's respite
        (
            "outcomes",
            "carers",
            "Nowhere to go on a break on a 12-hour shift.",
            "Carers had a break from caring.",
        ),
        # a charitable trust is a funder, not an NHS trust taking the work on
        (
            "reaim_mrc",
            "embedding",
            "Applications went to two charitable trusts.",
            "The trust will commission it from April.",
        ),
    ],
)
def test_a_words_other_sense_vetoes_its_concept(framework, cid, other_sense, own_sense):
    concept = _concept(framework, cid)
    assert _weight(concept, other_sense) == 0
    assert _weight(concept, own_sense) >= 1.0


def test_a_gap_in_a_phrase_stands_for_one_to_three_words():
    """ "let * lead" (co-production) is "let them lead", "let the young people lead"; never "let lead",
    nor a lead four words on."""
    from synth.themes.words import MAX_GAP, phrase_key

    assert phrase_key("let * lead") == ("let", "*", "lead") and phrase_key("let *") == ()
    co = _concept("reaim_mrc", "co_production")
    assert "let * lead" in co.phrases
    for sentence in ("Let them lead.", "Let the young people lead.", "Let the women decide."):
        assert _weight(co, sentence) >= 2.0, sentence
    assert MAX_GAP == 3
    assert _weight(co, "Let the lovely young local people lead.") == 0  # four words: too far apart
    assert _weight(co, "We let lead singers rest.") == 0  # a gap is one word or more


@pytest.mark.parametrize(
    ("cid", "sentence"),
    [
        # what the work did for the staff of a ward or practice, not the staff who deliver it
        ("staff_wellbeing", "Staff said morale on the ward had never been higher."),
        ("staff_wellbeing", "Nurses felt valued and took a proper break outside."),
        # distress and agitation eased in care, beside mood and wellbeing scores
        ("distress", "Agitation scores fell and fewer PRN sedatives were given."),
        ("distress", "Children were less frightened during cannulation."),
        # what care was like, and who gets it
        ("patient_experience", "Make longer admissions less dull."),
        ("patient_experience", "Patients were tired of being a diagnosis."),
        ("inequalities", "Act on health inequalities on the estate."),
        ("inequalities", "Eleven women registered with a dentist."),
    ],
)
def test_outcomes_for_staff_and_of_calmer_care_have_their_own_concepts(cid, sentence):
    concept = _concept("outcomes", cid)
    assert "impact" in concept.headings
    assert _weight(concept, sentence) >= 1.0


def test_a_room_is_no_venue_by_itself_and_clinical_words_carry_their_concepts():
    """ "read the room" is not a venue; a business case is embedding; rota gaps are staffing."""
    assert _weight(_concept("cfir", "venue"), "Musicians who could read the room.") < 1.0
    assert _weight(_concept("cfir", "venue"), "The church hall room was free.") >= 1.0
    assert _weight(_concept("reaim_mrc", "embedding"), "A business case for a substantive post.") >= 2.0
    assert _weight(_concept("cfir", "staffing"), "Rota gaps and nurses pulled away to cover.") >= 2.0
    assert _weight(_concept("cfir", "funding"), "One legacy gift paid for everything.") >= 2.0


@pytest.mark.parametrize(
    ("sentence", "women", "men"),
    [
        ("33 women, 31 men; median age 81.", False, False),  # a count of both is no group of either
        ("Gardening club: 42 members; 33 women, 9 men.", True, False),  # most of the count: a group of women
        ("Aged 38-79; 8 women and 25 men.", False, True),
        ("29 women aged 19-58, from 11 countries.", True, False),  # only women counted: women
        ("A group for new mothers.", True, False),
    ],
)
def test_a_count_of_women_and_men_names_a_group_only_when_one_is_most_of_it(sentence, women, men):
    assert (_weight(_concept("populations", "women"), sentence) >= 1.0) is women
    assert (_weight(_concept("populations", "men"), sentence) >= 1.0) is men


def test_records_drawn_from_clinical_systems_are_service_data():
    service = _concept("reaim_mrc", "service_data")
    assert _weight(service, "Registrations and repeat requests, from the clinical system.") >= 2.0
    assert _weight(service, "Administrations pulled from the EPMA system by the ward pharmacist.") >= 2.0


def test_lessons_about_sustainability_and_about_care_plans_have_their_concepts():
    plan = _concept("reaim_mrc", "sustainability_planning")
    assert plan.headings == ("key_learning",) or list(plan.headings) == ["key_learning"]
    assert _weight(plan, "Plan the exit before you start.") >= 2.0
    assert _weight(plan, "We spent the last six months chasing continuation.") >= 2.0
    assert _weight(plan, "Bring the nurses in from day one.") == 0  # a time, not sustainability
    embedding = _concept("reaim_mrc", "embedding")
    assert _weight(embedding, "Treat art as part of the care plan, not ward decoration.") >= 2.0


def test_a_primary_care_network_named_as_a_place_is_no_commissioning_and_presenting_findings_is_sharing():
    """ "the other practices in the PCN" is where the work spreads, not who takes it on; presenting the
    analysis to a board is sharing what was learnt."""
    embedding = _concept("reaim_mrc", "embedding")
    assert _weight(embedding, "Roll out to the other three practices in the PCN from September.") == 0
    assert _weight(embedding, "The primary care network will commission the group from April.") >= 2.0
    sharing = _concept("reaim_mrc", "sharing")
    assert _weight(sharing, "Repeat the analysis at 12 months and present it to the clinical directors' board.") >= 1.0
    assert _weight(sharing, "Findings to be presented at a regional conference.") >= 1.0


def test_how_referrals_flow_is_recruitment_and_new_friendships_are_connection():
    """Referrals that dip, halve or come late say how participants arrive (recruitment); where they come
    from is still a partnership. New friendships and meeting at each other's homes are social connection."""
    recruitment, partnerships = _concept("cfir", "recruitment"), _concept("cfir", "partnerships")
    assert _weight(recruitment, "Referrals dipped whenever the clinic's waiting list grew.") >= 2.0
    assert _weight(recruitment, "Barrier: late referrals, sometimes in the last 48 hours.") >= 2.0
    assert _weight(recruitment, "Referrals came from the GP surgery and link workers.") == 0
    assert _weight(partnerships, "Referrals came from the GP surgery and link workers.") >= 2.0
    loneliness = _concept("outcomes", "loneliness")
    assert _weight(loneliness, "Women described new friendships; several now meet at each other's flats.") >= 4.0


def test_at_equal_score_the_idea_of_more_projects_ranks_first():
    """ "Volunteers" (3 projects, weaker sentences) and "Acoustics" (2 projects, stronger ones) score the
    same: the one more projects share recurs more, so it goes first, whatever the alphabet says."""
    from synth.themes.meaning import rank

    ranked = rank([_made("Acoustics", "ab", 0.2, words=(("a", 0), ("b", 0))),
                   _made("Volunteers", "cde", 0.2, words=(("c", 9), ("d", 9), ("e", 9)))])  # fmt: skip
    assert [s.label for s in ranked] == ["Volunteers", "Acoustics"]


def test_an_admission_alone_is_no_demand_on_services_but_easing_pressure_on_them_is():
    """ "Make the admission less frightening" is about the stay, not fewer stays; pressure taken off a
    practice, or its telephone queue cut, is demand on services."""
    demand = _concept("outcomes", "health_services")
    assert _weight(demand, "Make the admission a less frightening experience.") < 1.0
    assert _weight(demand, "Emergency admissions fell by a third.") >= 2.0
    assert _weight(demand, "Take pressure off the GP practice.") >= 2.0
    assert _weight(demand, "Cut the 8am telephone queue by helping patients use online routes.") >= 2.0


def test_who_took_part_names_no_theme_of_another_heading(tmp_path):
    """A cluster named only by the people every answer is about ("Young people", a term of the
    participants heading's frameworks) is not offered under key learning; under participants the
    population concept holds them."""
    texts = [
        "Young people decided what the sessions covered. The young people painted the shelter.",
        "Young people ran the door. We listened to the young people about the music.",
        "The young people wrote the rules. Young people chose the trips.",
        "Young people picked the food. Our young people set the times.",
    ]
    learning = [s.label for s in _suggested(tmp_path / "a", "key_learning", texts)]
    assert not [label for label in learning if label.lower() == "young people"], learning
    who = _suggested(tmp_path / "b", "participants", texts)
    assert any(s.concept == "young" and len(s.case_ids) == 4 for s in who), [s.display for s in who]


def test_voice_and_safety_are_outcome_concepts_a_singing_voice_is_not():
    voice, safety = _concept("outcomes", "voice"), _concept("outcomes", "safety")
    assert _weight(voice, "Young people told us nobody listens to them, so they wanted a real say.") >= 2.0
    assert _weight(voice, "We wanted them to tell their own stories, in their own words.") >= 2.0
    assert _weight(voice, "Her singing voice grew stronger and she was heard across the hall.") < 1.0
    assert _weight(voice, "People said the sessions were fun.") < 1.0
    assert _weight(safety, "Older lads were drawing younger ones into county lines.") >= 2.0
    assert _weight(safety, "We wanted somewhere safe for them in the evenings, with adults around.") >= 2.0
    assert _weight(safety, "The hall felt safe and welcoming.") < 1.0


def test_money_ending_with_nothing_to_follow_is_an_ending_not_an_application():
    ending, funding = _concept("reaim_mrc", "discontinuation"), _concept("reaim_mrc", "further_funding")
    both = Matcher.build([ending, funding])

    def concepts_in(sentence):
        return set(both.match([k for k, _, _ in sentence_words(sentence, (0, len(sentence)))]))

    assert concepts_in("Our funding ends in March and nothing is lined up, so the club will go quiet.") == {0}
    assert concepts_in("The project has now ended and there is no funding to continue it.") == {0}
    assert concepts_in("We are applying to the town council and a regional arts fund.") == {1}


def test_bolder_braver_and_surer_of_themselves_are_confidence():
    confidence = _concept("outcomes", "confidence")
    for sentence in (
        "Pupils became bolder.",
        "Children are braver.",
        "Members say they feel much surer of themselves.",
    ):
        assert _weight(confidence, sentence) >= 1.0, sentence
    assert _weight(confidence, "Brave Voices met on Tuesdays.") < 1.0


def test_a_park_alone_is_a_place_not_nature():
    nature = _concept("outcomes", "nature")
    assert _weight(nature, "The skate park is used every day by young people.") < 1.0
    assert _weight(nature, "They now meet up in the park at weekends.") < 1.0
    assert _weight(nature, "Walks in the park among the trees and wildlife lifted everyone.") >= 2.0


def test_waiting_lists_for_specialist_help_are_a_gap_in_services_not_time():
    gaps, time = _concept("cfir", "service_gaps"), _concept("cfir", "time")
    sentence = "Several pupils were on the waiting list for CAMHS, some for over a year."
    assert _weight(gaps, sentence) >= 2.0 > _weight(time, sentence)  # gaps first, time at most second
    assert _weight(gaps, "We have a waiting list of 18 children for the club.") < 1.0


def test_parents_who_back_or_block_taking_part_are_families_partner_organisations_are_not():
    families = _concept("cfir", "families")
    assert _weight(families, "Some parents were hesitant about the trips.") >= 1.0
    assert _weight(families, "One young mum's partner stopped her coming for several weeks.") >= 2.0
    assert _weight(families, "Our partner organisations referred most members.") < 1.0


def test_pupils_chosen_by_pastoral_staff_are_referred_an_open_door_without_referrals_is_not():
    referral = _concept("populations", "referral")
    assert _weight(referral, "All 30 children were chosen by their teachers and the schools' pastoral leads.") >= 2.0
    assert _weight(referral, "This was open to anyone; there were no referrals and no sign-up form.") < 1.0
    assert _weight(referral, "No referrals were needed and we did not take any.") < 1.0


def test_forms_refused_or_stopped_are_difficulties_collecting_data():
    hard = _concept("reaim_mrc", "collection_difficulties")
    assert _weight(hard, "We tried a wellbeing questionnaire at the start and quickly stopped.") >= 2.0
    assert _weight(hard, "It was very hard to collect anything more formal.") >= 2.0
    assert _weight(hard, "Participants completed a short questionnaire at the start and the end.") < 1.0


def test_food_and_social_time_is_a_method_too(tmp_path):
    found = _suggested(
        tmp_path,
        "methodology",
        [
            "Every session ended with pizza and social time.",
            "We shared a hot meal before the football.",
            "Music sessions ran weekly.",
        ],
    )
    assert any(s.concept == "hospitality" and len(s.case_ids) == 2 for s in found), [s.display for s in found]


def test_how_a_place_and_its_people_are_seen_is_pride_in_place():
    place = _concept("outcomes", "place")
    assert _weight(place, "The wider estate started to see the young people differently.") >= 2.0
    assert _weight(place, "The mural has reduced graffiti on nearby walls.") >= 1.0
    assert _weight(place, "Residents came to the sessions.") < 1.0


def test_the_phrase_rankers_and_step_3s_values_are_engine_toml_data_every_one_read():
    """engine.toml [phrases] holds the inductive stage's tuning values and [general] step 3's and 4's;
    each is one named constant of its module, so a value changed in the file is the value used."""
    from synth.themes import phrases
    from synth.themes.words import settings

    table = settings()["phrases"]
    assert len(table) >= 30
    for key, value in table.items():
        assert getattr(phrases, key.upper()) == value, key
    from synth.themes import collate, refine

    general = settings()["general"]
    for key in ("max_codings", "fuzzy_label", "fuzzy_damp", "general_distance", "family_similarity", "other_family"):
        assert getattr(collate, key.upper()) == general[key], key
    assert general["merge_threshold"] == refine.MERGE_THRESHOLD
