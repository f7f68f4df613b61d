"""Benchmark: drafting summaries for 1,000 cases x 8 fields (target: under 10 s).

Baseline, measured in the same run over the same answers: bare sentence
segmentation with the same spaCy pipeline (``nlp.pipe``, batched, sentencizer
only). The figures printed are wall-clock seconds on this machine.

    /work/venv/bin/python bench/bench_summarise.py [--cases 1000] [--check]

``--check`` also times the uniformity check over the drafts, accepted as
summaries. The answers come from bench/corpus/generate.py (``make_case``, seed 4) when
it is there, else (or with ``--own-corpus``) from the generator below: seeded
case-study sentences with first person, filler, lists and long compounds.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synth.demo import DEMO_FIELDS
from synth.extract import summarise as sm
from synth.model import CaseStudy, Summary
from synth.state import ProjectState
from synth.templates import load_template

FIELDS = DEMO_FIELDS

OPENERS = ["", "", "", "In addition, ", "Additionally, ", "Overall, ", "It is worth noting that ", "Furthermore, "]
SUBJECTS = ["We", "Our volunteers", "The project", "Participants", "Our team", "Staff", "Local partners", "The group"]
VERBS = [
    "ran",
    "run",
    "developed",
    "offer",
    "delivered",
    "supported",
    "worked with",
    "organise",
    "were funded by",
    "have built",
]
OBJECTS = [
    "weekly singing sessions in the community centre",
    "a gardening club for older people on the estate",
    "creative writing workshops with young carers",
    "walking groups across three rural villages",
    "arts on prescription courses referred by GPs",
    "a peer support network for new parents",
    "dance classes for people living with dementia",
    "photography projects with refugees and asylum seekers",
    "reminiscence sessions with museum objects",
    "a men's shed in a former workshop",
]
TAILS = [
    "",
    " for eighteen months",
    " with the local mental health trust",
    " and measured wellbeing with WEMWBS at the start and end",
    "; attendance dropped in winter when the weather turned and buses were cancelled",
    ", and we kept a waiting list because demand grew every term",
    " in partnership with the council, two housing associations and a university",
]
PLACES = [
    "Leeds",
    "Hull",
    "Stockport",
    "Rotherham",
    "Bristol",
    "Sheffield",
    "Bradford",
    "Liverpool",
    "Devon",
    "Norfolk",
]


def sentence(rng: random.Random) -> str:
    text = f"{rng.choice(OPENERS)}{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    text += f" in {rng.choice(PLACES)}{rng.choice(TAILS)}."
    return text[0].upper() + text[1:]


def answer(rng: random.Random) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(3, 7))]
    if rng.random() < 0.2:
        parts.append("Our aims were:\n- " + "\n- ".join(rng.choice(OBJECTS) for _ in range(3)))
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts)), "\n\n")
    return " ".join(parts)


def synthetic_cases(n: int, seed: int = 4) -> list[CaseStudy]:
    rng = random.Random(seed)
    return [
        CaseStudy(id=f"case-{i:04d}", title=f"Case {i}", source=f"case-{i}.md", fields={f: answer(rng) for f in FIELDS})
        for i in range(n)
    ]


def corpus_cases(n: int, own: bool = False) -> tuple[list[CaseStudy], str]:
    """Cases from bench/corpus/generate.py (its ``make_case``), else from the generator above."""
    if not own:
        sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
        try:
            import generate  # type: ignore[import-not-found]
        except ImportError:
            pass
        else:
            rng = random.Random(4)
            used: set[str] = set()
            made = [generate.make_case(rng, used) for _ in range(n)]
            cases = [
                CaseStudy(id=f"case-{i:04d}", title=c.title, source=f"case-{i}.md", fields=dict(c.fields))
                for i, c in enumerate(made)
            ]
            return cases, "bench/corpus/generate.py make_case, seed 4"
    return synthetic_cases(n), "bench_summarise's own generator"


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--points", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="also time the uniformity check over the drafts")
    parser.add_argument("--repeat", type=int, default=3, help="report the best of N runs (the machine may be busy)")
    parser.add_argument("--own-corpus", action="store_true", help="use this script's generator, not bench/corpus")
    args = parser.parse_args()

    from synth.nlp import engine, get_nlp

    load, nlp = timed(get_nlp)
    cases, source = corpus_cases(args.cases, args.own_corpus)
    state = ProjectState(name="bench", template=load_template(), fields=FIELDS)
    state.cases = {c.id: c for c in cases}
    texts = [c.answer(f) for f in FIELDS for c in cases]
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(cases)} cases x {len(FIELDS)} fields = {len(texts)} answers, {words:,} words ({source})")
    print(f"engine: {sm.ENGINE} {sm.ENGINE_VERSION}; {engine()}; pipeline load {load:.2f} s (not counted below)")

    disabled = [p for p in nlp.pipe_names if p not in ("sentencizer", "senter")]

    def baseline() -> int:
        return sum(sum(1 for _ in d.sents) for d in nlp.pipe(texts, batch_size=512, disable=disabled))

    def cold_run():
        sm._UNITS_CACHE.clear()
        sm._TERMS.clear()
        sm._TENSES.clear()
        return sm.suggest_summaries(state, points=args.points)

    base = cold = warm = float("inf")
    for _ in range(max(1, args.repeat)):
        t, n_sents = timed(baseline)
        base = min(base, t)
        t, drafts = timed(cold_run)
        cold = min(cold, t)
        t, again = timed(lambda: sm.suggest_summaries(state, points=args.points))
        warm = min(warm, t)
    print(f"best of {max(1, args.repeat)} runs each; baseline and drafting alternate, so both see the same load")
    assert drafts == again, "drafting is not deterministic"
    print(f"baseline  bare sentence segmentation (nlp.pipe): {base:6.2f} s  ({n_sents:,} sentences)")
    print(
        f"drafting  suggest_summaries, cold:               {cold:6.2f} s  ({len(drafts):,} drafts, {cold / base:.1f}x baseline)"
    )
    print(f"drafting  suggest_summaries, warm (cached units): {warm:5.2f} s")
    verdict = "PASS" if cold < 10 else "FAIL"
    print(f"target    under 10 s for {len(texts):,} answers: {verdict}")
    if args.check:
        from synth.extract.uniformity import check_project

        for d in drafts:
            state.summaries[(d.case_id, d.heading_id)] = Summary(d.case_id, d.heading_id, d.text, "accepted", "machine")
        check, results = timed(lambda: check_project(state))
        passing = sum(1 for v in results.values() if not v)
        print(
            f"check     check_project over the drafts:         {check:6.2f} s  ({passing:,} of {len(results):,} pass)"
        )


if __name__ == "__main__":
    main()
