"""The state a blind double-coding round keeps while it runs (folded from the trail by :mod:`synth.state`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from synth.model import Coding, Theme


def label_key(label: str) -> str:
    """How themes are matched across coders: the label, case and spacing ignored."""
    return " ".join(str(label).casefold().split())


@dataclass
class CoderWork:
    """One coder's theme work inside a round's scope, kept from everyone else until the round closes.

    ``links`` mirrors :attr:`Theme.case_ids`: (theme id, case id) for every case a
    coder put under a theme, with or without a coded span. ``themes`` are the
    themes the coder made during the round (shared themes stay in the project).
    """

    themes: dict[str, Theme] = field(default_factory=dict)
    links: set[tuple[str, str]] = field(default_factory=set)
    codings: dict[str, Coding] = field(default_factory=dict)
    rejected: set[tuple[str, str]] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Decision:
    """How one disagreement was settled: by whom, which way, why, and whose call won."""

    case_id: str
    heading: str
    theme: str  # label key
    label: str
    present: bool
    why: str
    analyst: str
    ts: str
    seq: int
    calls: tuple[tuple[str, bool], ...] = ()  # each coder's call at the time
    won: tuple[str, ...] = ()  # the coders whose call the decision matches


@dataclass
class CodingRound:
    """A blind double-coding round: who codes what, and where it stands."""

    id: str
    coders: tuple[str, ...]
    headings: tuple[str, ...]
    cases: tuple[str, ...]
    started_by: str = ""
    started_ts: str = ""
    started_seq: int = 0
    sample: int | None = None
    seed: int | None = None
    revealed_by: str = ""
    revealed_ts: str = ""
    closed_by: str = ""
    closed_ts: str = ""
    closed_seq: int = 0
    origin: str = "round"  # "round", or "merge" for disagreements a merge turned up
    work: dict[str, CoderWork] = field(default_factory=dict)
    decisions: dict[tuple[str, str, str], Decision] = field(default_factory=dict)
    outcome: dict = field(default_factory=dict)  # round.closed's summary: counts and the agreement at close
    _case_set: frozenset[str] = frozenset()
    _heading_set: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self._case_set = frozenset(self.cases)
        self._heading_set = frozenset(self.headings)
        for coder in self.coders:
            self.work.setdefault(coder, CoderWork())

    @property
    def is_open(self) -> bool:
        return not self.closed_ts

    @property
    def revealed(self) -> bool:
        return bool(self.revealed_ts)

    @property
    def status(self) -> str:
        if self.closed_ts:
            return "closed"
        return "reconciling" if self.revealed_ts else "coding"

    def covers(self, case_id: str, heading: str) -> bool:
        return heading in self._heading_set and case_id in self._case_set

    def covers_heading(self, heading: str) -> bool:
        return heading in self._heading_set


class RoundError(Exception):
    """A round command cannot be done as asked; the message says why and what to do."""
