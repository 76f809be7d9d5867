"""Rows to canonical records: one converter per file, with caches for repeated cells.

Real files repeat a handful of corridors, locations, periods, units and sources over
thousands of rows, so every conversion of such a cell is cached by its raw text; a
million-row file then costs little more than reading it. Every problem goes to the
report with the row's physical line and the column as written in the header.
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import replace
from operator import itemgetter

from corridors.domain.records import MAX_VALUE, Record
from corridors.domain.series_catalog import SeriesCatalog, load_series_catalog
from corridors.ingest.cells import check_text, clean_text, is_formula, plain_note
from corridors.ingest.headers import HeaderMap
from corridors.ingest.names import NameIndex
from corridors.ingest.numbers import (
    NumberColumn,
    ParsedNumber,
    ambiguous_message,
    is_finite,
    parse_number,
    resolve,
    table_style,
)
from corridors.ingest.periods import Period, PeriodError, parse_period, period_from_bounds
from corridors.ingest.problems import Report
from corridors.ingest.terms import is_total_label, parse_term
from corridors.ingest.units import UnitError, check_unit_fits, parse_unit

# Cells that mean "no figure" under a period column of a wide file.
EMPTY_MARKS = frozenset({"", "-", "–", "—", "н/д", "n/a", "na", "x", "…", "..."})
#: Figures one file may hold after a wide table is widened: the row cap of a long file.
MAX_FIGURES = 2_000_000
_CACHE_LIMIT = 200_000  # distinct raw cells cached per field; bounds memory
_TOTAL = object()  # marks a period cell that labels a total row
_COMMON_FIELDS = ("corridor", "location", "metric", "direction", "quality", "unit", "source",
                  "series")


class RowConverter:
    """Turn the data rows of one file into records and problems.

    Parameters
    ----------
    header : HeaderMap
        Where the fields are.
    names : NameIndex
        Corridor and location lookup.
    report : Report
        Receives every problem.
    """

    def __init__(self, header: HeaderMap, names: NameIndex, report: Report,
                 series: SeriesCatalog | None = None):
        self.header = header
        self.names = names
        self.report = report
        self.series = series or load_series_catalog()
        #: ``(corridor, unit, metric) -> series`` given to figures without a series cell
        self.assumed: dict[tuple[str, str, str], str] = {}
        self._series_cache: dict[tuple, tuple] = {}
        self.records: list[Record] = []
        self._lines = array("q")
        self._raw_units: list[str] = []
        self._seen: dict[int, int] = {}
        self._numbers: dict[int, NumberColumn] = {}
        self._cache: dict[tuple[str, str], tuple] = {}
        self._total_cache: dict[str, bool] = {}
        fields = header.fields
        self._commons: dict[object, tuple] = {}
        self._periods: dict[object, tuple] = {}
        common = [fields[f] for f in _COMMON_FIELDS if f in fields]  # corridor, unit: >= 2
        self._common_key = itemgetter(*common)
        bounds = [fields[f] for f in ("period", "period_start", "period_end") if f in fields]
        self._period_key = itemgetter(*bounds) if bounds else None
        self._width = header.width
        self._note = fields.get("note")
        self._period_column = self._period_index()
        #: True once the file is past a limit: the reader stops feeding rows.
        self.stopped = False
        self.figures_seen = 0

    # -- problems -------------------------------------------------------------------
    def _add(self, line: int, index: int | None, code: str, message: str) -> None:
        names = self.header.names
        column = None if index is None else (
            names[index] if index < len(names) and names[index] else f"column {index + 1}")
        self.report.add(line, column, code, message)

    # -- one row ----------------------------------------------------------------------
    def convert(self, line: int, cells: list[str], typed: dict[int, float] | None = None
                ) -> None:
        """Check one data row and keep its records (several for a wide row).

        The cells shared by many rows (corridor ... source, and the period) are
        converted once per distinct combination; their problems are replayed with the
        line of each row that repeats them. ``typed`` holds the numbers a spreadsheet
        stored as numbers (by cell index): they are taken as they are, never re-read
        from their text.
        """
        if len(cells) != self._width and not self._fits_width(line, cells):
            return
        key = self._common_key(cells)
        common = self._commons.get(key)
        if common is None:
            common = self.common_of(cells)
            if len(self._commons) < _CACHE_LIMIT:
                self._commons[key] = common
        values, problems, total = common
        if total is not None:
            self._total(line, total, cells)
            return
        for index, code, message in problems:
            self._add(line, index, code, message)
        if self._note is not None and cells[self._note]:
            values = self._with_note(line, values, cells[self._note])
        if self.header.layout == "wide":
            for index, period in self.header.period_columns:
                raw = cells[index].strip()
                if raw not in EMPTY_MARKS:
                    self._figure(line, values, period, index, index, raw, typed)
            return
        period = self._period(line, cells)
        if period is _TOTAL:
            return
        index = self.header.fields["value"]
        raw = cells[index].strip(" \u00a0")
        if not raw:
            self._add(line, index, "missing-cell", "The value is empty. Fill it in or "
                      "delete the row.")
        elif period is not None:
            self._figure(line, values, period, self._period_column, index, raw, typed)

    def common_of(self, cells: list[str], *, with_series: bool = True) -> tuple:
        """``(values or None, problems, index of a total label or None)`` of a row.

        ``values`` is ``(corridor, location, metric, direction, quality, Unit, raw
        unit, source, series, "")``; nothing is reported (the fast path calls this
        too, ``with_series=False``: it judges the series with ``series_of``).
        """
        fields = self.header.fields
        for name in ("corridor", "location"):
            if name in fields and self._is_total_cell(cells[fields[name]]):
                return None, [], fields[name]
        problems: list[tuple[int | None, str, str]] = []
        corridor = self._get(cells, "corridor", problems)
        location = self._location(cells, corridor, problems)
        terms = [self._get(cells, f, problems) for f in ("metric", "direction", "quality")]
        unit = self._get(cells, "unit", problems)
        source = self._get(cells, "source", problems) if "source" in fields else ""
        series = None
        if with_series and not problems:
            series, problem = self.series_of(cells)
            problems += [problem] if problem else []
        values = None if problems else (corridor, location, *terms, unit,
                                        cells[fields["unit"]], source, series, "")
        return values, problems, None

    def series_of(self, cells: list[str]) -> tuple[str | None, tuple | None]:
        """``(slug, None)``, or ``(None, (index, code, message))``; nothing is reported.

        An empty or missing series cell gets the corridor's default series for the
        unit and metric (``SeriesCatalog.default_for``), noted in ``assumed``. None
        without a problem when the corridor, unit or metric is wrong (reported there).
        """
        fields = self.header.fields
        corridor, unit, metric = (self._lookup(f, cells[fields[f]] if f in fields else "")[0]
                                  for f in ("corridor", "unit", "metric"))
        if corridor is None or unit is None or metric is None:
            return None, None
        index = fields.get("series")
        raw = cells[index] if index is not None else ""
        key = (corridor, unit.unit, metric, raw)
        hit = self._series_cache.get(key)
        if hit is None:
            hit = self._series_cache[key] = self._judge_series(*key, index)
        slug, problem, assumed = hit
        if assumed:
            self.assumed[(corridor, unit.unit, metric)] = slug
        return slug, problem

    def _judge_series(self, corridor: str, unit: str, metric: str, raw: str,
                      index: int | None) -> tuple:
        problem = check_text("series", raw)
        if problem:
            return None, (index, *problem), False
        text = clean_text(raw).casefold()
        if text:
            message = self.series.check(text, corridor)
            return (None, (index, "unknown-series", message), False) if message else (
                text, None, False)
        slug = self.series.default_for(corridor, unit, metric)
        if slug is None:
            return None, (index, "unknown-series", (
                f"The {corridor} corridor has no headline series for {metric} in {unit}, "
                "so this figure needs a series: add a series column with a slug from "
                "geodata/series.toml.")), False
        return slug, None, True

    def report_assumed(self) -> None:
        """One ``series-assumed`` warning naming the series given to figures without one.

        Only for a file without errors: a refused file stores nothing, so how its
        figures would have been filed is noise beside the errors to fix.
        """
        if not self.assumed or not self.report.valid:
            return
        given = "; ".join(f"{corridor} {metric} in {unit}: {slug} ({self.series.title(slug)})"
                          for (corridor, unit, metric), slug in sorted(self.assumed.items()))
        column = "series" if "series" in self.header.fields else None
        self.report.add(None, column, "series-assumed", (
            "Figures without a series were filed under their corridor's headline series "
            f"for their unit: {given}. Add a series column (slugs in geodata/series.toml) "
            "if they belong to another series."))

    def _with_note(self, line: int, values: tuple | None, raw: str) -> tuple | None:
        """Add the row's note (checked per row: notes rarely repeat)."""
        # the quick test is the full rule for a printable note (fast path too)
        if plain_note(raw):
            note = raw.strip()
        else:
            problem = check_text("note", raw)
            if problem:
                self._add(line, self._note, *problem)
                return None
            note = clean_text(raw)
        return None if values is None else (*values[:-1], note)

    def _fits_width(self, line: int, cells: list[str]) -> bool:
        width = self.header.width
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            extra = next(i for i in range(width, len(cells)) if cells[i].strip())
            self._add(line, extra, "extra-cell", (
                f"Line {line} has {len(cells)} cells but the header has {width}. Remove the "
                "extra cell, or quote text that contains the separator."))
            return False
        if len(cells) < width:
            self._add(line, len(cells), "missing-cell", (
                f"Line {line} has {len(cells)} cells but the header has {width}. Add the "
                "missing separators (empty cells are fine)."))
            return False
        return True

    def _is_total_cell(self, raw: str) -> bool:
        hit = self._total_cache.get(raw)
        if hit is None:
            hit = self._total_cache[raw] = is_total_label(raw)
        return hit

    def _total(self, line: int, index: int, cells: list[str]) -> None:
        self._add(line, index, "total-row", (
            f"Line {line} is a total row ({cells[index].strip()!r}); it was skipped, "
            "because totals are computed, never stored."))

    def _lookup(self, field: str, raw: str) -> tuple:
        """``(value, code, message)`` for a low-cardinality cell, cached by raw text."""
        key = (field, raw)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._convert(field, raw)
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[key] = hit
        return hit

    def _convert(self, field: str, raw: str) -> tuple:
        if field != "corridor":
            return _convert_cell(field, raw)
        problem = check_text(field, raw)
        if problem:
            return (None, *problem)
        text = clean_text(raw)
        if not text:
            return _required(text, "corridor")
        found, message = self.names.corridor(text)
        return (found, None, None) if found else (None, "unknown-corridor", message)

    def _get(self, cells: list[str], field: str, problems: list) -> object:
        """Converted value of ``field``; a problem is appended to ``problems``."""
        index = self.header.fields.get(field)
        value, code, message = self._lookup(field, cells[index] if index is not None else "")
        if code:
            problems.append((index, code, message))
        return value

    def _location(self, cells: list[str], corridor: object, problems: list) -> str:
        index = self.header.fields.get("location")
        if index is None:
            return ""
        text, code, message = self._lookup("location", cells[index])
        if not code and corridor:
            text, message = self.names.location(corridor, text)
            code = "unknown-location" if message else None
        if code:
            problems.append((index, code, message))
        return text

    def _period_index(self) -> int:
        fields = self.header.fields
        return fields.get("period", fields.get("period_start", 0))

    def period_of(self, cells: list[str]) -> tuple:
        """``(Period or _TOTAL or None, code, message)`` of a row; nothing is reported."""
        fields = self.header.fields
        raws = [cells[fields[f]] if f in fields else "" for f in
                ("period", "period_start", "period_end")]
        if self._is_total_cell(raws[0]):
            return _TOTAL, None, None
        return self._lookup("periods", "\x1f".join(raws))

    def _period(self, line: int, cells: list[str]) -> Period | None | object:
        """The row's period (cached by its cells), None if wrong, ``_TOTAL`` if a total."""
        key = self._period_key(cells) if self._period_key else ""
        hit = self._periods.get(key)
        if hit is None:
            hit = self.period_of(cells)
            if len(self._periods) < _CACHE_LIMIT:
                self._periods[key] = hit
        period, code, message = hit
        if period is _TOTAL:
            self._total(line, self._period_index(), cells)
        elif code:
            self._add(line, self._period_index(), code, message)
        return period

    # -- one figure --------------------------------------------------------------------
    def _figure(self, line: int, common: tuple | None, period: Period, period_index: int,
                index: int, raw: str, typed: dict[int, float] | None = None) -> None:
        # Every cell that would become a figure counts, kept or refused: the cap bounds
        # the work on what the file becomes (a wide table times its period columns).
        self.figures_seen += 1
        if self.figures_seen > MAX_FIGURES:
            self._too_many(line)
            return
        number = typed.get(index) if typed else None
        parsed = parse_number(raw) if number is None else ParsedNumber(number)
        if parsed.error is None and parsed.value is not None and parsed.decimal is not None:
            self._column(index).note(parsed, line)
        problem = _value_problem(raw, parsed)
        if problem:
            self._add(line, index, *problem)
            return
        if common is None:
            return
        (corridor, location, metric, direction, quality, unit, raw_unit, source, series,
         note) = common
        misfit = check_unit_fits(unit, period.start, period.end)
        if misfit:
            self._add(line, self.header.fields["unit"], "unit-metric-mismatch", misfit)
            return
        value = parsed.value * unit.factor
        if not value <= MAX_VALUE:  # also catches inf after scaling (1e305 Mt)
            self._add(line, index, "value-out-of-range", (
                f"{raw!r} {raw_unit.strip()} is {value:.3g} {unit.unit}, beyond the largest "
                f"figure accepted ({MAX_VALUE:.0e} {unit.unit}). Check the unit and the "
                "decimal mark."))
            return
        record = Record(corridor, series, location, period.label, period.start, period.end,
                        metric, direction, value, unit.unit, quality, source, note)
        identity = (corridor, series, location, period.start, period.end, metric, direction,
                    unit.unit)
        if parsed.alternative is not None:
            self._column(index).pending.append((len(self.records), line, raw, parsed.value,
                                                parsed.alternative))
        self._keep(line, record, identity, raw_unit, period_index)

    def _too_many(self, line: int) -> None:
        """Stop at the first figure over the cap (the reader checks ``stopped``)."""
        if not self.stopped:
            self.stopped = True
            self._add(line, None, "too-many-figures", (
                f"The file holds more than {MAX_FIGURES:,} figures (rows times period "
                f"columns); checking stopped at line {line}. Split it into several files."))

    def _column(self, index: int) -> NumberColumn:
        column = self._numbers.get(index)
        if column is None:
            column = self._numbers[index] = NumberColumn(self.header.names[index])
        return column

    def _keep(self, line: int, record: Record, identity: tuple, raw_unit: str,
              period_index: int) -> None:
        # Keys are 64-bit hashes, not tuples: a million identities then cost ~100 MB less.
        key = hash(identity)
        first = self._seen.get(key)
        if first is not None and self.records[first].identity == identity:
            # t and т are one unit; kt and Mt are the same figure written two ways.
            same_unit = (parse_unit(self._raw_units[first].strip()).factor
                         == parse_unit(raw_unit.strip()).factor)
            code = "duplicate-key" if same_unit else "unit-conflict"
            what = ("the same figure" if same_unit else
                    f"the same figure in another unit ({self._raw_units[first].strip()!r})")
            self._add(line, period_index, code, (
                f"Line {line} repeats {what} as line {self._lines[first]} (corridor, "
                "series, location, period, metric, direction and unit are equal). Keep "
                "one row."))
            return
        if first is None:  # a 64-bit hash collision keeps the first identity only
            self._seen[key] = len(self.records)
        self.records.append(record)
        self._lines.append(line)
        self._raw_units.append(raw_unit)

    # -- end of file -------------------------------------------------------------------
    def finish(self) -> list[Record]:
        """Resolve ambiguous numbers by their column, else by the whole table (a
        separator proven anywhere in the file's value cells decides the others);
        return records if no error."""
        if not self.report.rows:
            self.report.add(None, None, "no-data-rows", (
                "The file has a header but no data rows. Add one row per figure under "
                "the header (or check that you exported the right sheet)."))
        table = table_style(self._numbers.values())
        cyrillic = any("\u0400" <= ch <= "\u04ff" for name in self.header.names
                       for ch in name)
        for column in self._numbers.values():
            conflict = column.conflict_message()
            if conflict:
                self.report.add(min(column.first_line.values()), column.name,
                                "ambiguous-number", conflict)
            for position, line, raw, value, alternative in column.pending:
                chosen = None if conflict else resolve(column, value, alternative, raw,
                                                       table)
                if chosen is None:
                    self.report.add(line, column.name, "ambiguous-number",
                                    ambiguous_message(raw, value, alternative, cyrillic))
                elif chosen != value:
                    record = self.records[position]
                    factor = record.value / value if value else 1.0
                    if not chosen * factor <= MAX_VALUE:  # range after every conversion
                        self.report.add(line, column.name, "value-out-of-range", (
                            f"{raw!r} read as {chosen:g} is beyond the largest figure "
                            f"accepted ({MAX_VALUE:.0e}). Check the decimal mark."))
                        continue
                    self.records[position] = _with_value(record, chosen * factor)
        self.report_assumed()
        return self.records if self.report.valid else []


def _with_value(record: Record, value: float) -> Record:
    return replace(record, value=value)


def _value_problem(raw: str, parsed) -> tuple[str, str] | None:
    first = raw[0]
    if first in "=@\t\r" or (not first.isdigit() and is_formula(raw)
                               and raw.lstrip()[:1] not in "+-"):
        return "formula-injection", (f"{raw!r} starts like a formula. Export the values, "
                                     "not the formulas.")
    if parsed.error:
        return parsed.error
    if not is_finite(parsed.value):
        return "non-finite-value", f"{raw!r} is too large to be a real figure."
    if parsed.value < 0:
        return "negative-value", (f"{raw} is negative; throughput cannot be. Give the "
                                  "volume, not a change (changes belong in note).")
    return None


def _convert_cell(field: str, raw: str) -> tuple:
    """``(value, code, message)`` for one low-cardinality cell (uncached)."""
    if field == "periods":
        return _convert_periods(raw.split("\x1f"))
    problem = check_text(field, raw)
    if problem:
        return (None, *problem)
    text = clean_text(raw)
    if field in ("metric", "direction", "quality"):
        term, message = parse_term(field, text)
        return (term, None, None) if term else (None, "unknown-value", message)
    if field == "unit":
        if not text:
            return _required(text, "unit")
        try:
            return parse_unit(text), None, None
        except UnitError as exc:
            return None, exc.code, str(exc)
    return text, None, None


def _required(text: str, field: str) -> tuple:
    return None, "missing-cell", f"The {field} is empty. Fill it in."


def _convert_periods(raws: list[str]) -> tuple:
    """Period label and/or bounds to a Period; they must agree when both are given."""
    label, start_raw, end_raw = (r.strip() for r in raws)
    for raw in (label, start_raw, end_raw):
        problem = check_text("period", raw)
        if problem:
            return (None, *problem)
    try:
        period = parse_period(label) if label else None
        if start_raw or end_raw:
            bounds = period_from_bounds(dt.date.fromisoformat(start_raw),
                                        dt.date.fromisoformat(end_raw))
            if period is not None and (bounds.start, bounds.end) != (period.start,
                                                                     period.end):
                return None, "bad-period", (
                    f"period {label!r} runs {period.start}..{period.end}, but period_start "
                    f"and period_end say {bounds.start}..{bounds.end}. Correct one of them.")
            period = period or bounds
    except PeriodError as exc:
        return None, "bad-period", str(exc)
    except ValueError:
        return None, "bad-period", (f"period_start {start_raw!r} / period_end {end_raw!r} "
                                    "must be ISO dates such as 2023-01-01 and 2023-03-31.")
    if period is None:
        return None, "missing-cell", "The period is empty. Fill it in (e.g. 2023 or 2023-Q1)."
    return period, None, None
