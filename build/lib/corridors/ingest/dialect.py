"""Text to rows: delimiter, Excel's ``sep=`` line, quoting and physical line numbers.

The delimiter is read from the header line (the first non-blank line, after an optional
``sep=;`` line) among ``,`` ``;`` tab and ``|``: whichever occurs most outside quotes.
Rows come with the physical line on which they start, counting every line of the file
(the ``sep=`` line and embedded newlines in quoted cells included), so the report points
at the line a person sees in a text editor. Blank rows are skipped. Lines longer than
``MAX_LINE_CHARS`` and files with more than ``MAX_ROWS`` data rows stop the reading with
an error instead of eating memory.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from corridors.ingest.problems import Report

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def delimiter_title(delimiter: str | None, *, with_symbol: bool = False) -> str:
    """The delimiter in words (``semicolon``), or with its symbol (``semicolon (;)``); a tab
    has no visible symbol. The one table of delimiter names for reports, CLI and pages."""
    if not delimiter:
        return "?"
    name = DELIMITER_NAMES.get(delimiter, delimiter)
    if with_symbol and delimiter != "\t" and name != delimiter:
        return f"{name} ({delimiter})"
    return name


MAX_LINE_CHARS = 65_536
MAX_ROWS = 2_000_000
_SEP_LINE = re.compile(r'^\ufeff?"?sep=(.)"?[,;\t|]*\r?\n?$', re.I)


@dataclass(frozen=True)
class Dialect:
    """How a file is laid out: delimiter and lines to skip before the header."""

    delimiter: str
    skip_lines: int = 0

    @property
    def delimiter_name(self) -> str:
        """Readable name of the delimiter for reports (``tab`` rather than a tab)."""
        return DELIMITER_NAMES.get(self.delimiter, self.delimiter)


def detect_dialect(text: str) -> Dialect:
    """Find the delimiter from the header line, honouring Excel's ``sep=`` line.

    Parameters
    ----------
    text : str
        The decoded file.

    Returns
    -------
    Dialect
    """
    first_line = text[: text.find("\n") + 1 if "\n" in text else len(text)]
    sep = _SEP_LINE.match(first_line)
    if sep and sep.group(1) in DELIMITERS:
        return Dialect(sep.group(1), skip_lines=1)
    start = len(first_line) if sep else 0
    header = _first_non_blank_line(text, start)
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return Dialect(best if counts[best] else ",", skip_lines=1 if sep else 0)


def _first_non_blank_line(text: str, start: int) -> str:
    """The first line from ``start`` that has more than whitespace (bounded scan)."""
    for line in io.StringIO(text[start:start + 4 * MAX_LINE_CHARS], newline=""):
        if line.strip():
            return line
    return ""


def _count_outside_quotes(line: str, delimiter: str) -> int:
    """How often ``delimiter`` occurs outside double-quoted parts of ``line``."""
    return sum(part.count(delimiter) for part in line.split('"')[0::2])


def iter_rows(text: str, dialect: Dialect, report: Report) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(physical line, cells)`` for every non-blank row, header first.

    Problems that stop the reading (``line-too-long``, ``too-many-rows``, a broken
    quote) are added to ``report``; the rows read before them are still yielded so that
    their problems are reported too. ``report.rows`` ends as the number of data rows.
    """
    offset = dialect.skip_lines
    too_long: list[int] = []
    reader = csv.reader(_lines(text, offset, too_long), delimiter=dialect.delimiter,
                        quotechar='"', doublequote=True)
    previous = 0
    data_rows = -1  # the header is not a data row
    try:
        for cells in reader:
            line = offset + previous + 1
            previous = reader.line_num
            if not any(cells) or not any(c.strip() for c in cells):
                continue
            data_rows += 1
            if data_rows > MAX_ROWS:
                report.add(line, None, "too-many-rows", (
                    f"The file has more than {MAX_ROWS:,} data rows; reading stopped at line "
                    f"{line}. Split it into several files of at most {MAX_ROWS:,} rows."))
                return
            yield line, cells
    except csv.Error as exc:
        _report_csv_error(report, offset + previous + 1, exc)
        return
    finally:
        report.rows = max(data_rows, 0)
    if too_long:
        report.add(too_long[0], None, "line-too-long", (
            f"Line {too_long[0]} is longer than {MAX_LINE_CHARS:,} characters; reading "
            "stopped there. Check for a missing line break or a pasted block of text."))


_CHUNK_CHARS = 1 << 20
# str.splitlines also breaks at these; a CSV breaks only at CR and LF.
_ODD_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CSV_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str, skip: int, too_long: list[int]) -> Iterator[str]:
    """Lines of ``text`` with their endings, after ``skip`` lines, in 1 MB chunks.

    Chunks keep memory flat (``io.StringIO`` would hold the whole file as 4-byte
    characters) and let C code split and measure the lines; stops before the first
    line over ``MAX_LINE_CHARS`` and records its number in ``too_long``.
    """
    position, number, size = 0, 0, len(text)
    while position < size:
        end = text.find("\n", position + _CHUNK_CHARS)
        end = size if end == -1 else end + 1
        chunk = text[position:end]
        odd = any(ch in chunk for ch in _ODD_BREAKS)  # memchr-fast, unlike a regex
        lines = (_CSV_LINES.findall(chunk) if odd
                 else chunk.splitlines(keepends=True))
        if number < skip:
            lines, number = lines[skip - number:], skip
        if lines and max(map(len, lines)) > MAX_LINE_CHARS:
            first = next(i for i, ln in enumerate(lines) if len(ln) > MAX_LINE_CHARS)
            too_long.append(number + first + 1)
            yield from lines[:first]
            return
        number += len(lines)
        yield from lines
        position = end


def _report_csv_error(report: Report, line: int, exc: csv.Error) -> None:
    """Turn an error of the csv module into a report entry."""
    if "field larger than field limit" in str(exc):
        report.add(line, None, "line-too-long", (
            f"A quoted cell starting at line {line} runs over {csv.field_size_limit():,} "
            "characters; a closing quote (\") is probably missing. Fix the quotes."))
    else:
        report.add(line, None, "not-a-csv", (
            f"Line {line} cannot be read as CSV ({exc}). Check its quotes."))
