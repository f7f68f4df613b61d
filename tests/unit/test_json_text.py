"""themes.json's fast encoder writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from synth.report.json_text import dumps_indented

LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_the_text_is_json_dumps_text(value) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_other_values_go_to_json_dumps() -> None:
    class Label(str):
        pass

    value = {"a": [Label("x"), {"b": ()}, {}, []], "é": '\u2028\x00"\\'}
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
