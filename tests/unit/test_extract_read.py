"""read_form / read_forms around the readers: limits, folders, progress, JSON, odd files."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from synth.extract import FormError, extracted_to_json, form_paths, read_form, read_forms
from synth.extract import readers as readers_module
from synth.templates import load_template

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
TEMPLATE = load_template()


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("# Overview\n" + "word " * 3000, encoding="utf-8")
    with pytest.raises(FormError, match=r"big\.md: too big \(0\.0 MB; the limit is 0\.01 MB"):
        read_form(path, TEMPLATE, max_mb=0.01)
    assert read_form(path, TEMPLATE, max_mb=1)[0].fields["overview"].startswith("word")


def test_missing_file_and_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(FormError, match=r"nope\.md: file not found"):
        read_form(tmp_path / "nope.md", TEMPLATE)
    with pytest.raises(FormError, match="is a folder"):
        read_form(tmp_path, TEMPLATE)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "locked.md"
    path.write_text("# Overview\nx\n", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(FormError, match=r"locked\.md: unreadable"):
            read_form(path, TEMPLATE)
    finally:
        path.chmod(0o600)


def test_zip_that_unpacks_too_big_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers_module.limits, "MAX_UNZIPPED", 1000)
    path = tmp_path / "form.docx"
    shutil.copy(FORMS / "docx-heading-styles.docx", path)
    with pytest.raises(FormError, match="unpacks to"):
        read_form(path, TEMPLATE)


def test_a_zip_that_is_not_office_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.md", "# Overview\nx\n")
    (tmp_path / "forms").write_bytes(buf.getvalue())
    with pytest.raises(FormError, match="unpack it"):
        read_form(tmp_path / "forms", TEMPLATE)


def test_a_docx_without_its_extension_is_sniffed(tmp_path: Path) -> None:
    shutil.copy(FORMS / "docx-heading-styles.docx", tmp_path / "museum")
    (case,) = read_form(tmp_path / "museum", TEMPLATE)
    assert case.format == "docx" and case.title == "Museum Hands"


def test_folders_are_walked_sorted_and_non_forms_left_aside(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in [
        "b.md",
        "a.txt",
        "sub/c.docx",
        "README.md",
        "~$lock.docx",
        "labels.json",
        "photo.png",
        ".hidden/x.md",
        "old.pdf",
    ]:
        (tmp_path / name).write_bytes(b"x")
    files, ignored = form_paths([tmp_path, tmp_path / "a.txt"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.txt", "b.md", "old.pdf", "sub/c.docx"]
    assert sorted(p.name for p in ignored) == ["README.md", "labels.json", "photo.png", "~$lock.docx"]


def test_read_forms_keeps_good_files_and_collects_bad_ones_with_progress() -> None:
    calls: list[tuple[int, int, str]] = []
    cases, errors = read_forms([FORMS], TEMPLATE, progress=lambda d, t, w: calls.append((d, t, w)))
    bad = sorted(Path(e.path).name for e in errors)
    assert bad == sorted(n.name for n in FORMS.iterdir() if n.name.startswith("bad-"))
    assert {c.title for c in cases} >= {"Museum Hands", "Valley Connect", "Write to Recover"}
    assert calls[-1][0] == calls[-1][1] == len(bad) + len({c.source for c in cases})
    assert [c[0] for c in calls] == list(range(len(calls)))


def test_read_forms_stops_when_cancelled() -> None:
    cases, errors = read_forms([FORMS], TEMPLATE, cancelled=lambda: True)
    assert cases == [] and errors == []


def test_extracted_json_has_the_design_keys() -> None:
    (data,) = extracted_to_json(read_form(FORMS / "md-atx-headings.md", TEMPLATE))
    assert {"title", "source", "fields", "unplaced"} <= set(data)
    assert data["unplaced"][0]["heading"] == "Budget" and "text" in data["unplaced"][0]
    assert data["matches"]["methodology"]["method"] == "fuzzy"


@pytest.mark.parametrize("title", ["Legacy Songs at Strathmore Hospice", "Impact Arts Next Steps Club"])
def test_a_title_with_a_fields_word_over_the_first_field_is_the_title(tmp_path: Path, title: str) -> None:
    """ "Legacy" and "next steps" are words of the Next steps field; "# Title" above "## Overview" names the case."""
    path = tmp_path / "08_case.md"
    path.write_text(f"# {title}\n\n## Overview\n\nSongs written with patients.\n\n## Next steps\n\nMore wards.\n")
    case = read_form(path, TEMPLATE)[0]
    assert case.title == title
    assert case.fields["overview"] == "Songs written with patients."
    assert case.fields["next_steps"] == "More wards."


def test_a_first_heading_that_is_a_field_with_its_answer_stays_a_field(tmp_path: Path) -> None:
    path = tmp_path / "green.md"
    path.write_text("# Next steps and legacy\n\nA second site.\n\n## Overview\n\nA garden.\n")
    case = read_form(path, TEMPLATE)[0]
    assert case.fields["next_steps"] == "A second site."
