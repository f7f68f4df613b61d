"""Build the survey-export test set in this folder, and expected.json beside it.

Three real-looking submissions (the same three projects) exported the way each
survey tool exports them: Microsoft Forms (.xlsx, and the same sheet saved as
.csv from Excel), Google Forms (.csv), Qualtrics (.csv with its three header
rows) and SurveyMonkey (.csv with its two header rows and a multiple-choice
question over several columns). Each tool's form words and numbers the
questions its own way, as the team that wrote it did; none is the template's
wording. Answers run over several lines. expected.json states which field each
answer belongs under: every answer must be placed, and the metadata columns
must be kept as case attributes, never as answers.

``clash.csv`` is the awkward one: a question the template lacks, and two
columns that both ask for the aims.

Run it again after changing a file (``python tests/data/surveys/build.py``);
the files are committed, so the tests never build them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED: dict[str, dict] = {}

# -- the three submissions, by template field ---------------------------------------

PROJECTS = [
    {
        "title": "Riverside Men's Shed",
        "overview": "A workshop in a disused boathouse where retired men repair bikes and build benches for the town.\nIt opens three days a week and is run by its members.",
        "setting": "Goole, East Riding of Yorkshire.\nPartners: Goole Town Council, the Marshland GP practice and Age UK East Riding.",
        "purpose": "- Reduce loneliness among men over 60\n- Give members a reason to leave the house\n- Put their skills back into the community",
        "description": "Members meet on Monday, Wednesday and Friday from 10am to 3pm.\nThey restore donated bikes for the food bank and build planters for schools.\nNew members are referred by their GP or just walk in.",
        "methodology": "The Men's Shed model (Golding, 2015): men talk shoulder to shoulder rather than face to face.\nWe followed the UK Men's Sheds Association guidance.",
        "participants": "42 men took part over the year, aged 58 to 91.\nMost were retired from the docks or the railway; six were carers.",
        "data_collection": "WEMWBS at joining and after six months, collected by our volunteer coordinator.\nShort interviews with 12 members, done by a student from the University of Hull.",
        "impact": "Average WEMWBS rose from 41 to 47.\n9 of 12 interviewees said they saw fewer days alone.\n120 bikes went to the food bank.",
        "enablers_barriers": "Enablers: a free building from the council, and members who ran the place themselves.\nBarriers: no disabled toilet, and the bus stops running at 5pm.",
        "key_learning": "Let the members lead; the sessions staff planned were the ones nobody came to.\nA kettle matters more than the tools.",
        "next_steps": "The council has renewed the lease for three years.\nWe are applying to the National Lottery for a part-time coordinator.",
        "further_information": "https://riversideshed.org.uk\nEvaluation report: https://riversideshed.org.uk/report-2024.pdf",
    },
    {
        "title": "Songs for Breathing",
        "overview": "A weekly singing group for people living with COPD and other lung conditions, led by a trained singing-for-lung-health practitioner.",
        "setting": "Two community halls in Lewisham, south London.\nRun with the Lewisham pulmonary rehabilitation team and the British Lung Foundation.",
        "purpose": "To improve breath control and confidence.\nTo offer a social group after pulmonary rehab ends.",
        "description": "One-hour sessions every Tuesday: warm-ups, breathing exercises, then songs chosen by the group.\nTwo twelve-week terms a year, with a concert at the end of each.",
        "methodology": "Singing for Lung Health (British Lung Foundation, 2016), and the Lewis et al. (2016) trial showing better quality of life scores.",
        "participants": "27 singers, aged 54 to 86; two thirds women.\nMost were referred by the rehab team; a few came with a partner.",
        "data_collection": "COPD Assessment Test (CAT) scores at the start and end of each term, collected by the practitioner.\nA feedback form after each concert.",
        "impact": "CAT scores fell by 3 points on average (lower is better).\nParticipants reported feeling less anxious about breathlessness.\nThe group now meets for coffee after sessions.",
        "enablers_barriers": "The rehab team's referrals kept numbers up.\nWinter infections and the cost of hall hire held us back.",
        "key_learning": "Start every session with breathing, not singing.\nMake the concert optional: some singers never want an audience.",
        "next_steps": "The local hospital charity funds the next two terms; we are training a volunteer to co-lead.",
        "further_information": "Contact the practitioner through Lewisham Pulmonary Rehab.",
    },
    {
        "title": "Grow Together Allotment",
        "overview": "A shared allotment for refugee and asylum-seeking families and their neighbours, growing food from home and here.",
        "setting": "Plot 14, Hartcliffe allotments, south Bristol.\nPartners: Bristol Refugee Rights and Hartcliffe Community Farm.",
        "purpose": "- Build friendships between new arrivals and long-standing residents\n- Grow familiar food\n- Improve mental wellbeing",
        "description": "Families garden together on Saturday mornings and Wednesday evenings from March to October.\nA shared meal closes each month.",
        "methodology": "Green social prescribing (NHS England, 2020) and peer support; the group chooses what to grow.",
        "participants": "18 families (61 people), from Sudan, Eritrea, Syria and Bristol; children welcome.",
        "data_collection": "ONS4 wellbeing questions at the start and end of the season, asked by two peer researchers in Arabic and Tigrinya.\nA photo diary kept by the families.",
        "impact": "Life satisfaction (ONS4) rose from 5.1 to 6.8.\nFamilies named new friends outside their own community.\nWe harvested 300 kg of vegetables.",
        "enablers_barriers": "Peer researchers who spoke the families' languages.\nBarriers: bus fares, and a break-in at the shed in June.",
        "key_learning": "Food is the way in: people came for the okra and stayed for each other.\nInterpret everything, including the tool-safety talk.",
        "next_steps": "Two families are taking on their own plots; the farm will host the group next year.",
        "further_information": "https://growtogether.example.org",
    },
]

META_TIMES = [
    ("2024-05-02 10:14:03", "2024-05-02 10:51:40"),
    ("2024-05-03 14:02:11", "2024-05-03 14:33:09"),
    ("2024-05-06 09:30:58", "2024-05-06 10:22:17"),
]
PEOPLE = [
    ("Dave Atkinson", "dave@riversideshed.org.uk"),
    ("Priya Shah", "p.shah@songsforbreathing.org"),
    ("Amal Idris", "amal@growtogether.example.org"),
]


def write(name: str, data: bytes | str, cases: list[dict], newline: str = "\n", bom: bool = False) -> None:
    if isinstance(data, str):
        data = (("\ufeff" if bom else "") + data.replace("\r\n", "\n").replace("\n", newline)).encode("utf-8")
    (HERE / name).write_bytes(data)
    EXPECTED[name] = {"cases": cases}


def csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buf.getvalue()


def expected_case(p: dict, fields: list[str], attributes: dict, row: int) -> dict:
    return {
        "title": p["title"],
        "fields": {f: p[f] for f in fields},
        "unplaced": [],
        "attributes": attributes,
        "row": row,
    }


# -- Microsoft Forms: ID, times, e-mail and name, then the questions as the team numbered them --

MS_QUESTIONS = [
    ("title", "Project name"),
    ("overview", "1. In a few sentences, summarise your case study for someone who has never heard of it."),
    ("setting", "2. Where does the project take place, and which organisations are involved?"),
    ("purpose", "3. What were you hoping to achieve? Please list your aims and objectives."),
    ("description", "4. Please describe the project. What does it do? How often do sessions run, and for how long?"),
    ("methodology", "5. Why did you choose this approach? What evidence is it based on?"),
    ("participants", "6. Who took part? Please give numbers, ages and backgrounds if you have them."),
    ("data_collection", "7. What data did you collect, and who collected it (e.g. surveys, interviews)?"),
    ("impact", "8. What difference has the project made? Please list outcomes and any figures."),
    ("enablers_barriers", "9. What helped the project, and what got in the way?"),
    ("key_learning", "10. What are the key lessons you would share with another team?"),
    ("next_steps", "11. What happens next? How will the project continue after this funding?"),
    ("further_information", "12. Links to your website or evaluation report (optional)"),
]
MS_META = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]


def ms_rows() -> tuple[list[list[object]], list[dict]]:
    rows: list[list[object]] = [MS_META + [q for _, q in MS_QUESTIONS]]
    cases = []
    for n, p in enumerate(PROJECTS, start=1):
        start, end = META_TIMES[n - 1]
        name, email = PEOPLE[n - 1]
        meta = [str(n), start, end, email, name, ""]
        rows.append(meta + [p[f] for f, _ in MS_QUESTIONS])
        attrs = {"ID": str(n), "Start time": start, "Completion time": end, "Email": email, "Name": name}
        cases.append(expected_case(p, [f for f, _ in MS_QUESTIONS if f != "title"], attrs, n))
    return rows, cases


def ms_xlsx(rows: list[list[object]]) -> bytes:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 5, 6, 12, 0)  # the same bytes every build
    ws = wb.active
    ws.title = "Sheet1"
    for i, row in enumerate(rows):
        if i:  # Forms writes the times as Excel dates, the ID as a number
            row = [int(row[0]), dt.datetime.fromisoformat(row[1]), dt.datetime.fromisoformat(row[2]), *row[3:]]
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 2024-05-06, so a rebuild gives the same bytes."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 5, 6, 12, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-05-06T12:00:00Z", body)
            dst.writestr(fixed, body)
    return out.getvalue()


_rows, _cases = ms_rows()
write("msforms.xlsx", ms_xlsx(_rows), _cases)
# Saved from Excel as "CSV UTF-8": a byte-order mark, CRLF line ends, line breaks inside quoted cells
write("msforms.csv", csv_text([[str(c) for c in r] for r in _rows]), _cases, newline="\r\n", bom=True)

# -- Google Forms: Timestamp and e-mail, the question titles (a hint in brackets) ---------

GOOGLE_QUESTIONS = [
    ("title", "Name of your project"),
    ("overview", "Project summary (max 200 words)"),
    ("setting", "Location and partner organisations"),
    ("purpose", "Aims and objectives"),
    ("description", "What does your project do? Describe the activities, how often they happen and how people join."),
    ("methodology", "Why this approach? Tell us about the evidence behind it."),
    ("participants", "Who are your participants? (numbers and demographics)"),
    ("data_collection", "How have you evaluated the project?"),
    ("impact", "Outcomes: what changed for participants and the community?"),
    ("enablers_barriers", "Enablers & barriers"),
    ("key_learning", "Lessons learned"),
    ("next_steps", "Sustainability: how will the work continue?"),
    ("further_information", "Website or evaluation report links"),
]
_rows = [["Timestamp", "Email Address"] + [q for _, q in GOOGLE_QUESTIONS]]
_cases = []
for n, p in enumerate(PROJECTS, start=1):
    stamp = f"0{n + 1}/05/2024 {META_TIMES[n - 1][1][11:]}"
    _rows.append([stamp, PEOPLE[n - 1][1]] + [p[f] for f, _ in GOOGLE_QUESTIONS])
    _cases.append(
        expected_case(
            p,
            [f for f, _ in GOOGLE_QUESTIONS if f != "title"],
            {"Timestamp": stamp, "Email Address": PEOPLE[n - 1][1]},
            n,
        )
    )
write("googleforms.csv", csv_text(_rows), _cases)

# -- Qualtrics: export tags, question texts, then {"ImportId": ...}; location and progress columns --

QUALTRICS_META = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/London"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/London"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/London"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
    ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
    ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
    ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
    ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
    ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
]
QUALTRICS_QUESTIONS = [
    ("title", "What is the name of your project?"),
    ("overview", "Please give a short summary of your project."),
    ("setting", "Setting: where is the project based, and who are your partners?"),
    ("purpose", "What are the project's aims?"),
    ("description", "Please describe the project. What does it do?"),
    ("methodology", "Methodology - why did you take this approach, and what is its evidence base?"),
    ("participants", "Who took part in the project?"),
    ("data_collection", "What data was collected, and by whom?"),
    ("impact", "What measurable impact did the project have? List the outcomes."),
    ("lived_experience", "How did people with lived experience shape the project?"),
    ("enablers_barriers", "What supported delivery, and what prevented it?"),
    ("key_learning", "What did you learn about delivering the project - challenges and successes?"),
    ("next_steps", "What are your next steps?"),
]
LIVED = [
    "Two members sit on the steering group.\nMembers chose the shed's name and its rules.",
    "Singers choose the songs and voted to add a summer term.",
    "Families run the planting plan; one parent is now a paid session lead.",
]
_rows = [
    [tag for tag, _, _ in QUALTRICS_META] + [f"Q{i}" for i in range(1, len(QUALTRICS_QUESTIONS) + 1)],
    [label for _, label, _ in QUALTRICS_META] + [q for _, q in QUALTRICS_QUESTIONS],
    [imp for _, _, imp in QUALTRICS_META]
    + ['{"ImportId":"QID' + str(i) + '_TEXT"}' for i in range(1, len(QUALTRICS_QUESTIONS) + 1)],
]
_cases = []
_PLACES = [("53.7050", "-0.8730"), ("51.4452", "-0.0209"), ("51.4125", "-2.5905")]
for n, p in enumerate(PROJECTS, start=1):
    p = dict(p, lived_experience=LIVED[n - 1])
    start, end = META_TIMES[n - 1]
    name, email = PEOPLE[n - 1]
    first, last = name.split(" ", 1)
    lat, lon = _PLACES[n - 1]
    meta = [
        start,
        end,
        "IP Address",
        f"81.2.{n}.{60 + n}",
        "100",
        str(2000 + 137 * n),
        "True",
        end,
        f"R_{['1a2B3c4D5e6F7g8', '2Zy9Xw8Vu7Ts6Rq', '3Mn4Op5Qr6St7Uv'][n - 1]}",
        last,
        first,
        email,
        "",
        lat,
        lon,
        "email",
        "EN-GB",
    ]
    _rows.append(meta + [p[f] for f, _ in QUALTRICS_QUESTIONS])
    attrs = {label: v for (_, label, _), v in zip(QUALTRICS_META, meta, strict=True) if v}
    _cases.append(expected_case(p, [f for f, _ in QUALTRICS_QUESTIONS if f != "title"], attrs, n))
write("qualtrics.csv", csv_text(_rows), _cases, newline="\r\n", bom=True)

# -- SurveyMonkey: question row, then "Response" / "Open-Ended Response" or each choice's text --

SM_META = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
]
SM_OPEN = [
    ("title", "What is the name of your project?"),
    ("overview", "Overview of the project"),
    ("setting", "1. Where is your project based?"),
    ("purpose", "2. What were the aims of the project?"),
    ("description", "3. Tell us what the project does, week to week."),
    ("participants", "4. Who took part?"),
]
SM_CHOICES = ["WEMWBS", "ONS4", "UCLA Loneliness Scale", "Other (please specify)"]
SM_MEASURES = [
    ["WEMWBS", "", "", "Interviews with 12 members"],
    ["", "", "", "COPD Assessment Test (CAT)"],
    ["", "ONS4", "", "Photo diaries"],
]
SM_LATER = [
    ("impact", "6. What changed as a result of the project?"),
    ("enablers_barriers", "7. What helped or hindered delivery?"),
    ("key_learning", "8. What would you do differently next time?"),
    ("next_steps", "9. How will the project be sustained?"),
]
_head = (
    SM_META
    + [q for _, q in SM_OPEN]
    + ["5. Which measures did you use? (tick all that apply)", "", "", ""]
    + [q for _, q in SM_LATER]
)
_sub = (
    [""] * len(SM_META)
    + ["Open-Ended Response" if f != "title" else "Response" for f, _ in SM_OPEN]
    + SM_CHOICES
    + ["Open-Ended Response"] * len(SM_LATER)
)
_rows = [_head, _sub]
_cases = []
for n, p in enumerate(PROJECTS, start=1):
    start, end = META_TIMES[n - 1]
    name, email = PEOPLE[n - 1]
    first, last = name.split(" ", 1)
    day = f"05/0{n + 1}/2024"
    meta = [
        str(114800230 + 17 * n),
        "431027583",
        f"{day} {start[11:16]}",
        f"{day} {end[11:16]}",
        f"81.2.{n}.{60 + n}",
        email,
        first,
        last,
        "",
    ]
    _rows.append(meta + [p[f] for f, _ in SM_OPEN] + SM_MEASURES[n - 1] + [p[f] for f, _ in SM_LATER])
    q = dict(p, data_collection="; ".join(m for m in SM_MEASURES[n - 1] if m))
    attrs = {k: v for k, v in zip(SM_META, meta, strict=True) if v}
    _cases.append(
        expected_case(
            q, [f for f, _ in SM_OPEN if f != "title"] + ["data_collection"] + [f for f, _ in SM_LATER], attrs, n
        )
    )
write("surveymonkey.csv", csv_text(_rows), _cases, newline="\r\n")

# -- the awkward one: a question the template lacks, and two columns asking for the aims --

_rows = [
    ["ID", "Email", "Project name", "Aims", "Objectives", "Budget (total, in pounds)", "Key learning"],
    [
        "1",
        "a@example.org",
        "Tea and Talk",
        "Give carers a break.",
        "Run 40 sessions.",
        "£12,000",
        "Book the room early.",
    ],
]
EXPECTED_CLASH = {
    "cases": [
        {
            "title": "Tea and Talk",
            "fields": {"purpose": "Give carers a break.", "key_learning": "Book the room early."},
            "unplaced": ["Objectives", "Budget (total, in pounds)"],
            "attributes": {"ID": "1", "Email": "a@example.org"},
            "row": 1,
        }
    ]
}
(HERE / "clash.csv").write_text(csv_text(_rows), encoding="utf-8")
EXPECTED["clash.csv"] = EXPECTED_CLASH

(HERE / "expected.json").write_text(json.dumps(EXPECTED, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {len(EXPECTED)} exports and expected.json to {HERE}")
