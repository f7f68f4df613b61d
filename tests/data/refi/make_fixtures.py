"""Build the REFI-QDA fixtures in this folder: projects and codebooks in other tools' dialects.

No redistributable ``.qdpx`` written by another tool could be found (see README.md), so
these are built by hand from the documented shapes: QualCoder's REFI-QDA export as its
source code writes it, NVivo's and ATLAS.ti's as the REFI-QDA 1.5 standard and QualCoder's
import notes on their files describe them. Run ``python tests/data/refi/make_fixtures.py``
to write them again; the files are committed so a test never depends on this script.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
STAMP = (2024, 5, 14, 10, 30, 0)


def q(text: str) -> str:
    return quoteattr(text)


def zip_qdpx(path: Path, qde: str, sources: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("project.qde", STAMP), qde.encode("utf-8"))
        for name, data in sources.items():
            zf.writestr(zipfile.ZipInfo(f"sources/{name}", STAMP), data)


def span(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    """The code-point span of the ``nth`` occurrence of ``quote`` in ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(quote, at + 1)
    return at, at + len(quote)


# -- QualCoder ----------------------------------------------------------------------------------

QC_GREEN = """Green Minds: gardening for wellbeing

Overview
Green Minds runs weekly gardening sessions for adults with low mood in north Leeds.
Sessions are led by trained volunteers and a horticultural therapist.

Setting
An allotment site in Chapel Allerton, with the NHS talking therapies service and Café Verde 🌱.

Participants
Forty-two adults took part over two years, most referred by their GP.
Volunteers ran every session; six of them had been participants first.

Enablers and barriers
Volunteers kept the sessions going through two winters.
Winter weather cut attendance by half from November to February.
Funding from the council ended in March 2023.

Key learning
Peer support mattered more than the horticulture itself.
"""

QC_SONGS = """# Songs of the Estate

## Purpose

To reduce isolation among older residents of the Ordsall estate through weekly singing.

## Participants

Twenty-five residents aged 60 to 88 sang together each Thursday.
Volunteer drivers brought residents who could not walk to the community centre.

## Enablers and barriers

Volunteer drivers made attendance possible for the least mobile.
The choir leader's salary was paid for one year only.
"""

QC_INTERVIEW = """Interviewer: How did you first hear about the walking group?
Joan: My neighbour told me. I hadn't been out much since my husband died.
Interviewer: What kept you coming back?
Joan: The people, really. The volunteers remember your name and they ring if you miss a week.
Joan: In the winter we walked less, the paths got muddy and some of us stopped altogether.
"""

QC_USERS = {"9a6f3c10-2b1d-4e8a-9f0c-1d2e3f4a5b6c": "Priya Shah", "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f": "Tom Reid"}


def qualcoder() -> None:
    """QualCoder 3.6's export: file variables and a case, categories are non-codable codes, sub-codes nest inside codes, text files
    carry a UTF-8 byte order mark, a selection's name repeats its text, and the MAXQDA line-ending option
    writes CRLF while the positions still count LF line ends (as QualCoder stores them)."""
    priya, tom = list(QC_USERS)
    codes = {
        "delivery": "3f1e2d3c-4b5a-4697-8877-665544332211",
        "volunteers": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "drivers": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
        "funding": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
        "barriers": "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
        "weather": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        "peer": "6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c",
    }
    codebook = f"""<CodeBook>
<Codes>
<Code guid="{codes["peer"]}" name="Peer support" isCodable="true" color="#88CCFF">
<Description>Participants supporting one another, formally or not.</Description>
</Code>
<Code guid="{codes["delivery"]}" name="Delivery" isCodable="false">
<Description>How the project was run.</Description>
<Code guid="{codes["volunteers"]}" name="Volunteers" isCodable="true" color="#FF6600">
<Description>People giving their time unpaid.</Description>
<Code guid="{codes["drivers"]}" name="Volunteer drivers" isCodable="true" color="#FF9933" />
</Code>
<Code guid="{codes["funding"]}" name="Funding" isCodable="true" color="#AA0000">
<Description>Money: where it came from and when it ran out.</Description>
</Code>
</Code>
<Code guid="{codes["barriers"]}" name="Barriers" isCodable="false">
<Code guid="{codes["weather"]}" name="Weather" isCodable="true" color="#3366CC" />
</Code>
</Codes>
</CodeBook>
"""
    sources = {
        "green": ("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", "green-minds.txt", QC_GREEN, False),
        "songs": ("8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e", "songs-of-the-estate.md", QC_SONGS, True),
        "joan": ("9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f", "interview-joan.txt", QC_INTERVIEW, False),
    }
    selections = {
        "green": [
            ("Sessions are led by trained volunteers", ["volunteers"], priya, ""),
            ("Café Verde 🌱", ["peer"], priya, "The café is where people talk after the session."),
            ("six of them had been participants first", ["volunteers", "peer"], tom, ""),
            ("Volunteers kept the sessions going through two winters.", ["volunteers"], priya, ""),
            ("Winter weather cut attendance by half from November to February.", ["weather"], tom, ""),
            ("Funding from the council ended in March 2023.", ["funding"], priya, ""),
            ("Peer support mattered more than the horticulture itself.", ["peer"], tom, ""),
        ],
        "songs": [
            ("Volunteer drivers brought residents who could not walk", ["drivers"], priya, ""),
            ("Volunteer drivers made attendance possible for the least mobile.", ["drivers"], tom, ""),
            ("The choir leader's salary was paid for one year only.", ["funding"], priya, ""),
            # a selection that takes the heading line with it, as a quick drag in QualCoder does
            ("Participants\n\nTwenty-five residents aged 60 to 88", ["peer"], tom, ""),
        ],
        "joan": [
            ("The volunteers remember your name and they ring if you miss a week.", ["volunteers"], priya, ""),
            ("In the winter we walked less", ["weather"], priya, ""),
        ],
    }
    xml = ['<?xml version="1.0" encoding="utf-8"?>']
    xml.append(
        '<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'name="Arts and wellbeing interviews.qda" origin="QualCoder 3.6" '
        'creatingUserGUID="e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b" creationDateTime="2024-03-01T09:12:44Z" '
        'xmlns="urn:QDA-XML:project:1.0">'
    )
    xml.append("<Users>")
    xml += [f'<User guid="{g}" name={q(n)} />' for g, n in QC_USERS.items()]
    xml.append("</Users>")
    xml.append(codebook)
    region, size = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"
    xml.append(
        f'<Variables>\n<Variable guid="{region}" name="Region" typeOfVariable="Text" >\n<Description />\n</Variable>\n'
        f'<Variable guid="{size}" name="Participants" typeOfVariable="Float" >\n'
        "<Description>Number of people who took part</Description>\n</Variable>\n</Variables>"
    )
    xml.append('<Cases>\n<Case guid="aa0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f" name="Leeds">\n<Description />')
    xml.append(f'<SourceRef targetGUID="{sources["green"][0]}" />\n</Case>\n</Cases>')
    xml.append("<Sources>")
    files: dict[str, bytes] = {}
    n = 0
    annotation_guid = "bb1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f3a"
    for key, (guid, name, text, crlf) in sources.items():
        plain = f"{guid}.txt"
        written = text.replace("\n", "\r\n") if crlf else text
        files[plain] = b"\xef\xbb\xbf" + written.encode("utf-8")  # QualCoder writes utf-8-sig
        xml.append(
            f'<TextSource plainTextPath="internal://{plain}" creatingUser="{priya}" '
            f'creationDateTime="2024-03-01T09:20:00Z" guid="{guid}" name={q(name)}>'
        )
        if key == "joan":
            xml.append("<Description>Interview, March 2024, transcribed by Tom.</Description>")
        for quote, code_keys, user, memo in selections[key]:
            n += 1
            start, end = span(text, quote)
            xml.append(
                f'<PlainTextSelection guid="cc{n:06d}-0000-4000-8000-000000000000" startPosition="{start}" '
                f'endPosition="{end}" name={q(quote)} creatingUser="{user}" creationDateTime="2024-03-02T10:00:00Z">'
            )
            if memo:
                xml.append(f"<Description>{escape(memo)}</Description>")
            for c in code_keys:
                n += 1
                xml.append(f'<Coding guid="dd{n:06d}-0000-4000-8000-000000000000" creatingUser="{user}" >')
                xml.append(f'<CodeRef targetGUID="{codes[c]}" />\n</Coding>')
            xml.append("</PlainTextSelection>")
        if key == "green":
            xml.append(f'<NoteRef targetGUID="{annotation_guid}" />')
            xml.append(
                f'<VariableValue>\n<VariableRef targetGUID="{region}" />\n<TextValue>Yorkshire</TextValue>\n</VariableValue>'
            )
            xml.append(
                f'<VariableValue>\n<VariableRef targetGUID="{size}" />\n<FloatValue>42</FloatValue>\n</VariableValue>'
            )
        xml.append("</TextSource>")
    xml.append("</Sources>")
    journal_guid = "ee2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"
    files[f"{journal_guid}.txt"] = b"\xef\xbb\xbf" + b"Coding diary: volunteers come up in every source."
    ann_start, ann_end = span(QC_GREEN, "horticultural therapist")
    xml.append(
        f'<Notes>\n<Note guid="{journal_guid}" name="Coding diary" creatingUser="{priya}" '
        f'creationDateTime="2024-03-03T17:00:00Z" plainTextPath="internal://{journal_guid}.txt" >\n<Description />\n</Note>'
    )
    xml.append(
        f'<Note guid="{annotation_guid}" creatingUser="{tom}" creationDateTime="2024-03-02T11:00:00Z" name="Annotation">'
        f"\n<PlainTextContent>Ask who pays the therapist.</PlainTextContent>\n"
        f'<PlainTextSelection guid="ff0e1d2c-3b4a-4596-8877-665544332211" startPosition="{ann_start}" endPosition="{ann_end}" />'
        "\n</Note>\n</Notes>"
    )
    xml.append("<Description>Interviews and case study forms from three arts and wellbeing projects.</Description>")
    xml.append("</Project>")
    zip_qdpx(HERE / "qualcoder-dialect.qdpx", "\n".join(xml), files)


# -- NVivo -------------------------------------------------------------------------------------

NV_CLUB = """Case study: Open Book Reading Circles

1. Overview
Reading circles in six Sheffield libraries for people recovering from depression.

2. Setting
Six branch libraries across Sheffield, with the city's mental health trust.

3. Enablers and barriers
Library staff who knew the readers by name were the main enabler.
Some circles met in rooms with no step-free access.
Other: the bus strike in 2023 stopped two circles for a month.

4. Key learning
Choosing books together gave readers a say from the first week.
Other: short stories worked better than novels for new readers.
"""

NV_MUSEUM = """Museum Hands
Object handling sessions for people living with dementia and their carers, held at Weston Park Museum.
Carers said the sessions were the only outing they shared each week.
Funding came from a two-year lottery grant.
"""

NV_USERS = {
    "5D9B7A1C-2E3F-4A5B-8C6D-7E8F9A0B1C2D": ("JM", "Jo Marsh"),
    "6E0C8B2D-3F4A-4B5C-9D7E-8F9A0B1C2D3E": ("RK", "Ravi Kumar"),
}


def nvivo() -> None:
    """NVivo 14's shape: every node codable and nested (two children named "Other" under different parents),
    colours, GUIDs in upper case, sources with CRLF line ends and positions counting the CR (code points of
    the file as written), no text repeated in the selections, memos as notes whose text is a file in sources/."""
    jo, ravi = list(NV_USERS)
    g = {
        "enablers": "A1B2C3D4-E5F6-4789-8ABC-DEF012345601",
        "enablers_other": "A1B2C3D4-E5F6-4789-8ABC-DEF012345602",
        "staff": "A1B2C3D4-E5F6-4789-8ABC-DEF012345603",
        "barriers": "A1B2C3D4-E5F6-4789-8ABC-DEF012345604",
        "barriers_other": "A1B2C3D4-E5F6-4789-8ABC-DEF012345605",
        "access": "A1B2C3D4-E5F6-4789-8ABC-DEF012345606",
        "funding": "A1B2C3D4-E5F6-4789-8ABC-DEF012345607",
        "carers": "A1B2C3D4-E5F6-4789-8ABC-DEF012345608",
    }
    codebook = f"""  <CodeBook>
    <Codes>
      <Code guid="{g["enablers"]}" name="Enablers" isCodable="true" color="#33AA33">
        <Description>What helped the project run.</Description>
        <Code guid="{g["staff"]}" name="Staff who know people" isCodable="true" color="#55CC55" />
        <Code guid="{g["enablers_other"]}" name="Other" isCodable="true" color="#77DD77">
          <Description>Any other enabler.</Description>
        </Code>
      </Code>
      <Code guid="{g["barriers"]}" name="Barriers" isCodable="true" color="#CC3333">
        <Description>What got in the way.</Description>
        <Code guid="{g["access"]}" name="Access" isCodable="true" color="#DD5555" />
        <Code guid="{g["barriers_other"]}" name="Other" isCodable="true" color="#EE7777">
          <Description>Any other barrier.</Description>
        </Code>
      </Code>
      <Code guid="{g["funding"]}" name="Funding" isCodable="true" color="#999999" />
      <Code guid="{g["carers"]}" name="Carers" isCodable="true" color="#3366FF">
        <Description>Carers taking part alongside the person they care for.</Description>
      </Code>
    </Codes>
  </CodeBook>"""
    sources = {
        "club": ("B2C3D4E5-F6A7-4890-9BCD-EF0123456701", "Open Book Reading Circles", NV_CLUB),
        "museum": ("B2C3D4E5-F6A7-4890-9BCD-EF0123456702", "Museum Hands", NV_MUSEUM),
    }
    selections = {
        "club": [
            ("Library staff who knew the readers by name were the main enabler.", "staff", jo),
            ("Some circles met in rooms with no step-free access.", "access", ravi),
            ("Other: the bus strike in 2023 stopped two circles for a month.", "barriers_other", jo),
            ("Other: short stories worked better than novels for new readers.", "enablers_other", ravi),
            ("Choosing books together gave readers a say from the first week.", "enablers", jo),
        ],
        "museum": [
            ("Carers said the sessions were the only outing they shared each week.", "carers", ravi),
            ("Funding came from a two-year lottery grant.", "funding", jo),
        ],
    }
    xml = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<Project xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" '
        f'name="Reading and museums" origin="NVivo 14.23.2 (Windows)" creatingUserGUID="{jo}" '
        f'creationDateTime="2024-01-09T14:02:11Z" modifyingUserGUID="{ravi}" modifiedDateTime="2024-02-20T16:40:03Z" '
        'xmlns="urn:QDA-XML:project:1.0">',
        "  <Users>",
    ]
    xml += [f'    <User guid="{u}" id="{i}" name={q(n)} />' for u, (i, n) in NV_USERS.items()]
    xml.append("  </Users>")
    xml.append(codebook)
    xml.append("  <Sources>")
    files: dict[str, bytes] = {}
    n = 0
    memo_guid = "C3D4E5F6-A7B8-4901-8CDE-F01234567801"
    for key, (guid, name, text) in sources.items():
        raw = text.replace("\n", "\r\n")
        files[f"{guid}.txt"] = raw.encode("utf-8")
        xml.append(
            f'    <TextSource guid="{guid}" name={q(name)} richTextPath="internal://{guid}.docx" '
            f'plainTextPath="internal://{guid}.txt" creatingUser="{jo}" creationDateTime="2024-01-09T14:10:00Z">'
        )
        for quote, code, user in selections[key]:
            n += 1
            start, end = span(raw, quote)
            xml.append(
                f'      <PlainTextSelection guid="D4E5F6A7-B8C9-4012-9DEF-{n:012d}" name="" startPosition="{start}" '
                f'endPosition="{end}" creatingUser="{user}" creationDateTime="2024-01-10T09:00:00Z">'
            )
            xml.append(
                f'        <Coding guid="E5F6A7B8-C9D0-4123-8EF0-{n:012d}" creatingUser="{user}" '
                f'creationDateTime="2024-01-10T09:00:00Z">\n          <CodeRef targetGUID="{g[code]}" />\n        </Coding>'
            )
            xml.append("      </PlainTextSelection>")
        if key == "museum":
            xml.append(f'      <NoteRef targetGUID="{memo_guid}" />')
        xml.append("    </TextSource>")
    xml.append("  </Sources>")
    files[f"{memo_guid}.txt"] = b"Check the grant end date with the museum.\r\nAsk about carers' own wellbeing."
    xml.append(
        f'  <Notes>\n    <Note guid="{memo_guid}" name="Museum Hands memo" creatingUser="{ravi}" '
        f'creationDateTime="2024-01-11T12:00:00Z" plainTextPath="internal://{memo_guid}.txt" />\n  </Notes>'
    )
    xml.append(
        '  <Sets>\n    <Set guid="F6A7B8C9-D0E1-4234-9F01-234567890123" name="Sheffield projects">\n'
        + "".join(f'      <MemberSource targetGUID="{s[0]}" />\n' for s in sources.values())
        + "    </Set>\n  </Sets>"
    )
    xml.append("</Project>")
    zip_qdpx(HERE / "nvivo-dialect.qdpx", "\n".join(xml), files)


AT_WALK = """Step Together Walking Group

Purpose
Weekly walks for people who are lonely after a bereavement.

Participants
Around thirty walkers, most over seventy; two volunteer walk leaders.

Key learning
A walk leader who phones after a missed week keeps people coming.
"""

AT_USERS = {"088B08AC-D5CD-4ADB-8B71-B4F3459C177F": "Sam Okafor", "C32A2BD5-537F-4838-8B17-DF9EFBAFDF4B": "ATLAS.ti"}


def atlas() -> None:
    """ATLAS.ti 23's shape: a flat code list with colours, code groups as Sets of MemberCode, a quotation
    comment as a NoteRef inside its PlainTextSelection, the text inline as PlainTextContent, a user for the
    program itself, and a quotation coded with two codes."""
    sam = next(iter(AT_USERS))
    g = {
        "calls": "2D2466F0-D77F-4F8C-BDF9-628966B6B74D",
        "leaders": "086AC733-7B1C-4749-A138-D7182F63A5C9",
        "bereavement": "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6",
    }
    codes = "".join(
        f'      <Code guid="{guid}" name={q(name)} isCodable="true" color="{colour}" />\n'
        for guid, name, colour in (
            (g["calls"], "Keeping in touch", "#F5A623"),
            (g["leaders"], "Walk leaders", "#4A90E2"),
            (g["bereavement"], "Bereavement", "#9013FE"),
        )
    )
    source_guid = "7E1D2C3B-4A59-4687-9786-A5B4C3D2E1F0"
    comment_guid = "5B4A3928-1706-4F5E-8D3C-2B1A09F8E7D6"
    quotes = [
        ("people who are lonely after a bereavement", ["bereavement"]),
        ("two volunteer walk leaders", ["leaders"]),
        ("A walk leader who phones after a missed week keeps people coming.", ["calls", "leaders"]),
    ]
    selections = []
    for n, (quote, keys) in enumerate(quotes, 1):
        start, end = span(AT_WALK, quote)
        codings = "".join(
            f'        <Coding guid="6C5B4A39-2817-4E6F-9D4C-{n:04d}{i:08d}" creatingUser="{sam}">'
            f'<CodeRef targetGUID="{g[k]}" /></Coding>\n'
            for i, k in enumerate(keys)
        )
        note = f'        <NoteRef targetGUID="{comment_guid}" />\n' if n == 3 else ""
        selections.append(
            f'      <PlainTextSelection guid="3A2B1C0D-9E8F-4A7B-8C6D-{n:012d}" name={q(quote[:30])} '
            f'startPosition="{start}" endPosition="{end}" creatingUser="{sam}" creationDateTime="2023-08-16T15:50:00Z">\n'
            f"{codings}{note}      </PlainTextSelection>\n"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" '
        f'origin="ATLAS.ti for Windows 23.2.3.27778" name="walking-groups" creatingUserGUID="{sam}" '
        f'creationDateTime="2023-08-16T15:49:36Z" modifyingUserGUID="{sam}" modifiedDateTime="2023-08-16T15:50:33Z" '
        'xmlns="urn:QDA-XML:project:1.0">\n  <Users>\n'
        + "".join(f"    <User guid={q(u)} name={q(n)} />\n" for u, n in AT_USERS.items())
        + "  </Users>\n  <CodeBook>\n    <Codes>\n"
        + codes
        + "    </Codes>\n  </CodeBook>\n  <Sources>\n"
        f'    <TextSource guid="{source_guid}" name="Step Together.docx" creatingUser="{sam}" '
        'creationDateTime="2023-08-16T15:49:40Z">\n'
        f"      <PlainTextContent>{escape(AT_WALK)}</PlainTextContent>\n"
        + "".join(selections)
        + "    </TextSource>\n  </Sources>\n  <Notes>\n"
        f'    <Note guid="{comment_guid}" name="Comment on quotation 1:3" creatingUser="{sam}" '
        'creationDateTime="2023-08-16T15:50:20Z">\n'
        "      <PlainTextContent>The phone call is the project's real intervention.</PlainTextContent>\n"
        "    </Note>\n  </Notes>\n  <Sets>\n"
        '    <Set guid="8F7E6D5C-4B3A-4291-8F0E-1D2C3B4A5968" name="Code group: Delivery">\n'
        f'      <MemberCode targetGUID="{g["calls"]}" />\n      <MemberCode targetGUID="{g["leaders"]}" />\n'
        "    </Set>\n  </Sets>\n</Project>\n"
    )
    zip_qdpx(HERE / "atlas-dialect.qdpx", xml, {})


def codebooks() -> None:
    """An NVivo-style .qdc (two "Other" nodes), a Taguette codebook CSV and a QualCoder codebook CSV."""
    (HERE / "nvivo-codebook.qdc").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14.23.2 (Windows)">\n  <Codes>\n'
        '    <Code guid="1A2B3C4D-0000-4000-8000-000000000001" name="Enablers" isCodable="true" color="#33AA33">\n'
        "      <Description>What helped the project run.</Description>\n"
        '      <Code guid="1A2B3C4D-0000-4000-8000-000000000002" name="Volunteers" isCodable="true" color="#55CC55" />\n'
        '      <Code guid="1A2B3C4D-0000-4000-8000-000000000003" name="Other" isCodable="true" color="#77DD77">\n'
        "        <Description>Any other enabler.</Description>\n      </Code>\n    </Code>\n"
        '    <Code guid="1A2B3C4D-0000-4000-8000-000000000004" name="Barriers" isCodable="true" color="#CC3333">\n'
        '      <Code guid="1A2B3C4D-0000-4000-8000-000000000005" name="Other" isCodable="true" color="#EE7777">\n'
        "        <Description>Any other barrier.</Description>\n      </Code>\n    </Code>\n"
        "  </Codes>\n</CodeBook>\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["tag", "description", "number of highlights"])
    w.writerows(
        [
            ["volunteers", "People giving their time unpaid", "12"],
            ["funding", "Where the money came from, and when it ran out", "7"],
            ["isolation", "", "3"],
        ]
    )
    (HERE / "taguette-codebook.csv").write_text(out.getvalue(), encoding="utf-8")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerows(
        [
            ["Delivery>>Volunteers", "People giving their time unpaid"],
            ["Delivery>>Volunteers>>Volunteer drivers", ""],
            ["Delivery>>Funding", "Money"],
            ["Barriers>>Other", "Any other barrier"],
            ["Enablers>>Other", "Any other enabler"],
            ["Peer support", "Participants supporting one another"],
        ]
    )
    (HERE / "qualcoder-codebook.csv").write_text(out.getvalue(), encoding="utf-8-sig")


if __name__ == "__main__":
    qualcoder()
    nvivo()
    atlas()
    codebooks()
