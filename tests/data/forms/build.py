"""Build the messy-form test set in this folder, and expected.json beside it.

Each form is written here from the answers we intend a reader to find, so
expected.json states the intent, not whatever the readers happen to do. Run it
again after changing a form (``python tests/data/forms/build.py``); the files
are committed, so the tests never build them.

Every format and encoding the readers claim is here: Markdown (``#``, bold
lines, bold labels, setext, front matter, long numbered questions), plain
text (``Q3)``, ``PURPOSE:``, ``5. Methodology:``, underlined headings) in
UTF-8, UTF-8 with BOM, UTF-16 LE/BE, Windows-1252 and double-encoded
("mojibake") UTF-8, with CRLF and CR line ends, Word (heading styles, bold
paragraphs, question | answer tables), CSV and XLSX exports; and bad files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED: dict[str, dict] = {}


def write(name: str, data: bytes | str, expected: dict, encoding: str = "utf-8", newline: str = "\n") -> None:
    if isinstance(data, str):
        data = data.replace("\n", newline).encode(encoding)
    (HERE / name).write_bytes(data)
    EXPECTED[name] = expected


def case(
    title: str, fields: dict[str, str], unplaced: list[str] | None = None, attributes: dict | None = None, row=None
) -> dict:
    out: dict = {"title": title, "fields": fields, "unplaced": unplaced or []}
    if attributes is not None:
        out["attributes"] = attributes
    if row is not None:
        out["row"] = row
    return out


# -- Markdown ---------------------------------------------------------------------

write(
    "md-atx-headings.md",
    """# Green Minds Allotment

## 1. Overview

Green Minds runs a weekly allotment group for adults referred by their GP.

## 2. Setting & partners

Rural mid Devon; the Culm Valley surgery and the parish council.

## Q3) Purpose - aims, goals and objectives

- Reduce isolation among older men
- Improve wellbeing scores

### Year one

Recruitment came first.

## Methodolgy

Five Ways to Wellbeing, with green prescribing evidence.

## Budget

£20,000 from the National Lottery.

## Enablers & Barriers

Volunteers kept the site open; the bus timetable got in the way.
""",
    {
        "cases": [
            case(
                "Green Minds Allotment",
                {
                    "overview": "Green Minds runs a weekly allotment group for adults referred by their GP.",
                    "setting": "Rural mid Devon; the Culm Valley surgery and the parish council.",
                    "purpose": "- Reduce isolation among older men\n- Improve wellbeing scores\n\nYear one\n\nRecruitment came first.",
                    "methodology": "Five Ways to Wellbeing, with green prescribing evidence.",
                    "enablers_barriers": "Volunteers kept the site open; the bus timetable got in the way.",
                },
                ["Budget"],
            )
        ]
    },
)

write(
    "md-bold-headings.md",
    """Brushstrokes Arts on Prescription

<!-- guidance left from the blank form: write each answer under its heading -->

**Summary**
Ten-week art courses for adults with anxiety or low mood.

**Aims:** To reduce anxiety and build confidence through painting.

**Who took part**

Sixty-two adults, most aged 30 to 60, referred by link workers.
Activities included:
- painting
- printmaking

**Evaluation**

WEMWBS at weeks one and ten, collected by the artists.

**Acknowledgements**

Thanks to the library for the room.

**Lessons learnt**

Evaluation report: keep the forms short.
Second point: book rooms early.
""",
    {
        "cases": [
            case(
                "Brushstrokes Arts on Prescription",
                {
                    "overview": "Ten-week art courses for adults with anxiety or low mood.",
                    "purpose": "To reduce anxiety and build confidence through painting.",
                    "participants": "Sixty-two adults, most aged 30 to 60, referred by link workers.\nActivities included:\n- painting\n- printmaking",
                    "data_collection": "WEMWBS at weeks one and ten, collected by the artists.",
                    "key_learning": "Evaluation report: keep the forms short.\nSecond point: book rooms early.",
                },
                ["Acknowledgements"],
            )
        ]
    },
)

write(
    "md-question-texts.md",
    """The Memory Lane Project
=======================

3. What were the aims, goals and objectives of the project?
-----------------------------------------------------------

To gather and share the memories of older residents.

## 6. Who took part? Give demographics and numbers.

Forty residents of two care homes, aged 70 to 96.

## 8. What measurable impact did you record? List the outcomes.

Loneliness scores fell for 28 of 40 residents.

```
# not a heading: inside a code block
```

## 11. What factors supported or prevented delivery?

Care staff support helped; COVID visiting rules hindered.
""",
    {
        "cases": [
            case(
                "The Memory Lane Project",
                {
                    "purpose": "To gather and share the memories of older residents.",
                    "participants": "Forty residents of two care homes, aged 70 to 96.",
                    "impact": "Loneliness scores fell for 28 of 40 residents.\n\n```\n# not a heading: inside a code block\n```",
                    "enablers_barriers": "Care staff support helped; COVID visiting rules hindered.",
                },
            )
        ]
    },
)

write(
    "md-front-matter.md",
    """---
title: Step Up Dance
organisation: Move Together CIC
---

# Project summary

Weekly dance for teenagers at risk of exclusion.

# Partcipants

35 young people aged 13 to 16.

# Key Learnings

Music choice matters.

# Further info

www.example.org/step-up
""",
    {
        "cases": [
            case(
                "Step Up Dance",
                {
                    "overview": "Weekly dance for teenagers at risk of exclusion.",
                    "participants": "35 young people aged 13 to 16.",
                    "key_learning": "Music choice matters.",
                    "further_information": "www.example.org/step-up",
                },
                [],
                attributes={"organisation": "Move Together CIC"},
            )
        ]
    },
)

write(
    "md-generic-title.md",
    "# Case Study Template\n\n## Project name\nHarbour Voices\n\n## Overview\nA sea shanty choir.\n",
    {"cases": [case("Harbour Voices", {"overview": "A sea shanty choir."})]},
)

write(
    "md-prefixed-title.md",
    "# Case study: Green Minds\n\n## Overview\nA garden.\n",
    {"cases": [case("Green Minds", {"overview": "A garden."})]},
)

# -- plain text -----------------------------------------------------------------------

write(
    "txt-q-numbered-cp1252.txt",
    """Write to Recover

Q1) Overview - a short summary of the case study
Creative writing groups for people in recovery, run by “Pen & Paper”.

Q2) Setting - geographical area and organisations involved
Gateshead; the recovery service and a café on the high street.

Q5) Methodology - why this approach; its evidence base
Expressive writing research (Pennebaker) – cost £12 a session.

Q12) Key learning
Co-production takes time and trust: a year before members led.
""",
    {
        "cases": [
            case(
                "Write to Recover",
                {
                    "overview": "Creative writing groups for people in recovery, run by “Pen & Paper”.",
                    "setting": "Gateshead; the recovery service and a café on the high street.",
                    "methodology": "Expressive writing research (Pennebaker) – cost £12 a session.",
                    "key_learning": "Co-production takes time and trust: a year before members led.",
                },
            )
        ]
    },
    encoding="cp1252",
    newline="\r\n",
)

write(
    "txt-labels-utf8-bom.txt",
    "\ufeff"
    + """Project name: Roots and Shoots

OVERVIEW:
A community garden on an estate in Leeds.

PURPOSE: To bring neighbours together; to grow food.

BARRIERS AND ENABLERS:
Vandalism early on. Funding: two years from the council.

SUSTAINABILITY:
A tenants' group will take the lease.
""",
    {
        "cases": [
            case(
                "Roots and Shoots",
                {
                    "overview": "A community garden on an estate in Leeds.",
                    "purpose": "To bring neighbours together; to grow food.",
                    "enablers_barriers": "Vandalism early on. Funding: two years from the council.",
                    "next_steps": "A tenants' group will take the lease.",
                },
            )
        ]
    },
)

write(
    "txt-numbered-utf16.txt",
    "\ufeff"
    + """Step Together Walking Group

1. Overview:
Weekly health walks for people with long-term conditions.

4. Description:
Walks of one hour, every Tuesday. The programme had three parts:

1. a taster walk
2. six weekly walks
3. a celebration picnic

5. Methodology: Walking for Health guidance and NICE PH41.

6. Budget:
£4,000 for leader training.

7. Data collection:
Attendance registers and ONS4, collected by walk leaders.
""",
    {
        "cases": [
            case(
                "Step Together Walking Group",
                {
                    "overview": "Weekly health walks for people with long-term conditions.",
                    "description": "Walks of one hour, every Tuesday. The programme had three parts:\n\n1. a taster walk\n2. six weekly walks\n3. a celebration picnic",
                    "methodology": "Walking for Health guidance and NICE PH41.",
                    "data_collection": "Attendance registers and ONS4, collected by walk leaders.",
                },
                ["6. Budget:"],
            )
        ]
    },
    encoding="utf-16-le",
    newline="\r\n",
)

write(
    "txt-utf16be.txt",
    "\ufeff"
    + """Songs of the Estate

Overview
Community choir on the Byker estate.

Impact and outcomes
WEMWBS rose by 4.2 points on average.
""",
    {
        "cases": [
            case(
                "Songs of the Estate",
                {"overview": "Community choir on the Byker estate.", "impact": "WEMWBS rose by 4.2 points on average."},
            )
        ]
    },
    encoding="utf-16-be",
)

write(
    "txt-utf16-no-bom.txt",
    """Heritage Hands

Purpose:
To open the museum stores to volunteers.

Next steps:
A second year funded by the Heritage Fund.
""",
    {
        "cases": [
            case(
                "Heritage Hands",
                {
                    "purpose": "To open the museum stores to volunteers.",
                    "next_steps": "A second year funded by the Heritage Fund.",
                },
            )
        ]
    },
    encoding="utf-16-le",
)

write(
    "txt-underlined-cr.txt",
    """The Shed at Hollins Lane
========================

What we did
-----------
Woodwork sessions three mornings a week.
Funding: £3,000 from the town council.

How we measured
---------------
A short wellbeing survey each term.

Lived Experience
----------------
Members sit on the steering group.
""",
    {
        "cases": [
            case(
                "The Shed at Hollins Lane",
                {
                    "description": "Woodwork sessions three mornings a week.\nFunding: £3,000 from the town council.",
                    "data_collection": "A short wellbeing survey each term.",
                    "lived_experience": "Members sit on the steering group.",
                },
            )
        ]
    },
    newline="\r",
)

_mojibake = """Café Conversations

Overview
A café for older people in Saint-Étienne’s twin town, run by volunteers.

Participants
Twenty-five regulars; ‘most come every week’.
""".encode().decode("cp1252", errors="replace")
write(
    "txt-mojibake.txt",
    _mojibake.encode("utf-8"),
    {
        "cases": [
            case(
                "Café Conversations",
                {
                    "overview": "A café for older people in Saint-Étienne’s twin town, run by volunteers.",
                    "participants": "Twenty-five regulars; ‘most come every week’.",
                },
            )
        ]
    },
)


# -- Word --------------------------------------------------------------------------------


def docx_bytes(build) -> bytes:
    import docx

    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _styles(d) -> None:
    d.add_paragraph("Museum Hands", style="Title")
    d.add_paragraph("Overview", style="Heading 1")
    d.add_paragraph("Handling sessions with museum objects for people with dementia.")
    d.add_paragraph("Aims and objectives", style="Heading 1")
    d.add_paragraph("To spark conversation and memory.")
    d.add_paragraph("Description", style="Heading 1")
    d.add_paragraph("Fortnightly sessions in care homes.")
    d.add_paragraph("Session plan", style="Heading 2")
    d.add_paragraph("Welcome, objects, tea.", style="List Bullet")
    d.add_paragraph("Close with a song.", style="List Bullet")
    d.add_paragraph("Budget", style="Heading 1")
    d.add_paragraph("£8,500 over two years.")
    d.add_paragraph("Impact", style="Heading 1")
    d.add_paragraph("Staff saw residents talk more.")


write(
    "docx-heading-styles.docx",
    docx_bytes(_styles),
    {
        "cases": [
            case(
                "Museum Hands",
                {
                    "overview": "Handling sessions with museum objects for people with dementia.",
                    "purpose": "To spark conversation and memory.",
                    "description": "Fortnightly sessions in care homes.\n\nSession plan\n- Welcome, objects, tea.\n- Close with a song.",
                    "impact": "Staff saw residents talk more.",
                },
                ["Budget"],
            )
        ]
    },
)


def _bold(d) -> None:
    def bold(text: str) -> None:
        d.add_paragraph().add_run(text).bold = True

    bold("Dancing Years")
    bold("Project summary")
    d.add_paragraph("Tea dances for older people in Blackpool.")
    p = d.add_paragraph()
    p.add_run("Approach: ").bold = True
    p.add_run("Dance as gentle exercise and company.")
    bold("Outcomes")
    d.add_paragraph("Falls fell; friendships grew.")
    d.add_paragraph("A second paragraph of outcomes.")
    p = d.add_paragraph("Some ")
    p.add_run("bold words").bold = True
    p.add_run(" inside an answer.")
    bold("Barriers and enablers")
    d.add_paragraph("Transport was the main barrier.")


write(
    "docx-bold-paragraphs.docx",
    docx_bytes(_bold),
    {
        "cases": [
            case(
                "Dancing Years",
                {
                    "overview": "Tea dances for older people in Blackpool.",
                    "methodology": "Dance as gentle exercise and company.",
                    "impact": "Falls fell; friendships grew.\n\nA second paragraph of outcomes.\n\nSome bold words inside an answer.",
                    "enablers_barriers": "Transport was the main barrier.",
                },
            )
        ]
    },
)


def _table(d) -> None:
    d.add_paragraph("Case study form", style="Heading 1")
    t = d.add_table(rows=0, cols=2)
    for q, a in [
        ("Question", "Answer"),
        ("Project name", "Through Our Lens"),
        ("1. Overview", "Photography with young carers."),
        ("Where did the project take place, and which organisations were involved?", "Bradford; the carers' centre."),
        ("Funding", "£6,000 from the council."),
        ("Next steps", "An exhibition at the city library.\nA second cohort."),
    ]:
        row = t.add_row()
        row.cells[0].text = q
        row.cells[1].text = a


write(
    "docx-table.docx",
    docx_bytes(_table),
    {
        "cases": [
            case(
                "Through Our Lens",
                {
                    "overview": "Photography with young carers.",
                    "setting": "Bradford; the carers' centre.",
                    "next_steps": "An exhibition at the city library.\nA second cohort.",
                },
                ["Funding"],
            )
        ]
    },
)


def _banner_table(d) -> None:
    d.add_paragraph("Kitchen Table Talks", style="Title")
    t = d.add_table(rows=0, cols=2)

    def row(a: str, b: str | None = None) -> None:
        r = t.add_row()
        if b is None:
            r.cells[0].merge(r.cells[1]).text = a
        else:
            r.cells[0].text, r.cells[1].text = a, b

    row("Section A: About the project")
    row("Overview", "Conversation groups in kitchens.")
    row("Funding", "£2k")
    row("Results")
    row("Impact", "People felt heard.")


write(
    "docx-table-banners.docx",
    docx_bytes(_banner_table),
    {
        "cases": [
            case(
                "Kitchen Table Talks",
                {"overview": "Conversation groups in kitchens.", "impact": "People felt heard."},
                ["Funding"],
            )
        ]
    },
)


def _line_breaks(d) -> None:
    d.add_paragraph("Soft Breaks Project")
    p = d.add_paragraph()
    for text in ["Overview", "A choir for new parents.", "", "Purpose:", "To beat isolation."]:
        p.add_run(text).add_break()


write(
    "docx-line-breaks.docx",
    docx_bytes(_line_breaks),
    {"cases": [case("Soft Breaks Project", {"overview": "A choir for new parents.", "purpose": "To beat isolation."})]},
)

# -- spreadsheets ---------------------------------------------------------------------------

CSV = """ID,Start time,Completion time,Email,Name,Project name,"1. Overview: please give a short summary of your case study.","3. Purpose: what were the aims, goals and objectives of the project?",Budget,"11. Enablers and barriers: what factors supported or prevented delivery?"
1,2024-03-04 10:02,2024-03-04 10:41,jo@example.org,Jo Hartley,Valley Connect,"Link workers in GP surgeries.","To reduce loneliness.
To cut repeat GP visits.",£40k,Good GP buy-in.
,,,,,,,,,
2,2024-03-05 09:00,2024-03-05 09:30,sam@example.org,Sam Trewin,Open Book,Reading circles in libraries.,To get people reading together.,,
"""
write(
    "csv-forms-export.csv",
    "\ufeff" + CSV,
    {
        "cases": [
            case(
                "Valley Connect",
                {
                    "overview": "Link workers in GP surgeries.",
                    "purpose": "To reduce loneliness.\nTo cut repeat GP visits.",
                    "enablers_barriers": "Good GP buy-in.",
                },
                ["Budget"],
                attributes={
                    "ID": "1",
                    "Start time": "2024-03-04 10:02",
                    "Completion time": "2024-03-04 10:41",
                    "Email": "jo@example.org",
                    "Name": "Jo Hartley",
                },
                row=1,
            ),
            case(
                "Open Book",
                {"overview": "Reading circles in libraries.", "purpose": "To get people reading together."},
                attributes={
                    "ID": "2",
                    "Start time": "2024-03-05 09:00",
                    "Completion time": "2024-03-05 09:30",
                    "Email": "sam@example.org",
                    "Name": "Sam Trewin",
                },
                row=2,
            ),
        ]
    },
    newline="\r\n",
)

write(
    "csv-semicolon-cp1252.csv",
    "Timestamp;Summary;Aims & objectives;Lessons learned\n"
    "2024-01-02;Café-based peer support;Reduce isolation – and stigma;Start small\n"
    "2024-01-03;Singing for lung health;Better breathing;Warm-ups matter\n",
    {
        "cases": [
            case(
                "Csv semicolon cp1252 row 1",
                {
                    "overview": "Café-based peer support",
                    "purpose": "Reduce isolation – and stigma",
                    "key_learning": "Start small",
                },
                attributes={"Timestamp": "2024-01-02"},
                row=1,
            ),
            case(
                "Csv semicolon cp1252 row 2",
                {
                    "overview": "Singing for lung health",
                    "purpose": "Better breathing",
                    "key_learning": "Warm-ups matter",
                },
                attributes={"Timestamp": "2024-01-03"},
                row=2,
            ),
        ]
    },
    encoding="cp1252",
)


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Total points",
            "Title of your project",
            "Setting",
            "Participants - who took part?",
            "Points - Participants - who took part?",
            "Impact & outcomes",
        ]
    )
    ws.append(
        [
            1,
            dt.datetime(2024, 3, 4, 10, 2, 11),
            dt.datetime(2024, 3, 4, 10, 41, 57),
            "a@example.org",
            "Ann",
            None,
            "Nature Connect",
            "Forest of Dean",
            "48 adults",
            None,
            "WEMWBS +3.1\r\nFewer GP visits",
        ]
    )
    ws.append([None] * 11)
    ws.append([2, dt.datetime(2024, 3, 5, 9, 0, 0), None, "b@example.org", "Bo", None, None, "Hull", 12, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


write(
    "xlsx-forms-export.xlsx",
    xlsx_bytes(),
    {
        "cases": [
            case(
                "Nature Connect",
                {"setting": "Forest of Dean", "participants": "48 adults", "impact": "WEMWBS +3.1\nFewer GP visits"},
                attributes={
                    "ID": "1",
                    "Start time": "2024-03-04 10:02:11",
                    "Completion time": "2024-03-04 10:41:57",
                    "Email": "a@example.org",
                    "Name": "Ann",
                },
                row=1,
            ),
            case(
                "Xlsx forms export row 2",
                {"setting": "Hull", "participants": "12"},
                attributes={"ID": "2", "Start time": "2024-03-05 09:00:00", "Email": "b@example.org", "Name": "Bo"},
                row=2,
            ),
        ]
    },
)

# -- more mess: tables in Markdown, content controls, prompts left in, odd exports ---------------

write(
    "md-pipe-table.md",
    """# Case study form

| Question | Answer |
| --- | --- |
| Project name | Singing for Breath |
| Overview | Weekly singing for people with COPD. |
| Who took part | 30 adults referred by the respiratory team. |
| Budget | £9,000 |
""",
    {
        "cases": [
            case(
                "Singing for Breath",
                {
                    "overview": "Weekly singing for people with COPD.",
                    "participants": "30 adults referred by the respiratory team.",
                },
                ["Budget"],
            )
        ]
    },
)

write(
    "md-same-field-subheadings.md",
    """# River Rangers

## Overview

Conservation volunteering for young adults.

## Impact and outcomes

What measurable impact did you record? List the outcomes.

Wellbeing scores rose.

### Outcomes

- More confidence
- Two got jobs

**Results:** Twelve finished the programme.
""",
    {
        "cases": [
            case(
                "River Rangers",
                {
                    "overview": "Conservation volunteering for young adults.",
                    "impact": "Wellbeing scores rose.\n\nOutcomes\n\n- More confidence\n- Two got jobs\n\n**Results:** Twelve finished the programme.",
                },
            )
        ]
    },
)


def _content_controls(d) -> None:
    from docx.oxml import OxmlElement

    d.add_paragraph("Heritage Hands", style="Title")
    d.add_paragraph("Purpose", style="Heading 1")
    d.add_paragraph("What were the aims, goals and objectives of the project?")
    answer = d.add_paragraph("To open the museum stores to volunteers.")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    answer._p.addprevious(sdt)
    sdt.append(content)
    content.append(answer._p)
    d.add_paragraph("Participants", style="Heading 1")
    p = d.add_paragraph("Twenty volunteers, ")
    inline_sdt, inline_content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    p._p.append(inline_sdt)
    inline_sdt.append(inline_content)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "most of them retired."
    run.append(text)
    inline_content.append(run)


write(
    "docx-content-controls.docx",
    docx_bytes(_content_controls),
    {
        "cases": [
            case(
                "Heritage Hands",
                {
                    "purpose": "To open the museum stores to volunteers.",
                    "participants": "Twenty volunteers, most of them retired.",
                },
            )
        ]
    },
)

write(
    "csv-surveymonkey.csv",
    "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,What is the name of your project?,"
    "Overview,What were the aims of the project?\n"
    ",,,,,,Open-Ended Response,Response,Open-Ended Response\n"
    "1101,55,01/02/2024,01/02/2024,10.0.0.1,a@example.org,Tea and Talk,A weekly café for carers.,To give carers a break.\n",
    {
        "cases": [
            case(
                "Tea and Talk",
                {"overview": "A weekly café for carers.", "purpose": "To give carers a break."},
                attributes={
                    "Respondent ID": "1101",
                    "Collector ID": "55",
                    "Start Date": "01/02/2024",
                    "End Date": "01/02/2024",
                    "IP Address": "10.0.0.1",
                    "Email Address": "a@example.org",
                },
                row=1,
            )
        ]
    },
)

write(
    "csv-transposed.csv",
    "Question,Green Gym,Cook and Eat\n"
    "Project name,Green Gym,Cook and Eat\n"
    "Overview,Outdoor conservation sessions.,Cooking on a budget.\n"
    "Key learning,Go out in all weathers.,Keep groups small.\n",
    {
        "cases": [
            case(
                "Green Gym",
                {"overview": "Outdoor conservation sessions.", "key_learning": "Go out in all weathers."},
                row=1,
            ),
            case("Cook and Eat", {"overview": "Cooking on a budget.", "key_learning": "Keep groups small."}, row=2),
        ]
    },
)


def xlsx_title_row() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Case study returns, spring 2024"])
    ws.append([])
    ws.append(["Project title", "Purpose", "Next steps"])
    ws.append(["Walk and Talk", "Fewer lonely evenings.", "Train more walk leaders."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


write(
    "xlsx-title-row.xlsx",
    xlsx_title_row(),
    {
        "cases": [
            case(
                "Walk and Talk", {"purpose": "Fewer lonely evenings.", "next_steps": "Train more walk leaders."}, row=1
            )
        ]
    },
)

write(
    "txt-mixed-encoding.txt",
    "Café Culture\n\nOverview\nA café – run by volunteers – for people with dementia.\n".encode()
    + b"\nSetting\nTickets cost \xa33; \x93pay what you can\x94.\n",
    {
        "cases": [
            case(
                "Café Culture",
                {
                    "overview": "A café – run by volunteers – for people with dementia.",
                    "setting": "Tickets cost £3; “pay what you can”.",
                },
            )
        ]
    },
)

write("bad-web-page.html", "<html><body><h1>Overview</h1><p>x</p></body></html>", {"error": "a web page"})

write(
    "txt-q-and-a.txt",
    """Project name: Garden Gate

Q: Overview
A: A therapeutic garden for adults with learning disabilities.

Q: What were the aims, goals and objectives of the project?
A: To build skills and friendships.

Question: Budget
Answer: £12,000 a year.
""",
    {
        "cases": [
            case(
                "Garden Gate",
                {
                    "overview": "A therapeutic garden for adults with learning disabilities.",
                    "purpose": "To build skills and friendships.",
                },
                ["Budget"],
            )
        ]
    },
)

write(
    "txt-excel-unicode-text.txt",
    "\ufeffTitle\tOverview\tParticipants\r\nCraft Club\tMonthly crafts at the library.\t15 regulars\r\n",
    {
        "cases": [
            case("Craft Club", {"overview": "Monthly crafts at the library.", "participants": "15 regulars"}, row=1)
        ]
    },
    encoding="utf-16-le",
)

write(
    "md-bold-dash.md",
    """**Memory Café**

**Overview** – a monthly café for people living with dementia and their carers.

**Setting** - St Mark's church hall, Leicester.
""",
    {
        "cases": [
            case(
                "Memory Café",
                {
                    "overview": "a monthly café for people living with dementia and their carers.",
                    "setting": "St Mark's church hall, Leicester.",
                },
            )
        ]
    },
)

write(
    "txt-bare-line-headings.txt",
    """Sunny Side Up Breakfast Club

Project Summary
A breakfast club for isolated older men in Barnsley, run on Saturdays.

Where It Happened
A working men's club in Barnsley, with Age UK and the local GP practice.

Aims
To reduce loneliness and improve diet.

Funding sources
A Lottery Awards for All grant of £9,800.

Who Took Part
Thirty-two men aged 65 to 90.

What We Learned
Men come for the food and stay for the company.
""",
    {
        "cases": [
            case(
                "Sunny Side Up Breakfast Club",
                {
                    "overview": "A breakfast club for isolated older men in Barnsley, run on Saturdays.",
                    "purpose": "To reduce loneliness and improve diet.",
                    "participants": "Thirty-two men aged 65 to 90.",
                    "key_learning": "Men come for the food and stay for the company.",
                },
                ["Where It Happened", "Funding sources"],
            )
        ]
    },
)

write(
    "md-grouped-headings.md",
    """# Arts for Recovery

## Part 1: About your project

### 1.1 Overview
Art workshops for people in recovery from addiction.

### 1.2 Setting
Hull, with the city recovery service.

## Part 2: Results

### 2.1 Impact
Nine in ten finished the course.

### 2.2 Costs
£15k.

### 2.3 Key learning
Peer mentors matter.
""",
    {
        "cases": [
            case(
                "Arts for Recovery",
                {
                    "overview": "Art workshops for people in recovery from addiction.",
                    "setting": "Hull, with the city recovery service.",
                    "impact": "Nine in ten finished the course.",
                    "key_learning": "Peer mentors matter.",
                },
                ["2.2 Costs"],
            )
        ]
    },
)

write(
    "txt-section-groups.txt",
    """CASE STUDY: Rhythm Makers

Section A - About the project

Overview:
Drumming circles for children with ADHD.

Purpose:
Improve focus and confidence.

Section B - What happened

Impact and outcomes:
Teachers reported calmer classrooms.

Next steps:
Seeking funding for year two.
""",
    {
        "cases": [
            case(
                "Rhythm Makers",
                {
                    "overview": "Drumming circles for children with ADHD.",
                    "purpose": "Improve focus and confidence.",
                    "impact": "Teachers reported calmer classrooms.",
                    "next_steps": "Seeking funding for year two.",
                },
            )
        ]
    },
)

# -- bad files ---------------------------------------------------------------------------------

write("bad-empty.md", b"", {"error": "empty file"})
write("bad-blank.txt", b"  \n\n\t \r\n", {"error": "empty file"})
write("bad-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, {"error": "binary data"})
_good = (HERE / "docx-heading-styles.docx").read_bytes()
write("bad-truncated.docx", _good[: len(_good) // 2], {"error": "truncated or damaged"})
write("bad-not-a-zip.docx", "# Overview\nThis is Markdown renamed to .docx.\n", {"error": "not a zip package"})
_xlsx = (HERE / "xlsx-forms-export.xlsx").read_bytes()
write("bad-truncated.xlsx", _xlsx[: len(_xlsx) - 200], {"error": "truncated or damaged"})
write(
    "bad-password-protected.docx",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    {"error": "password-protected or old binary-format"},
)
write("bad-old-word.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, {"error": "save it as .docx"})
write(
    "bad-no-headings.txt",
    "We ran a lovely project this year and everyone enjoyed it a great deal.\n"
    "There were many sessions and lots of people came along to them all.\n",
    {"error": "no answer under any heading"},
)
write("bad-utf16-bom.txt", b"\xff\xfe" + "Overview\nText".encode("utf-16-le") + b"\x00", {"error": "unreadable text"})
write("bad-csv-no-questions.csv", "ID,Email,Name\n1,a@example.org,Ann\n", {"error": "no column matches"})

# a zip with a docx inside, and a zip bomb-ish oversize manifest are covered in the unit tests

(HERE / "expected.json").write_text(json.dumps(EXPECTED, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {len(EXPECTED)} forms and expected.json to {HERE}")
assert zipfile.is_zipfile(io.BytesIO(_good))
