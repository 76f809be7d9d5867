"""Library helpers of the Data page: report and preview tables, the report CSV, history
rows, safe messages, encoding re-pick imports and the downloads. No browser, no streamlit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from corridors.domain.records import CANONICAL_COLUMNS
from corridors.exchange import downloads, reporting
from corridors.ingest import validate_bytes
from corridors.store import ImportOutcome, Revision, open_store

HEADER = ",".join(CANONICAL_COLUMNS) + "\n"
GOOD = (HEADER + "middle,aktau-port,aktau,2030,2030-01-01,2030-12-31,volume,both,123456,t,reported,"
        "https://example.org/src,test\n").encode()
BAD = (HEADER + "middle,kz-mot-titr,<img src=x onerror=alert(1)>,2030,2030-01-01,2030-12-31,"
       "volume,both,"
       "-5,t,reported,src,=HYPERLINK(\"http://evil\")\n").encode()
# Windows-1251 without a BOM: detection can only guess the encoding.
CP1251 = "corridor;location;period;metric;value;unit;source\nСредний коридор;Актау;2030;" \
         "volume;12;t;источник\n".encode("cp1251")


@pytest.fixture
def store(database_url):
    return open_store(database_url)


def test_problem_rows_give_line_column_code_severity_message():
    rows = reporting.problem_rows(validate_bytes(BAD).report)
    assert {r["code"] for r in rows} >= {"unknown-location", "negative-value",
                                         "formula-injection"}
    for row in rows:
        assert tuple(row) == reporting.REPORT_COLUMNS
        assert row["line"] == "2" and row["severity"] == "error"
    assert {r["column"] for r in rows} >= {"location", "value", "note"}


def test_count_rows_count_every_code():
    report = validate_bytes(BAD).report
    counts = {r["code"]: r["count"] for r in reporting.count_rows(report)}
    assert counts == dict(report.counts)


def test_report_csv_neutralises_formulas():
    report = validate_bytes((HEADER + "middle,kz-mot-titr,=cmd(),2030,2030-01-01,2030-12-31,"
                             "volume,both,"
                             "1,t,reported,src,\n").encode(), filename="=evil.csv").report
    rows = list(csv.DictReader(io.StringIO(reporting.report_csv(report).decode())))
    assert rows and tuple(rows[0]) == reporting.REPORT_COLUMNS
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_report_facts_show_encoding_guess_and_delimiter_by_name():
    facts = {r["Field"]: r["Value"] for r in reporting.report_facts(
        validate_bytes(CP1251, filename="ru.csv").report)}
    assert facts["File"] == "ru.csv"
    assert facts["Encoding"].startswith("cp1251 (a guess")
    assert facts["Delimiter"] == "semicolon (;)"


def test_record_rows_are_canonical_and_limited():
    records = validate_bytes(GOOD).records * 3
    rows = reporting.record_rows(records, limit=2)
    assert len(rows) == 2 and tuple(rows[0]) == CANONICAL_COLUMNS
    assert rows[0]["period_start"] == "2030-01-01" and rows[0]["value"] == 123456


def test_preview_tables_new_changed_unchanged(store, figure):
    store.import_records([figure("aktau", 10.0, year=2031), figure("aktau", 5.0, year=2032)],
                         filename="base.csv", sha256=None, author="t")
    preview = store.preview([figure("aktau", 11.0, year=2031), figure("aktau", 5.0, year=2032),
                             figure("dostyk", 1.0, year=2031, corridor="northern")])
    summary = {r["corridor"]: r for r in reporting.preview_summary_rows(preview)}
    assert summary["middle"] == {"corridor": "middle", "new": 0, "changed": 1, "unchanged": 1}
    assert summary["northern"]["new"] == 1 and summary["all"]["unchanged"] == 1
    changes = reporting.change_rows(preview)
    changed = next(r for r in changes if r["status"] == "changed")
    assert (changed["old value"], changed["new value"], changed["period"]) == ("10", "11", "2031")
    new = next(r for r in changes if r["status"] == "new")
    assert new["location"] == "dostyk" and new["old value"] == ""


def _revision(**fields) -> Revision:
    values = dict(id=3, created_at=dt.datetime(2025, 3, 1, 14, 5, 9, tzinfo=dt.UTC),
                  author="ana", filename="f.csv", sha256=None, row_count=4, added=3, changed=1,
                  note="why", kind="import", reverts=None, reverted_by=None, in_effect=True)
    values.update(fields)
    return Revision(**values)


def test_history_rows_and_state():
    rows = reporting.history_rows([_revision(), _revision(id=4, in_effect=False, reverted_by=5),
                                   _revision(id=5, kind="revert", reverts=4)])
    assert rows[0]["time (UTC)"] == "2025-03-01 14:05:09 UTC"
    assert [r["state"] for r in rows] == ["in effect", "reverted by revision 5",
                                          "in effect (reverts revision 4)"]
    assert rows[0]["file"] == "f.csv" and rows[0]["added"] == 3


@pytest.mark.parametrize(("outcome", "level", "text"), [
    (ImportOutcome("imported", _revision(filename="<script>"), added=3, changed=1),
     "success", "Imported as revision 3: 4 figures, 3 added, 1 changed."),
    (ImportOutcome("already-imported", _revision(filename="[x](javascript:1)")),
     "info", "Already imported as revision 3; nothing changed."),
    (ImportOutcome("already-imported", _revision(in_effect=False, reverted_by=7)),
     "info", "Already imported as revision 3 (reverted by revision 7); nothing changed."),
    (ImportOutcome("invalid"), "error", "Refused: the file has errors; nothing was stored."),
])
def test_import_message_holds_no_uploaded_text(outcome, level, text):
    assert reporting.import_message(outcome) == (level, text)


def test_encoding_repick_reads_again_and_imports_once(store):
    assert validate_bytes(CP1251, filename="ru.csv").report.encoding_guessed
    as_utf8 = validate_bytes(CP1251, filename="ru.csv", encoding="utf-8").report
    assert not as_utf8.valid and "encoding-error" in as_utf8.counts
    first = store.import_file(CP1251, filename="ru.csv", author="a", encoding="cp1251")
    assert first.status == "imported" and first.added == 1
    again = store.import_file(CP1251, filename="ru.csv", author="a")
    assert again.status == "already-imported" and again.revision.id == first.revision.id


def test_import_file_refuses_invalid_with_a_forced_encoding(store):
    version = store.data_version()
    outcome = store.import_file(BAD, filename="bad.csv", author="a", encoding="utf-8")
    assert outcome.status == "invalid" and not outcome.report.valid
    assert store.data_version() == version


def test_downloads(store):
    assert downloads.template_csv().decode().startswith(",".join(CANONICAL_COLUMNS))
    schema = json.loads(downloads.table_schema_json())
    assert [f["name"] for f in schema["fields"]] == list(CANONICAL_COLUMNS)
    text = downloads.current_csv(store).decode()
    assert text.startswith(",".join(CANONICAL_COLUMNS))
    geo = json.loads(downloads.current_geojson(store))
    assert geo["type"] == "FeatureCollection"
    assert {f["properties"]["layer"] for f in geo["features"]} == {"node", "segment"}


def test_current_csv_neutralises_formulas(store, figure):
    store.import_records([figure("aktau", 1.0, year=2033, note="-12% y/y")], filename="f",
                         sha256=None, author="a")
    rows = list(csv.DictReader(io.StringIO(downloads.current_csv(store).decode())))
    assert next(r for r in rows if r["period"] == "2033")["note"] == "'-12% y/y"


@pytest.mark.parametrize(("count", "noun", "text"), [(1, "error", "1 error"),
                                                      (2, "error", "2 errors"),
                                                      (1200, "data row", "1,200 data rows")])
def test_plural(count, noun, text):
    from corridors.exchange.reporting import plural

    assert plural(count, noun) == text


def test_tables_on_the_pages_are_formula_safe():
    from corridors.exchange.reporting import formula_safe_table

    frame = formula_safe_table([{"author": "=HYPERLINK(\"http://x\")", "note": "@SUM(1)",
                                 "file": "ok.csv", "figures": 3}])
    assert frame.loc[0, "author"].startswith("'=")
    assert frame.loc[0, "note"] == "'@SUM(1)"
    assert frame.loc[0, "file"] == "ok.csv" and frame.loc[0, "figures"] == 3
