"""Decoding text forms from any machine: BOMs, UTF-16 without a BOM, Windows-1252, mojibake, line ends."""

from __future__ import annotations

import pytest

from synth.extract import FormError
from synth.extract.readers.decoding import decode

TEXT = "Café “Pen & Paper” – £12\nsecond line"

CASES = [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8 BOM", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ("utf-16 LE BOM", TEXT.encode("utf-16")),
    ("utf-16 BE BOM", b"\xfe\xff" + TEXT.encode("utf-16-be")),
    ("utf-16 LE no BOM", TEXT.encode("utf-16-le")),
    ("utf-16 BE no BOM", TEXT.encode("utf-16-be")),
    ("utf-32 BOM", TEXT.encode("utf-32")),
    ("windows-1252", TEXT.encode("cp1252")),
    ("CRLF", TEXT.replace("\n", "\r\n").encode("utf-8")),
    ("CR", TEXT.replace("\n", "\r").encode("utf-8")),
    ("mojibake", TEXT.encode("utf-8").decode("cp1252", errors="synth-cp1252").encode("utf-8")),
    ("utf-8 with a stray windows-1252 byte", "Café “Pen & Paper” – ".encode() + b"\xa312\nsecond line"),
]


@pytest.mark.parametrize(("name", "data"), CASES, ids=[c[0] for c in CASES])
def test_every_encoding_reads_the_same_text(name: str, data: bytes) -> None:
    text, _ = decode(data, "form.txt")
    assert text == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "binary data"),
        (bytes(range(32)) * 20, "binary data"),
        (b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00", "unreadable text"),
    ],
)
def test_binary_and_broken_text_is_refused_with_the_file_named(data: bytes, reason: str) -> None:
    with pytest.raises(FormError, match=f"form.txt: {reason}"):
        decode(data, "form.txt")
