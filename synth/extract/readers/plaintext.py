"""Plain-text forms: labelled or numbered questions (``Q3) Purpose - aims...``, ``5. Methodology:``, ``PURPOSE:``)."""

from __future__ import annotations

import re

from synth.extract.readers.blocks import Block
from synth.extract.readers.lines import classify
from synth.model import Template

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def text_blocks(text: str, template: Template) -> list[Block]:
    if "<!--" in text:
        text = _COMMENT.sub("", text)
    return classify(text.split("\n"), template)
