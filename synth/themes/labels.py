"""How the inductive engine names a theme: the label phrase, a fuller name or a second facet, the
surface form the texts write, and the evidence sentences shown with it."""

from __future__ import annotations

import re
from collections import Counter

from synth.themes.corpus import Unit
from synth.themes.phrases import (
    FACET_SHARE,
    FULLER_SHARE,
    FULLER_SHARE_NOUN,
    LABEL_SAMPLE,
    LABEL_SPECIFIC,
    LABEL_SUPPORT,
    Phrase,
)
from synth.themes.phrases import agglomerative as agglomerative
from synth.themes.suggestion import MAX_EVIDENCE as MAX_EVIDENCE
from synth.themes.suggestion import Evidence as Evidence
from synth.themes.suggestion import ThemeSuggestion as ThemeSuggestion
from synth.themes.termhood import is_noun, is_verb
from synth.themes.text import VERBISH, phrase_spans


def label_phrase(members: list[Phrase]) -> Phrase:
    """The member a reader would name the theme by: well supported first, then specific."""
    members = [p for p in members if not p.participle] or members
    best = max(len(p.cases) for p in members)
    fair = [p for p in members if len(p.cases) >= LABEL_SUPPORT * best]
    return max(
        fair,
        key=lambda p: (
            p.label_term * p.dist * len(p.cases) * (1.0 + LABEL_SPECIFIC * (len(p.lemmas) - 1)),
            -len(p.key),
            p.key,
        ),
    )


_NOUN_ENDINGS = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ship",
    "ence",
    "ance",
    "ism",
    "ist",
    "er",
    "or",
    "age",
    "ure",
    "s",
)


def _nounish(p: Phrase, units: list[Unit]) -> bool:
    """Without a tagger: a thesaurus term, an acronym, or a word with a noun's ending ("befrienders")."""
    if p.concepts:
        return True
    last = surface_label(units, p).split()[-1]
    if sum(ch.isupper() for ch in last) >= 2:
        return True
    low = last.lower()
    return (low.endswith(_NOUN_ENDINGS) and not low.endswith(("ss", "ous", "ness"))) or low.endswith("ness")


def fuller_name(head: Phrase, members: list[Phrase], units: list[Unit]) -> Phrase:
    """The phrase to name the theme by: the label phrase, or, when that is one word, the well-supported
    phrase of two words that contains it ("Link workers" for "Workers", "Living alone" for "Living"), from
    ``members`` (the group's members, then the heading's other phrases holding the word)."""
    if " " in head.key:
        return head
    # an ordinary word or an adjective is named fuller when it can be; a specific noun only when most of
    # its projects write it in the one longer phrase ("Workers": "link workers")
    share = FULLER_SHARE if head.term < 1.0 or not is_noun(head.key) else FULLER_SHARE_NOUN
    best = head
    for p in members:
        if p.participle or len(p.lemmas) != 2 or not head.lemmas < p.lemmas or len(p.cases) < 2:
            continue
        if len(p.cases) < share * len(head.cases) or p.lemmas & VERBISH:
            continue
        if _starts_with_verb_form(surface_label(units, p), p.key):
            continue
        if best is head or (len(p.cases), p.key) > (len(best.cases), best.key):
            best = p
    return best


def second_facet(head: Phrase, members: list[Phrase], units: list[Unit]) -> Phrase | None:
    """A member naming another side of the theme ("Volunteers and befrienders"), if one is strong."""
    best = None
    for p in members:
        if p is head or p.participle or p.families & head.families or len(p.cases) < 2:
            continue
        if len(p.cases) < FACET_SHARE * len(head.cases) or p.term < 1.0 or len(p.lemmas) > 2:
            continue
        if p.lemmas & VERBISH or not _nounish(p, units) or (" " not in p.key and not is_noun(p.key)):
            continue
        if " " in p.key and _starts_with_verb_form(surface_label(units, p), p.key):
            continue  # "gathered participants" tells what was done, it names no side of the theme
        if best is None or (len(p.cases) * p.dist, p.key) > (len(best.cases) * best.dist, best.key):
            best = p
    return best


def _starts_with_verb_form(label: str, key: str) -> bool:
    """The label opens with a verb ("Gathered participants", "Refer patients"), not a noun or adjective."""
    first = label.split()[0].lower()
    if is_verb(key.split()[0]):
        return True  # "refer patients"
    return first != key.split()[0] and first.endswith(("ed", "ing")) and not is_noun(first)


def as_activity(label: str, key: str) -> str:
    """A label naming an action reads as one: "Expanding" (not "Expand"), "Living alone" (not "Lived alone");
    "Trained volunteers" stays, as its last word is a noun."""
    words = key.split()
    if len(words) == 1 and is_verb(key):
        return gerund(key).capitalize()
    first, _, rest = label.partition(" ")
    if (
        len(words) >= 2
        and first.lower().endswith("ed")
        and first.lower() != words[0]
        and not any(is_noun(w) for w in words[1:])
    ):
        return f"{gerund(words[0]).capitalize()} {rest}".strip()
    return label


def gerund(verb: str) -> str:
    """The -ing form of a verb ("expand" -> "expanding", "embed" -> "embedding", "share" -> "sharing")."""
    from synth.themes.text import lemma_of

    plain = verb[:-1] + "ing" if verb.endswith("e") and not verb.endswith("ee") else verb + "ing"
    for form in (verb + verb[-1:] + "ing", plain):
        if lemma_of(form) == verb:
            return form
    return plain


def lower_first(text: str) -> str:
    first, _, rest = text.partition(" ")
    if sum(ch.isupper() for ch in first) >= 2:
        return text
    return f"{first.lower()} {rest}".strip()


def evidence_of(units: list[Unit], heading: str, order: list[Phrase], sentences: set) -> tuple[Evidence, ...]:
    """The sentences carrying the theme: the label phrase's first, every case before a second sentence of one."""
    seen: set[tuple[int, int]] = set()
    first: list[tuple[int, int]] = []
    rest: list[tuple[int, int]] = []
    covered: set[int] = set()
    for p in order:
        for s in sorted(p.sentences):
            if s in seen or s not in sentences:
                continue
            seen.add(s)
            (rest if s[0] in covered else first).append(s)
            covered.add(s[0])
    out = []
    for u_index, s_index in (first + rest)[:MAX_EVIDENCE]:
        unit = units[u_index]
        start, end = unit.analysis.sentences[s_index]
        out.append(Evidence(unit.case_id, heading, start, end, unit.text[start:end], unit.target))
    return tuple(out)


_labels: dict[tuple, str] = {}


def surface_label(units: list[Unit], phrase: Phrase) -> str:
    """The phrase as the texts write it most often, first word capitalised: never lemmas."""
    memo = (id(units), len(units), phrase.key, len(phrase.sentences))
    found = _labels.get(memo)
    if found is None:
        if len(_labels) > 20_000:
            _labels.clear()
        found = _labels[memo] = _surface_label(units, phrase)
    return found


_BRIDGES = ("of", "on", "for", "in", "to", "with")


def bridged(units: list[Unit], phrase: Phrase, label: str, other: str) -> str | None:
    """The label and its second facet as the texts join them by a preposition, if they do.

    "Social return" and "investment" read "Social return on investment", not
    "Social return and investment".
    """
    pattern = re.compile(
        rf"\b{re.escape(label)}\s+({'|'.join(_BRIDGES)})\s+(?:the\s+)?{re.escape(other)}\b", re.IGNORECASE
    )
    for u_index, s_index in sorted(phrase.sentences)[:LABEL_SAMPLE]:
        unit = units[u_index]
        a, b = unit.analysis.sentences[s_index]
        found = pattern.search(unit.text[a:b])
        if found:
            return f"{label} {found.group(1).lower()} {lower_first(other)}"
    return None


def _surface_label(units: list[Unit], phrase: Phrase) -> str:
    counts: Counter = Counter()
    for u_index, s_index in sorted(phrase.sentences)[:LABEL_SAMPLE]:
        unit = units[u_index]
        a, b = unit.analysis.sentences[s_index]
        sentence = unit.text[a:b]
        for start, end, initial in phrase_spans(sentence, phrase.key):
            counts[_normal_case(sentence[start:end], initial)] += 1
    if not counts:
        return phrase.key.capitalize()
    surface = max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
    return surface[:1].upper() + surface[1:]


def _normal_case(text: str, at_sentence_start: bool) -> str:
    """Lowercase ordinary words, keep acronyms and names ("NHS", "Age UK")."""
    words = text.split()
    out = []
    for i, w in enumerate(words):
        if sum(ch.isupper() for ch in w) >= 2 or (w[:1].isupper() and not (i == 0 and at_sentence_start)):
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)
