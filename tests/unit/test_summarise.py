"""Suggested summaries: stable, extractive (no invented text), trimmed, third person, key points in source order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synth.extract import summarise as sm
from synth.extract.summarise import (
    AGREEMENT,
    ENGINE,
    clean_point,
    draft,
    suggest_summaries,
    third_person,
    third_person_point,
    trim_filler,
)
from synth.model import CaseStudy, slugify
from synth.state import ProjectState
from synth.templates import load_template

DATA = Path(__file__).parents[1] / "data" / "summaries" / "cases.json"
FIELDS = ("overview", "impact", "enablers_barriers", "next_steps")


def corpus_state(fields: tuple[str, ...] = FIELDS) -> ProjectState:
    state = ProjectState(name="test", template=load_template(), fields=fields)
    for c in json.loads(DATA.read_text(encoding="utf-8")):
        case = CaseStudy(id=slugify(c["title"]), title=c["title"], source=f"{c['title']}.md", fields=c["fields"])
        state.cases[case.id] = case
    return state


def one_field_state(answers: list[str], field: str = "impact") -> ProjectState:
    state = ProjectState(name="t", template=load_template(), fields=(field,))
    for n, text in enumerate(answers):
        state.cases[f"c{n}"] = CaseStudy(id=f"c{n}", title=f"Case {n}", source="x.md", fields={field: text})
    return state


# -- what "no invented text" allows ------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SUBJECT_WORDS = {"the", "project", "project's", "it", "its", "itself"}


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _TOKEN.findall(text)]


def allowed_words(answer: str, title: str = "") -> set[str]:
    """Source words, the subject words, and the documented agreement forms of source words."""
    source = set(words(answer)) | set(words(title))
    allowed = source | SUBJECT_WORDS | {f"{w}'s" for w in words(title)} | {f"{w}'" for w in words(title)}
    allowed |= {third_person(w) for w in source}
    allowed |= set(AGREEMENT.values()) | {"had"}
    return allowed


def assert_extractive(point: str, answer: str, title: str = "") -> None:
    invented = [w for w in words(point) if w not in allowed_words(answer, title)]
    assert not invented, f"{point!r} has words not in the source: {invented}"


# -- whole-corpus behaviour --------------------------------------------------------------------


def test_every_point_comes_from_its_answer() -> None:
    state = corpus_state()
    drafts = suggest_summaries(state)
    assert len(drafts) >= 20
    for d in drafts:
        case = state.cases[d.case_id]
        for point in d.points:
            assert_extractive(point, case.answer(d.heading_id), case.title)


def test_output_is_stable_and_independent_of_the_request() -> None:
    state = corpus_state()
    first = suggest_summaries(state)
    sm._UNITS_CACHE.clear()
    again = suggest_summaries(corpus_state())
    assert first == again
    alone = suggest_summaries(state, case_ids=["brushstrokes"], heading_ids=["impact"])
    assert alone == [d for d in first if d.case_id == "brushstrokes" and d.heading_id == "impact"]


def test_suggestion_shape_and_engine() -> None:
    state = corpus_state()
    [d] = suggest_summaries(state, case_ids=["green-minds"], heading_ids=["overview"])
    assert d.engine == ENGINE and d.engine_version.startswith(sm.ENGINE_VERSION) and "spacy" in d.engine_version
    assert d.text == "\n".join(d.points)
    assert len(d.sources) == len(d.points)
    answer = state.cases["green-minds"].answer("overview")
    assert [s for s, _ in d.sources] == sorted(s for s, _ in d.sources)
    assert all(0 <= a < b <= len(answer) for a, b in d.sources)


@pytest.mark.parametrize("points", [1, 2, 3, 5])
def test_number_of_points_and_source_order(points: int) -> None:
    state = corpus_state()
    for d in suggest_summaries(state, points=points):
        assert 1 <= len(d.points) <= points
        starts = [s for s, _ in d.sources]
        assert starts == sorted(starts), d


def test_placeholder_and_empty_answers_get_no_suggestion() -> None:
    state = corpus_state()
    drafts = {(d.case_id, d.heading_id) for d in suggest_summaries(state, heading_ids=["next_steps"])}
    assert ("songs-of-the-estate", "next_steps") not in drafts  # "N/A"
    assert ("through-our-lens", "next_steps") not in drafts  # ""
    assert ("green-minds", "next_steps") in drafts


def test_distinctive_points_rise() -> None:
    common = "The sessions helped participants feel better."
    answers = [
        f"{common} Volunteers from the church ran a weekly tea round." if n == 0 else f"{common} Sessions ran weekly."
        for n in range(6)
    ]
    answers[0] = f"{common} Participants planted a sensory garden beside the hospice."
    state = one_field_state(answers)
    [d] = suggest_summaries(state, case_ids=["c0"], points=1)
    assert d.points == ("Participants planted a sensory garden beside the hospice.",)


def test_near_repeats_are_not_both_chosen() -> None:
    answer = "Volunteers ran the garden sessions every week. Volunteers ran the garden sessions every single week. Funding came from the council."
    points, _ = draft(answer, points=2)
    assert points == ("Volunteers ran the garden sessions every week.", "Funding came from the council.")


def test_long_sentence_split_only_at_safe_places() -> None:
    long_semicolon = (
        "The volunteers kept the sessions going through a very long and wet winter on the allotments; "
        "the weather made some weeks very hard for everyone and attendance dropped sharply in January and February."
    )
    points, _ = draft(long_semicolon, points=3, limit=20)
    assert points == (
        "The volunteers kept the sessions going through a very long and wet winter on the allotments.",
        "The weather made some weeks very hard for everyone and attendance dropped sharply in January and February.",
    )
    no_safe_place = " ".join(["word"] * 30) + " and more words, then finally the end."
    points, _ = draft(no_safe_place, points=3, limit=20)
    assert len(points) == 1 and len(points[0].split()) > 20


def test_lists_become_points_with_their_lead_in() -> None:
    answer = "Our aims were:\n- reduce isolation among older people\n- improve wellbeing scores"
    points, _ = draft(answer, points=3)
    assert points == (
        "The project's aims were: reduce isolation among older people.",
        "The project's aims were: improve wellbeing scores.",
    )


def test_subject_can_be_the_case_name() -> None:
    state = corpus_state(("next_steps",))
    [d] = suggest_summaries(state, case_ids=["green-minds"], subject="name")
    assert d.points[0] == "Green Minds will apply for lottery funding next year."


def test_progress_and_cancel() -> None:
    state = corpus_state()
    seen: list[tuple[int, int, str]] = []
    suggest_summaries(state, progress=lambda done, total, what: seen.append((done, total, what)))
    assert seen[-1][0] == seen[-1][1] == len(state.cases) * len(FIELDS)
    assert [w for _, _, w in seen] == list(FIELDS)
    assert suggest_summaries(state, cancelled=lambda: True) == []


# -- clean-up rules, table-driven ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In addition, the group met weekly.", "the group met weekly."),
        ("Additionally, volunteers helped.", "volunteers helped."),
        ("It is worth noting that attendance rose.", "attendance rose."),
        ("Overall, in addition, it worked.", "it worked."),
        ("Furthermore, funding came late.", "funding came late."),
        ("In addition to the sessions, we ran walks.", "In addition to the sessions, we ran walks."),
        ("Also the group met.", "Also the group met."),
    ],
)
def test_trim_filler(text: str, expected: str) -> None:
    assert trim_filler(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We were delighted.", "The project was delighted."),
        ("Our volunteers ran it.", "The project's volunteers ran it."),
        ("then we run weekly sessions.", "then the project runs weekly sessions."),
        ("We also reach 40 people.", "The project also reaches 40 people."),
        ("We are funded by the council.", "The project is funded by the council."),
        ("We have grown.", "The project has grown."),
        ("We've grown and we'll expand.", "The project has grown and it will expand."),
        ("We'd been told to wait.", "The project had been told to wait."),
        ("We found that we needed more staff.", "The project found that it needed more staff."),
        ("The council helped us and our partners.", "The council helped the project and its partners."),
        ("We asked people and they told us.", "The project asked people and they told the project."),
        ("We all agreed.", "The project agreed."),
        ("We need a measure and we succeeded.", "The project needs a measure and it succeeded."),
        ("I set it up in 2019.", "The project set it up in 2019."),
        ("We work with the US charity.", "The project works with the US charity."),
        ("Our project ran for a year.", "The project ran for a year."),
        ("We teach and we watch.", "The project teaches and it watches."),
        (
            "We co-produce sessions with self-employed artists.",
            "The project co-produces sessions with self-employed artists.",
        ),
        ('People said "we loved it" to us.', 'People said "we loved it" to the project.'),
        ("Aims: (i) reduce isolation.", "Aims: (i) reduce isolation."),
    ],
)
def test_first_person_becomes_the_project(text: str, expected: str) -> None:
    assert third_person_point(text) == expected


def test_title_is_protected() -> None:
    assert third_person_point("Through Our Lens gave us cameras.", protect=["Through Our Lens"]) == (
        "Through Our Lens gave the project cameras."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- improve wellbeing scores", "Improve wellbeing scores."),
        ("Overall, we did well!", "The project did well."),
        ("Moreover,   participants\nreported   better mood", "Participants reported better mood."),
        ("Did it work?", "Did it work?"),
        ("www.greenminds.org.uk", "www.greenminds.org.uk"),
        ("evaluation report: https://example.org/report.pdf", "Evaluation report: https://example.org/report.pdf"),
    ],
)
def test_clean_point(text: str, expected: str) -> None:
    assert clean_point(text) == expected


# -- the property: nothing invented, for any answer ---------------------------------------------

VOCAB = [
    "we", "our", "us", "I", "my", "volunteers", "ran", "run", "sessions", "garden", "funding", "council",
    "were", "are", "have", "do", "will", "also", "in", "the", "a", "and", "participants", "felt", "reach",
    "build", "go", "study", "people", "weekly", "Overall,", "Additionally,", "In addition,", "it", "is",
    "worth", "noting", "that", "we're", "we've", "we'll", "we'd", "been", "all", "both", "project",
]  # fmt: skip


@st.composite
def answers(draw) -> str:
    sentences = draw(st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=14), min_size=1, max_size=6))
    seps = draw(st.lists(st.sampled_from([". ", "; ", "! ", ".\n\n", "\n- ", ", and we "]), min_size=6, max_size=6))
    return "".join(" ".join(s) + seps[i % len(seps)] for i, s in enumerate(sentences))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=answers(), points=st.integers(min_value=1, max_value=4))
def test_property_no_invented_words(answer: str, points: int) -> None:
    result, spans = draft(answer, ["Volunteers ran the garden.", "The council gave funding."], points=points, limit=12)
    assert len(result) == len(spans) <= points
    for point in result:
        assert_extractive(point, answer)


def test_crlf_answers_split_like_lf() -> None:
    lf = "We ran sessions in Leeds.\n\n- weekly walks\n- a garden club"
    crlf = lf.replace("\n", "\r\n")
    points_lf, _ = draft(lf, points=3)
    points_crlf, spans_crlf = draft(crlf, points=3)
    assert points_lf == points_crlf == ("The project ran sessions in Leeds.", "Weekly walks.", "A garden club.")
    assert [crlf[a:b] for a, b in spans_crlf] == ["We ran sessions in Leeds.", "weekly walks", "a garden club"]
