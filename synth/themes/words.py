"""A sentence's words as the meaning engine reads them (stage 1, before any concept).

Each word's family key (lowercase, lemma, Snowball stem; a few forms with keys of their own),
ages written as figures or words turned into synthetic words (``age-older``), phrase keys with
gaps (``let * lead``), and the words that say who speaks ("Staff found that ..."), which are not
read. The tuning values and word lists are ``engine.toml``'s; :mod:`synth.themes.assign` matches
these words against the frameworks.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

ENGINE_FILE = Path(__file__).with_name("engine.toml")


@lru_cache(maxsize=1)
def settings() -> dict:
    """The engine's tuning values and word lists (``engine.toml``)."""
    return tomllib.loads(ENGINE_FILE.read_text(encoding="utf-8"))


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&+\-]*|%")


_AGES = re.compile(r"\baged\s+(?:between\s+|from\s+)?(\d{1,3})\s*(?:to|-|–|and|up\s+to)\s*(\d{1,3})", re.IGNORECASE)
# "in their seventies and eighties", "sixties to eighties": decades as spoken (never "music from the sixties")
_DECADE_WORDS = {"teens": 13, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                 "seventies": 70, "eighties": 80, "nineties": 90}  # fmt: skip
_DECADE = "|".join(_DECADE_WORDS)
_DECADES = re.compile(
    rf"\b(?:in\s+their\s+(?:late\s+|early\s+|mid\s+)?({_DECADE})|({_DECADE})\s*(?:to|-|–|and)\s*(?:their\s+)?({_DECADE}))\b",
    re.IGNORECASE,
)
_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORD = re.compile(
    rf"\b(?:({'|'.join(_TENS)})(?:[-\s]({'|'.join(_UNITS[1:10])}))?|({'|'.join(_UNITS)}))\b", re.IGNORECASE
)


def _figures(sentence: str) -> str:
    """Numbers written as words in figures ("aged eleven to seventeen", "twenty-one up to sixty")."""

    def figure(m: re.Match) -> str:
        if m.group(3):
            return str(_UNITS.index(m.group(3).lower()))
        return str(_TENS[m.group(1).lower()] + (_UNITS.index(m.group(2).lower()) if m.group(2) else 0))

    return _NUMBER_WORD.sub(figure, sentence)


_AVERAGE = re.compile(
    r"\b(?:average|median|mean)(?:\s+age)?(?:\s+(?:of|was|is|were))?\s+(?:age\s+)?(\d{1,3})\b", re.IGNORECASE
)


_OVER = re.compile(r"\b(?:over|over-|aged)\s*(\d{2})s?\b(?!\s*(?:to|-|–))|\b(\d{2})\s*\+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def norm(word: str) -> str:
    """A word's family key: lowercase, no hyphens or possessive, lemma, then stem (but for the forms
    engine.toml gives a key of their own and the lemmas it keeps whole, whose lemma or stem would join
    a family of another meaning)."""
    from synth.themes.text import lemma_of

    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    low = low.replace("-", "").replace("'", "")
    if not low:
        return ""
    if not low.isalpha():
        return low
    own = _own_keys()
    if low in own:
        return own[low]
    lemma = lemma_of(low)
    if lemma in _whole_words():
        return lemma
    return _stemmer().stemWord(lemma)


@lru_cache(maxsize=1)
def _own_keys() -> dict[str, str]:
    """Word forms with a family key of their own (engine.toml [assign] own_keys)."""
    return dict(settings()["assign"].get("own_keys", {}))


@lru_cache(maxsize=1)
def _whole_words() -> frozenset[str]:
    """Lemmas kept whole as their family key (engine.toml [assign] whole_words)."""
    return frozenset(settings()["assign"].get("whole_words", ()))


def words_of(text: str) -> list[tuple[str, int, int]]:
    """(family key, start, end) of each word of ``text``."""
    return [(norm(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


#: a phrase's gap: "let * lead" is "let them lead", "let young people lead", "let the women lead"
GAP = "*"
MAX_GAP = 3  # words a gap stands for, one to this many
_GAP_MARK = re.compile(r"(?:^|\s)\*(?:\s|$)")


def phrase_key(text: str) -> tuple[str, ...]:
    """A term's or phrase's family keys; `` * `` between words is a gap of one to MAX_GAP words."""
    if "*" not in text:
        return tuple(k for k, _, _ in words_of(text) if k)
    parts = [tuple(k for k, _, _ in words_of(part) if k) for part in _GAP_MARK.split(text)]
    if len(parts) > 1 and not all(parts):
        return ()
    key: list[str] = []
    for i, part in enumerate(parts):
        key += [GAP] * bool(i) + list(part)
    return tuple(key)


def phrase_end(key: tuple[str, ...], keys: list[str], pos: int) -> int:
    """Where ``key`` ends when it starts at ``pos`` of ``keys`` (0: it does not start there)."""
    if GAP not in key:
        return pos + len(key) if tuple(keys[pos : pos + len(key)]) == key else 0
    at = key.index(GAP)
    if tuple(keys[pos : pos + at]) != key[:at]:
        return 0
    rest = key[at + 1 :]
    for gap in range(1, MAX_GAP + 1):
        end = phrase_end(rest, keys, pos + at + gap)
        if end:
            return end
    return 0


_AGE_CUES = ("age", "over", "+", "ties", "teens", "median", "mean")  # aged, average, over 65, 65+, seventies


def age_keys(sentence: str) -> list[str]:
    """Synthetic words for the ages a sentence gives ("aged 62 to 97", "average age 73"):
    ``age-older`` or ``age-young`` (thresholds in engine.toml [ages]), so a framework can
    name older or young participants that the text only counts."""
    low = sentence.lower()
    if not any(cue in low for cue in _AGE_CUES):
        return []  # no age written, as in most sentences
    cfg = settings()["ages"]
    out = []
    for one, lo, hi in _DECADES.findall(sentence):
        first = _DECADE_WORDS[(one or lo).lower()]
        last = _DECADE_WORDS[(one or hi).lower()] + 9
        if first >= cfg["older_from"]:
            out.append(norm("age-older"))
        elif last <= cfg["young_to"] + 4 and first >= cfg["young_from"]:
            out.append(norm("age-young"))
    if _NUMBER_WORD.search(sentence):
        sentence = _figures(sentence)
    for lo, hi in _AGES.findall(sentence):
        lo, hi = int(lo), int(hi)
        if lo >= cfg["older_from"]:
            out.append(norm("age-older"))
        elif hi <= cfg["young_to"] and lo >= cfg["young_from"]:
            out.append(norm("age-young"))
    for avg in _AVERAGE.findall(sentence):
        if int(avg) >= cfg["older_average"]:
            out.append(norm("age-older"))
    for a, b in _OVER.findall(sentence):
        n = int(a or b)
        if n >= cfg["older_from"]:
            out.append(norm("age-older"))
    return out


def sentence_words(text: str, span: tuple[int, int]) -> tuple[tuple[str, int, int], ...]:
    """(family key, start, end) of each word of the sentence ``span`` of ``text``, ages as words;
    read once per sentence (assignment, clauses, direction and evidence all ask)."""
    return _sentence_words(text, tuple(span))


@lru_cache(maxsize=100_000)
def _sentence_words(text: str, span: tuple[int, int]) -> tuple[tuple[str, int, int], ...]:
    a, b = span
    words = [(k, s + a, e + a) for k, s, e in words_of(text[a:b])]
    counted, group = gender_counts(text[a:b])
    if counted:
        words = [("" if any(s - a < end and e - a > start for start, end in counted) else k, s, e) for k, s, e in words]
    extra = age_keys(text[a:b]) + ([norm(group)] if group else [])
    return tuple(words + [(k, b, b) for k in extra])


_WOMEN = r"women|females?|girls|mothers|mums"
_MEN = r"men|males?|boys|fathers|dads"
_DIGIT = re.compile(r"\d")
_COUNT = re.compile(rf"\b(\d+)\s+(?:({_WOMEN})|({_MEN}))\b", re.IGNORECASE)


def gender_counts(sentence: str) -> tuple[list[tuple[int, int]], str]:
    """Where a sentence counts women and men ("82 women, 36 men"), the spans of those counted words,
    which say who took part in what share, not that a group was of women or of men; and the synthetic
    word ``gender-women`` or ``gender-men`` when one of them is most of the count (engine.toml
    [genders] mostly), else "". A sentence counting only one of them ("29 women") is left as it is."""
    if not _DIGIT.search(sentence):
        return [], ""  # as in most sentences
    found = [(int(m.group(1)), bool(m.group(2)), m.span()) for m in _COUNT.finditer(sentence)]
    women = sum(n for n, w, _ in found if w)
    men = sum(n for n, w, _ in found if not w)
    if not women or not men:
        return [], ""
    share = settings()["genders"]["mostly"]
    group = "gender-women" if women >= share * (women + men) else "gender-men" if men >= share * (women + men) else ""
    return [span for _, _, span in found], group


def speaker_positions(text: str, span: tuple[int, int]) -> frozenset[int]:
    """Positions of the words that say who speaks, not what is said (engine.toml [speakers]): the
    short subject of a reporting verb ("Staff found that lunch mattered", "the project lead said")
    and the speaker after one that opens its clause ("..., said one volunteer"). "Staff" there is
    the teller of a learning about food, not a theme of staffing."""
    return _speaker_positions(text, tuple(span))


@lru_cache(maxsize=100_000)
def _speaker_positions(text: str, span: tuple[int, int]) -> frozenset[int]:
    cfg = settings()["speakers"]
    verbs = _speaker_verbs()
    words = sentence_words(text, span)
    at = [p for p, (k, _, _) in enumerate(words) if k in verbs]
    if not at:
        return frozenset()  # as in most sentences
    clause = clauses_of(text, span)
    most = int(cfg["max_words"])
    out: set[int] = set()
    for p in at:
        if p >= len(clause):
            continue
        before = [q for q in range(p) if clause[q] == clause[p]]
        if before and len(before) <= most:
            out.update(before)
        elif not before:
            after = [q for q in range(p + 1, len(clause)) if clause[q] == clause[p]]
            if after and len(after) <= most and after[-1] == len(clause) - 1:
                out.update(after)  # "..., said one volunteer." at the sentence's end
    return frozenset(out)


@lru_cache(maxsize=1)
def _speaker_verbs() -> frozenset[str]:
    return frozenset(norm(w) for w in settings()["speakers"]["verbs"]) - {""}


def clauses_of(text: str, span: tuple[int, int]) -> list[int]:
    """The clause number of each word of a sentence (as :func:`sentence_words` lists them): a new
    clause starts after a comma, semicolon, colon, dash or bracket, and at a contrast word."""
    contrast = {norm(w) for w in settings()["direction"]["contrast"]}
    words = sentence_words(text, span)
    out, clause, last = [], 0, span[0]
    for k, start, end in words:
        if (start > last and re.search(r"[,;:()\u2013\u2014]| - ", text[last:start])) or k in contrast:
            clause += 1
        out.append(clause)
        last = max(last, end)
    return out
