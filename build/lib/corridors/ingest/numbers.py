"""Numbers as spreadsheets write them: decimal comma or point, grouped thousands.

Thousands may be grouped by space, NBSP (U+00A0), narrow NBSP (U+202F) or apostrophe;
those are never decimal marks. Comma and point are each either the decimal mark or a
thousands separator, and a lone one followed by exactly three digits (``1,500``,
``1.500``) can be read both ways. Such a value takes the column's style from the other
values in the same column; a column that uses both a decimal comma and a decimal point is
an ``ambiguous-number`` error, and so is ``1,500`` in a column with nothing to decide it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

_GROUPING = " \u00a0\u202f\u2009'’"
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([,.])\d{3})+")
_MIXED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+\.\d+|[+-]?\d{1,3}(?:\.\d{3})+,\d+")
_NUMERIC = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_NON_FINITE = {"nan", "inf", "+inf", "-inf", "infinity", "-infinity", "∞", "#num!",
               "#div/0!"}

POINT = "."
COMMA = ","


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """One cell read as a number.

    ``decimal`` is the decimal mark the cell proves (``.``, ``,`` or None when it proves
    none); ``alternative`` is the value if an ambiguous separator means the other thing.
    ``error`` is ``(code, message)`` when the cell is not a usable number.
    """

    value: float | None
    decimal: str | None = None
    alternative: float | None = None
    error: tuple[str, str] | None = None


def parse_number(text: str) -> ParsedNumber:
    """Read one cell as a number.

    Parameters
    ----------
    text : str
        The cell, already stripped.

    Returns
    -------
    ParsedNumber
    """
    if _PLAIN.fullmatch(text):  # the canonical fast path: 1500000 or 1.5
        dot = text.find(".")
        if dot == -1:
            return ParsedNumber(float(text))
        if len(text) - dot - 1 != 3 or dot > 3 or text[0] == "0":
            return ParsedNumber(float(text), POINT)
    return _parse_general(text)


def _parse_general(text: str) -> ParsedNumber:
    """Everything that is not a plain ``digits[.digits]`` cell."""
    if text.lower() in _NON_FINITE:
        return ParsedNumber(None, error=("non-finite-value", (
            f"{text!r} is not a finite number. Give the figure, or leave the row out.")))
    if text.startswith("#"):
        return ParsedNumber(None, error=("type-error", (
            f"{text!r} is a spreadsheet error, not a number. Fix the formula in the "
            "sheet and export the values again.")))
    compact = text.translate({ord(c): None for c in _GROUPING})
    if compact != text and not _spaced_groups_ok(text):
        return _not_a_number(text)
    grouped = _GROUPED.fullmatch(compact)
    if grouped:
        return _grouped(compact, grouped.group(1), spaced=compact != text)
    if _MIXED.fullmatch(compact):
        return _mixed_marks(compact)
    if _NUMERIC.fullmatch(compact):
        return _with_decimal(compact)
    return _not_a_number(text)


def _spaced_groups_ok(text: str) -> bool:
    """Space/apostrophe grouping must leave groups of exactly three digits."""
    parts = re.split(f"[{_GROUPING}]", text.strip())
    head, *rest = parts
    if not rest or not head.lstrip("+-").isdigit() or len(head.lstrip("+-")) > 3:
        return False
    for part in rest[:-1]:
        if not (part.isdigit() and len(part) == 3):
            return False
    last = rest[-1]
    return bool(re.fullmatch(r"\d{3}(?:[.,]\d+)?", last))


def _grouped(compact: str, separator: str, *, spaced: bool) -> ParsedNumber:
    """``1,500`` / ``1.500.000`` / ``1,234,567``: thousands groups of one separator."""
    if compact.count(separator) > 1 or spaced:
        # several groups, or a space group and a trailing ,ddd / .ddd: 1 500,000
        if spaced and compact.count(separator) == 1:
            value = float(compact.replace(separator, "."))
            return ParsedNumber(value, separator)
        value = float(compact.replace(separator, ""))
        return ParsedNumber(value, COMMA if separator == POINT else POINT)
    as_decimal = float(compact.replace(separator, "."))
    as_thousands = float(compact.replace(separator, ""))
    if separator == POINT:
        return ParsedNumber(as_decimal, None, alternative=as_thousands)
    return ParsedNumber(as_thousands, None, alternative=as_decimal)


def _with_decimal(compact: str) -> ParsedNumber:
    """A number with at most one ``,`` or ``.`` that cannot be a thousands group."""
    mark = COMMA if "," in compact else POINT if "." in compact else None
    value = float(compact.replace(",", "."))
    return ParsedNumber(value, mark)


def _mixed_marks(compact: str) -> ParsedNumber:
    """``1,234.5`` (point decimal) or ``1.234,5`` (comma decimal): the last one wins."""
    if compact.rfind(",") > compact.rfind("."):
        return ParsedNumber(float(compact.replace(".", "").replace(",", ".")), COMMA)
    return ParsedNumber(float(compact.replace(",", "")), POINT)


def _not_a_number(text: str) -> ParsedNumber:
    return ParsedNumber(None, error=("type-error", (
        f"{text!r} is not a number. Write digits with one decimal mark, e.g. 1500000 "
        "or 1 500 000,5; put the unit in the unit column.")))


@dataclass
class NumberColumn:
    """The decimal style of one column, learned from the values that prove it.

    ``pending`` keeps the ambiguous cells (``1,500``) until the column is complete:
    ``(record index, line, text, value as read, alternative)``.
    """

    name: str
    marks: dict[str, int] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)
    pending: list[tuple[int, int, str, float, float]] = field(default_factory=list)

    def note(self, parsed: ParsedNumber, line: int) -> None:
        """Remember which decimal mark a cell proves."""
        mark = parsed.decimal
        if mark is not None:
            if mark not in self.marks:
                self.first_line[mark] = line
                self.marks[mark] = 0
            self.marks[mark] += 1

    @property
    def style(self) -> str | None:
        """The column's decimal mark, or None when unproven or contradictory."""
        return next(iter(self.marks)) if len(self.marks) == 1 else None

    def conflict_message(self) -> str | None:
        """Message for a column mixing decimal comma and decimal point, if it does."""
        if len(self.marks) < 2:
            return None
        return (f"Column {self.name!r} uses a decimal comma (first at line "
                f"{self.first_line[COMMA]}) and a decimal point (first at line "
                f"{self.first_line[POINT]}), so numbers such as 1,500 or 1.500 cannot "
                "be read safely. Use one style for the whole column.")


def resolve(column: NumberColumn, value: float, alternative: float, text: str) -> float | None:
    """The value of an ambiguous cell under the column's style, or None if undecidable.

    With nothing in the column to decide, ``1.500`` is 1.5 (none of the locales we read,
    English, Russian and Kazakh, groups thousands with a point) but ``1,500`` stays
    undecidable (1500 in English, 1.5 in Russian and Kazakh).
    """
    style = column.style
    if style is None:
        if column.marks or "," in text:
            return None
        style = POINT
    reads_as_decimal = ("," in text) == (style == COMMA)
    as_decimal = value if "." in text else alternative
    as_thousands = alternative if "." in text else value
    return as_decimal if reads_as_decimal else as_thousands


def is_finite(value: float) -> bool:
    """True for a finite float (``1e400`` parses to inf and is refused)."""
    return math.isfinite(value)
