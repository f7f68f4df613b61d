"""How ordinary a word is in general English: ordinary words make weak theme labels.

"Women", "living", "course" or "outside" can be shared by many projects under a
heading without being a theme; "nature", "WEMWBS" or "volunteers" are rarer in
general English and more often are. The weight comes from the unigram log
probabilities that spaCy ships in spacy-lookups-data (``en_lexeme_prob``, MIT);
the few thousand most common words are kept in ``common_words.txt`` beside this
module, regenerated with ``python -m synth.themes.termhood``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

WORDS = Path(__file__).with_name("common_words.txt")
NON_NOUNS = Path(__file__).with_name("non_nouns.txt")
NON_NOUN_CUTOFF = -15.0  # rarer adjectives and verbs are not listed
CUTOFF = -10.0  # words less probable than this are not listed (they count as specific)
ORDINARY = -8.5  # at or above this log probability a single word weighs half
SPECIFIC = -9.6  # at or below this it weighs fully


def _pairs(path: Path) -> list[tuple[str, str]]:
    """The (word, rest) pairs of a word list, one per line, "#" lines skipped; none if the file cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [
        (word, rest) for word, _, rest in (line.partition(" ") for line in lines if line and not line.startswith("#"))
    ]


@lru_cache(maxsize=1)
def common_words() -> dict[str, float]:
    return {word: float(value) for word, value in _pairs(WORDS)}


def weight(word: str) -> float:
    """1.0 for a specific word, down to 0.5 for the most ordinary ones."""
    lp = common_words().get(word.lower())
    if lp is None or lp <= SPECIFIC:
        return 1.0
    if lp >= ORDINARY:
        return 0.5
    return 1.0 - 0.5 * (lp - SPECIFIC) / (ORDINARY - SPECIFIC)


@lru_cache(maxsize=1)
def non_nouns() -> dict[str, str]:
    """Word -> "v" (a verb, never a noun or adjective) or "a" (an adjective or adverb, never a noun)."""
    return {word: kind or "a" for word, kind in _pairs(NON_NOUNS)}


def is_noun(word: str) -> bool:
    """False for a word English uses only as an adjective, verb or adverb ("lonely", "expand",
    "consistent"): such a word alone names no theme. Unknown words (names, codes, compounds) count as nouns."""
    return word.lower() not in non_nouns()


def is_verb(word: str) -> bool:
    """True for a word English uses only as a verb ("expand", "embed")."""
    return non_nouns().get(word.lower()) == "v"


def build(path: Path = WORDS) -> int:
    """Write the common-word list from the installed spacy-lookups-data; returns the number of words."""
    import gzip
    import json

    import spacy_lookups_data

    source = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        probs = json.load(fh)
    words = sorted(
        ((w, p) for w, p in probs.items() if p > CUTOFF and w.isalpha() and w.islower()), key=lambda x: -x[1]
    )
    lines = ["# word log-probability: common English words, from spacy-lookups-data en_lexeme_prob (MIT)"]
    lines += [f"{w} {p:.2f}" for w, p in words]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_non_nouns(probs)
    return len(words)


def build_non_nouns(probs: dict[str, float], path: Path = NON_NOUNS) -> int:
    """Write the words WordNet (spacy-lookups-data's en_lemma_index) knows as adjective, verb or adverb, never noun."""
    import gzip
    import json

    import spacy_lookups_data

    source = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_index.json.gz"
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        index = json.load(fh)
    nouns = set(index["noun"])
    adjectives = set(index["adj"]) | set(index["adv"])
    words = sorted(
        {
            w
            for pos in ("adj", "verb", "adv")
            for w in index[pos]
            if w not in nouns and w.isalpha() and w.islower() and probs.get(w, -99.0) > NON_NOUN_CUTOFF
        }
    )
    lines = [
        "# words never used as nouns, from spacy-lookups-data en_lemma_index (MIT; WordNet): v = verb only, a = other"
    ]
    lines += [f"{w} {'a' if w in adjectives else 'v'}" for w in words]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(words)


if __name__ == "__main__":
    print(f"wrote {build()} words to {WORDS} and {len(non_nouns.__wrapped__())} to {NON_NOUNS}")
