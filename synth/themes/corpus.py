"""The corpus of a project for step 2: every answer (or accepted summary) under each heading, analysed once, with word families across parts of speech.

Built on the text analysis of :mod:`synth.themes.text`; every suggestion stage reads this.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from synth.state import ProjectState
from synth.themes.text import Progress, TextAnalysis, analyse, is_code, working_text

corpora: dict[tuple, Corpus] = {}


@dataclass(slots=True)
class Unit:
    """The working text of one case under one heading."""

    case_id: str
    heading_id: str
    text: str
    target: str
    analysis: TextAnalysis


@dataclass
class Corpus:
    """Every working text of a project, grouped by heading, with per-heading phrase counts."""

    units: dict[str, list[Unit]]
    _df: dict[str, Counter] = field(default_factory=dict)

    def headings(self) -> list[str]:
        return [h for h, units in self.units.items() if units]

    def n_cases(self, heading: str) -> int:
        return len(self.units.get(heading, ()))

    def df(self, heading: str) -> Counter:
        """How many cases use each phrase (by id) under ``heading``."""
        counts = self._df.get(heading)
        if counts is None:
            counts = Counter()
            for unit in self.units.get(heading, ()):
                counts.update(set(unit.analysis.pids))
            self._df[heading] = counts
        return counts


def corpus(state: ProjectState, headings: Iterable[str] = (), progress: Progress | None = None) -> Corpus:
    """The project's working texts under its extraction fields (and ``headings``), analysed.

    The same state object at the same trail head gives the same corpus without reading its texts
    again (``synth run`` asks once per heading: 14 x every case's working texts)."""
    wanted = list(dict.fromkeys([*state.fields, *headings]))
    memo = (id(state), state.seq, state.head, tuple(wanted))
    hit = _last.get(memo)
    if hit is not None and hit[0]() is state:
        return hit[1]
    built = _corpus(state, wanted, progress)
    _last.clear()
    _last[memo] = (weakref.ref(state), built)
    return built


_last: dict[tuple, tuple] = {}  # the last state asked for (weakly) and its corpus


def _corpus(state: ProjectState, wanted: list[str], progress: Progress | None) -> Corpus:
    keys: list[tuple[str, str, str, str]] = []
    for heading_id in wanted:
        for case_id in state.cases:
            text, target = working_text(state, case_id, heading_id)
            if text.strip():
                keys.append((heading_id, case_id, text, target))
    fingerprint = tuple((f, c, hash(t), g) for f, c, t, g in keys)
    found = corpora.get(fingerprint)
    if found is not None:
        return found
    analyses = analyse([k[2] for k in keys], progress)
    units: dict[str, list[Unit]] = {f: [] for f in wanted}
    for (heading_id, case_id, text, target), analysis in zip(keys, analyses, strict=True):
        units[heading_id].append(Unit(case_id, heading_id, text, target, analysis))
    built = Corpus(units)
    if len(corpora) >= 4:
        corpora.clear()
    corpora[fingerprint] = built
    return built


#: Endings that make one word family ("deprived", "deprivation"; "co-produced", "co-production").
_FAMILY_SUFFIXES = ("", "s", "es", "e", "d", "ed", "ing", "ion", "tion", "ation", "ment", "er")


_FAMILY_STEM = 4  # the shared part is at least this long ("train"/"training", not "car"/"care")


#: Second halves of compounds that describe their first ("asset-based" is about assets, "peer-led" about peers).
_COMBINING = ("based", "led", "run", "centred", "centered", "focused", "driven", "owned", "friendly")


def word_families(words: Iterable[str]) -> dict[str, str]:
    """Word -> a representative of its family among ``words``: words that are one stem plus a
    common ending ("deprived", "deprivation"), found without a stemmer's over-reach
    ("community" and "communication" stay apart)."""
    words = sorted(set(words))
    parent = {w: w for w in words}

    def root(w: str) -> str:
        while parent[w] != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    owner: dict[str, str] = {}
    present = set(words)
    for w in words:
        if is_code(w) and not w.isalpha():
            head = w.rstrip("0123456789").rstrip("-")
            if head in present:  # "ONS4" is the ONS's measure
                _join(owner, parent, root, head, head)
                _join(owner, parent, root, head, w)
            continue
        if " " in w or not w.replace("-", "").isalpha():
            continue
        for suffix in _FAMILY_SUFFIXES:
            if suffix and not w.endswith(suffix):
                continue
            stem = w[: len(w) - len(suffix)]
            if len(stem) < _FAMILY_STEM:
                continue
            _join(owner, parent, root, stem, w)
        for form in _COMBINING:
            if w.endswith(form) and len(w) - len(form) >= _FAMILY_STEM:
                _join(owner, parent, root, w[: len(w) - len(form)], w)
    return {w: root(w) for w in words}


def _join(owner: dict[str, str], parent: dict[str, str], root, stem: str, word: str) -> None:
    other = owner.setdefault(stem, word)
    if other != word:
        a, b = root(word), root(other)
        if a != b:
            parent[max(a, b)] = min(a, b)
