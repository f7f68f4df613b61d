"""Write the binary forms of the demo corpus (three Word documents and one Microsoft Forms export).

The text of these case studies lives here, so the .docx and .xlsx files in ``casestudies/`` can be
rebuilt and reviewed as text. Each document carries a different kind of real-world mess (heading
styles, bold paragraphs used as headings, full question texts as headings, a Forms export with
metadata columns and a blank answer); ``casestudies/README.md`` lists them.

Run: ``python bench/corpus/make_demo_binaries.py [--out casestudies]``. Output is deterministic
apart from the zip timestamps python-docx/openpyxl write; document properties are pinned.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXED_TIME = dt.datetime(2024, 3, 1, 9, 0, 0)

# --------------------------------------------------------------------------------------------
# Museum Hands: Word document, headings in Heading 1 / Heading 2 styles.
# --------------------------------------------------------------------------------------------
MUSEUM_HANDS_TITLE = "Museum Hands"
MUSEUM_HANDS = [
    (
        "Overview",
        "Museum Hands is a heritage volunteering programme at a city museum in Liverpool. It offers people who "
        "are new to the city, out of work or recovering from illness structured volunteer roles behind the "
        "scenes and in the galleries: cleaning and cataloguing objects, welcoming visitors and telling stories "
        "from the collections. Since 2019, 118 volunteers have taken part; most report greater confidence and "
        "new skills, and a quarter have moved into work or study.",
    ),
    (
        "Setting",
        "The programme is based at a large city museum on Liverpool's waterfront and its collections store in "
        "Bootle. It is run by the museum's learning and volunteering team with three partners: a refugee "
        "support charity, the city's adult learning service and the local recovery college. The University of "
        "Liverpool's Institute of Cultural Capital acted as evaluation partner.",
    ),
    (
        "Aims and objectives",
        "Museum Hands set out to build volunteers' confidence, skills and employability through meaningful "
        "roles in a heritage setting. It also aimed to help people from communities that rarely visit museums "
        "to see the collections as their own, and to bring new stories and identities into the way the museum "
        "interprets the history of the port city.",
    ),
    (
        "Description",
        "Volunteers join in cohorts of twelve for a six-month placement of one day a week. They start with a "
        "four-week induction on object handling, the history of the collections and customer care, and then "
        "choose a role: collections care in the store, gallery host, or family learning assistant. Each "
        "volunteer has an experienced volunteer buddy. The placement ends with a certificate, a reference and "
        "a celebration event, and many volunteers stay on.",
    ),
    (
        "Methodology",
        "The programme takes an asset-based approach: it starts from what volunteers bring (languages, craft "
        "skills, knowledge of other places and histories) rather than from what they lack. Its design builds "
        "on a two-year pilot with a refugee support charity, which showed that structured roles and buddying "
        "kept volunteers engaged far better than ad hoc placements, and on the museum sector's evidence that "
        "heritage volunteering improves wellbeing.",
    ),
    (
        "Participants",
        "118 volunteers aged 18 to 71 (median 34) took part across ten cohorts; 55% were women. 40% were "
        "refugees or people seeking asylum, and volunteers spoke 27 languages between them. Others were long-"
        "term unemployed or in recovery from mental ill health. 22 experienced museum volunteers acted as "
        "buddies.",
    ),
    (
        "Data collection",
        "Volunteers completed the ONS4 personal wellbeing questions and a confidence and skills self-assessment "
        "at the start and end of each placement. The university's researchers carried out interviews with 25 "
        "volunteers and 8 staff, and followed up volunteers six months later to record their destinations.",
    ),
    (
        "Impact",
        "- 82% of volunteers said their confidence had increased; several described speaking English in public "
        "for the first time while hosting a gallery.\n"
        "- All volunteers gained new skills in object handling, customer service and teamwork, and 46 gained "
        "an accredited heritage volunteering qualification.\n"
        "- ONS4 life satisfaction rose from 5.2 to 6.9 on average.\n"
        "- 29 volunteers moved into paid work or further study within six months.",
    ),
    (
        "Lived experience",
        "Former volunteers with refugee backgrounds co-wrote the induction sessions and now deliver part of it. "
        "A volunteer forum meets each quarter with the museum's managers.",
    ),
    (
        "Community research",
        "Four volunteers were trained to carry out some of the follow-up interviews in Arabic, Farsi and Tigrinya.",
    ),
    (
        "Enablers and barriers",
        "The experienced volunteer buddies were the main enabler: they made newcomers feel welcome and taught "
        "much of the practical work, freeing staff time. Barriers were the cost of travel to the collections "
        "store for volunteers on low incomes, which the project refunded, and the Home Office rules and "
        "appointments that sometimes interrupted placements for people seeking asylum.",
    ),
    (
        "Key learning",
        "Matching roles to people's interests and skills matters more than filling the museum's gaps. Paying "
        "travel expenses up front, not in arrears, removed a real barrier. The celebration events and "
        "certificates were valued far more than we expected.",
    ),
    (
        "Next steps",
        "The museum has mainstreamed Museum Hands into its volunteering programme, and volunteer buddies will "
        "increasingly lead the cohorts, supported by one member of staff. We have written a toolkit and will "
        "train staff at four other North West museums to run similar schemes.",
    ),
    (
        "Further information",
        "Evaluation report (Institute of Cultural Capital, 2023) and toolkit: www.waterfrontmuseum.org.uk/museum-hands",
    ),
]

# --------------------------------------------------------------------------------------------
# Dancing Years: Word document, bold Normal paragraphs used as headings (no heading styles).
# --------------------------------------------------------------------------------------------
DANCING_YEARS_TITLE = "Dancing Years"
DANCING_YEARS = [
    (
        "Project summary",
        "Dancing Years offers weekly dance sessions for older people in Stockport, led by professional dance "
        "artists. Sessions blend seated and standing movement, music from across the decades and time to "
        "chat. Over two years 204 people took part in eight community venues; they report better mobility, "
        "higher wellbeing and new friendships.",
    ),
    (
        "Setting",
        "Eight community venues across Stockport, Greater Manchester: church halls, a library, two sheltered "
        "housing schemes and a leisure centre studio. The programme is run by Moving Stockport (a community "
        "dance company) in partnership with the borough's falls prevention service, Age UK Stockport, the "
        "local social prescribing team and the NHS community therapy teams.",
    ),
    (
        "Purpose",
        "The programme aimed to help older people stay physically active, improving strength, balance and "
        "mobility to reduce the risk of falls, and to tackle loneliness by bringing people together in a "
        "sociable, joyful setting.",
    ),
    (
        "Description",
        "Each 75-minute session starts seated, builds to standing work for those who are able, and ends with "
        "tea and conversation. Music is chosen by participants, from big band to Motown. Groups run all year "
        "in ten-week terms, and each term ends with a sharing for friends and family. Carers are welcome to "
        "dance alongside the person they care for.",
    ),
    (
        "Approach",
        "Dance combines physical activity with creativity and social contact. The evidence on dance for older "
        "people, summarised in the Creative Health report and the WHO review of the arts and health, shows "
        "benefits for balance, mood and cognition. We also used the Five Ways to Wellbeing to shape each "
        "session: be active, connect, keep learning and take notice.",
    ),
    (
        "Participants",
        "204 people took part, aged 62 to 97 (average 79), 81% women. 46% lived alone. About a third were "
        "referred by GPs, falls clinics, physiotherapists or social prescribing link workers; the rest heard "
        "through Age UK, friends or posters. 23 family carers also joined sessions with the person they care "
        "for.",
    ),
    (
        "Data collection",
        "Participants completed the short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) and a simple "
        "balance test (timed up and go) at the start and after 20 weeks. Dance artists kept attendance "
        "registers and session notes.",
    ),
    (
        "Outcomes",
        "- Average SWEMWBS scores rose from 21.4 to 24.0 among 118 participants with paired data.\n"
        "- Timed up and go scores improved for 68%, and participants described feeling steadier on their feet "
        "and more mobile around the house.\n"
        "- 91% said they had made new friends; many groups now meet for lunch after the session, and several "
        "participants said the class was the only time they left the house that week.",
    ),
    (
        "Co-production",
        "Participants choose the music, name their groups and decide the content of each term's sharing.",
    ),
    (
        "Community research",
        "None this time. We would like participants to help design the next evaluation.",
    ),
    (
        "Barriers and enablers",
        "The partnership with the falls service, link workers and NHS therapy teams gave us steady referrals "
        "and advice on safe practice. Venues that were warm, step-free and close to home, with parking and "
        "toilets, made a big difference. Transport was the main barrier: many participants no longer drive, "
        "bus routes have been cut, and community transport is expensive.",
    ),
    (
        "Lessons learned",
        "A flexible format that allows people to join at any time, dance seated or standing and miss weeks "
        "without losing their place suits older people whose health goes up and down. Dance artists need "
        "skills in working with frailty and dementia as well as in dance; our best sessions were led by "
        "artists who could adapt on the spot.",
    ),
    (
        "Next steps",
        "We are working with the NHS falls prevention service to embed Dancing Years in its care pathway, so "
        "that people leaving strength and balance classes can move straight into dance. We plan to expand to "
        "four more venues in the east of the borough.",
    ),
    (
        "Further information",
        "www.movingstockport.org.uk/dancing-years",
    ),
]

# --------------------------------------------------------------------------------------------
# Memory Lane Archive Project: Word document, full question texts as headings (Heading 2).
# --------------------------------------------------------------------------------------------
MEMORY_LANE_TITLE = "Memory Lane Archive Project"
MEMORY_LANE = [
    (
        "1. Please give a short summary of your case study.",
        "The Memory Lane Archive Project brings older people together in North Tyneside to share memories of "
        "shipbuilding, fishing and everyday life, using photographs, films and objects from the borough's "
        "archive. Groups meet in libraries and care homes, and their recorded stories have become a new "
        "community archive and an exhibition.",
    ),
    (
        "2. Where did the project take place, and which organisations were involved?",
        "North Tyneside: Wallsend, North Shields and Whitley Bay. The project was led by the borough's archives "
        "and local studies service with Tyneside Reminiscence Network (a charity), four libraries, three care "
        "homes and the local carers' centre.",
    ),
    (
        "3. What were the aims, goals and objectives of the project?",
        "To reduce isolation among older people, including people living with dementia, by offering sociable "
        "reminiscence groups; and to capture and celebrate the area's heritage and working history in "
        "people's own words before these memories are lost.",
    ),
    (
        "4. What is the project and what does it do?",
        "Weekly reminiscence sessions of an hour and a half are led by a facilitator and trained volunteers. "
        "Each week has a theme (the shipyards, the coast, school days, the Coronation) and starts from "
        "archive photographs, film clips or handling objects. With consent, conversations are recorded, and "
        "volunteers transcribe and catalogue them. A travelling exhibition and an online archive share the "
        "stories.",
    ),
    (
        "5. Why did you take this approach, and what is its evidence base?",
        "Reminiscence work is well established in dementia care and in work with older people. The project "
        "builds on a previous pilot in two libraries, which showed that archive material prompts rich "
        "conversation. It was co-produced: a planning group of older residents, carers and volunteers chose "
        "the themes, helped select archive material and agreed how stories would be shared.",
    ),
    (
        "6. Who took part? Give demographics and numbers.",
        "163 older people took part, aged 65 to 98 (average 81), 62% women. Around 40 were living with "
        "dementia and many lived alone. 37 family carers attended with the person they care for, and 28 "
        "volunteers, several of them retired teachers and former shipyard workers, were trained as "
        "facilitators and transcribers.",
    ),
    (
        "7. What data was collected, and by whom?",
        "Volunteers, trained as peer researchers, ran short focus groups at the end of each ten-week block. "
        "The archive team conducted interviews with carers and care home staff. Attendance was recorded by "
        "the facilitators.",
    ),
    (
        "8. What measurable impact did you record? List the outcomes.",
        "- 86% of participants said the group helped them feel less lonely, and carers described the sessions "
        "as a rare chance to meet others in the same situation.\n"
        "- Participants formed new friendships; two groups continued to meet independently after the project.\n"
        "- 412 recorded memories were added to the borough archive.\n"
        "- Care home staff said residents living with dementia were more talkative and settled on group days.",
    ),
    (
        "9. How did people with lived experience shape the project?",
        "The planning group included people living with dementia and carers; they shaped the themes, the pace "
        "of sessions and the consent process.",
    ),
    (
        "10. How did community members take part in the research?",
        "Volunteer peer researchers ran the focus groups and helped analyse them, and participants approved "
        "how their stories were catalogued.",
    ),
    (
        "11. What factors supported or prevented delivery?",
        "Trained volunteers made the project possible: they facilitated, transcribed and gave people lifts. "
        "Libraries provided warm, familiar and accessible venues in the heart of each town. The main barrier "
        "was getting people living with dementia to the sessions when carers were unwell.",
    ),
    (
        "12. What did you learn about delivery, challenges and successes?",
        "Co-production takes time: the planning group needed several meetings before members felt confident "
        "to shape the work, and it paid off. Consent needs care and repeating when people are living with "
        "dementia.",
    ),
    (
        "13. How will the project be sustained or continued?",
        "Volunteers will run the groups in the four libraries with support from the archive team, and we have "
        "produced a toolkit and training for other archives and libraries who want to start reminiscence "
        "groups.",
    ),
    (
        "14. Where can readers find more?",
        "www.northtyneside.gov.uk/archives/memory-lane; Tyneside Reminiscence Network.",
    ),
]

# --------------------------------------------------------------------------------------------
# Microsoft Forms export: two case studies as rows.
# --------------------------------------------------------------------------------------------
FORMS_QUESTIONS = [
    ("overview", "1. Overview: please give a short summary of your case study."),
    ("setting", "2. Setting: where did the project take place, and which organisations were involved?"),
    ("purpose", "3. Purpose: what were the aims, goals and objectives of the project?"),
    ("description", "4. Description: what is the project and what does it do?"),
    ("methodology", "5. Methodology: why did you take this approach, and what is its evidence base?"),
    ("participants", "6. Participants: who took part? Give demographics and numbers."),
    ("data_collection", "7. Data collection: what data was collected, and by whom?"),
    ("impact", "8. Impact and outcomes: what measurable impact did you record? List the outcomes."),
    ("lived_experience", "9. Lived experience: how did people with lived experience shape the project?"),
    ("community_research", "10. Community research: how did community members take part in the research?"),
    ("enablers_barriers", "11. Enablers and barriers: what factors supported or prevented delivery?"),
    ("key_learning", "12. Key learning: what did you learn about delivery, challenges and successes?"),
    ("next_steps", "13. Next steps: how will the project be sustained or continued?"),
    ("further_information", "14. Further information: where can readers find more?"),
]

VALLEY_CONNECT = {
    "title": "Valley Connect Social Prescribing",
    "meta": (
        1,
        dt.datetime(2024, 3, 4, 10, 2, 11),
        dt.datetime(2024, 3, 4, 10, 41, 57),
        "j.hartley@valleyconnect.org.uk",
        "Jo Hartley",
    ),
    "overview": "Valley Connect is a social prescribing service in the Dearne valley, South Yorkshire. Five link "
    "workers based in GP surgeries spend time with patients whose health is affected by loneliness, debt, "
    "housing or low mood, agree what matters to them, and connect them to community groups and services. In "
    "2022-23 the service supported 1,140 people.",
    "setting": "The former coalfield communities of the Dearne valley, between Barnsley and Rotherham: small "
    "towns and villages with high levels of deprivation and long-term illness. Hosted by Dearne Community "
    "Partnership (a charity) and funded through the primary care network, with the borough council, the "
    "voluntary sector infrastructure body and more than 60 local community groups.",
    "purpose": "To improve the wellbeing of people whose needs are social rather than medical; to reduce "
    "loneliness and help people build connections in their community; and to reduce pressure on general "
    "practice by cutting repeat GP appointments for non-medical problems.",
    "description": "GPs, nurses and other practice staff refer patients to a link worker, who offers up to "
    "six sessions (face to face, at home or by phone). Together they make a plan based on what matters to the "
    "person, and the link worker introduces them to groups such as walking groups, choirs, lunch clubs, "
    "debt advice and volunteering. People can also drop in to weekly community cafés run with local groups.",
    "methodology": "Valley Connect follows the NHS England social prescribing model, with link workers in "
    "primary care and a personalised care approach. It is also asset-based: link workers map and support the "
    "community groups that already exist, and a small grants fund helps groups take on new members.",
    "participants": "1,140 people were referred in the year, aged 18 to 96 (median 58), 63% women. Referrals "
    "came from GPs (54%), practice nurses and other practice staff. The most common reasons were "
    "loneliness, anxiety and depression, money worries and long-term conditions. Most lived in neighbourhoods "
    "in the most deprived 20% nationally.",
    "data_collection": "Link workers recorded WEMWBS at the first and last session, along with referral and "
    "contact data in the case management system. An evaluator from Sheffield Hallam University ran "
    "interviews with 30 patients and 12 GPs and analysed GP appointment data for a sample of patients.",
    "impact": "- WEMWBS scores rose by an average of 7.3 points among 612 people with paired scores.\n"
    "- GP appointments fell by 24% in the six months after referral for the sample analysed, and A&E "
    "attendances also fell.\n"
    "- An SROI analysis estimated £2.90 of social value for each £1 spent.\n"
    "- 71% of people were connected to at least one community group.",
    "lived_experience": "A patient panel helped design the referral form and the welcome leaflet.",
    "community_research": "Community groups took part in the asset mapping, but patients were not involved as "
    "researchers.",
    "enablers_barriers": "Being based in the surgeries and having strong relationships with GPs and practice "
    "teams was the key enabler; GP champions kept referrals flowing. Barriers: poor rural bus links between "
    "villages, so people could not get to groups; short-term funding for community groups, several of which "
    "closed during the year; and link worker caseloads that were too high, with two of five posts turning "
    "over in the year.",
    "key_learning": "Relationships with referrers need constant attention: we now attend practice meetings "
    "every quarter. Drop-in community cafés reached people who would not keep a booked appointment. We "
    "need a consistent outcome measure used by every link worker, and better data sharing with practices.",
    "next_steps": "We are seeking a longer-term contract, as funding is currently year to year. We are working "
    "with the integrated care board to embed social prescribing in NHS pathways for frailty and mental "
    "health.",
    "further_information": "www.dearnecommunitypartnership.org.uk/valley-connect; evaluation report 2023.",
}

OPEN_BOOK = {
    "title": "Open Book Reading Circles",
    "meta": (
        2,
        dt.datetime(2024, 3, 11, 14, 20, 5),
        dt.datetime(2024, 3, 11, 15, 3, 48),
        "readingcircles@kernowlibraries.org",
        "Sam Trewin",
    ),
    "overview": "Open Book runs shared reading circles in eleven libraries across Cornwall. A trained volunteer "
    "reads a short story and a poem aloud, and the group talks about them over tea. In two years, 260 "
    "people joined a circle, and many told us it had given them company, conversation and something to look "
    "forward to.",
    "setting": "Eleven town and village libraries in Cornwall, from Bude to Penzance, many in rural or coastal "
    "communities. Run by the county library service with a shared reading charity, Age UK Cornwall and "
    "volunteer centres.",
    "purpose": "To reduce loneliness among people who are isolated, especially older people, by offering a "
    "friendly weekly group; and to support good mental wellbeing through literature and conversation.",
    "description": "Circles of 6 to 12 people meet weekly for 90 minutes. Nobody needs to read in advance or "
    "read aloud. Volunteers choose texts from an anthology prepared with the charity, and each session has a "
    "tea break. Circles are open to anyone, and new members can drop in at any time. Circles run in the "
    "daytime, with one evening circle in Truro for people in work, and two circles meet in care homes. Leaders "
    "meet every month for a reflective supervision session with the charity's trainer, and members receive a "
    "small printed booklet of the term's poems to take home.",
    "methodology": "Shared reading has been developed over twenty years and evaluated in mental health, "
    "dementia and community settings. Our approach builds on a pilot in three libraries in 2019, uses "
    "libraries as trusted community assets, and is peer-led: volunteer readers who were once members "
    "themselves support new members.",
    "participants": "260 members, aged 24 to 96 (average 71), 70% women; 48% lived alone. Many were recently "
    "bereaved, had moved to Cornwall to retire and knew few people, or were caring for a partner. 41 volunteers "
    "were trained as reading circle leaders, mostly retired people and former members.",
    "data_collection": "Volunteer leaders kept attendance registers. Members completed the ONS4 questions "
    "when joining and after six months. Library staff ran two focus groups each year.",
    "impact": "Members said the circles reduced isolation: 83% felt less lonely, and many formed friendships "
    "that continued outside the library. ONS4 scores for life satisfaction and happiness rose modestly. "
    "Attendance was high, with 78% of members coming at least three times a month.",
    "lived_experience": "Members helped choose the texts and suggested an evening circle for people in work.",
    "community_research": "",
    "enablers_barriers": "Our trained volunteers are the heart of the scheme and kept circles running through "
    "staff cuts. Libraries are welcoming, accessible venues that people already trust, with step-free access "
    "and toilets. Barriers were reduced library opening hours, which forced some circles to move days, and "
    "rural transport: in villages with one bus a day, members without a car struggled to attend, and winter "
    "made it worse.",
    "key_learning": "Drop-in, no-commitment circles work better than closed courses for isolated people. The "
    "tea break and time to chat matter as much as the reading. Volunteer leaders need ongoing support, not "
    "just initial training: the monthly supervision sessions were the main reason leaders stayed with us.",
    "next_steps": "Circles will be sustained by volunteer leaders, with the library service providing training "
    "and books. We plan to expand to six more libraries and two care homes.",
    "further_information": "",
}


def _docx_core(doc, title: str) -> None:
    props = doc.core_properties
    props.title = title
    props.author = "synth demo corpus"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_modified_by = "synth demo corpus"
    props.revision = 1


def _add_answer(doc, text: str) -> None:
    for para in text.split("\n"):
        if para.startswith("- "):
            doc.add_paragraph(para[2:], style="List Bullet")
        else:
            doc.add_paragraph(para)


def write_heading_styles(path: Path) -> None:
    """Museum Hands: a Title paragraph, then Heading 1 per section."""
    import docx

    doc = docx.Document()
    _docx_core(doc, MUSEUM_HANDS_TITLE)
    doc.add_heading(MUSEUM_HANDS_TITLE, level=0)
    for heading, answer in MUSEUM_HANDS:
        doc.add_heading(heading, level=1)
        _add_answer(doc, answer)
    doc.save(path)


def write_bold_paragraphs(path: Path) -> None:
    """Dancing Years: no heading styles at all; the title and every heading are bold Normal paragraphs."""
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    _docx_core(doc, DANCING_YEARS_TITLE)
    run = doc.add_paragraph().add_run(DANCING_YEARS_TITLE)
    run.bold = True
    run.font.size = Pt(16)
    for heading, answer in DANCING_YEARS:
        doc.add_paragraph().add_run(heading).bold = True
        _add_answer(doc, answer)
    doc.save(path)


def write_question_headings(path: Path) -> None:
    """Memory Lane: a Title paragraph, an intro line, then the full question text of each field as Heading 2."""
    import docx

    doc = docx.Document()
    _docx_core(doc, MEMORY_LANE_TITLE)
    doc.add_heading(MEMORY_LANE_TITLE, level=0)
    for heading, answer in MEMORY_LANE:
        doc.add_heading(heading, level=2)
        _add_answer(doc, answer)
    doc.save(path)


def write_forms_export(path: Path) -> None:
    """A Microsoft Forms style export: metadata columns, a project name column, one column per question."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Project name"]
    header += [question for _, question in FORMS_QUESTIONS]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for case in (VALLEY_CONNECT, OPEN_BOOK):
        row = list(case["meta"]) + [case["title"]] + [case[fid] or None for fid, _ in FORMS_QUESTIONS]
        ws.append(row)
    wb.properties.creator = "Microsoft Forms"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "casestudies", help="folder to write into")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_heading_styles(out / "museum-hands.docx")
    write_bold_paragraphs(out / "dancing-years.docx")
    write_question_headings(out / "memory-lane-archive-project.docx")
    write_forms_export(out / "forms-export-2024.xlsx")
    for name in (
        "museum-hands.docx",
        "dancing-years.docx",
        "memory-lane-archive-project.docx",
        "forms-export-2024.xlsx",
    ):
        print(out / name)


if __name__ == "__main__":
    main()
