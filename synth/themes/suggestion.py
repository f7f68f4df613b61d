"""What a theme suggestion is: a label, the cases it rests on, its evidence sentences and its score.

Every stage of step 2 (the phrase ranker, the meaning engine, codebooks) produces these, so
the types live below all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from synth.themes import ENGINE, ENGINE_VERSION

MAX_EVIDENCE = 400


@dataclass(frozen=True)
class Evidence:
    """One sentence that carries a theme: where it is and what it says."""

    case_id: str
    heading_id: str
    start: int
    end: int
    text: str
    target: str  # "summary" or "answer": which text the offsets count in
    direction: str = ""  # "enabler", "barrier", "both" or "" (headings with a direction only)


@dataclass(frozen=True)
class ThemeSuggestion:
    """A candidate theme of one heading, with the projects and sentences behind it."""

    key: str
    heading: str
    label: str
    case_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    score: float
    source: str  # "framework" | "inductive" | "codebook"
    phrases: tuple[str, ...] = ()  # the lemma phrases grouped under it (framework: its terms)
    definition: str = ""
    framework: str = ""  # the framework's id, for a framework concept
    concept: str = ""  # the concept's id in it
    family: str = ""  # the idea it shares with concepts of other frameworks ("volunteering")
    directions: tuple[tuple[str, str], ...] = ()  # (case id, "enabler" | "barrier" | "both" | "")
    detail: str = ""  # "barrier in 6 projects, enabler in 2"
    engine: str = ENGINE
    engine_version: str = ENGINE_VERSION
    #: (case id, offset) of each word that matched a framework concept: two concepts read from one
    #: sentence are two ideas, from the same words one idea read twice (meaning.rank)
    words: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    @property
    def display(self) -> str:
        """The label with its direction, as a list shows it ("Transport and access: barrier in 6 projects, enabler in 2")."""
        return f"{self.label}: {self.detail}" if self.detail else self.label

    def basis(self) -> dict:
        """What accepting this suggestion rests on, for the trail (with the engine and its version)."""
        out = {
            "suggestion": self.key,
            "label": self.label,
            "score": round(self.score, 4),
            "source": self.source,
            "phrases": list(self.phrases[:12]),
            "projects": len(self.case_ids),
            "engine": self.engine,
            "engine_version": self.engine_version,
        }
        if self.framework:
            out["framework"] = self.framework
            out["concept"] = self.concept
        if self.detail:
            out["direction"] = self.detail
        return out
