"""The synthesis workbook: its sheets, what they hold, and that a person can read them."""

from __future__ import annotations

import pytest
from report_fixture import CASES, FIELDS, build_project

from synth.project import Project
from synth.report import write_report

SHEETS = [
    "Extraction matrix",
    "Summary matrix",
    "Themes",
    "General themes",
    "Framework matrix",
    "Theme x heading",
    "Codings",
    "Trail",
]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    from openpyxl import load_workbook

    built = build_project(tmp_path_factory.mktemp("xlsx"))
    with Project.open(built.path) as p:
        path = write_report(p, "xlsx", tmp_path_factory.mktemp("out") / "synthesis.xlsx")
        events = p.trail.count()
    return load_workbook(path), events


def rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]


def test_sheets_in_order(workbook) -> None:
    wb, _ = workbook
    assert wb.sheetnames == SHEETS


def test_extraction_matrix_holds_the_raw_answers(workbook) -> None:
    wb, _ = workbook
    headings = ["Overview", "Setting", "Participants", "Enablers and barriers", "Key learning"]
    got = {r["Case study"]: r for r in rows(wb["Extraction matrix"])}
    assert set(got) == set(CASES)
    for title, answers in CASES.items():
        for f, h in zip(FIELDS, headings, strict=True):
            assert got[title][h] == answers[f]


def test_summary_matrix_marks_machine_drafts(workbook) -> None:
    wb, _ = workbook
    got = {r["Case study"]: r for r in rows(wb["Summary matrix"])}
    assert got["Open Studio"]["Participants"] == CASES["Open Studio"]["participants"]
    assert got["Open Studio"]["Participants (status)"] == "accepted"
    assert got["Open Studio"]["Enablers and barriers (status)"] == "accepted, machine draft not reviewed"
    assert got["Open Studio"]["Overview"] is None


def test_themes_general_themes_and_codings(workbook) -> None:
    wb, _ = workbook
    themes = {r["Theme"]: r for r in rows(wb["Themes"])}
    assert themes["Short-term funding"]["Projects"] == "Open Studio; Songs of the Estate"
    assert themes["Short-term funding"]["Definition"] == "Funding that ends before change can show."
    assert "“Funding ended” — Songs of the Estate" in themes["Short-term funding"]["Quotes"]
    assert themes["Volunteer effort"]["Reviewed"] == "no" and themes["Volunteers"]["Reviewed"] == "yes"
    generals = {r["General theme"]: r for r in rows(wb["General themes"])}
    assert (
        generals["Volunteering"]["Member themes"]
        == "Volunteer effort (Enablers and barriers)\nVolunteers (Participants)"
    )
    assert generals["Volunteering"]["Projects (n)"] == 2
    codings = rows(wb["Codings"])
    assert len(codings) == 8
    peer = next(r for r in codings if r["Text"] == "Peer support")
    assert (peer["Case study"], peer["Heading"], peer["Target"], peer["Start"], peer["End"]) == (
        "Green Minds",
        "Key learning",
        "answer",
        0,
        12,
    )


def test_trail_sheet_has_every_event(workbook) -> None:
    wb, events = workbook
    trail = rows(wb["Trail"])
    assert [r["Seq"] for r in trail] == list(range(1, events + 1))
    assert trail[0]["Kind"] == "project.created" and len(trail[-1]["Hash"]) == 64


def test_sheets_are_readable_frozen_wrapped_and_sized(workbook) -> None:
    wb, _ = workbook
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("B2", "C2"), ws.title
        assert ws["A1"].font.b
        widths = [ws.column_dimensions[c].width for c in "ABC" if ws.max_column >= "ABC".index(c) + 1]
        assert all(8 <= w <= 60 for w in widths), (ws.title, widths)
        if ws.max_row > 1:
            assert ws.cell(2, 1).alignment.wrap_text
    assert 40 <= wb["Themes"].column_dimensions["F"].width <= 60  # quotes get a wide, capped column
    assert wb["Trail"].column_dimensions["H"].width == 60  # long payloads are capped, and wrap


def test_long_trail_payloads_are_cut_with_a_note() -> None:
    from synth.report.xlsx import PAYLOAD_LIMIT, payload_text
    from synth.trail import canonical_json

    short = {"case": {"id": "a", "text": "x" * 50}}
    assert payload_text(short) == canonical_json(short)
    long = {"case": {"id": "a", "text": "y" * (PAYLOAD_LIMIT * 3)}}
    cut = payload_text(long)
    assert cut.startswith(canonical_json(long)[:PAYLOAD_LIMIT])
    assert len(cut) < PAYLOAD_LIMIT + 120 and "synth trail export" in cut and f"{len(canonical_json(long)):,}" in cut


@pytest.mark.parametrize(
    ("value", "xml"), [(None, ""), ("", ""), (3, "<v>3</v>"), (2.5, "<v>2.5</v>"), (float("nan"), "")]
)
def test_cells_keep_numbers_and_drop_empties(value, xml) -> None:
    from synth.report.xlsx import WRAP, WRAP_INERT, _cell

    got = _cell("B2", value, WRAP, WRAP_INERT)
    assert (xml in got) if xml else got == ""


def test_yes_no_for_booleans_numpy_or_not() -> None:
    import numpy as np

    from synth.report.xlsx import WRAP, WRAP_INERT, _cell

    for value, word in ((True, "yes"), (np.bool_(False), "no"), (np.int64(4), None)):
        got = _cell("A2", value, WRAP, WRAP_INERT)
        assert (f">{word}</t>" in got) if word else "<v>4</v>" in got, (value, got)


@pytest.mark.parametrize(
    ("text", "style"),
    [("plain", 2), ("=1+1", 3), (" +cmd", 3), ("-2", 3), ("@SUM(A1)", 3), ("\uff1dA1", 3), ("a=b", 2)],
)
def test_text_cells_are_inline_strings_and_formula_like_text_is_inert(text, style) -> None:
    from synth.report.xlsx import WRAP, WRAP_INERT, _cell

    got = _cell("C9", text + "<&>\x01\r", WRAP, WRAP_INERT)
    assert got.startswith(f'<c r="C9" s="{style}" t="inlineStr">') and "<f>" not in got
    assert "&lt;&amp;&gt;&#13;</t>" in got and "\x01" not in got


def test_column_widths_come_from_a_sample_and_stay_readable() -> None:
    import pandas as pd

    from synth.report.xlsx import column_widths

    frame = pd.DataFrame({"Seq": list(range(5000)), "Text": ["word " * 40] * 5000, "Kind": ["theme.created"] * 5000})
    assert column_widths(frame) == [8, 60, 15]
