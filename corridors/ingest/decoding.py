"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Russian code pages.

Russian Excel saves "CSV" in Windows-1251; "Unicode text" is UTF-16 with a BOM. A file
that is neither valid UTF-8 nor has a BOM is read as Windows-1251 (or KOI8-R or CP866,
when its letters are clearly Russian only in one of those) with an
``encoding-guessed`` warning that names the code page, unless most of it is clearly
UTF-8 (then the bad bytes are an ``encoding-error`` at their line). Kazakh letters
saved in KZ-1048 and read as Windows-1251 turn into Ќ є Ґ Ї Ў Ј and similar inside
Cyrillic words; that is warned about (``kazakh-mis-decoded``), never silently accepted.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from corridors.ingest.sniff import utf16_without_bom

# Windows-1251 characters that sit where KZ-1048 has Kazakh letters (Қ Һ Ұ Ә Ө Ғ Ү Ң).
_KZ_AS_CP1251 = "ЌЋќћЎўЈҐЄЇґєјЅѕї"
_MISDECODED = re.compile(
    rf"[А-Яа-яЁё][{_KZ_AS_CP1251}]|[{_KZ_AS_CP1251}][А-Яа-яЁё]"
)
# Lead bytes of 2-byte UTF-8 Cyrillic/Latin-1 sequences followed by a continuation byte.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


@dataclass
class Decoded:
    """Decoded text and what was learned on the way.

    ``problems`` holds ``(row, code, message)`` tuples for the report.
    """

    text: str | None
    encoding: str
    guessed: bool = False
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode an uploaded CSV.

    Parameters
    ----------
    data : bytes
        The file as uploaded.
    encoding : str, optional
        Force this codec (e.g. ``kz1048``); errors are then ``encoding-error``.

    Returns
    -------
    Decoded
        ``text`` is None when the bytes cannot be decoded.
    """
    if encoding:
        result = _decode_strict(data, encoding, guessed=False)
    elif data.startswith(codecs.BOM_UTF8):
        result = _decode_strict(data[3:], "utf-8-sig", guessed=False, offset=3, raw=data)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        result = _decode_strict(data, "utf-16", guessed=False)
    elif bom_less := utf16_without_bom(data):
        result = _decode_strict(data, bom_less, guessed=True)
    else:
        result = _decode_guessing(data)
    if result.text is not None:
        _check_text(result)
    return result


def _decode_strict(data: bytes, encoding: str, *, guessed: bool, offset: int = 0,
                   raw: bytes | None = None) -> Decoded:
    """Decode with one codec; a failure becomes an ``encoding-error`` at its line."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        return Decoded(None, encoding, problems=[(None, "encoding-error", (
            f"Unknown encoding {encoding!r}. Use utf-8, utf-16, cp1251 or kz1048."))])
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = _line_of_byte(raw or data, exc.start + offset, codec)
        return Decoded(None, encoding, problems=[(line, "encoding-error", (
            f"Bytes at line {line} are not valid {encoding}. Save the file again as "
            "CSV UTF-8 (Excel: File > Save As > 'CSV UTF-8')."))])
    return Decoded(text, encoding, guessed)


def _decode_guessing(data: bytes) -> Decoded:
    """UTF-8 if it decodes; else Windows-1251 unless the file is mostly UTF-8."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if _UTF8_MULTIBYTE.search(data, 0, bad_at):
        # Valid multi-byte UTF-8 before the bad byte: a damaged UTF-8 file, not cp1251.
        line = data.count(b"\n", 0, bad_at) + 1
        return Decoded(None, "utf-8", problems=[(line, "encoding-error", (
            f"Line {line} has bytes that are not valid UTF-8 although the lines before it "
            "are UTF-8. The file was probably joined from two files or edited with a "
            "different encoding; save it again as CSV UTF-8."))])
    codec, text = _russian_code_page(data)
    if text is None:
        try:
            data.decode("cp1251")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
        return Decoded(None, "cp1251", problems=[(line, "encoding-error", (
            f"Line {line} is neither UTF-8 nor Windows-1251. Save the file as CSV UTF-8."))])
    return Decoded(text, codec, guessed=True, problems=[(None, "encoding-guessed", (
        f"The file is not UTF-8; it was read as {_CODE_PAGES[codec]}. Check the names "
        f"below; if they look wrong, validate with --encoding (CLI) or pick another "
        "encoding under 'Read the file as' (Data page); to be sure, save it as 'CSV "
        "UTF-8' instead."))])


#: The Russian code pages a non-UTF-8 file may be in, most likely first.
_CODE_PAGES = {"cp1251": "Windows-1251 (Russian Excel)",
               "koi8-r": "KOI8-R (an old Unix/e-mail Russian encoding)",
               "cp866": "CP866 (the DOS Russian code page)"}
# The ten most frequent Russian letters: about 60% of the letters of Russian text, but
# about 30% of what a wrong code page makes of it.
_FREQUENT = frozenset("оеаинтсрвл")


def _russian_code_page(data: bytes) -> tuple[str, str | None]:
    """The code page whose text looks most like Russian (Windows-1251 on a tie)."""
    best: tuple[float, str, str | None] = (-1.0, "cp1251", None)
    for codec in _CODE_PAGES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _russian_score(text)
        # another code page must be clearly better to replace Windows-1251
        margin = 0.0 if codec == "cp1251" or best[2] is None else 0.15
        if score > best[0] + margin:
            best = (score, codec, text)
    return best[1], best[2]


def _russian_score(text: str) -> float:
    """Share of the non-ASCII characters (first 20,000) that are frequent Russian letters."""
    head = text[:20_000].lower()
    others = [c for c in head if c > "\x7f"]
    if not others:
        return 0.0
    return sum(1 for c in others if c in _FREQUENT) / len(others)


def _line_of_byte(data: bytes, position: int, codec: str) -> int:
    """Physical line of a byte offset, counting newlines in the file's own encoding."""
    newline = "\n".encode(codec.replace("-sig", "")) if "16" in codec else b"\n"
    if newline.startswith(codecs.BOM_UTF16_LE) or newline.startswith(codecs.BOM_UTF16_BE):
        newline = newline[2:]
    return data.count(newline, 0, position) + 1


def _check_text(result: Decoded) -> None:
    """NUL characters and Kazakh letters read through the wrong code page."""
    text = result.text
    assert text is not None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        result.problems.append((line, "not-a-csv", (
            f"Line {line} contains NUL characters; this is not a text CSV. Save the sheet "
            "again as CSV UTF-8.")))
        result.text = None
        return
    # A plain "in" is instant on ASCII/Latin-1 text; the regex only runs when needed.
    found = any(c in text for c in _KZ_AS_CP1251) and _MISDECODED.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        word = _word_around(text, found.start())
        result.problems.append((line, "kazakh-mis-decoded", (
            f"Line {line} has {word!r}: letters such as Ќ є Ґ Ї Ў Ј inside Cyrillic words "
            "are Kazakh letters read through the wrong code page. Save the file as CSV "
            "UTF-8, or read it as KZ-1048: `corridors validate FILE --encoding kz1048` "
            "(or `corridors import ... --encoding kz1048`), or pick kz1048 under 'Read "
            "the file as' on the Data page.")))


def _word_around(text: str, index: int) -> str:
    """The word containing ``text[index]``, for the message."""
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = index + 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end][:40]
