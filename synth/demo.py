"""The bundled demo corpus (``casestudies/``) and the demo project built from it."""

from __future__ import annotations

from pathlib import Path

#: The demo's extraction template: the headings DESIGN.md gives as a typical research question's choice.
DEMO_FIELDS = (
    "overview",
    "setting",
    "purpose",
    "methodology",
    "participants",
    "impact",
    "enablers_barriers",
    "key_learning",
)


def corpus_path() -> Path:
    """Where the demo case studies are: inside the installed package, else in the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "casestudies", here.parent / "casestudies"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the demo case studies (casestudies/) are missing from this installation")


def ensure_demo_project(progress=None) -> Path:
    """The demo project in the user's data folder, built from the bundled case studies on first use.

    It is built in a scratch folder and moved into place whole, so an interrupted
    first run never leaves a half-imported demo behind. ``progress`` is passed
    to the importer: ``progress(done, total, what)``.
    """
    import os
    import shutil

    from synth.extract.importer import import_paths
    from synth.project import DATABASE, Project, data_dir

    target = data_dir() / "demo"
    if (target / DATABASE).exists():
        return target
    corpus = corpus_path()
    if target.exists() and not any(target.iterdir()):
        target.rmdir()
    scratch = target.with_name(f"demo.building-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        with Project.create(scratch, name="Demo synthesis (bundled case studies)", fields=DEMO_FIELDS) as project:
            import_paths(project, [corpus], progress=progress)
        try:
            os.replace(scratch, target)
        except OSError:
            if not (target / DATABASE).exists():  # another process did not win the race: a real error
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target
