"""Benchmark of the theme engine: quality against the gold standard, and speed and memory of ``synth run``.

Quality: the demo corpus (casestudies/) against tests/data/gold/casestudies_gold.toml. A gold
theme is recovered when one of the first 6 suggestions for its heading has a project-set
Jaccard >= 0.5 with it and an acceptable label (one of its keywords in the label, compared as
lowercase text or as lemmas). General themes are scored the same way against the proposals
of step 3 made after a headless run's machine-accepted themes. A plain baseline is scored in
the same run: scikit-learn TF-IDF + NMF per heading (6 topics, labels from the top 2 terms,
a project belongs to a topic when it carries at least 30% of the document's weight).

Speed: ``synth run`` on N generated forms of ~800 words against the bare floor of reading,
parsing, lemmatising and vectorising the same text in the same run; peak RSS of each.

    python bench/bench_themes.py                 # quality, then speed on 20 and 1000 forms
    python bench/bench_themes.py --quality       # quality only
    python bench/bench_themes.py --speed 200     # speed on 200 forms only
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "gold" / "casestudies_gold.toml"
CORPUS = REPO / "casestudies"
TOP = 6


def _lemmas(text: str) -> set[str]:
    from synth.nlp import lemma

    return {lemma(w) for w in re.findall(r"[a-z][a-z\-]+", text.lower())}


def _corpus_scorer():
    """The corpus engineer's label rule (bench/corpus/gold.py), so both benchmarks judge labels alike."""
    import importlib.util

    path = REPO / "bench" / "corpus" / "gold.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("corpus_gold", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_gold"] = module
    spec.loader.exec_module(module)
    return module.label_ok


_LABEL_OK = _corpus_scorer()


def acceptable(label: str, keywords: list[str]) -> bool:
    if _LABEL_OK is not None and _LABEL_OK(label, tuple(keywords)):
        return True
    low = label.lower()
    words = _lemmas(label)
    return any(k.lower() in low or (_lemmas(k) and _lemmas(k) <= words) for k in keywords)


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def recovered(gold: dict, candidates: list[tuple[str, set[str]]]) -> bool:
    want = set(gold["projects"])
    return any(jaccard(case_ids, want) >= 0.5 and acceptable(label, gold["keywords"]) for label, case_ids in candidates)


def build_project(folder: Path, summaries: bool):
    from synth.extract.importer import import_paths
    from synth.project import Project

    p = Project.create(folder, analyst="bench")
    import_paths(p, [CORPUS])
    if summaries:
        from synth.extract.summarise import suggest_summaries
        from synth.summaries import accept_all

        accept_all(p, suggest_summaries(p.state), origin="machine", reviewed=False)
    return p


def baseline(state, heading: str, k: int = TOP) -> list[tuple[str, set[str]]]:
    """TF-IDF + NMF: k topics, labelled by their top two terms."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    from synth.themes.text import working_text

    cases = [c for c in state.cases if working_text(state, c, heading)[0].strip()]
    docs = [working_text(state, c, heading)[0] for c in cases]
    if len(docs) < 2:
        return []
    vec = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), min_df=1)
    x = vec.fit_transform(docs)
    k = min(k, len(docs) - 1, x.shape[1])
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=400)
    w = model.fit_transform(x)
    terms = vec.get_feature_names_out()
    out = []
    share = w / (w.sum(axis=1, keepdims=True) + 1e-12)
    for t in range(k):
        top = model.components_[t].argsort()[::-1][:2]
        label = " ".join(terms[i] for i in top)
        case_ids = {state.cases[cases[d]].title for d in range(len(docs)) if share[d, t] >= 0.3}
        out.append((label, case_ids))
    return out


def quality(summaries: bool) -> dict:
    from synth.pipeline import choose_themes
    from synth.themes.actions import accept_many
    from synth.themes.collate import propose_general_themes
    from synth.themes.suggest import suggest_themes

    gold = tomllib.loads(GOLD.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        p = build_project(Path(tmp) / "p", summaries)
        state = p.state
        title = {cid: c.title for cid, c in state.cases.items()}
        found = {"synth": [0, 0], "baseline": [0, 0], "synth_major": [0, 0], "baseline_major": [0, 0]}
        missed = []
        all_suggestions = {}
        for heading in state.fields:
            all_suggestions[heading] = suggest_themes(state, heading)
        for heading, themes in gold["themes"].items():
            ours = [(s.label, {title[c] for c in s.case_ids}) for s in all_suggestions.get(heading, [])[:TOP]]
            base = baseline(state, heading)
            for g in themes:
                ours_ok, base_ok = recovered(g, ours), recovered(g, base)
                for name, ok in (("synth", ours_ok), ("baseline", base_ok)):
                    for key in (name, f"{name}_major") if not g.get("minor") else (name,):
                        found[key][0] += ok
                        found[key][1] += 1
                if not ours_ok:
                    missed.append(f"{heading}: {g['label']}{' (minor)' if g.get('minor') else ''}")
        chosen = []
        for items in all_suggestions.values():
            chosen.extend(choose_themes(items, len(state.cases)))
        accept_many(p, chosen, origin="machine")
        proposals = propose_general_themes(p.state)
        general = [(g.label, {title[c] for c in g.case_ids}) for g in proposals]
        g_found = sum(recovered(g, general) for g in gold["general_themes"])
        g_missed = [g["label"] for g in gold["general_themes"] if not recovered(g, general)]
        # baseline general themes: NMF over all headings' texts at once
        base_general = baseline_general(p.state)
        gb_found = sum(recovered(g, base_general) for g in gold["general_themes"])
        p.close()
    return {
        "themes": found,
        "missed": missed,
        "general": (g_found, len(gold["general_themes"])),
        "general_missed": g_missed,
        "general_baseline": (gb_found, len(gold["general_themes"])),
        "proposals": [g[0] for g in general],
    }


def baseline_general(state, k: int = 12) -> list[tuple[str, set[str]]]:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    from synth.themes.text import working_text

    units = [(c, f) for c in state.cases for f in state.fields if working_text(state, c, f)[0].strip()]
    docs = [working_text(state, c, f)[0] for c, f in units]
    vec = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), min_df=2)
    x = vec.fit_transform(docs)
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=400)
    w = model.fit_transform(x)
    share = w / (w.sum(axis=1, keepdims=True) + 1e-12)
    terms = vec.get_feature_names_out()
    out = []
    for t in range(k):
        label = " ".join(terms[i] for i in model.components_[t].argsort()[::-1][:2])
        out.append((label, {state.cases[units[d][0]].title for d in range(len(docs)) if share[d, t] >= 0.3}))
    return out


def quality_generated(n: int) -> None:
    """Recall of the themes planted by bench/corpus/generate.py (labels.json), synth against the baseline."""
    import sys as _sys

    from synth.extract.importer import import_paths
    from synth.pipeline import choose_themes
    from synth.project import Project
    from synth.themes.actions import accept_many
    from synth.themes.collate import propose_general_themes
    from synth.themes.suggest import suggest_themes

    if _LABEL_OK is None:
        print("generated-corpus quality needs bench/corpus/gold.py")
        return
    gold_module = _sys.modules["corpus_gold"]
    with tempfile.TemporaryDirectory() as tmp:
        forms = Path(tmp) / "forms"
        generate(forms, n)
        labels = forms / "labels.json"
        if not labels.exists():
            print("generated-corpus quality needs labels.json from bench/corpus/generate.py")
            return
        gold = gold_module.gold_from_labels(labels)
        p = Project.create(Path(tmp) / "p", analyst="bench")
        import_paths(p, [forms])
        state = p.state
        title = {cid: c.title for cid, c in state.cases.items()}
        ours: dict = {"headings": {}, "general_themes": []}
        base: dict = {"headings": {}, "general_themes": []}
        chosen = []
        for heading in gold.themes:
            if heading not in state.fields:
                continue
            found = suggest_themes(state, heading)
            chosen.extend(choose_themes(found, len(state.cases)))
            ours["headings"][heading] = [{"label": x.label, "projects": [title[c] for c in x.case_ids]} for x in found]
            base["headings"][heading] = [{"label": lab, "projects": sorted(pr)} for lab, pr in baseline(state, heading)]
        accept_many(p, chosen, origin="machine")
        ours["general_themes"] = [
            {"label": g.label, "projects": [title[c] for c in g.case_ids]} for g in propose_general_themes(p.state)
        ]
        base["general_themes"] = [{"label": lab, "projects": sorted(pr)} for lab, pr in baseline_general(state)]
        p.close()
    for name, data in (("synth", ours), ("baseline TF-IDF+NMF", base)):
        r = gold_module.score(data, gold, top=TOP)
        print(
            f"  generated corpus ({n} forms), {name}: themes {r['themes_found']}/{r['themes_total']} = "
            f"{r['theme_recall']:.0%}, general {r['general_found']}/{r['general_total']} = {r['general_recall']:.0%}"
        )


# -- speed --------------------------------------------------------------------------------


def generate(folder: Path, n: int) -> None:
    """N Markdown forms of ~800 words, from bench/corpus/generate.py when present, else recombined demo answers."""
    generator = REPO / "bench" / "corpus" / "generate.py"
    if generator.exists():
        done = subprocess.run(
            [sys.executable, str(generator), "--out", str(folder), "--n", str(n)], capture_output=True
        )
        if done.returncode == 0 and any(folder.iterdir()):
            return
    from synth.extract import read_forms
    from synth.templates import load_template

    tpl = load_template("practice-based")
    cases, _ = read_forms([CORPUS], tpl)
    pool: dict[str, list[str]] = {}
    for c in cases:
        for f, text in c.fields.items():
            pool.setdefault(f, []).extend(s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())
    rng = random.Random(5)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        lines = [f"# Generated project {i:05d}", ""]
        for field in tpl.fields:
            sentences = pool.get(field.id) or ["No answer."]
            lines += [
                f"## {field.heading}",
                "",
                " ".join(rng.sample(sentences, min(len(sentences), rng.randint(3, 5)))),
                "",
            ]
        (folder / f"form-{i:05d}.md").write_text("\n".join(lines), encoding="utf-8")


FLOOR = r"""
import sys, time, resource
t = time.perf_counter()
from synth.extract import read_forms
from synth.templates import load_template
from synth.nlp import get_nlp
from sklearn.feature_extraction.text import TfidfVectorizer
cases, _ = read_forms([sys.argv[1]], load_template("practice-based"))
texts = [t for c in cases for t in c.fields.values() if t.strip()]
nlp = get_nlp()
lemmas = [" ".join(tok.lemma_ for tok in doc) for doc in nlp.pipe((t.lower() for t in texts), batch_size=256)]
TfidfVectorizer(ngram_range=(1, 3), min_df=2).fit_transform(lemmas)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, sum(len(t.split()) for t in texts), len(cases))
"""

RUN = r"""
import sys, time, resource
t = time.perf_counter()
from synth.pipeline import run
r = run([sys.argv[1]], sys.argv[2])
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, ";".join(f"{s.name.replace(' ', '_')}={s.seconds:.2f}" for s in r.steps))
"""


def speed(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        forms = Path(tmp) / "forms"
        generate(forms, n)
        env = dict(os.environ, XDG_DATA_HOME=str(Path(tmp) / "xdg"))
        floor = subprocess.run(
            [sys.executable, "-c", FLOOR, str(forms)], capture_output=True, text=True, env=env, check=True
        )
        f_time, f_rss, words, n_cases = (float(x) for x in floor.stdout.split()[:4])
        engines = {}
        for engine in ("phrases", "meaning", *(["semantic"] if os.environ.get("BENCH_SEMANTIC") else [])):
            t = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", RUN, str(forms), str(Path(tmp) / f"out-{engine}")],
                capture_output=True,
                text=True,
                env=dict(env, SYNTH_ENGINE=engine),
                check=True,
            )
            engines[engine] = (time.perf_counter() - t, *done.stdout.split()[:3])
        wall, r_time, r_rss, steps = engines["meaning"]
        print(
            f"speed, {n} forms ({n_cases:.0f} case studies read), {words / max(n_cases, 1):.0f} words of answers each:"
        )
        print(f"  floor (read+parse+lemmatise+vectorise): {f_time:.2f} s, peak RSS {f_rss:.0f} MiB")
        print(
            f"  synth run: {float(r_time):.2f} s in-process ({wall:.2f} s wall with interpreter start), peak RSS {float(r_rss):.0f} MiB"
        )
        print(f"  ratio run/floor: {float(r_time) / f_time:.2f}x   steps: {steps}")
        base = float(engines["phrases"][1])
        print(
            f"  phrase engine alone (the engine before issue 10's frameworks): synth run {base:.2f} s; steps: {engines['phrases'][3]}"
        )
        for engine in [e for e in engines if e != "phrases"]:
            seconds = float(engines[engine][1])
            print(f"  {engine} engine: synth run {seconds:.2f} s = {seconds / base:.2f}x the phrase engine's run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", action="store_true", help="Quality only.")
    parser.add_argument("--speed", type=int, nargs="*", help="Speed only, on these numbers of forms.")
    parser.add_argument(
        "--generated", type=int, default=0, metavar="N", help="Also score quality on N generated forms."
    )
    args = parser.parse_args()
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp())
    if args.speed is None:
        for summaries in (False, True):
            q = quality(summaries)
            text = "machine summaries" if summaries else "raw answers"
            s, b = q["themes"]["synth"], q["themes"]["baseline"]
            print(f"quality on {text}:")
            print(
                f"  themes recovered (top {TOP}): synth {s[0]}/{s[1]} = {s[0] / s[1]:.0%}; baseline TF-IDF+NMF {b[0]}/{b[1]} = {b[0] / b[1]:.0%}"
            )
            s, b = q["themes"]["synth_major"], q["themes"]["baseline_major"]
            print(
                f"  without minor gold themes: synth {s[0]}/{s[1]} = {s[0] / s[1]:.0%}; baseline {b[0]}/{b[1]} = {b[0] / b[1]:.0%}"
            )
            g, gb = q["general"], q["general_baseline"]
            print(
                f"  general themes recovered: synth {g[0]}/{g[1]} = {g[0] / g[1]:.0%}; baseline {gb[0]}/{gb[1]} = {gb[0] / gb[1]:.0%}"
            )
            print(f"  missed themes: {'; '.join(q['missed'])}")
            print(f"  missed general themes: {'; '.join(q['general_missed'])}")
            print(f"  proposed general themes: {'; '.join(q['proposals'])}")
    if args.generated:
        quality_generated(args.generated)
    if not args.quality:
        for n in args.speed or [20, 1000]:
            speed(n)


if __name__ == "__main__":
    main()
