"""The event kinds of a synthesis trail, one declaration each, grouped by domain.

Each domain module (:mod:`~synth.events.project`, :mod:`~synth.events.cases`,
:mod:`~synth.events.summaries`, :mod:`~synth.events.themes`, :mod:`~synth.events.coding`,
:mod:`~synth.events.generals`, :mod:`~synth.events.rounds`) declares its kinds as
:class:`~synth.events.kind.EventKind` values: payload type, version, upcasters, the trail log's line
and the reducer. :mod:`synth.events.catalogue` gathers them. To add a kind: declare it in its
domain's module, write it from a command, and ``tests/unit/test_events_catalogue.py`` checks the rest.
The domain modules do not postpone annotations (no ``from __future__ import annotations``): on
Python 3.11 a TypedDict would then not see ``NotRequired`` and count every key as required.
"""

from synth.events.catalogue import CATALOGUE, EventVersionError, catalogue_markdown, stamped, upcast
from synth.events.kind import EventKind

__all__ = ["CATALOGUE", "EventKind", "EventVersionError", "catalogue_markdown", "stamped", "upcast"]
