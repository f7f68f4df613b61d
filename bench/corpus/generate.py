"""Generate N synthetic, messy practice-based case study forms with labels, deterministically.

The extraction, summary and theme benchmarks need many forms whose right answers are known. This
writes forms of about 800 words each in mixed formats (Markdown, plain text, Word, CSV and XLSX
exports with one case per row) carrying the mess real submissions have: alias headings, full
question texts as headings, numbering ("3.", "Q3)", "Section"), upper/lower case, a small typo
in a heading, title lines, bold lines or bold paragraphs as headings, missing and blank answers,
unplaced extra sections ("Budget", "Acknowledgements"), fields out of order, bullets, curly
quotes, and text saved as UTF-8, UTF-8 with BOM, UTF-16 or Windows-1252, with LF or CRLF.

Answers are recombined from the sentence banks in ``corpus_banks.py``; each form carries planted themes
(per heading, and motifs across headings for general themes), recorded in the labels.

``labels.json`` (written into the output folder) holds, for every case (a file, or a spreadsheet
row): ``source`` (relative to the output folder), ``row`` (1 = first data row, else null),
``format``, ``title``, ``fields`` (field id -> exact answer text, paragraphs separated by a blank
line, list items as "- " lines; fields a form leaves out or leaves blank are absent),
``unplaced`` (extra sections: heading as written and text), ``headings`` (field id -> the heading
or column text the form used), ``themes`` (field id -> planted theme keys), ``general``
(motif keys), ``words`` and ``mess`` (tags). Compare answers with :func:`normalise_answer`.

Usage::

    python bench/corpus/generate.py --n 1000 --out /tmp/forms1000 [--formats md,txt,docx,csv,xlsx] [--seed 0]

or from Python: ``generate(n, out_dir, seed=0, formats=...) -> Path`` (the labels file).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_banks import (
    ADJECTIVES,
    BANKS,
    DAYS,
    EXTRA_SECTIONS,
    GENERAL,
    KINDS,
    ORG_SUFFIXES,
    PARTNERS,
    PLACES,
    THEMES,
    UNIVERSITIES,
)

FORMATS = ("md", "txt", "docx", "csv", "xlsx")
FORMAT_WEIGHTS = {"md": 30, "txt": 25, "docx": 20, "csv": 12, "xlsx": 13}
ROWS_PER_SHEET = 25
GENERATOR_VERSION = 1

FIELDS = [
    "overview",
    "setting",
    "purpose",
    "description",
    "methodology",
    "participants",
    "data_collection",
    "impact",
    "lived_experience",
    "community_research",
    "enablers_barriers",
    "key_learning",
    "next_steps",
    "further_information",
]
HEADINGS = {
    "overview": "Overview",
    "setting": "Setting",
    "purpose": "Purpose",
    "description": "Description",
    "methodology": "Methodology",
    "participants": "Participants",
    "data_collection": "Data collection",
    "impact": "Impact and outcomes",
    "lived_experience": "Lived experience",
    "community_research": "Community research",
    "enablers_barriers": "Enablers and barriers",
    "key_learning": "Key learning",
    "next_steps": "Next steps",
    "further_information": "Further information",
}
# Aliases a team might use; all of them are aliases of the practice-based template.
ALIASES = {
    "overview": ["Summary", "Project summary", "Executive summary", "About the project"],
    "setting": ["Location", "Location and partners", "Geographical area", "Organisations involved"],
    "purpose": ["Aims", "Aims and objectives", "Objectives", "Project aims", "Goals"],
    "description": ["Project description", "Activities", "What we did", "The project"],
    "methodology": ["Approach", "Methods", "Approach and methods", "Evidence base"],
    "participants": ["Who took part", "Beneficiaries", "Participant profile", "People involved"],
    "data_collection": ["Evaluation", "Evaluation methods", "How we measured", "Monitoring and evaluation"],
    "impact": ["Impact", "Outcomes", "Impact & outcomes", "Outcomes and impact", "What changed"],
    "lived_experience": ["Co-production", "Lived experience involvement", "Service user involvement"],
    "community_research": ["Participatory research", "Peer research", "Community involvement in research"],
    "enablers_barriers": [
        "Barriers and enablers",
        "Enablers & barriers",
        "Barriers & enablers",
        "What helped and what hindered",
        "Challenges and enablers",
    ],
    "key_learning": ["Lessons learned", "Lessons learnt", "Learning", "What we learned", "Key lessons"],
    "next_steps": ["Sustainability", "Future plans", "Legacy", "What next"],
    "further_information": ["More information", "Links", "Contact details", "Useful links"],
}
QUESTIONS = {
    "overview": "Please give a short summary of your case study.",
    "setting": "Where did the project take place, and which organisations were involved?",
    "purpose": "What were the aims, goals and objectives of the project?",
    "description": "What is the project and what does it do?",
    "methodology": "Why did you take this approach, and what is its evidence base?",
    "participants": "Who took part? Give demographics and numbers.",
    "data_collection": "What data was collected, and by whom?",
    "impact": "What measurable impact did you record? List the outcomes.",
    "lived_experience": "How did people with lived experience shape the project?",
    "community_research": "How did community members take part in the research?",
    "enablers_barriers": "What factors supported or prevented delivery?",
    "key_learning": "What did you learn about delivery, challenges and successes?",
    "next_steps": "How will the project be sustained or continued?",
    "further_information": "Where can readers find more?",
}
OPTIONAL = ("lived_experience", "community_research", "next_steps", "further_information")
TARGET_WORDS = {
    "overview": 65,
    "setting": 60,
    "purpose": 60,
    "description": 150,
    "methodology": 65,
    "participants": 65,
    "data_collection": 55,
    "impact": 100,
    "lived_experience": 40,
    "community_research": 35,
    "enablers_barriers": 70,
    "key_learning": 60,
    "next_steps": 50,
    "further_information": 12,
}
BULLET_FIELDS = ("impact", "enablers_barriers", "key_learning", "purpose", "next_steps")

_MARKER = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa]|\d+[.)])\s+", re.MULTILINE)


def normalise_answer(text: str) -> str:
    """The comparison form of an answer: list markers at line starts removed, white space folded."""
    return " ".join(_MARKER.sub("", text).split())


@dataclass
class Case:
    """One synthetic case study: what a reader should extract from it."""

    title: str
    fields: dict[str, str]
    themes: dict[str, list[str]]
    general: list[str]
    extra: list[tuple[str, str]] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    mess: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    budget_text: str = ""


# ------------------------------------------------------------------------------------------
# Content
# ------------------------------------------------------------------------------------------


def _context(rng: random.Random, title: str, kind: dict[str, str], place: tuple[str, str], org: str) -> dict:
    score_a = round(rng.uniform(36.0, 44.0), 1)
    return {
        "title": title,
        "kind": kind["kind"],
        "a_kind": ("an " if kind["kind"][0] in "aeiou" else "a ") + kind["kind"],
        "activity": kind["activity"],
        "leader": kind["leader"],
        "leader_cap": kind["leader"][0].upper() + kind["leader"][1:],
        "venue": kind["venue"],
        "a_venue": ("an " if kind["venue"][0] in "aeiou" else "a ") + kind["venue"],
        "place": place[0],
        "region": place[1],
        "org": org,
        "partner": rng.choice(PARTNERS),
        "partner2": rng.choice(PARTNERS),
        "university": rng.choice(UNIVERSITIES),
        "n": rng.randint(24, 480),
        "n_vol": rng.randint(4, 45),
        "n_skill": rng.randint(3, 40),
        "pct": rng.randint(38, 82),
        "pct2": rng.randint(60, 94),
        "age_lo": rng.randint(16, 60),
        "age_hi": rng.randint(70, 97),
        "year": rng.randint(2015, 2023),
        "years": rng.choice(["two", "three", "four"]),
        "groupsize": rng.choice([8, 10, 12, 15]),
        "day": rng.choice(DAYS),
        "hours": rng.choice(["two", "two and a half", "three"]),
        "weeks": rng.choice([6, 8, 10, 12]),
        "score_a": score_a,
        "score_b": round(score_a + rng.uniform(2.5, 9.5), 1),
        "gain": round(rng.uniform(2.5, 8.5), 1),
        "gp_drop": rng.randint(12, 35),
        "sroi": f"{rng.uniform(2.1, 6.4):.2f}",
        "budget": f"{rng.randint(8, 95)},000",
        "slug": re.sub(r"[^a-z0-9]+", "", title.lower())[:24],
    }


def _fill(rng: random.Random, fid: str, theme_keys: list[str], ctx: dict, smart: bool) -> str:
    bank = BANKS[fid]
    sentences = [rng.choice(bank[key]) for key in theme_keys]
    plain = list(bank.get("", []))
    order = {s: i for i, s in enumerate(plain)}
    rng.shuffle(plain)
    words = sum(len(s.split()) for s in sentences)
    fillers = []
    while plain and words < TARGET_WORDS[fid]:
        fillers.append(plain.pop())
        words += len(fillers[-1].split())
    # themes first (teams lead with what matters), then the filler in the bank's natural order
    sentences += sorted(fillers, key=order.__getitem__)
    text_sentences = [s.format_map(ctx) for s in sentences]
    if smart:
        text_sentences = [s.replace("'", "\u2019") for s in text_sentences]
    if fid in BULLET_FIELDS and len(text_sentences) >= 3 and rng.random() < 0.3:
        return "\n".join("- " + s for s in text_sentences)
    if len(text_sentences) >= 4 and rng.random() < 0.5:
        cut = rng.randint(2, len(text_sentences) - 1)
        return " ".join(text_sentences[:cut]) + "\n\n" + " ".join(text_sentences[cut:])
    return " ".join(text_sentences)


def _title(rng: random.Random, kind: dict[str, str], place: tuple[str, str], used: set[str]) -> str:
    for _ in range(50):
        pattern = rng.randrange(4)
        adj = rng.choice(ADJECTIVES)
        if pattern == 0:
            title = f"{adj} {kind['noun']}"
        elif pattern == 1:
            title = f"{adj} {kind['noun']} {place[0]}"
        elif pattern == 2:
            title = f"{place[0]} {kind['kind'][0].upper()}{kind['kind'][1:]}"
        else:
            title = f"{adj} {kind['noun']}: {kind['kind']} in {place[0]}"
        if title not in used:
            used.add(title)
            return title
    title = f"{adj} {kind['noun']} {len(used) + 1}"
    used.add(title)
    return title


def make_case(rng: random.Random, used_titles: set[str]) -> Case:
    """Draw one case study's content: title, planted themes and the answer text per field."""
    kind = rng.choice(KINDS)
    place = rng.choice(PLACES)
    title = _title(rng, kind, place, used_titles)
    org = f"{place[0]} {rng.choice(ORG_SUFFIXES)}"
    ctx = _context(rng, title, kind, place, org)
    smart = rng.random() < 0.3

    motifs = rng.sample(sorted(GENERAL), rng.choice([1, 2, 2, 3]))
    chosen: dict[str, list[str]] = {}
    for motif in motifs:
        for key in GENERAL[motif][1]:
            chosen.setdefault(THEMES[key][0], []).append(key)
    by_heading: dict[str, list[str]] = {}
    for key, (heading, _label, _kw) in THEMES.items():
        by_heading.setdefault(heading, []).append(key)
    for heading, keys in by_heading.items():
        have = chosen.setdefault(heading, [])
        want = rng.choice([1, 2, 2, 3])
        spare = [k for k in keys if k not in have]
        rng.shuffle(spare)
        while len(have) < want and spare:
            have.append(spare.pop())
    themes = {h: sorted(keys, key=list(THEMES).index) for h, keys in chosen.items() if keys}

    fields = {fid: _fill(rng, fid, themes.get(fid, []), ctx, smart) for fid in FIELDS}
    case = Case(title=title, fields=fields, themes=themes, general=sorted(motifs), order=list(FIELDS))
    case.budget_text = " ".join(s.format_map(ctx) for s in EXTRA_SECTIONS["Budget"])
    if smart:
        case.mess.append("curly-quotes")

    # missing answers: left out entirely, or heading present with a blank answer
    r = rng.random()
    if r < 0.25:
        gone = rng.sample(OPTIONAL, rng.choice([1, 1, 2]))
        for fid in gone:
            if rng.random() < 0.5:
                case.order.remove(fid)
                case.mess.append(f"missing:{fid}")
            else:
                case.blank.append(fid)
                case.mess.append(f"blank:{fid}")
            del case.fields[fid]
            case.themes.pop(fid, None)
    # an extra section no field takes
    if rng.random() < 0.2:
        name = rng.choice(sorted(EXTRA_SECTIONS))
        text = " ".join(s.format_map(ctx) for s in EXTRA_SECTIONS[name])
        case.extra.append((name, text))
        case.mess.append(f"extra:{name}")
    # two adjacent middle fields swapped
    if rng.random() < 0.05:
        i = rng.randint(2, len(case.order) - 4)
        case.order[i], case.order[i + 1] = case.order[i + 1], case.order[i]
        case.mess.append("order-swapped")
    return case


# ------------------------------------------------------------------------------------------
# Headings
# ------------------------------------------------------------------------------------------


@dataclass
class HeadingStyle:
    """How one form writes its headings (consistent within a form, as real forms are)."""

    source: str  # "heading" | "alias" | "question" | "heading+question"
    numbering: str  # "" | "dot" | "paren" | "q" | "qdot"
    case: str  # "as-is" | "upper" | "lower" | "title"
    typo_field: str | None


def _heading_style(rng: random.Random, allow_question: bool = True) -> HeadingStyle:
    sources = ["heading"] * 5 + ["alias"] * 3 + (["question", "heading+question"] if allow_question else [])
    return HeadingStyle(
        source=rng.choice(sources),
        numbering=rng.choice(["", "", "dot", "paren", "q", "qdot"]),
        case=rng.choice(["as-is"] * 6 + ["upper", "lower", "title"]),
        typo_field=rng.choice([f for f in FIELDS if len(HEADINGS[f]) >= 8]) if rng.random() < 0.15 else None,
    )


def _typo(rng: random.Random, text: str) -> str:
    words = [(m.start(), m.group()) for m in re.finditer(r"[A-Za-z]{7,}", text)]
    if not words:
        return text
    start, word = rng.choice(words)
    i = rng.randint(2, len(word) - 3)
    swap = rng.random() < 0.5
    new = word[:i] + word[i + 1] + word[i] + word[i + 2 :] if swap else word[:i] + word[i + 1 :]
    return text[:start] + new + text[start + len(word) :]


def _label(rng: random.Random, style: HeadingStyle, fid: str, number: int) -> str:
    if style.source == "alias" and rng.random() < 0.7:
        text = rng.choice(ALIASES[fid])
    elif style.source == "question":
        text = QUESTIONS[fid]
    elif style.source == "heading+question":
        q = QUESTIONS[fid]
        text = f"{HEADINGS[fid]}: {q[0].lower()}{q[1:]}" if rng.random() < 0.5 else f"{HEADINGS[fid]} - {q}"
    else:
        text = HEADINGS[fid]
    if fid == style.typo_field:
        text = _typo(rng, text)
    return _decorate(style, text, number)


def _decorate(style: HeadingStyle, text: str, number: int) -> str:
    """Apply the form's letter case and numbering to a heading."""
    if style.case == "upper":
        text = text.upper()
    elif style.case == "lower":
        text = text.lower()
    elif style.case == "title":
        text = " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    prefix = {"": "", "dot": f"{number}. ", "paren": f"{number}) ", "q": f"Q{number}) ", "qdot": f"Q{number}. "}
    return prefix[style.numbering] + text


def _sections(rng: random.Random, case: Case, style: HeadingStyle) -> list[tuple[str, str, str | None]]:
    """(heading text, answer text, field id or None for an extra section), in form order."""
    out: list[tuple[str, str, str | None]] = []
    extra_at = rng.randint(len(case.order) - 2, len(case.order)) if case.extra else None
    number = 0
    for i, fid in enumerate([*case.order, None]):
        if extra_at is not None and i == extra_at:
            for name, text in case.extra:
                number += 1
                out.append((_decorate(style, name, number), text, None))
        if fid is None:
            break
        number += 1
        label = _label(rng, style, fid, number)
        case.headings[fid] = label
        out.append((label, case.fields.get(fid, ""), fid))
    if style.typo_field and style.typo_field in case.headings:
        case.mess.append(f"typo:{style.typo_field}")
    case.mess.append(f"headings:{style.source}")
    if style.numbering:
        case.mess.append(f"numbering:{style.numbering}")
    if style.case != "as-is":
        case.mess.append(f"case:{style.case}")
    return out


# ------------------------------------------------------------------------------------------
# Writers
# ------------------------------------------------------------------------------------------


def _colon(label: str) -> str:
    """A label followed by a colon, unless it already ends in a question mark or full stop."""
    return label if label.endswith(("?", ".", ":")) else label + ":"


def _md_answer(text: str, rng: random.Random) -> str:
    if text.startswith("- ") and rng.random() < 0.3:
        return text.replace("\n- ", "\n* ").replace("- ", "* ", 1)
    return text


def write_md(rng: random.Random, case: Case, path: Path) -> None:
    """Markdown: '#' headings at a chosen level, or bold lines as headings; title as heading or line."""
    bold = rng.random() < 0.3
    colon = False
    style = _heading_style(rng)
    level = rng.choice([1, 2, 2, 3])
    lines: list[str] = []
    if bold:
        lines += [f"**{case.title}**" if rng.random() < 0.4 else case.title, ""]
        case.mess.append("md:bold-headings")
        colon = rng.random() < 0.3
    else:
        lines += [f"{'#' * max(1, level - 1) if rng.random() < 0.8 else '#'} {case.title}", ""]
        case.mess.append(f"md:h{level}")
    for label, text, _fid in _sections(rng, case, style):
        lines.append(f"**{_colon(label) if colon else label}**" if bold else f"{'#' * level} {label}")
        lines.append("")
        if text:
            lines += [_md_answer(text, rng), ""]
    _write_text(rng, case, path, "\n".join(lines) + "\n", encodings=("utf-8",) * 8 + ("utf-8-sig",))


def write_txt(rng: random.Random, case: Case, path: Path) -> None:
    """Plain text: numbered or labelled questions, 'LABEL:' with the answer on the same line, underlines."""
    layout = rng.choice(["colon", "colon-inline", "plain", "underline"])
    style = _heading_style(rng)
    if layout in ("colon", "colon-inline") and rng.random() < 0.4:
        style.case = "upper"
    if layout == "plain" and not style.numbering:
        style.numbering = rng.choice(["dot", "paren", "q"])
    lines: list[str] = [case.title]
    if rng.random() < 0.3:
        lines.append("=" * len(case.title))
        case.mess.append("txt:title-underline")
    lines.append("")
    for label, text, _fid in _sections(rng, case, style):
        text = text.replace("\n- ", "\n\u2022 ").replace("- ", "\u2022 ", 1) if text.startswith("- ") else text
        if layout == "colon-inline" and text and "\n" not in text and not label.endswith(("?", ".")):
            lines += [f"{_colon(label)} {text}", ""]
            continue
        if layout in ("colon", "colon-inline"):
            lines.append(_colon(label))
        elif layout == "underline":
            lines += [label, "-" * len(label)]
        else:
            lines.append(label)
        lines += [text, ""] if text else [""]
    case.mess.append(f"txt:{layout}")
    text = "\n".join(lines) + "\n"
    _write_text(rng, case, path, text, encodings=("utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "cp1252"))


def _write_text(rng: random.Random, case: Case, path: Path, text: str, encodings: Sequence[str]) -> None:
    encoding = rng.choice(list(encodings))
    if rng.random() < 0.3:
        text = text.replace("\n", "\r\n")
        case.mess.append("crlf")
    if encoding != "utf-8":
        case.mess.append(f"encoding:{encoding}")
    path.write_bytes(text.encode(encoding))


def write_docx(rng: random.Random, case: Case, path: Path) -> None:
    """Word: heading styles, bold paragraphs as headings, or full question texts as headings."""
    import docx
    from docx.shared import Pt

    layout = rng.choice(["styles", "bold", "questions"])
    style = _heading_style(rng, allow_question=layout != "styles")
    if layout == "questions":
        style.source = rng.choice(["question", "heading+question"])
        style.typo_field = None
    doc = docx.Document()
    doc.core_properties.title = case.title
    doc.core_properties.author = "synth corpus generator"
    if layout == "bold":
        run = doc.add_paragraph().add_run(case.title)
        run.bold = True
        run.font.size = Pt(16)
    else:
        doc.add_heading(case.title, level=rng.choice([0, 0, 1]))
    level = rng.choice([1, 2])
    bold_headings = layout == "bold" or (layout == "questions" and rng.random() < 0.3)
    for label, text, _fid in _sections(rng, case, style):
        if bold_headings:
            doc.add_paragraph().add_run(label).bold = True
        else:
            doc.add_heading(label, level=level)
        for para in text.split("\n"):
            if not para.strip():
                continue
            if para.startswith("- "):
                if rng.random() < 0.7:
                    doc.add_paragraph(para[2:], style="List Bullet")
                else:
                    doc.add_paragraph("\u2022 " + para[2:])
            else:
                doc.add_paragraph(para)
    case.mess.append(f"docx:{layout}")
    doc.save(path)


def _table_headers(rng: random.Random, extra: bool) -> tuple[list[str], dict[str, str], str]:
    mode = rng.choice(["numbered-heading-question", "question", "heading"])
    title_col = rng.choice(["Project name"] * 3 + ["Project title", "Name of project"])
    headers: dict[str, str] = {}
    for i, fid in enumerate(FIELDS, 1):
        q = QUESTIONS[fid]
        if mode == "numbered-heading-question":
            headers[fid] = f"{i}. {HEADINGS[fid]}: {q[0].lower()}{q[1:]}"
        elif mode == "question":
            headers[fid] = q
        else:
            headers[fid] = HEADINGS[fid]
    meta = ["ID", "Start time", "Completion time", "Email", "Name"]
    if rng.random() < 0.5:
        meta.append("Last modified time")
    cols = meta + [title_col] + [headers[f] for f in FIELDS] + (["Budget"] if extra else [])
    return cols, headers, mode


def write_table(rng: random.Random, cases: list[Case], path: Path, fmt: str) -> None:
    """A Microsoft Forms style export: metadata columns, a title column, one column per question."""
    extra = any(c.extra for c in cases)
    cols, headers, mode = _table_headers(rng, extra)
    base = dt.datetime(2024, 1, 8, 9, 0, 0)
    rows: list[list] = []
    for i, case in enumerate(cases, 1):
        start = base + dt.timedelta(hours=7 * i + rng.randint(0, 6), minutes=rng.randint(0, 59))
        end = start + dt.timedelta(minutes=rng.randint(12, 90), seconds=rng.randint(0, 59))
        name = f"{rng.choice(['Jo', 'Sam', 'Alex', 'Priya', 'Tom', 'Aisha', 'Gareth', 'Mei'])} {rng.choice(['Hart', 'Khan', 'Evans', 'Wood', 'Patel', 'Byrne'])}"
        meta: list = [i, start, end, f"{name.split()[0].lower()}@example.org", name]
        if "Last modified time" in cols:
            meta.append(None)
        # a table holds every question column in template order; a missing answer is an empty cell
        case.order = list(FIELDS)
        case.mess[:] = [m for m in case.mess if not m.startswith(("missing:", "blank:", "extra:", "order-swapped"))]
        case.mess += [f"blank:{fid}" for fid in FIELDS if fid not in case.fields]
        case.headings = dict(headers)
        row = meta + [case.title] + [case.fields.get(fid) or None for fid in FIELDS]
        if extra:
            case.extra = [("Budget", case.budget_text)] if case.extra else []
            row.append(case.budget_text if case.extra else None)
            if case.extra:
                case.mess.append("extra:Budget")
        case.mess.append(f"{fmt}:{mode}")
        rows.append(row)
    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        ws.append(cols)
        for row in rows:
            ws.append(row)
        wb.save(path)
    else:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(cols)
        for row in rows:
            writer.writerow(
                ["" if v is None else v.strftime("%d/%m/%Y %H:%M:%S") if isinstance(v, dt.datetime) else v for v in row]
            )
        path.write_bytes(buf.getvalue().encode(rng.choice(["utf-8", "utf-8-sig"])))


WRITERS: dict[str, Callable[[random.Random, Case, Path], None]] = {"md": write_md, "txt": write_txt, "docx": write_docx}


# ------------------------------------------------------------------------------------------
# Driver
# ------------------------------------------------------------------------------------------


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]


def _label_record(case: Case, source: str, row: int | None, fmt: str) -> dict:
    fields = {fid: case.fields[fid] for fid in FIELDS if fid in case.fields}
    return {
        "source": source,
        "row": row,
        "format": fmt,
        "title": case.title,
        "fields": fields,
        "unplaced": [{"heading": h, "text": t} for h, t in case.extra],
        "headings": {fid: case.headings[fid] for fid in FIELDS if fid in case.headings},
        "themes": case.themes,
        "general": case.general,
        "words": sum(len(t.split()) for t in fields.values()),
        "mess": case.mess,
    }


def generate(
    n: int,
    out_dir: str | Path,
    seed: int = 0,
    formats: Iterable[str] = FORMATS,
    rows_per_sheet: int = ROWS_PER_SHEET,
    progress: Callable[[int, int, str], None] | None = None,
) -> Path:
    """Write ``n`` cases (files, or rows of spreadsheet exports) into ``out_dir`` and return labels.json.

    The same ``n``, ``seed`` and ``formats`` always give the same forms and labels.
    """
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown format(s) {unknown}; choose from {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    used: set[str] = set()
    weights = [FORMAT_WEIGHTS[f] for f in formats]
    records: list[dict] = []
    pending: dict[str, list[Case]] = {"csv": [], "xlsx": []}
    sheet_no = 0

    def flush(fmt: str) -> None:
        nonlocal sheet_no
        cases = pending[fmt]
        if not cases:
            return
        sheet_no += 1
        name = f"forms-export-{sheet_no:03d}.{fmt}"
        write_table(rng, cases, out / name, fmt)
        records.extend(_label_record(c, name, i, fmt) for i, c in enumerate(cases, 1))
        pending[fmt] = []

    for i in range(n):
        fmt = rng.choices(formats, weights)[0]
        case = make_case(rng, used)
        if fmt in pending:
            pending[fmt].append(case)
            if len(pending[fmt]) >= rows_per_sheet:
                flush(fmt)
        else:
            name = f"{i + 1:04d}-{_slug(case.title)}.{fmt}"
            WRITERS[fmt](rng, case, out / name)
            records.append(_label_record(case, name, None, fmt))
        if progress:
            progress(i + 1, n, case.title)
    for fmt in ("csv", "xlsx"):
        flush(fmt)
    records.sort(key=lambda r: (r["source"], r["row"] or 0))
    labels = {
        "generator": "bench/corpus/generate.py",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "n": n,
        "formats": list(formats),
        "compare": "answers: normalise_answer() (list markers at line starts removed, white space folded); "
        "a blank or missing answer is absent from fields; unplaced headings compare loosely",
        "themes": {k: {"heading": h, "label": lab, "keywords": list(kw)} for k, (h, lab, kw) in THEMES.items()},
        "general_themes": {k: {"label": lab, "themes": list(ts)} for k, (lab, ts) in GENERAL.items()},
        "cases": records,
    }
    path = out / "labels.json"
    path.write_text(json.dumps(labels, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="number of cases (files or spreadsheet rows)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (labels.json goes there too)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset of md,txt,docx,csv,xlsx")
    parser.add_argument("--rows-per-sheet", type=int, default=ROWS_PER_SHEET)
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    try:
        labels = generate(args.n, args.out, seed=args.seed, formats=formats, rows_per_sheet=args.rows_per_sheet)
    except ValueError as exc:
        parser.error(str(exc))
    data = json.loads(labels.read_text(encoding="utf-8"))
    files = len({c["source"] for c in data["cases"]})
    words = sum(c["words"] for c in data["cases"]) / max(1, len(data["cases"]))
    print(f"{len(data['cases'])} cases in {files} files, {words:.0f} words per case on average; labels: {labels}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
