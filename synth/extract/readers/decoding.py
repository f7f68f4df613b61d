"""Bytes to text for forms written on any machine.

Forms arrive as UTF-8 (with or without a byte order mark), UTF-16 from Word's
"Unicode text" export, or Windows-1252 from older Windows editors, with CRLF
or CR line ends. :func:`decode` reads them all, repairs the commonest mojibake
(UTF-8 read once as Windows-1252 and saved again), and refuses binary data
with a :class:`~synth.extract.FormError` rather than returning garbage.
"""

from __future__ import annotations

import codecs
import re

from synth.extract.errors import FormError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MOJIBAKE = re.compile(r"Ã[\x80-\xbf©¨¢ª«®´¶§]|â€[™œ\x9d“”˜¦]|Â[ £©°«»·\xa0]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: NUL in every other byte of mostly-ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        encoding = "utf-16-le"
    elif even > 0.3 * half and odd < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 and saved again ("cafÃ©" -> "café")."""
    found = len(_MOJIBAKE.findall(text))
    if not found:
        return text
    try:
        repaired = text.encode("cp1252", errors="synth-c1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return repaired if len(_MOJIBAKE.findall(repaired)) < found else text


def _cp1252_byte(exc: UnicodeError) -> tuple[str, int]:
    bad = exc.object[exc.start : exc.end]  # type: ignore[attr-defined]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), exc.end  # type: ignore[attr-defined]


def _c1_char(exc: UnicodeError) -> tuple[bytes, int]:
    """Encode the C1 controls a lenient Windows-1252 decode left for bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D."""
    chunk = exc.object[exc.start : exc.end]  # type: ignore[attr-defined]
    if all(0x80 <= ord(c) <= 0x9F for c in chunk):
        return bytes(ord(c) for c in chunk), exc.end  # type: ignore[attr-defined]
    raise exc


codecs.register_error("synth-cp1252", _cp1252_byte)
codecs.register_error("synth-c1", _c1_char)


def _mixed_or_cp1252(data: bytes) -> tuple[str, str]:
    """Not valid UTF-8: mostly UTF-8 with a few Windows-1252 bytes pasted in, or Windows-1252 throughout."""
    utf8_sequences = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data))
    replaced = data.decode("utf-8", errors="replace").count("\ufffd")
    if utf8_sequences > replaced:
        return data.decode("utf-8", errors="synth-cp1252"), "utf-8 with some windows-1252"
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="synth-cp1252"), "windows-1252"


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Decode a text form: (text with ``\\n`` line ends, the encoding used)."""
    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom) :].decode(name), name + " with BOM"
            except UnicodeDecodeError:
                raise FormError(
                    f"{where}: unreadable text: it starts with a {name} byte order mark but is not {name}"
                ) from None
            break
    if text is None and b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise FormError(f"{where}: binary data, not a text form")
        encoding = "utf-16"
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _mixed_or_cp1252(data)
    if text and len(_CONTROL.findall(text[:20000])) > max(2, len(text[:20000]) // 100):
        raise FormError(f"{where}: binary data, not a text form")
    text = _CONTROL.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\ufeff", "").replace("\xa0", " ")
    return _repair_mojibake(text), encoding
