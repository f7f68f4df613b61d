"""The synthesis workbook: its sheets, what they hold, and that a person can read them."""

from __future__ import annotations

import pytest
from report_fixture import CASES, FIELDS, build_project

from synth.project import Project
from synth.report import write_report

SHEETS = [
    "About this workbook",
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


def test_trail_sheet_summarises_the_trail_by_kind_and_analyst(workbook) -> None:
    wb, events = workbook
    trail = rows(wb["Trail"])
    total = trail[-1]
    assert total["Kind"] == "All events" and total["Events"] == events
    assert "synth trail PROJECT export" in total["What it records"]
    assert sum(r["Events"] for r in trail[:-1]) == events
    assert trail[0]["Kind"] == "project.created" and trail[0]["Events"] == 1
    assert trail[0]["First (UTC)"] == total["First (UTC)"] <= total["Last (UTC)"]
    assert len({(r["Kind"], r["Analyst"]) for r in trail[:-1]}) == len(trail) - 1  # one row per kind and analyst
    themes = next(r for r in trail if r["Kind"] == "theme.created")
    assert (
        themes["What it records"].startswith("a theme of one heading") and themes["First (UTC)"] <= themes["Last (UTC)"]
    )


WRAPPED = {
    "Extraction matrix": ["Overview", "Key learning"],
    "Themes": ["Quotes"],
    "General themes": ["Member themes"],
}
ONE_LINE = {"Extraction matrix": ["Case id"], "Trail": ["Kind", "Events"], "Codings": ["Start", "Coding id"]}


def test_sheets_are_readable_frozen_wrapped_and_sized(workbook) -> None:
    wb, _ = workbook
    for ws in wb.worksheets[1:]:  # the front sheet is prose, not a table
        assert ws.freeze_panes in ("B2", "C2"), ws.title
        assert all(c.font.b and c.alignment.wrap_text for c in ws[1]), ws.title
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", ws.title
        widths = [ws.column_dimensions[c].width for c in "ABC" if ws.max_column >= "ABC".index(c) + 1]
        assert all(8 <= w <= 60 for w in widths), (ws.title, widths)
    for wraps, sheets in ((True, WRAPPED), (False, ONE_LINE)):  # long text wraps, ids and counts stay one line
        for title, columns in sheets.items():
            ws = wb[title]
            header = [c.value for c in ws[1]]
            for column in columns:
                j = header.index(column) + 1
                width = ws.column_dimensions[ws.cell(1, j).column_letter].width
                cells = [r[0] for r in ws.iter_rows(min_row=2, min_col=j, max_col=j) if r[0].value]
                long = [bool("\n" in str(c.value) or len(str(c.value)) > width - 2) for c in cells]
                assert any(long) if wraps else cells, (title, column)
                tall = [ws.row_dimensions[c.row].height is not None for c in cells]
                for cell, too_long, in_tall_row in zip(cells, long, tall, strict=True):
                    # text that fits its column needs no wrap; in a row made tall by another cell it sits at the top
                    assert bool(cell.alignment.wrap_text) is (wraps and too_long), (title, column, cell.value)
                    assert cell.alignment.vertical == ("top" if (wraps and too_long) or in_tall_row else None)
    assert 40 <= wb["Themes"].column_dimensions["F"].width <= 60  # quotes get a wide, capped column


def write_column(values, tmp_path, title="Text"):
    """One sheet holding ``values`` in one column, written by the workbook's own writer and read back."""
    import pandas as pd
    from openpyxl import Workbook, load_workbook

    from synth.report.xlsx import _named_styles, _write_sheet

    wb = Workbook(write_only=True)
    _named_styles(wb)
    _write_sheet(wb, "Sheet", pd.DataFrame({title: pd.Series(values, dtype=object)}))
    wb.save(tmp_path / "one.xlsx")
    return [row[0] for row in load_workbook(tmp_path / "one.xlsx")["Sheet"].iter_rows(min_row=2)]


def test_cells_keep_numbers_and_drop_empties(tmp_path) -> None:
    import numpy as np

    values = [None, "", 3, 2.5, float("nan"), float("inf"), np.int64(4), True, np.bool_(False)]
    got = [c.value for c in write_column(values, tmp_path)]
    assert got == [None, None, 3, 2.5, None, None, 4, "yes", "no"]


FORMULAS = ["=1+1", " +cmd", "-2", "@SUM(A1)", "\tTab", "\rCR", "\uff1dA1", "\ufe62x", "\uff0b1", "\ufe63x", "\uff0dx"]


@pytest.mark.parametrize("title", ["Text", "Kind"])  # a wrapped column and a one-line one
def test_text_stays_text_and_formula_like_text_is_inert(title, tmp_path) -> None:
    texts = ["plain", "a=b", *FORMULAS]
    cells = write_column([t + "<&>\x01\x1b" for t in texts] + ["#N/A", "#REF!"], tmp_path, title)
    for text, cell in zip([t + "<&>" for t in texts] + ["#N/A", "#REF!"], cells, strict=True):
        assert cell.data_type == "s" and cell.value == text, (text, cell.data_type, cell.value)
        assert bool(cell.quotePrefix) is (text[:1] not in "pa"), text  # all but "plain" and "a=b"


def test_column_widths_come_from_a_sample_and_stay_readable() -> None:
    import pandas as pd

    from synth.report.xlsx import column_widths

    frame = pd.DataFrame({"Seq": list(range(5000)), "Text": ["word " * 40] * 5000, "Kind": ["theme.created"] * 5000})
    assert column_widths(frame) == [8, 60, 15]


def test_every_sheet_prints_landscape_fitted_to_width_with_its_header_on_every_page(workbook) -> None:
    wb, _ = workbook
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToHeight == 0 and 1 <= ws.page_setup.fitToWidth <= 4, ws.title
        assert ws.print_area, ws.title
    for ws in wb.worksheets[1:]:
        assert ws.print_title_rows == "$1:$1", ws.title
    codings = wb["Codings"]
    header = [c.value for c in codings[1]]
    last = codings.cell(1, header.index("Analyst") + 1).column_letter
    assert str(codings.print_area).endswith(f"$A$1:${last}${codings.max_row}")  # the ids are not printed


def test_wrapped_rows_are_tall_enough_for_their_text(workbook) -> None:
    from synth.report.xlsx import LINE_POINTS, text_lines

    wb, _ = workbook
    for title in ("Extraction matrix", "Themes", "General themes"):
        ws = wb[title]
        for row in ws.iter_rows(min_row=2):
            needed = max(
                (
                    text_lines(str(c.value), ws.column_dimensions[c.column_letter].width)
                    for c in row
                    if c.value and c.alignment.wrap_text
                ),
                default=1,
            )
            height = ws.row_dimensions[row[0].row].height
            assert (height or LINE_POINTS) >= min(409, needed * LINE_POINTS), (title, row[0].row)


def test_definitions_are_filled_and_drafts_are_marked(workbook) -> None:
    wb, _ = workbook
    themes = rows(wb["Themes"])
    assert all(r["Definition"] for r in themes)
    drafted = [r for r in themes if r["Definition"].startswith("(machine draft) ")]
    assert drafted and len(drafted) < len(themes)  # the analyst's definition stays as written
    assert all(r["Definition"] for r in rows(wb["General themes"]))
    front = [c.value for row in wb["About this workbook"].iter_rows() for c in row if c.value]
    for name in SHEETS[1:]:
        assert name in front
