"""Refuse files that are not text before trying to read them as CSV.

Browsers and ``type=["csv"]`` check only the file name, so a spreadsheet,
PDF, image or archive renamed ``.csv`` arrives here. Its first bytes say what it is.
"""

from __future__ import annotations

# (magic prefix, what it is, how to fix): checked in order, longest first where they nest.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP container (an .xlsx or .ods spreadsheet, or an archive)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls (or Word .doc) file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "an RTF document"),
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml")
_FIX = "Open it in Excel or LibreOffice and use File > Save As > CSV (UTF-8), then upload that."
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def sniff_bytes(data: bytes) -> str | None:
    """Say why ``data`` cannot be a CSV file, or return None when it may be one.

    Parameters
    ----------
    data : bytes
        The uploaded file.

    Returns
    -------
    str or None
        A ``not-a-csv`` message (what the file is and how to fix it), or None.
    """
    if not data or data.isspace():  # like ``not data.strip()``, without a copy
        return "The file is empty. Export the sheet again and check that it has rows."
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"This file is {what}, not a CSV text file. {_FIX}"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_STARTS):
        return f"This file is an HTML/XML page, not a CSV text file. {_FIX}"
    if data.startswith(UTF16_BOMS) or _looks_utf16_without_bom(data):
        return None  # NUL bytes are normal in UTF-16; the decoder checks for real NULs
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return (f"Line {line} contains NUL bytes, so this is a binary file, not a CSV. {_FIX}")
    return None


def _looks_utf16_without_bom(data: bytes) -> bool:
    """True when every other byte of the start is NUL (UTF-16 text that lost its BOM)."""
    head = data[:2000]
    if len(head) < 8:
        return False
    even_nul = head[0::2].count(0) / len(head[0::2])
    odd_nul = head[1::2].count(0) / len(head[1::2])
    return max(even_nul, odd_nul) > 0.9 and min(even_nul, odd_nul) < 0.1


def utf16_without_bom(data: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` when ``data`` looks like BOM-less UTF-16."""
    if not _looks_utf16_without_bom(data):
        return None
    head = data[:2000]
    return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
