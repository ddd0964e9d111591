"""Read the text of a PDF that IOK made, as a PDF reader would show it.

fpdf2 embeds DejaVu as a subset with its own glyph codes, so the text is not
in the file as letters: each font carries a ToUnicode map from its codes to
characters, and this applies it. Enough for fpdf2's output, not a general
PDF parser; pypdf is not a dependency of IOK."""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STRING = rb"\((?:\\.|[^\\)])*\)"
TOKEN = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|(" + STRING + rb")|(\[[^\]]*\])\s*TJ", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_text(data: bytes) -> str:
    objects = {int(number): body for number, body in OBJECT.findall(data)}
    fonts = _fonts(objects)
    lines = []
    for body in objects.values():
        stream = _stream(body)
        if stream is not None and (b"Tj" in stream or b"TJ" in stream):
            lines.extend(_show(stream, fonts))
    return "\n".join(lines)


def _stream(body: bytes) -> bytes | None:
    found = re.search(rb"/Length (\d+).*?stream\r?\n", body, re.S)
    if found is None:
        return None
    raw = body[found.end() : found.end() + int(found.group(1))]
    return zlib.decompress(raw) if b"/FlateDecode" in body[: found.end()] else raw


def _fonts(objects) -> dict[bytes, dict[int, str]]:
    """Resource name (F1, F2…) → the font's code → character map."""
    fonts = {}
    for body in objects.values():
        resources = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
        if resources is None:
            continue
        for name, number in re.findall(rb"/(F\d+)\s+(\d+) 0 R", resources.group(1)):
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
            fonts[name] = _cmap(_stream(objects[int(to_unicode.group(1))]))
    return fonts


def _cmap(stream: bytes) -> dict[int, str]:
    pairs = re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", stream)
    return {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs}


def _show(stream: bytes, fonts) -> list[str]:
    shown, font = [], {}
    for match in TOKEN.finditer(stream):
        name, string, array = match.groups()
        if name:
            font = fonts[name]
        elif string and stream[match.end() : match.end() + 4].strip().startswith(b"Tj"):
            shown.append(_decode(_unescape(string[1:-1]), font))
        elif array:
            parts = re.findall(STRING, array)
            shown.append("".join(_decode(_unescape(part[1:-1]), font) for part in parts))
    return shown


def _unescape(raw: bytes) -> bytes:
    def one(match):
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, raw, flags=re.S)


def _decode(raw: bytes, font: dict[int, str]) -> str:
    codes = (int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2))
    return "".join(font.get(code, "\ufffd") for code in codes)
