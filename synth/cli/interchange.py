"""Command-line faces of REFI-QDA import and codebook export: printing only, the work is in :mod:`synth.interchange`."""

from __future__ import annotations

from pathlib import Path

import click


def is_qdpx(path: Path) -> bool:
    return path.suffix.lower() in (".qdpx", ".qde")


def print_qdpx_report(report) -> None:
    """The per-file lines of a ``.qdpx`` import, the file's counts beside what came in."""
    if report.duplicate:
        click.echo(f"unchanged  {report.path}: this REFI-QDA project was imported already")
        return
    for source, case_id, title in report.cases:
        click.echo(f"imported   {report.path}: {source} -> {case_id} ({title})")
    for note in report.notes:
        click.echo(f"note       {note}")
    for line in report.skipped:
        click.echo(f"skipped    {report.path}: {line}")
    got, had = report.imported, report.in_file
    users = f", {len(report.users)} coder(s): {', '.join(report.users)}" if report.users else ""
    click.echo(
        f"{report.path} ({report.origin or 'unknown tool'}): {got.get('cases', 0)} of {had.get('sources', 0)} sources, "
        f"{got.get('codes', 0)} of {had.get('codes', 0)} codes, {got.get('codings', 0)} of {had.get('codings', 0)} codings, "
        f"{got.get('memos', 0)} memo(s) from {had.get('notes', 0)} note(s); "
        f"{got.get('themes', 0)} theme(s), {got.get('generals', 0)} general theme(s){users}"
    )


def import_qdpx_files(project, files: list[Path]) -> list:
    """Import each ``.qdpx`` (one commit each); a bad one is returned as its error, the rest still go in."""
    from synth.interchange import InterchangeError
    from synth.interchange.importer import import_qdpx

    results = []
    for f in files:
        try:
            results.append(import_qdpx(project, f))
        except InterchangeError as exc:
            results.append(exc)
    return results


def export_codebook(project_path: Path, file: Path, shape: str | None) -> str:
    """Write the project's codebook to ``file``; returns the shape written."""
    from synth.interchange.codebooks import write_codebook
    from synth.project import Project
    from synth.report import atomic_write
    from synth.report.gather import gather

    chosen = shape or {".qdc": "qdc", ".txt": "qualcoder"}.get(file.suffix.lower(), "taguette")
    with Project.open(project_path) as p:
        data = gather(p)
        atomic_write(file, lambda tmp: write_codebook(data, tmp, chosen))
    return chosen
