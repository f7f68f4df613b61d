"""The text themes are found in, cut into sentences and candidate phrases.

For each (case, heading) the working text is the accepted summary when there is
one, else the raw answer (:func:`working_text`). Each text is tokenised once with
the shared spaCy pipeline's tokenizer and cached: suggestions for one heading
compare it with every other heading, so all texts of a project are analysed
together (:func:`corpus`) and reused until they change.

Candidate phrases are 1-3 word lemma n-grams bounded by stop words (plus
"X of Y", as in "sense of belonging"): without a tagger there are no noun chunks,
so stop words, punctuation and a short list of verbs and vague words stand in
for phrase boundaries. A phrase's key is its lemmas ("volunteer recruitment");
its label is always a surface form seen in the text.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from synth.summaries import working_text as working_text  # one rule for every step
from synth.themes.syntax import syntax_of, tagged_ngrams

Progress = Callable[[int, int, str], None]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that carry no theme on their own in case-study answers (on top of spaCy's stop words).
VAGUE = _wordset(
    """
    project projects programme programmes program case study studies way ways time times year years month months
    week weeks day days thing things lot lots number numbers part parts range example examples also many much well
    etc including include includes included able new good great different various several one two three four five
    six seven eight nine ten first second third last next main key total overall around approximately approx per
    within across among via including e.g i.e ie eg use used using get got make made take taken give given go going
    went come came become became see seen say said tell told think thought know known want wanted need needed seem
    seemed feel felt find found keep kept let put run set show showed shown try tried ask asked lead led help helped
    work worked start started begin began continue continued allow allowed ensure ensured enable enabled provide
    provided involve involved mean meant like likely just really quite rather fairly mostly mainly largely often
    usually generally currently previously recently still already eventually finally initially increasingly
    particularly especially directly clearly simply certain specific whole full other others according accord average big small large
    high low close little real less more better best right biggest main
    weekly monthly daily fortnightly minute minutes hour hours median end ends short long choose chose chosen
    theme themes topic topics
    """
)

#: spaCy stop words that carry meaning in case studies ("living alone").
MEANINGFUL = _wordset("alone")

#: Words that belong in a phrase ("older people") but are no theme alone.
NO_UNIGRAM = _wordset(
    "people person participant member service activity session group area centre hall room share"
    " majority half third quarter proportion percent"  # how many, never what
)

#: Lemmas that read as verbs: never a label alone.
VERBISH = _wordset(
    """
    be have do include make take give get go come keep become show find feel say tell know think want need seem
    allow help mean run start ensure enable provide improve increase reduce create develop deliver build bring
    offer lead join attend meet visit report describe explain learn hear receive gain lose grow
    remain stay move turn hold carry follow reach leave return
    """
)

#: Verbs that never end a label ("peer support" ends in a noun; "staff provide" does not).
PURE_VERBS = _wordset(
    """
    be have do include make take give get go come keep become show find seem allow ensure enable provide deliver
    bring lead join attend meet describe explain hear receive remain stay carry follow reach leave improve
    increase reduce create develop build matter grow learn seem become hold describe reconnect notice
    """
)

_LY_CONTENT = _wordset("family early friendly elderly assembly supply lonely lovely ally weekly monthly daily")
_SENT_END = frozenset(".!?")
_BREAK = frozenset(";:()[]{}\"“”‘’'`|")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return (frozenset(STOP_WORDS) - MEANINGFUL) | VAGUE


class TextAnalysis:
    """One text: its sentences (code-point spans) and which candidate phrases each sentence carries.

    Occurrences are kept compactly (two parallel arrays of phrase ids and sentence
    indexes, one entry per phrase per sentence) so a thousand forms fit in memory;
    the exact span of a phrase in a sentence is found again when a label needs it
    (:func:`phrase_spans`).
    """

    __slots__ = ("pids", "sentence_of", "sentences")

    def __init__(self, sentences: list[tuple[int, int]], pids: array, sentence_of: array) -> None:
        self.sentences = sentences
        self.pids = pids
        self.sentence_of = sentence_of

    @property
    def phrases(self) -> dict[str, list[int]]:
        """Phrase key -> the sentence indexes that carry it (built on demand)."""
        out: dict[str, list[int]] = {}
        for pid, s in zip(self.pids, self.sentence_of, strict=True):
            out.setdefault(_keys[pid], []).append(s)
        return out


#: Phrase keys are numbered once per process: texts store numbers, not strings.
_ids: dict[str, int] = {}
_keys: list[str] = []


def phrase_id(key: str) -> int:
    pid = _ids.get(key)
    if pid is None:
        pid = _ids[key] = len(_keys)
        _keys.append(key)
    return pid


def phrase_key(pid: int) -> str:
    return _keys[pid]


_cache: dict[str, TextAnalysis] = {}
_CACHE_LIMIT = 80_000


def _is_content(low: str, lem: str, stops: frozenset[str]) -> bool:
    if low in stops or lem in stops:
        return False
    if not (low.replace("-", "").isalpha()) and not is_code(low):
        return False
    if len(low) < 3 and low not in ("gp", "ai"):
        return False
    return not (low.endswith("ly") and len(low) >= 6 and low not in _LY_CONTENT)


def is_code(low: str) -> bool:
    """A scale or measure's short code ("ONS4", "PHQ-9", "GAD7", "EQ-5D"): letters, then digits."""
    head = low.rstrip("0123456789").rstrip("-")
    return (2 <= len(head) <= 5 and head.isalpha() and len(low) - len(head) <= 3 and low[-1].isdigit()) or (
        len(low) <= 5
        and low[:2].isalpha()
        and low[-1:].isalpha()
        and any(ch.isdigit() for ch in low)
        and low.replace("-", "").isalnum()
    )


_HYPHENS = ("-", "\u2010", "\u2013")
_lexicon: dict[int, tuple] = {}  # orth hash -> (length, lower, lemma, kind, alpha, space-with-newline)


def _lexeme(orth: int, strings) -> tuple:
    """What synth needs of a word form, computed once per distinct form."""
    from synth.nlp import lemma

    text = strings[orth]
    low = text.lower()
    newline = "\n" in text and text.isspace()
    if text.isspace():
        kind = -2
        lem = low
    elif low in _SENT_END:
        kind = -3
        lem = low
    elif text in _BREAK or not any(ch.isalpha() for ch in low) or not any(ch.isalnum() for ch in text):
        kind = -1
        lem = low
    else:
        lem = _lemma(low, lemma)
        kind = 1 if _is_content(low, lem, stop_words()) else 0
    info = (len(text), low, lem, kind, text.isalpha(), newline)
    _lexicon[orth] = info
    return info


def _numeric(low: str) -> bool:
    """A figure or its sign: "204", "1,140", "46", "%", "£"."""
    return any(ch.isdigit() for ch in low) or low in _FIGURE_SIGNS


_FIGURE_SIGNS = frozenset(("%", "£", "$", "€"))


def _words(doc) -> Iterable[list[tuple[int, int, str, str, int]]]:
    """Sentences of (start, end, lower, lemma, kind) words; kind 1 = content, 0 = stop, -1 = break.

    Reads the doc as arrays (no Token objects). Sentences end at . ! ? and at line
    breaks; hyphenated compounds ("co-production") are joined back into one word.
    """
    from spacy.attrs import IDX, ORTH, SPACY

    if not len(doc):
        return
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IDX, SPACY]).tolist()
    stops = stop_words()
    lexicon = _lexicon
    sentence: list[tuple[int, int, str, str, int]] = []
    i, n = 0, len(rows)
    while i < n:
        orth, start, space = rows[i]
        info = lexicon.get(orth) or _lexeme(orth, strings)
        length, low, lem, kind, alpha, newline = info
        if kind == -2:
            if newline and sentence:
                yield sentence
                sentence = []
            i += 1
            continue
        end = start + length
        if alpha and i + 2 < n and not space:
            joined = False
            while i + 2 < n and not rows[i][2]:
                hyphen = lexicon.get(rows[i + 1][0]) or _lexeme(rows[i + 1][0], strings)
                after = lexicon.get(rows[i + 2][0]) or _lexeme(rows[i + 2][0], strings)
                if hyphen[1] not in _HYPHENS or rows[i + 1][2] or not after[4]:
                    break
                i += 2
                low = f"{low}-{after[1]}"
                end = rows[i][1] + after[0]
                joined = True
            if joined:
                from synth.nlp import lemma

                lem = _lemma(low, lemma)
                kind = 1 if _is_content(low, lem, stops) else 0
        if kind == -3:
            if sentence:
                sentence.append((start, end, low, low, -1))
                yield sentence
                sentence = []
        elif kind == -1:
            if sentence or _numeric(low):  # a number may start a sentence ("204 people took part"); a bullet not
                sentence.append((start, end, low, low, -1))
        else:
            sentence.append((start, end, low, lem, kind))
        i += 1
    if sentence:
        yield sentence


_NAME_LINKS = frozenset(("to", "of", "and", "for", "on", "in", "the"))


def _names(words: list[tuple[int, int, str, str, int]], text: str) -> Iterable[tuple[str, int, int]]:
    """Capitalised names of frameworks, scales and bodies ("Five Ways to Wellbeing", "Creative Health"):
    two or more capitalised words in a row, small linking words allowed inside, not counting a
    capital that only starts the sentence."""
    run: list[tuple[int, int, str, str, int]] = []

    def flush():
        while run and run[-1][2] in _NAME_LINKS:
            run.pop()
        capitals = [w for w in run if w[2] not in _NAME_LINKS]
        if len(capitals) >= 2 and len(run) <= 6 and not (len(capitals) == 2 and run[0] is words[0]):
            yield "name:" + " ".join(w[2] for w in run), run[0][0], run[-1][1]

    for w in words:
        capital = w[4] >= 0 and text[w[0] : w[0] + 1].isupper() and w[2].replace("-", "").isalpha()
        link = bool(run) and w[2] in _NAME_LINKS and run[-1][2] not in _NAME_LINKS
        if capital or link:
            run.append(w)
        else:
            yield from flush()
            run = []
    yield from flush()


def _ngrams(
    words: list[tuple[int, int, str, str, int]],
    text: str = "",
    tags: dict[int, str] | None = None,
    chunks: Sequence[tuple[int, int]] = (),
) -> Iterable[tuple[str, int, int]]:
    """Candidate phrases of one sentence: (key, start, end).

    ``tags`` (a word's start -> its part of speech) and ``chunks`` (noun chunks' spans) come from
    ``en_core_web_sm`` where it is installed: a word alone is a candidate only as a noun, no phrase
    starts with or holds a verb or ends on an adverb or function word, and each noun chunk of two or
    three content words is a candidate of its own. Without them the word-shape rules decide."""
    if text:
        yield from _names(words, text)
    if tags is not None:
        yield from tagged_ngrams(words, tags, chunks, NO_UNIGRAM, PURE_VERBS)
        return
    n = len(words)
    for i, w in enumerate(words):
        if w[4] != 1:
            continue
        if w[3] not in VERBISH and w[3] not in NO_UNIGRAM:
            if not _verb_form(w):
                yield w[3], w[0], w[1]
            elif w[2].endswith("ed"):  # "isolated": kept by its surface, never a label alone
                yield w[2].replace("-", ""), w[0], w[1]
        if w[3] in PURE_VERBS or (_verb_form(w) and not w[2].endswith("ed")):
            continue  # "held interviews", "describe the garden": no phrase starts with a verb
        j = i + 1
        parts = [w[3]]
        while j < n and j < i + 3 and words[j][4] == 1:
            parts.append(words[j][3])
            if not _bad_end(words[j]):
                yield " ".join(parts), w[0], words[j][1]
            j += 1
        if i + 2 < n and words[i + 1][2] == "of" and words[i + 2][4] == 1 and not _bad_end(words[i + 2]):
            yield f"{w[3]} of {words[i + 2][3]}", w[0], words[i + 2][1]


def _analyse_doc(doc) -> TextAnalysis:
    sentences: list[tuple[int, int]] = []
    pids = array("I")
    sentence_of = array("I")
    ids = _ids
    text = doc.text
    tags, chunks = syntax_of(doc, _HYPHENS)
    for words in _words(doc):
        at = next((i for i, w in enumerate(words) if w[4] >= 0), None)
        if at is None or not any(w[4] == 1 for w in words):
            continue
        # a sentence starts at its first word, or the figures just before it ("204 people", "46% lived
        # alone", "£5,000 came"), bullets and numbering ("1)", "2.") dropped; it ends at its last token
        while at and _numeric(words[at - 1][2]):
            at -= 1
        s_index = len(sentences)
        sentences.append((words[at][0], words[-1][1]))
        seen: set[int] = set()
        inside = [c for c in chunks if words[0][0] <= c[0] and c[1] <= words[-1][1]] if chunks else []
        for key, _start, _end in _ngrams(words, text, tags, inside):
            pid = ids.get(key)
            if pid is None:
                pid = phrase_id(key)
            if pid not in seen:
                seen.add(pid)
                pids.append(pid)
                sentence_of.append(s_index)
    return TextAnalysis(sentences, pids, sentence_of)


def phrase_spans(text: str, key: str) -> list[tuple[int, int, bool]]:
    """Where ``key`` occurs in a short text (a sentence): (start, end, at the sentence's start)."""
    from synth.nlp import get_nlp

    out = []
    for words in _words(get_nlp().tokenizer(text)):
        first = next((w for w in words if w[4] >= 0), None)
        for k, start, end in _ngrams(words, text):
            if k == key:
                out.append((start, end, first is not None and start == first[0]))
    return out


_IRREGULAR_NOUNS = _wordset("children women men people data media criteria feet teeth")


def _lemma(low: str, lemma: Callable[[str], str]) -> str:
    """A word's lemma key; compounds lose their hyphens ("well-being" = "wellbeing")."""
    low = low.replace("-", "")
    lem = lemma(low)
    if lem == low and len(low) > 4 and low.endswith("s") and not low.endswith(("ss", "us", "is", "ics", "ous")):
        return low[:-1]  # a plural the lookup table lacks ("befrienders")
    return lem


def _verb_form(w: tuple[int, int, str, str, int]) -> bool:
    """A past form ("helped", "grew"): a verb or participle, not a theme on its own."""
    low, lem = w[2].replace("-", ""), w[3]
    if lem == low or low in _IRREGULAR_NOUNS:
        return False
    if low.endswith("ed"):
        return True
    return not low.endswith(("s", "ing", "er", "est"))


def _bad_end(w: tuple[int, int, str, str, int]) -> bool:
    return w[3] in PURE_VERBS or _verb_form(w)


def analyse(texts: list[str], progress: Progress | None = None) -> list[TextAnalysis]:
    """Analyse texts (cached by content); ``progress`` is told about the uncached ones."""
    # this call's results are kept here: clearing the shared cache below never drops them
    found = {t: hit for t in dict.fromkeys(texts) if (hit := _cache.get(t)) is not None}
    todo = [t for t in dict.fromkeys(texts) if t not in found]
    if todo:
        from synth.nlp import get_nlp, syntax

        if len(_cache) + len(todo) > _CACHE_LIMIT:
            _cache.clear()
        tagged = syntax()
        # the model's tagger and parser where it is installed (parts of speech, noun chunks), else words only
        docs = (
            tagged.pipe(todo, batch_size=64) if tagged is not None else get_nlp().tokenizer.pipe(todo, batch_size=256)
        )
        total = len(todo)
        for done, (text, doc) in enumerate(zip(todo, docs, strict=True), 1):
            found[text] = _cache[text] = _analyse_doc(doc)
            if progress is not None and (done % 200 == 0 or done == total):
                progress(done, total, "reading texts")
    return [found[t] for t in texts]


def lemma_tokens(text: str) -> list[str]:
    """The content lemmas of a short string such as a label ("Volunteer recruitment" -> [volunteer, recruitment])."""
    from synth.nlp import get_nlp

    doc = get_nlp().tokenizer(text)
    out: list[str] = []
    for words in _words(doc):
        out.extend(w[3] for w in words if w[4] == 1)
    return out


def all_lemmas(text: str) -> list[str]:
    """Every word's lemma in a short string, stop words included (for codebook patterns)."""
    from synth.nlp import get_nlp

    doc = get_nlp().tokenizer(text)
    return [w[3] for words in _words(doc) for w in words if w[4] >= 0]


def is_participle(key: str) -> bool:
    """A phrase key that is a bare past participle ("isolated"): evidence, not a label."""
    return " " not in key and key.endswith("ed") and lemma_of(key) != key


@lru_cache(maxsize=50_000)
def lemma_of(word: str) -> str:
    from synth.nlp import lemma

    return _lemma(word, lemma)


@lru_cache(maxsize=1)
def thesaurus() -> dict[str, str]:
    """Term (lemma key) -> concept, from ``thesaurus.toml`` beside this module."""
    import tomllib
    from pathlib import Path

    data = tomllib.loads((Path(__file__).with_name("thesaurus.toml")).read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for concept, terms in data.get("concepts", {}).items():
        for term in terms:
            low = term.lower()
            out[" ".join(lemma_of(w) for w in low.split())] = concept
            out[low.replace("-", "")] = concept
    return out


def concepts(key: str) -> frozenset[str]:
    """The thesaurus concepts a phrase key touches, through the whole phrase or one of its words."""
    table = thesaurus()
    found = {table[key]} if key in table else set()
    for word in key.split():
        if word in table:
            found.add(table[word])
    return frozenset(found)


# -- the corpus of a project ---------------------------------------------------------
