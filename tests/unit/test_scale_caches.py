"""Bounded caches never drop what the current call needs (issue 12: 10,000 forms crashed with a
KeyError when the segment cache passed its limit and was cleared mid-call)."""

from __future__ import annotations

import pytest

from synth.extract import summarise
from synth.themes import text


@pytest.fixture
def small_caches(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(summarise, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(text, "_CACHE_LIMIT", 3)
    summarise._UNITS_CACHE.clear()
    text._cache.clear()
    yield
    summarise._UNITS_CACHE.clear()
    text._cache.clear()


TEXTS = [f"Project {n} ran a weekly walking group. It met on Tuesdays in the park." for n in range(6)]


def test_segment_returns_every_text_when_the_cache_overflows(small_caches) -> None:
    first = summarise.segment(TEXTS[:2])  # cached now
    both = summarise.segment(TEXTS[:2] + TEXTS[2:])  # two cached, four new: over the limit, cleared
    assert len(both) == len(TEXTS)
    assert both[:2] == first
    assert all(units and units[0].text.startswith(f"Project {n}") for n, units in enumerate(both))
    assert len(summarise._UNITS_CACHE) <= 4  # still bounded


def test_analyse_returns_every_text_when_the_cache_overflows(small_caches) -> None:
    first = text.analyse(TEXTS[:2])
    both = text.analyse(TEXTS[:2] + TEXTS[2:])
    assert len(both) == len(TEXTS)
    assert both[:2] == first
    assert len(text._cache) <= 4
