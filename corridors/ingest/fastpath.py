"""A vectorised reader for large, clean long-layout files; the row loop stays the judge.

Validating a million rows one by one costs seconds even with caches, although such a
file repeats a few hundred distinct corridors, locations, periods and units. This
module parses the file with Arrow's CSV reader (every cell as text), runs the row
loop's own converters (``RowConverter.common_of`` / ``period_of``) once per distinct
combination of cells, checks values and notes column-wise, and finds duplicate
identities with integer keys.

It only ever says "all valid, here is the frame" or "not sure": any problem, any cell
it cannot judge exactly as the row loop would, and any file shape it does not handle
(quotes, wide layout, rows of the wrong width...) returns None, and the caller runs the
exact row loop, so every report is the row loop's report.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from corridors.domain.records import MAX_VALUE
from corridors.ingest.cells import plain_note
from corridors.ingest.dialect import MAX_LINE_CHARS, MAX_ROWS, Dialect
from corridors.ingest.frames import make_frame
from corridors.ingest.periods import Period
from corridors.ingest.rows import RowConverter

#: Below this many characters the row loop is fast enough and avoids Arrow's set-up.
FAST_MIN_CHARS = 256 * 1024
COMMON_FIELDS = ("corridor", "location", "metric", "direction", "quality", "unit", "source")
PERIOD_FIELDS = ("period", "period_start", "period_end")
_PLAIN_NUMBER = r"^[0-9]+(?:\.[0-9]+)?$"  # parse_number's exact fast path, ASCII digits


class NotSureError(Exception):
    """The fast path cannot vouch for the file; the row loop must read it."""


def eligible(text: str, dialect: Dialect, header_line: int, layout: str) -> bool:
    """Whether the fast path may try this file (cheap checks on the whole text).

    No double quote anywhere (so no quoted separators or embedded newlines: every row is
    one line), the header on the first line (after a ``sep=`` line), a long layout.
    """
    return (layout == "long" and header_line == dialect.skip_lines + 1
            and '"' not in text)


def read_fast(payload: bytes, dialect: Dialect, width: int, converter: RowConverter
              ) -> tuple[pd.DataFrame, int] | None:
    """Validate the data rows vectorised; ``(frame, rows)`` when all are valid, else None.

    Parameters
    ----------
    payload : bytes
        The decoded file as UTF-8.
    dialect : Dialect
    width : int
        Number of cells in the header row as read (trailing empty ones included).
    converter : RowConverter
        The row loop's converter for this header; its caches are shared.
    """
    try:
        return _validate(payload, dialect, width, converter)
    except (NotSureError, pa.ArrowInvalid):
        return None


def _read_table(payload: bytes, dialect: Dialect, width: int) -> pa.Table:
    """All cells as text; Arrow refuses rows of another width (ArrowInvalid).

    Columns are read as ``large_string``, the type of pandas' ``str`` columns, so the
    frame can share them. The payload is valid UTF-8 (strictly decoded, or encoded from
    the text), so Arrow need not check it again.
    """
    names = [f"c{i}" for i in range(width)]
    types = {n: pa.large_string() for n in names}
    return pacsv.read_csv(
        io.BytesIO(payload),
        # One thread: on the app's two cores a second one gained nothing in the benchmark,
        # and the other core stays free for the other sessions.
        read_options=pacsv.ReadOptions(skip_rows=dialect.skip_lines + 1, column_names=names,
                                       use_threads=False),
        parse_options=pacsv.ParseOptions(delimiter=dialect.delimiter, quote_char=False,
                                         double_quote=False, escape_char=False,
                                         newlines_in_values=False, ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(
            column_types=types, null_values=[],
            strings_can_be_null=False, quoted_strings_can_be_null=False, check_utf8=False))


def _validate(payload: bytes, dialect: Dialect, width: int, converter: RowConverter
              ) -> tuple[pd.DataFrame, int]:
    """Every check of the row loop, column-wise; raises NotSureError at the first doubt."""
    table = _read_table(payload, dialect, width)
    rows = table.num_rows
    _check_shape(table, converter.header.width)
    fields = {f: table.column(i) for f, i in converter.header.fields.items()}
    del table  # keep only the columns still needed: peak memory is part of the goal
    common = _common(fields, converter, rows)
    common["series"] = _series(fields, converter, rows)
    period_codes, periods = _periods(fields, converter)
    fields = {f: fields[f] for f in ("value", "note") if f in fields}
    per_year = common["per_year"]
    if per_year.values.any() and (per_year.rows() & ~periods["is_year"][period_codes]).any():
        raise NotSureError("a per-year unit on a period that is not a year")
    parts = [common["corridor"].identities(common["location"])]
    parts += [common[f].identities() for f in ("metric", "direction", "unit", "series")]
    parts.append((period_codes, periods["identity"], len(periods["identity"])))
    if len(pd.unique(_mixed_key(parts))) != rows:
        raise NotSureError("a duplicate identity")
    values = _values(fields["value"]) * common["factor"].rows()
    if not (values <= MAX_VALUE).all():  # finite and in range after unit scaling
        raise NotSureError("a value out of range after unit scaling")
    frame = make_frame({
        **{f: common[f].texts() for f in ("corridor", "series", "location", "metric",
                                           "direction", "unit", "quality", "source")},
        "period": periods["label"].texts(),
        "period_start": periods["start"][period_codes],
        "period_end": periods["end"][period_codes],
        "value": values, "note": _notes(fields.get("note"), rows),
    })
    return frame, rows


def _check_shape(table: pa.Table, width: int) -> None:
    """Row count, line length and cells beyond the header's named columns."""
    rows = table.num_rows
    if rows == 0 or rows > MAX_ROWS:
        raise NotSureError("no data rows, or too many")
    # Byte lengths bound character lengths: the longest line is at most the sum of each
    # column's longest cell, the separators and a CRLF.
    longest = sum(pc.max(pc.binary_length(c)).as_py() for c in table.columns)
    if longest + table.num_columns + 1 > MAX_LINE_CHARS:
        raise NotSureError("a line may be too long")
    for column in table.columns[width:]:
        if pc.max(pc.binary_length(column)).as_py():
            raise NotSureError("a cell beyond the header")


@dataclass
class Column:
    """One converted field: a code per row and the value of each code."""

    codes: np.ndarray
    values: np.ndarray
    #: The column as read, when every value is its own cell text (a canonical file).
    raw: pa.ChunkedArray | None = None

    def rows(self) -> np.ndarray:
        """The value of every row."""
        return self.values[self.codes]

    def texts(self) -> pa.ChunkedArray:
        """The value of every row as Arrow text (the column as read, if it may be)."""
        return self.raw if self.raw is not None else _take(self.values, self.codes)

    def identities(self, *others: Column) -> tuple[np.ndarray, np.ndarray, int]:
        """``(codes, id of each code, number of ids)``: equal values share an id.

        ``others`` share this column's codes (location with corridor) and join the key.
        """
        ids: dict[object, int] = {}
        keys = zip(self.values.tolist(), *(o.values.tolist() for o in others), strict=True)
        per_code = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
        return self.codes, per_code, len(ids)


def _mixed_key(parts: list[tuple[np.ndarray, np.ndarray, int]]) -> np.ndarray:
    """One int64 per row that is equal exactly when every part's id is equal."""
    key, size = np.zeros(len(parts[0][0]), dtype=np.int64), 1
    for codes, ids, count in parts:
        count = max(count, 1)
        if size * count >= 2 ** 62:  # compress before the mixed radix overflows
            key, uniques = pd.factorize(key)
            size = len(uniques)
        key, size = key * count + ids[codes], size * count
    return key


def _group(columns: list[pa.ChunkedArray], rows: int) -> tuple[np.ndarray, list[list[str]]]:
    """Per-row codes of the distinct combinations of ``columns``, and their texts."""
    if not columns:
        return np.zeros(rows, dtype=np.int32), [[]]
    encoded = [_encode(column) for column in columns]
    if len(encoded) == 1:  # Arrow numbers a dictionary by first appearance too
        codes, uniques = encoded[0]
        return codes, [[u] for u in uniques]
    parts = [(c, np.arange(len(u)), len(u)) for c, u in encoded]
    codes, _ = pd.factorize(_mixed_key(parts))
    # factorize numbers combinations by first appearance: a new code raises the maximum.
    running = np.maximum.accumulate(codes)
    first_rows = np.flatnonzero(np.r_[True, running[1:] > running[:-1]])
    return codes, [[uniques[c[i]] for c, uniques in encoded] for i in first_rows]


def _encode(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Per-row codes (numbered by first appearance) and the distinct texts."""
    chunks = column.dictionary_encode().chunks
    dictionary = chunks[-1].dictionary
    # Arrow gives every chunk the final dictionary; combining the chunks is the
    # slower, always-right way should a version ever not.
    if any(len(c.dictionary) != len(dictionary) for c in chunks):
        array = column.combine_chunks().dictionary_encode()
        return array.indices.to_numpy(zero_copy_only=False), array.dictionary.to_pylist()
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
    return codes, dictionary.to_pylist()


def _row_cells(converter: RowConverter, texts: dict[str, str]) -> list[str]:
    """A synthetic row for the converter: these fields filled, every other cell empty."""
    cells = [""] * converter.header.width
    for name, text in texts.items():
        cells[converter.header.fields[name]] = text
    return cells


#: Fields the row loop converts independently of each other (a location depends on
#: its corridor), with the positions of their results in ``RowConverter.common_of``.
_PARTS = ((("corridor", "location"), ("corridor", "location")), (("metric",), ("metric",)),
          (("direction",), ("direction",)), (("quality",), ("quality",)),
          (("unit",), ("unit",)), (("source",), ("source",)))
_COMMON_POSITIONS = {"corridor": 0, "location": 1, "metric": 2, "direction": 3,
                     "quality": 4, "unit": 5, "source": 7}


def _common(fields: dict, converter: RowConverter, rows: int) -> dict[str, Column]:
    """Corridor ... source through the row loop's own ``common_of``, per distinct value.

    Each part is varied alone on top of the first row's other cells: as the row loop
    converts the parts independently, a file passes when every variation does, and
    the cost is the sum, not the product, of the distinct counts.
    """
    present = [f for f in COMMON_FIELDS if f in fields]
    base = {f: fields[f][0].as_py() for f in present}
    out: dict[str, Column] = {}
    for inputs, outputs in _PARTS:
        inputs = tuple(f for f in inputs if f in fields)
        codes, combos = _group([fields[f] for f in inputs], rows)
        results = []
        for texts in combos:
            values, _, _ = converter.common_of(
                _row_cells(converter, {**base, **dict(zip(inputs, texts, strict=True))}),
                with_series=False)
            if values is None:  # a problem, or a total row: the row loop reports it
                raise NotSureError("a bad corridor, location, term, unit or source")
            results.append(values)
        for name in outputs:
            column = [r[_COMMON_POSITIONS[name]] for r in results]
            if name == "unit":
                for key, attr in (("factor", "factor"), ("per_year", "per_year")):
                    out[key] = Column(codes, np.array([getattr(u, attr) for u in column]))
                column = [u.unit for u in column]
            out[name] = Column(codes, np.array(column, dtype=object),
                               _unchanged(fields, inputs, name, combos, column))
    return out


def _series(fields: dict, converter: RowConverter, rows: int) -> Column:
    """The series of every row, judged per distinct (corridor, unit, metric, series)
    cells by the row loop's own ``series_of`` (a default depends on all four)."""
    inputs = tuple(f for f in ("corridor", "unit", "metric", "series") if f in fields)
    codes, combos = _group([fields[f] for f in inputs], rows)
    slugs = []
    for texts in combos:
        slug, problem = converter.series_of(
            _row_cells(converter, dict(zip(inputs, texts, strict=True))))
        if slug is None or problem:
            raise NotSureError("a series the row loop must judge")
        slugs.append(slug)
    return Column(codes, np.array(slugs, dtype=object),
                  _unchanged(fields, inputs, "series", combos, slugs))


def _unchanged(fields: dict, inputs: tuple[str, ...], name: str, combos: list[list[str]],
               values: list[str]) -> pa.ChunkedArray | None:
    """The column ``name`` as read if every converted value equals its cell's text.

    In a canonical file they all do, and the frame then shares Arrow's column instead
    of building a new one.
    """
    if name not in inputs:
        return None
    position = inputs.index(name)
    if any(texts[position] != value for texts, value in zip(combos, values, strict=True)):
        return None
    return fields[name]


def _periods(fields: dict, converter: RowConverter) -> tuple[np.ndarray, dict]:
    """Label and bounds of every distinct period cell combination."""
    names = tuple(f for f in PERIOD_FIELDS if f in fields)
    codes, combos = _group([fields[f] for f in names], len(fields["value"]))
    labels, starts, ends, is_year, identity = [], [], [], [], []
    bounds: dict[tuple, int] = {}
    for texts in combos:
        period, code, _ = converter.period_of(
            _row_cells(converter, dict(zip(names, texts, strict=True))))
        if code or not isinstance(period, Period):  # bad, or a total row
            raise NotSureError("a bad period")
        labels.append(period.label)
        starts.append(period.start)
        ends.append(period.end)
        is_year.append((period.start.month, period.start.day, period.end.month,
                        period.end.day, period.end.year) == (1, 1, 12, 31, period.start.year))
        identity.append(bounds.setdefault((period.start, period.end), len(bounds)))
    label = Column(codes, np.array(labels, dtype=object),
                   _unchanged(fields, names, "period", combos, labels))
    return codes, {"label": label,
                   "start": np.array(starts, dtype="datetime64[D]"),
                   "end": np.array(ends, dtype="datetime64[D]"),
                   "is_year": np.array(is_year, dtype=bool),
                   "identity": np.array(identity, dtype=np.int64)}


def _values(column: pa.ChunkedArray) -> np.ndarray:
    """Values that ``parse_number`` reads as ``float(text)`` with no problem, or NotSureError.

    Plain ``digits[.digits]`` cells never prove a decimal comma, so a column of them
    has no conflict and every ambiguous ``1.500`` resolves to 1.5, which is
    ``float("1.500")``. Arrow's parser rounds correctly, like ``float``.
    """
    if not pc.all(pc.match_substring_regex(column, _PLAIN_NUMBER)).as_py():
        raise NotSureError("a value that is not a plain number")
    values = pc.cast(column, pa.float64()).to_numpy()
    if not np.isfinite(values).all():
        raise NotSureError("a value too large for a float")
    return values


def _notes(column: pa.ChunkedArray | None, rows: int) -> pa.ChunkedArray:
    """Notes as the row loop keeps them, when each passes its quick test.

    The row loop accepts a note as ``raw.strip()`` when it is printable, does not start
    like a formula once stripped and has at most 2,000 characters; any other note goes to the row
    loop. A printable text has no whitespace but the space, so strip() trims spaces.
    """
    if column is None:
        return pa.chunked_array([pa.repeat(pa.scalar("", pa.large_string()), rows)])
    # Bytes bound characters, so the exact length is counted only for long notes. A tab
    # or CR at the start is a control character as well as a formula prefix.
    if ((pc.max(pc.binary_length(column)).as_py() > 2000
         and pc.max(pc.utf8_length(column)).as_py() > 2000)
            or pc.any(pc.match_substring_regex(column, r"^ *[=+\-@]|[\x00-\x1f\x7f]")).as_py()):
        raise NotSureError("a note the row loop must check")
    ascii_only = pc.string_is_ascii(column)
    if not pc.all(ascii_only).as_py():
        others = column.filter(pc.invert(ascii_only)).to_pylist()
        if not all(map(plain_note, others)):  # fillers, fullwidth formula prefixes
            raise NotSureError("a note with an invisible character")
    return pc.utf8_trim(column, " ")


def _take(uniques: np.ndarray, codes: np.ndarray) -> pa.ChunkedArray:
    """Broadcast per-code texts to rows (Arrow's take: no Python objects per row)."""
    return pa.chunked_array([pa.array(uniques.tolist(), pa.large_string()).take(codes)])
