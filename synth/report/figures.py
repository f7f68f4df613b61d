"""Inline SVG figures for the HTML report, drawn by hand so the report needs no network or script.

Every label is XML-escaped; the figures carry a ``<title>`` and an
``aria-label`` so screen readers get the gist, and they scale with the page.
"""

from __future__ import annotations

import math
from html import escape

from synth.report.gather import ReportData, ThemeEntry

MAX_HEATMAP_ROWS = 60
MAX_HEATMAP_COLS = 60
_FONT = "font-family='Helvetica, Arial, sans-serif'"
_INK = "#1f2933"
_GRID = "#d9dee3"
# A sequential blue ramp (light to dark) for 1, 2, 3, 4+ coded spans.
_RAMP = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")


def _clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _a(text: str) -> str:
    return escape(text, quote=True)


def heatmap_rows(data: ReportData, limit: int = MAX_HEATMAP_ROWS) -> list[tuple[str, ThemeEntry]]:
    """The themes the heat map shows, by heading: all of them, or past ``limit`` the best supported of each heading."""
    per_heading = [(f, list(data.themes.get(f, ()))) for f in data.headings if data.themes.get(f)]
    total = sum(len(ts) for _, ts in per_heading)
    if total > limit:
        quota = max(1, limit // max(1, len(per_heading)))
        per_heading = [(f, ts[:quota]) for f, ts in per_heading]
    return [(f, t) for f, ts in per_heading for t in ts][:limit]


def heatmap_svg(data: ReportData) -> str:
    """Themes (rows, grouped by heading) x projects (columns), shaded by coded spans."""
    cases = list(data.cases)[:MAX_HEATMAP_COLS]
    rows = heatmap_rows(data)
    hidden = sum(len(ts) for ts in data.themes.values()) - len(rows)
    if not rows or not cases:
        return ""
    cell = 24 if len(cases) <= 16 else 18
    labels = [f"{_clip(data.heading(f), 22)} · {_clip(t.theme.label, 32)}" for f, t in rows]
    titles = [_clip(c.title, 26) for c in cases]
    longest_title = max(len(t) for t in titles)
    left = int(min(340, max(len(label) for label in labels) * 6.3 + 16))
    top = int(24 + longest_title * 5.2)
    grid_right = left + cell * len(cases)
    width = int(max(grid_right + 24 + longest_title * 4.4, left + 80 + 5 * 44 + 20))
    height = top + cell * len(rows) + 60
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' "
        f"class='figure heatmap' role='img' aria-label='Heat map of themes by project' {_FONT}>",
        "<title>Themes by project: shade counts the coded spans behind each theme in each project</title>",
    ]
    for j in range(len(cases)):
        x = left + j * cell + cell / 2
        parts.append(
            f"<text x='{x + 4:.1f}' y='{top - 6}' font-size='11' fill='{_INK}' transform='rotate(-50 {x + 4:.1f} {top - 6})'>"
            f"{_a(titles[j])}</text>"
        )
    previous = None
    for i, (f, t) in enumerate(rows):
        y = top + i * cell
        if f != previous and i:
            parts.append(f"<line x1='0' x2='{grid_right}' y1='{y}' y2='{y}' stroke='{_INK}' stroke-width='0.6'/>")
        previous = f
        parts.append(
            f"<text x='{left - 8}' y='{y + cell * 0.68:.1f}' font-size='11' text-anchor='end' fill='{_INK}'>"
            f"{_a(labels[i])}</text>"
        )
        counts: dict[str, int] = {}
        for c in t.codings:
            counts[c.case_id] = counts.get(c.case_id, 0) + 1
        for j, case in enumerate(cases):
            n = counts.get(case.id, 0)
            if n == 0 and case.id in t.case_ids:
                n = 1
            fill = _RAMP[min(n, len(_RAMP)) - 1] if n else "#f4f6f8"
            tip = f"{t.theme.label} — {case.title}: {n} coded span{'s' if n != 1 else ''}"
            parts.append(
                f"<rect x='{left + j * cell}' y='{y}' width='{cell - 1}' height='{cell - 1}' fill='{fill}' "
                f"stroke='{_GRID}' stroke-width='0.5'><title>{_a(tip)}</title></rect>"
            )
    ly = top + cell * len(rows) + 22
    parts.append(f"<text x='{left}' y='{ly + 11}' font-size='11' fill='{_INK}'>coded spans:</text>")
    for k, colour in enumerate(("#f4f6f8", *_RAMP)):
        x = left + 80 + k * 44
        parts.append(f"<rect x='{x}' y='{ly}' width='14' height='14' fill='{colour}' stroke='{_GRID}'/>")
        parts.append(f"<text x='{x + 18}' y='{ly + 11}' font-size='11' fill='{_INK}'>{k if k < 4 else '4+'}</text>")
    if hidden:
        parts.append(
            f"<text x='{left}' y='{ly + 34}' font-size='11' fill='{_INK}'>Showing the best supported themes of each "
            f"heading; {hidden} more are in the workbook.</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def support_svg(data: ReportData) -> str:
    """General themes as horizontal bars: how many projects support each."""
    generals = sorted(data.generals, key=lambda g: (-len(g.case_ids), g.general.label.casefold()))
    if not generals:
        return ""
    n = max(1, len(data.cases))
    bar_h, gap = 22, 10
    left, top, plot = 260, 30, 420
    width = left + plot + 90
    height = top + len(generals) * (bar_h + gap) + 30
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' "
        f"class='figure bars' role='img' aria-label='Bar chart of projects supporting each general theme' {_FONT}>",
        "<title>Support for each general theme: number of projects behind its member themes</title>",
    ]
    step = max(1, math.ceil(n / 6))
    ticks = list(range(0, n + 1, step))
    if ticks[-1] != n:
        ticks.append(n)
    for k in ticks:
        x = left + plot * k / n
        parts.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top - 6}' y2='{height - 24}' stroke='{_GRID}'/>")
        parts.append(f"<text x='{x:.1f}' y='{top - 10}' font-size='10' text-anchor='middle' fill='{_INK}'>{k}</text>")
    for i, g in enumerate(generals):
        y = top + i * (bar_h + gap)
        w = plot * len(g.case_ids) / n
        parts.append(
            f"<text x='{left - 8}' y='{y + bar_h * 0.68:.1f}' font-size='12' text-anchor='end' fill='{_INK}'>"
            f"{_a(_clip(g.general.label, 36))}</text>"
        )
        colour = "#9ecae1" if g.unreviewed else "#2171b5"
        parts.append(
            f"<rect x='{left}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='{colour}'>"
            f"<title>{_a(g.general.label)}: {len(g.case_ids)} of {n} projects</title></rect>"
        )
        parts.append(
            f"<text x='{left + w + 6:.1f}' y='{y + bar_h * 0.68:.1f}' font-size='12' fill='{_INK}'>"
            f"{len(g.case_ids)} of {n}</text>"
        )
    parts.append(
        f"<text x='{left + plot / 2}' y='{height - 6}' font-size='11' text-anchor='middle' fill='{_INK}'>"
        "projects supporting the general theme (pale bars: machine draft, not reviewed)</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
