"""Checks on text cells: formula prefixes, control characters, length limits.

A cell beginning with ``=`` ``+`` ``-`` ``@``, tab or carriage return is run as a formula
by spreadsheets when the data is exported again (CSV injection), so it is refused on
import (DESIGN 6) and neutralised on export (``neutralise_formula``). Control and
zero-width characters hide text from the reader and break matching.
"""

from __future__ import annotations

import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# C0/C1 controls except tab/newline (tab is caught as a formula prefix or a stray
# separator), zero-width and bidi marks, soft hyphen, BOM inside text.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2069\ufeff\t]")
MULTILINE_FIELDS = ("source", "note")
LIMITS = {"corridor": 100, "location": 100, "period": 40, "period_start": 20,
          "period_end": 20, "metric": 60, "direction": 60, "value": 60, "unit": 60,
          "quality": 60, "source": 1000, "note": 2000}


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
    if text[0] in FORMULA_PREFIXES:
        shown = {"\t": "a tab", "\r": "a carriage return"}.get(text[0], repr(text[0]))
        return "formula-injection", (
            f"The cell starts with {shown}, which spreadsheets run as a formula. Remove "
            "that first character or put the text in words (e.g. 'minus 5%' or 'approx.').")
    found = CONTROL.search(text.replace("\r\n", "\n") if field in MULTILINE_FIELDS else text)
    if found or ("\n" in text and field not in MULTILINE_FIELDS):
        char = found.group(0) if found else "\n"
        return "control-character", (
            f"The cell contains the invisible character U+{ord(char):04X} at position "
            f"{text.index(char) + 1}. Delete it (retype the cell if you cannot see it).")
    return None


def clean_text(raw: str) -> str:
    """The stored form of a valid text cell: stripped, newlines as ``\\n``."""
    return raw.strip(" \u00a0").replace("\r\n", "\n")


def neutralise_formula(text: str) -> str:
    """Make a text safe to open in a spreadsheet.

    A leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets an apostrophe in
    front (the OWASP advice), so the spreadsheet shows text instead of running it.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
    """
    if text and text[0] in FORMULA_PREFIXES:
        return "'" + text
    return text
