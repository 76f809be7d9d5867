"""Period words from CLDR (Babel) in en, ru and kk, and the grammar kept on top."""

from __future__ import annotations

import pytest

from corridors.ingest import validate_bytes
from corridors.ingest.locales import cldr_labels
from corridors.ingest.periods import PeriodError, parse_period

LABELS = cldr_labels(2024)


def test_every_cldr_month_and_quarter_label_round_trips():
    # 3 locales x (2 widths x 2 contexts x (12 months + 4 quarters) + 12 x 2 month
    # patterns + 4 x 2 quarter patterns)
    assert len(LABELS) == 3 * (4 * 16 + 24 + 8)
    wrong = [(text, want, _label(text)) for text, want in LABELS if _label(text) != want]
    assert wrong == []


def test_the_kazakh_labels_of_the_issue_are_all_among_them():
    texts = {text.replace("\u202f", " ") for text, _ in LABELS}
    assert {"І тоқсан 2024", "ақп. 2024", "жел. 2024", "2024 ж. қаңтар"} <= texts


def _label(text: str) -> str | None:
    try:
        return parse_period(text).label
    except PeriodError:
        return None


@pytest.mark.parametrize("text,label", [
    ("І тоқсан 2024", "2024-Q1"),  # Cyrillic І, as Kazakh keyboards type it
    ("I тоқсан 2024", "2024-Q1"),  # Latin I
    ("ІІІ тоқсан 2024", "2024-Q3"),
    ("ІV тоқсан 2024", "2024-Q4"),  # Cyrillic І + Latin V
    ("1-тоқсан 2024", "2024-Q1"),
    ("2-ші тоқсан 2024", "2024-Q2"),
    ("2023 ж.", "2023"),
    ("2023 жыл", "2023"),
    ("2024 ж. І тоқсан", "2024-Q1"),
    ("2024 ж. ақп.", "2024-02"),
    ("ақп. 2024", "2024-02"),
    ("жел. 2024", "2024-12"),
    ("1-жарты жыл 2024", "2024-H1"),
    ("ІІ жартыжылдық 2024", "2024-H2"),
    ("февр. 2024", "2024-02"),
    ("янв.-март 2024", "2024-Q1"),
    ("янв.-нояб. 2024", "2024-01..2024-11"),
    ("1-й квартал 2024 г.", "2024-Q1"),
    ("1st quarter 2024", "2024-Q1"),
    ("4th quarter 2024", "2024-Q4"),
    ("2nd half 2024", "2024-H2"),
    ("Jan-Nov 2024", "2024-01..2024-11"),
    ("IV кв. 2023", "2023-Q4"),
])
def test_locale_forms(text, label):
    assert parse_period(text).label == label


@pytest.mark.parametrize("text", ["V тоқсан 2024", "5th quarter 2024", "2024 ж. ақпанн"])
def test_impossible_forms_are_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


# CSV fixtures made inline: (file text, expected problems (line, column, code), figures)
CSV_CASES = [
    ("kazakh quarters", "дәліз;кезең;мән;өлшем бірлігі\nСредний коридор;І тоқсан 2024;1,5;млн т\n"
     "Средний коридор;ІІ тоқсан 2024;2,5;млн т\n", [],
     [("2024-Q1", 1500000.0), ("2024-Q2", 2500000.0)]),
    ("kazakh months and a year", "коридор;период;значение;ед. изм.\nТМТМ;ақп. 2024;10;т\n"
     "ТМТМ;жел. 2024;20;т\nТМТМ;2023 ж.;30;т\n", [],
     [("2024-02", 10.0), ("2024-12", 20.0), ("2023", 30.0)]),
    ("russian abbreviations and ranges", "коридор;период;значение;ед. изм.\n"
     "ТМТМ;февр. 2024;10;т\nТМТМ;янв.-март 2024;20;т\n", [],
     [("2024-02", 10.0), ("2024-Q1", 20.0)]),
    ("english ordinal quarters", "corridor,period,value,unit\nmiddle,1st quarter 2024,5,t\n",
     [], [("2024-Q1", 5.0)]),
    ("english wide table, thousands proven in another column",
     'corridor,unit,2022,2023\nmiddle,t,"759,000","1,485,000"\n', [],
     [("2022", 759000.0), ("2023", 1485000.0)]),
    ("english wide table, thousands proven in another row",
     'corridor,location,unit,2022,2023\nmiddle,aktau,t,"759,000",\n'
     'middle,kuryk,t,,"1,485,000.5"\n', [], [("2022", 759000.0), ("2023", 1485000.5)]),
    ("russian wide table, decimal comma proven elsewhere",
     'коридор;ед. изм.;2022;2023\nТМТМ;млн т;1,500;2,75\n', [],
     [("2022", 1500000.0), ("2023", 2750000.0)]),
    ("ambiguous as a whole", 'corridor,unit,2022,2023\nmiddle,t,"759,000","1,500"\n',
     [(2, "2022", "ambiguous-number"), (2, "2023", "ambiguous-number")], []),
    ("header only", "corridor,period,value,unit\n", [(None, None, "no-data-rows")], []),
    ("header and blank rows only", "corridor,period,value,unit\n\n,,,\n",
     [(None, None, "no-data-rows")], []),
]


@pytest.mark.parametrize("name,text,problems,figures", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_csv_case(name, text, problems, figures):
    result = validate_bytes(text.encode("utf-8"), filename=name)
    found = [(p.row, p.column, p.code) for p in result.report.errors]
    assert sorted(found, key=str) == sorted(problems, key=str)
    assert [(r.period, r.value) for r in result.records] == figures


def test_ambiguous_fix_matches_the_locale():
    english = validate_bytes(b'corridor,unit,2022\nmiddle,t,"1,500"\n').report.errors[0]
    assert "write 1500 (no thousands separator) or 1.5 (decimal point)" in english.message
    russian = validate_bytes("коридор;ед. изм.;2022\nТМТМ;т;1,500\n".encode()).report
    assert "1\u00a0500 (thousands grouped by a space) or 1,5 (decimal comma)" in (
        russian.errors[0].message)


def test_filled_columns_are_one_warning_each():
    report = validate_bytes("коридор;период;значение;ед. изм.\nТМТМ;2023;1;т\nТМТМ;2024;1;т\n"
                            .encode()).report
    filled = [(p.row, p.column) for p in report.warnings if p.code == "default-filled"]
    assert filled == [(1, "metric"), (1, "direction"), (1, "quality")]
    full = validate_bytes(b"corridor,series,period,metric,direction,value,unit,quality\n"
                          b"middle,kz-mot-titr,2023,volume,both,1,t,reported\n").report
    assert full.warnings == []
