"""Checks on text cells: formula prefixes, forbidden characters, length limits.

A cell beginning with ``=`` ``+`` ``-`` ``@``, tab or carriage return is run as a formula
by spreadsheets when the data is exported again (CSV injection), so it is refused on
import and neutralised on export (``neutralise_formula``). Spreadsheets skip
leading whitespace and fold fullwidth forms (``＝`` ``＋`` ``－`` ``＠``), so the prefix is
looked for after any whitespace and after NFKC folding (``is_formula``).

One definition of forbidden characters serves every text column (``forbidden_char``):
every Unicode control (Cc), format (Cf: zero-width, bidi marks and isolates, soft hyphen,
BOM, tag characters), surrogate (Cs) and private-use (Co) character, the line and
paragraph separators (Zl, Zp), and the fillers that draw nothing (Hangul fillers,
braille blank, the combining grapheme joiner, Khmer invisible vowels). Newlines are
allowed only in source and note.
"""

from __future__ import annotations

import re
import unicodedata

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_STARTS = "=+-@"
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
#: Letters and marks by category that render as nothing.
FILLERS = "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
_FILLER = re.compile(f"[{FILLERS}]")
# Kept for callers that want a quick ASCII/Latin check; ``forbidden_char`` is the rule.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2069\ufeff\t]")
MULTILINE_FIELDS = ("source", "note")
LIMITS = {"corridor": 100, "location": 100, "period": 40, "period_start": 20,
          "period_end": 20, "metric": 60, "direction": 60, "value": 60, "unit": 60,
          "quality": 60, "source": 1000, "note": 2000}


def forbidden_char(text: str, *, multiline: bool = False) -> str | None:
    """The first forbidden character of ``text`` (see the module docstring), or None.

    Parameters
    ----------
    text : str
    multiline : bool
        Allow ``\\n`` (source and note).
    """
    if text.isprintable():  # C code: no Cc, Cf, Cs, Co, Zl, Zp (nor Zs but the space)
        found = _FILLER.search(text)
        return found.group(0) if found else None
    for char in text:
        if char == "\n" and multiline:
            continue
        if char in FILLERS or unicodedata.category(char) in FORBIDDEN_CATEGORIES:
            return char
    return None


def is_formula(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula.

    A tab or CR first, or ``= + - @`` as the first character after any whitespace,
    fullwidth and other compatibility forms folded (NFKC).
    """
    if not text:
        return False
    if text[0] in "\t\r":
        return True
    stripped = text.lstrip()
    if not stripped:
        return False
    first = stripped[0]
    if first in _FORMULA_STARTS:
        return True
    return not first.isascii() and unicodedata.normalize("NFKC", first)[:1] in _FORMULA_STARTS


def plain_note(raw: str) -> bool:
    """The quick test of a note that needs no message: printable, no filler, no formula."""
    return (raw.isprintable() and len(raw) <= LIMITS["note"] and not is_formula(raw)
            and not (not raw.isascii() and _FILLER.search(raw)))


def check_text(field: str, raw: str) -> tuple[str, str] | None:
    """The first problem of a text cell, as ``(code, message)``, or None.

    Parameters
    ----------
    field : str
        Canonical field name (for the length limit and whether newlines are allowed).
    raw : str
        The cell as read, before stripping.
    """
    text = raw.strip(" \u00a0")
    if not text:
        return None
    if len(text) > LIMITS.get(field, 200):
        return "too-long", (f"{len(text)} characters; {field} allows at most "
                            f"{LIMITS.get(field, 200)}. Shorten it (move details to note).")
    if is_formula(text):
        first = text.lstrip()[:1] or text[0]
        shown = {"\t": "a tab", "\r": "a carriage return"}.get(text[0], repr(first))
        return "formula-injection", (
            f"The cell starts with {shown}, which spreadsheets run as a formula. Remove "
            "that first character or put the text in words (e.g. 'minus 5%' or 'approx.').")
    multiline = field in MULTILINE_FIELDS
    if multiline:
        text = text.replace("\r\n", "\n")
    char = forbidden_char(text, multiline=multiline)
    if char is not None:
        return "control-character", (
            f"The cell contains the invisible character U+{ord(char):04X} "
            f"({unicodedata.name(char, 'unnamed')}) at position {text.index(char) + 1}. "
            "Delete it (retype the cell if you cannot see it).")
    return None


def clean_text(raw: str) -> str:
    """The stored form of a valid text cell: stripped, newlines as ``\\n``."""
    return raw.strip(" \u00a0").replace("\r\n", "\n")


def neutralise_formula(text: str) -> str:
    """Make a text safe to open in a spreadsheet.

    A text that ``is_formula`` gets an apostrophe in front (the OWASP advice), so the
    spreadsheet shows text instead of running it.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
    """
    if is_formula(text):
        return "'" + text
    return text


def escape_invisible(text: str, *, keep: str = "\n\t") -> str:
    """``text`` with every forbidden character (``forbidden_char``) written as a visible
    escape (``\\x1b``, ``\\u202e``, ``\\U000e0041``), except those in ``keep``.

    For terminals: an escape sequence or a bidi override from a file, a header cell or
    the database then shows as text and cannot recolour, move or reorder the output.
    """
    if text.isprintable() and not _FILLER.search(text):
        return text
    out = []
    for char in text:
        if char in keep or not (char in FILLERS or
                                unicodedata.category(char) in FORBIDDEN_CATEGORIES):
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)


def escape_json_invisible(text: str) -> str:
    """JSON text with every forbidden character as a JSON ``\\uXXXX`` escape (the same
    string once parsed); ``json.dumps(ensure_ascii=False)`` leaves C1 controls, bidi
    and format characters raw."""
    if text.isprintable() and not _FILLER.search(text):
        return text
    out = []
    for char in text:
        if char in "\n" or not (char in FILLERS or
                                unicodedata.category(char) in FORBIDDEN_CATEGORIES):
            out.append(char)
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            high, low = divmod(ord(char) - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
    return "".join(out)
