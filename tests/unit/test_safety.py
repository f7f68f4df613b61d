"""Case study text is untrusted: scripts, raw HTML, javascript: links and spreadsheet formulas come out inert."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from report_fixture import build_project

from synth.project import Project
from synth.report import write_report
from synth.report.gather import gather
from synth.report.html import render_markdown, to_html
from synth.report.markdown import esc

SCRIPT = "<script>alert('x')</script>"
NASTY = {
    "<script>alert(1)</script> Evil Title": {
        "overview": f"We ran a choir. {SCRIPT} <img src=x onerror=alert(2)> [click](javascript:alert(3))",
        "setting": "<iframe src='https://evil.example/'></iframe> Salford [a](JAVASCRIPT:alert(4)) <javascript:alert(5)>",
        "participants": '=HYPERLINK("http://evil.example","click") Volunteers ran every session.',
        "enablers_barriers": "+cmd|' /C calc'!A0 Volunteers kept it going. Funding ended after a year.",
        "key_learning": "@SUM(1+1) Peer support mattered. ![img](javascript:alert(6)) <style>body{display:none}</style>",
    },
    "-2+3 Formula Case": {
        "overview": "-2+3",
        "setting": "=1+1",
        "participants": "\tTab start; volunteers provided transport.",
        "enablers_barriers": "Volunteer drivers helped. Short-term funding hurt.\x07\x1b",
        "key_learning": "# Not a heading\n\n    not code\n| not | a | table |\n---\n1. not a list",
    },
}
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "footer", "h1", "h2", "h3", "h4", "p", "strong", "em",
    "ol", "ul", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "div", "code", "a", "figure",
    "figcaption", "svg", "text", "rect", "line",
}  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


@pytest.fixture(scope="module")
def nasty(tmp_path_factory):
    return build_project(tmp_path_factory.mktemp("nasty"), NASTY)


@pytest.fixture(scope="module")
def html(nasty) -> str:
    with Project.open(nasty.path) as p:
        return to_html(gather(p))


def test_html_holds_no_element_or_attribute_from_case_text(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    tags = {t for t, _ in parser.tags}
    assert tags <= ALLOWED_TAGS | {"title"}, tags - ALLOWED_TAGS
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src"):
                assert value and value.startswith("#"), (tag, name, value)
    assert "<script" not in html.lower() and "<iframe" not in html.lower() and "<img" not in html.lower()
    assert "javascript:" not in "".join(str(v) for _, attrs in parser.tags for _, v in attrs).lower()


def test_html_shows_the_hostile_text_as_text(html: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil Title" in html
    assert "[click](javascript:alert(3))" in html
    assert "=HYPERLINK(" in html
    assert "# Not a heading" in html and "1. not a list" in html


def test_html_forbids_scripts_and_fetches_by_policy(html: str) -> None:
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>"),
        ("*not em* _nor this_", "<p>*not em* _nor this_</p>"),
        ("# heading", "<p># heading</p>"),
        ("1. item", "<p>1. item</p>"),
        ("- item", "<p>- item</p>"),
        ("> quote", "<p>&gt; quote</p>"),
        ("a | b", "<p>a | b</p>"),
        ("`code`", "<p>`code`</p>"),
        ("line one\n\n# two\n    three", "<p>line one # two three</p>"),
        ("back\\slash \\*", "<p>back\\slash \\*</p>"),
        ("&amp; &lt;", "<p>&amp;amp; &amp;lt;</p>"),
        ("---", "<p>---</p>"),
    ],
)
def test_escaped_text_renders_as_itself(text: str, rendered: str) -> None:
    assert render_markdown(esc(text)).strip() == rendered


def test_markdown_links_to_unsafe_schemes_stay_text() -> None:
    html = render_markdown("[ok](https://example.org) [bad](javascript:alert(1)) [bad2](data:text/html,x)")
    assert '<a href="https://example.org">ok</a>' in html
    assert "javascript:alert(1)" in html and 'href="javascript' not in html and 'href="data' not in html


def test_xlsx_writes_formula_like_text_as_text(nasty, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    with Project.open(nasty.path) as p:
        path = write_report(p, "xlsx", tmp_path / "s.xlsx")
    wb = load_workbook(path)
    risky = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t":
                    risky += 1
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    assert risky >= 6
    answers = {
        ws.cell(1, j).value: ws.cell(3, j).value
        for ws in [wb["Extraction matrix"]]
        for j in range(1, ws.max_column + 1)
    }
    assert answers["Participants"].startswith('=HYPERLINK("http://evil.example","click")')
    with zipfile.ZipFile(path) as zf:
        sheets = "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets and "<f " not in sheets


def test_qdpx_stays_well_formed_with_control_characters_and_markup(nasty, tmp_path: Path) -> None:
    with Project.open(nasty.path) as p:
        path = write_report(p, "qdpx", tmp_path / "p.qdpx")
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        names = [s.get("name") for s in root.iter("{urn:QDA-XML:project:1.0}TextSource")]
        assert "<script>alert(1)</script> Evil Title" in names
        texts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("sources/")]
    assert any("\x07" in t for t in texts), "source text keeps the answer exactly, so offsets hold"


def test_section_anchors_cannot_be_taken_by_case_titles(tmp_path: Path) -> None:
    cases = {"Method": dict(NASTY["-2+3 Formula Case"]), "General themes": dict(NASTY["-2+3 Formula Case"])}
    built = build_project(tmp_path, cases, stage=1)
    with Project.open(built.path) as p:
        html = to_html(gather(p))
    first_method = html.index('id="method"')
    assert html[first_method - 10 : first_method].endswith("<h2 ")
    assert html[html.index('id="general-themes"') - 4 :].startswith("<h2 ")
