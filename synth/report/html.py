"""The synthesis report as one self-contained HTML file.

The page is the Markdown report rendered by markdown-it-py with raw HTML off
and links limited to ``http``, ``https``, ``mailto`` and in-page anchors, plus
the SVG figures (drawn by :mod:`synth.report.figures`) put where the Markdown
holds a placeholder. A placeholder carries a random nonce, so text in a case
study cannot summon or forge a figure. A Content-Security-Policy forbids
scripts, frames and any network fetch; the page needs none of them.
"""

from __future__ import annotations

import re
import secrets
from html import escape

from synth.model import slugify
from synth.report.figures import heatmap_svg, support_svg
from synth.report.gather import ReportData
from synth.report.markdown import SECTIONS, to_markdown

_SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --ink: #1f2933; --muted: #52606d; --rule: #d9dee3; --accent: #1f4e79; --flag: #8a4b00; --flag-bg: #fff4e0; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; color: var(--ink); background: #fff;
  font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif; line-height: 1.55; }
main { max-width: 50rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
h1, h2, h3, h4 { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; line-height: 1.25; color: var(--accent); }
h1 { font-size: 2.1rem; margin: 0 0 .4rem; }
h1 + p strong { font-size: 1.15rem; color: var(--muted); font-weight: 600; }
h2 { font-size: 1.5rem; margin: 2.8rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.18rem; margin: 2rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
p, li { max-width: 44rem; }
a { color: var(--accent); }
em { color: inherit; }
code { font-family: "SFMono-Regular", Menlo, Consolas, monospace; font-size: .82em; background: #f4f6f8;
  padding: .05em .3em; border-radius: 3px; word-break: break-all; }
blockquote { margin: .6rem 0 .6rem 0; padding: .35rem 1rem; border-left: 4px solid #9ecae1; background: #f7fafc;
  color: #323f4b; font-size: .95rem; }
blockquote p { margin: .2rem 0; }
ol, ul { padding-left: 1.4rem; }
li { margin: .25rem 0; }
.table-wrap { overflow-x: auto; margin: .8rem 0 1.4rem; }
table { border-collapse: collapse; font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: .82rem; }
th, td { border: 1px solid var(--rule); padding: .35rem .55rem; vertical-align: top; }
th { background: #eef2f6; text-align: left; }
tbody tr:nth-child(even) td { background: #fafbfc; }
figure { margin: 1.2rem 0 1.8rem; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: .85rem; color: var(--muted); }
.flag { color: var(--flag); background: var(--flag-bg); padding: 0 .25em; border-radius: 3px; font-style: normal;
  font-size: .85em; white-space: nowrap; }
.provisional { border-left-color: #e8a33d; background: var(--flag-bg); }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) { html { font-size: 15px; } main { padding: 1.2rem .9rem; } }
@media print {
  @page { size: A4; margin: 18mm 16mm 20mm; }
  html { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  table, figure, blockquote, tr { break-inside: avoid; }
  .table-wrap, figure { overflow: visible; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) td { background: none; }
  .flag { border: 1px solid var(--flag); }
}
"""


def _renderer():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    return md


def _add_heading_ids(tokens) -> None:
    """Give headings ids; the report's own sections keep theirs, whatever a case or theme is called."""
    sections = dict(SECTIONS)
    taken = set(sections.values())
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or tok.tag == "h1" or i + 1 >= len(tokens):
            continue
        text = tokens[i + 1].content
        if tok.tag == "h2" and text in sections:
            tok.attrSet("id", sections[text])
            continue
        base = slugify(re.sub(r"^\d+\.\s*", "", text), limit=60)
        if base == "case":
            base = "section"
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        tok.attrSet("id", anchor)


def render_markdown(text: str) -> str:
    """Markdown to an HTML fragment: raw HTML escaped, unsafe links left as text, headings given ids."""
    md = _renderer()
    env: dict = {}
    tokens = md.parse(text, env)
    _add_heading_ids(tokens)
    html = md.renderer.render(tokens, md.options, env)
    return html.replace("<table>", '<div class="table-wrap"><table>').replace("</table>", "</table></div>")


def to_html(data: ReportData, lines: list | None = None) -> str:
    """The whole report as a standalone HTML page; ``lines`` as :func:`~synth.report.markdown.to_markdown` takes."""
    nonce = secrets.token_hex(8)
    markers = {}

    def figure(name: str) -> str:
        marker = f"SYNTHFIGURE{nonce}{name}"
        markers[name] = marker
        return marker

    body = render_markdown(to_markdown(data, figure, lines))
    figures = {
        "support": (support_svg(data), "Figure 1. Support for each general theme: projects behind its member themes."),
        "heatmap": (heatmap_svg(data), "Figure 2. Themes by project, grouped by extraction heading."),
    }
    for name, marker in markers.items():
        svg, caption = figures[name]
        block = f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>" if svg else ""
        body = body.replace(f"<p>{marker}</p>", block)
    body = body.replace("<em>(machine draft, not reviewed)</em>", '<em class="flag">machine draft, not reviewed</em>')
    body = body.replace(
        "<blockquote>\n<p><strong>Provisional.</strong>",
        '<blockquote class="provisional">\n<p><strong>Provisional.</strong>',
    )
    body = body.replace(
        "<blockquote>\n<p><strong>Not reviewed", '<blockquote class="provisional">\n<p><strong>Not reviewed'
    )
    title = escape(data.long_title)
    footer = escape(
        f"Produced by synth {data.version} from event {data.seq} of the coding trail (state hash {data.head[:16] or 'none'})."
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="synth {escape(data.version)}">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n<footer>{footer}</footer>\n</main>\n</body>\n</html>\n"
    )
