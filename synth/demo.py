"""The bundled demo corpus (``casestudies/``) and the demo project built from it."""

from __future__ import annotations

from pathlib import Path


def corpus_path() -> Path:
    """Where the demo case studies are: inside the installed package, else in the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "casestudies", here.parent / "casestudies"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the demo case studies (casestudies/) are missing from this installation")
