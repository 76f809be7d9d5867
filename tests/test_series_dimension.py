"""The series dimension (issue 11): identity and merge rules, upload with and without a
series column, the migration of a pre-series database, provenance on re-import, the
map's one series per place, and the statement check."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from corridors.domain.paths import GEODATA_DIR
from corridors.domain.records import CANONICAL_COLUMNS, Record
from corridors.domain.series_catalog import load_series_catalog
from corridors.exchange.reporting import change_rows
from corridors.ingest import validate_bytes
from corridors.map.details import series_rows
from corridors.map.period_figures import metric_unit_figures
from corridors.store import open_store
from corridors.timeline.comparisons import series_changes, statement_check
from corridors.timeline.series import build_series

HEADER = ",".join(CANONICAL_COLUMNS) + "\n"
SEED = GEODATA_DIR / "seed" / "throughput.csv"


def record(series: str, value: float, *, corridor="northern", location="", year=2022,
           unit="TEU", source="https://example.org/s", note="n") -> Record:
    return Record(corridor, series, location, str(year), dt.date(year, 1, 1),
                  dt.date(year, 12, 31), "volume", "both", float(value), unit, "reported", source,
                  note)


# -- the catalog -----------------------------------------------------------------------

def test_catalog_has_one_headline_per_corridor_and_unit():
    catalog = load_series_catalog()
    assert catalog.headline("northern", "TEU") == "erai-1520"
    assert catalog.headline("middle", "t") == "kz-mot-titr"
    assert catalog.default_for("middle", "t", "capacity") == "titr-capacity"
    assert catalog.default_for("middle", "trains", "capacity") is None
    for series in catalog.series.values():
        assert series.title and series.publisher and series.scope and series.units


# -- identity and merge rules ----------------------------------------------------------

def test_two_series_of_one_corridor_and_period_are_stored_and_drawn_apart(database_url):
    store = open_store(database_url, seed_path=None)
    outcome = store.import_records([record("erai-1520", 410600), record("erai-china-eu", 386374)],
                                   filename="two.csv", sha256="two", author="t")
    assert outcome.added == 2
    frame = store.current_figures(corridor="northern")
    assert sorted(frame["series"]) == ["erai-1520", "erai-china-eu"]
    assert store.current_figures(series="erai-china-eu")["value"].tolist() == [386374.0]
    lines = build_series(frame, unit="TEU")
    assert sorted(zip(lines["series"], lines["value"], strict=True)) == [
        ("northern / erai-1520", 410600.0), ("northern / erai-china-eu", 386374.0)]
    # a new figure of one series replaces only that series' figure
    store.import_records([record("erai-china-eu", 1.0)], filename="b.csv", sha256="b",
                         author="t")
    frame = store.current_figures(corridor="northern").sort_values("series")
    assert frame["value"].tolist() == [410600.0, 1.0]


# -- upload ----------------------------------------------------------------------------

def test_upload_with_a_series_column_in_english_or_russian():
    for header in ("corridor,series,period,value,unit", "Коридор,Серия,Период,Значение,Ед. изм."):
        result = validate_bytes(f"{header}\nnorthern,rzd-transit,2020,561400,TEU\n".encode())
        assert result.valid, result.report.errors
        assert [r.series for r in result.records] == ["rzd-transit"]
        # (the file lacks metric, direction and quality: those defaults are warned apart)
        assert [w.code for w in result.report.warnings if w.code != "default-filled"] == []


def test_upload_without_a_series_column_gets_headline_series_and_one_warning():
    text = ("corridor,period,value,unit\nnorthern,2023,211100,TEU\nmiddle,2023,2764000,t\n"
            "middle,2022,1485000,t\n")
    result = validate_bytes(text.encode())
    assert result.valid
    assert [r.series for r in result.records] == ["erai-1520", "kz-mot-titr", "kz-mot-titr"]
    series_warnings = [w for w in result.report.warnings if w.code != "default-filled"]
    assert [w.code for w in series_warnings] == ["series-assumed"]
    message = series_warnings[0].message
    assert "northern volume in TEU: erai-1520" in message and "kz-mot-titr" in message


def test_unknown_series_is_an_error_with_did_you_mean_and_nothing_is_kept():
    result = validate_bytes(b"corridor,series,period,value,unit\nnorthern,erai-152,2023,1,TEU\n")
    assert not result.valid and result.records == []
    (problem,) = result.report.errors
    assert (problem.row, problem.column, problem.code) == (2, "series", "unknown-series")
    assert "Did you mean 'erai-1520'?" in problem.message
    wrong = validate_bytes(b"corridor,series,period,value,unit\nmiddle,erai-1520,2023,1,TEU\n")
    assert [p.code for p in wrong.report.errors] == ["unknown-series"]
    assert "belongs to the northern corridor" in wrong.report.errors[0].message


def test_rows_that_differ_only_in_series_are_two_figures():
    text = HEADER + "".join(
        f"northern,{s},,2022,2022-01-01,2022-12-31,volume,both,{v},TEU,reported,x,\n"
        for s, v in (("erai-1520", 410600), ("erai-china-eu", 386374)))
    result = validate_bytes(text.encode())
    assert result.valid and len(result.records) == 2
    twice = validate_bytes((text + text.splitlines()[1] + "\n").encode())
    assert [p.code for p in twice.report.errors] == ["duplicate-key"]


def test_export_and_the_seed_carry_the_series(tmp_path, monkeypatch):
    from corridors.cli.main import main

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    out = tmp_path / "export.csv"
    # monkeypatch restores the session's temporary default database afterwards (popping
    # the variable sent later page tests to the developer's data/corridors.sqlite3)
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", url)
    assert main(["export", "--output", str(out)]) == 0
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == list(CANONICAL_COLUMNS)
    assert len(frame) >= 250 and frame["series"].nunique() >= 5
    catalog = load_series_catalog()
    assert all(s in catalog for s in frame["series"])
    northern = frame[(frame["series"] == "erai-1520") | (frame["series"] == "erai-china-eu")]
    assert northern["period"].astype(str).isin(["2021", "2022", "2023"]).sum() >= 3


# -- provenance ------------------------------------------------------------------------

def test_reimport_with_blank_source_and_note_keeps_them(database_url):
    store = open_store(database_url, seed_path=None)
    first = record("erai-1520", 410600, source="https://index1520.com/a", note="ERAI 2022")
    store.import_records([first], filename="a.csv", sha256="a", author="t")
    again = record("erai-1520", 410600, source="", note="")
    preview = store.preview([again])
    assert preview.unchanged and not preview.changed  # nothing to change: provenance kept
    store.import_records([again], filename="b.csv", sha256="b", author="t")
    (kept,) = store.current_records()
    assert (kept.source, kept.note) == ("https://index1520.com/a", "ERAI 2022")
    # a changed value with a blank source is a new figure: its cells are what it says
    changed = record("erai-1520", 400000, source="", note="revised")
    (change,) = store.preview([changed]).changed
    (row,) = change_rows(store.preview([changed]))
    assert row["changes"] == ("value: 410600 -> 400000; source: 'https://index1520.com/a' "
                              "-> (empty); note: 'ERAI 2022' -> 'revised'")
    assert change.old.value == 410600


# -- migration of a pre-series database ------------------------------------------------

def _pre_series_database(url: str) -> None:
    """A database as the pre-series release made it: schema version 1, no series column,
    the old identity index, one seed revision of pre-series seed figures."""
    engine = sa.create_engine(url)
    figure = ("corridor VARCHAR(16) NOT NULL, location VARCHAR(80) NOT NULL, "
              "period VARCHAR(32) NOT NULL, period_start VARCHAR(10) NOT NULL, "
              "period_end VARCHAR(10) NOT NULL, metric VARCHAR(16) NOT NULL, "
              "direction VARCHAR(16) NOT NULL, value FLOAT NOT NULL, unit VARCHAR(8) NOT NULL, "
              "quality VARCHAR(16) NOT NULL, source TEXT NOT NULL, note TEXT NOT NULL")
    serial = "SERIAL" if url.startswith("postgresql") else "INTEGER"
    rows = [("middle", "", "2019", "2019-01-01", "2019-12-31", "volume", 759000.0, "t",
             "reported", "KZ Ministry of Transport series"),
            ("northern", "", "2022", "2022-01-01", "2022-12-31", "volume", 410600.0, "TEU",
             "reported", "ERAI series"),
            ("middle", "aktau", "2022", "2022-01-01", "2022-12-31", "volume", 3800000.0, "t",
             "reported", "+9% y/y"),
            ("middle", "", "2030", "2030-01-01", "2030-12-31", "volume", 11000000.0, "t",
             "estimate", "World Bank forecast with full implementation"),
            ("northern", "dostyk", "2022", "2022-01-01", "2022-12-31", "capacity", 320000.0,
             "TEU", "estimate", "Dostyk TransTerminal after phase 2")]
    with engine.begin() as conn:
        for ddl in (
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT "
            "NULL, applied_at VARCHAR(32) NOT NULL)",
            f"CREATE TABLE revisions (id {serial} PRIMARY KEY, created_at VARCHAR(32) NOT NULL, "
            "author TEXT NOT NULL, filename TEXT NOT NULL, sha256 VARCHAR(64) UNIQUE, "
            "row_count INTEGER NOT NULL, added INTEGER NOT NULL, changed INTEGER NOT NULL, "
            "note TEXT NOT NULL, kind VARCHAR(8) NOT NULL, reverts INTEGER REFERENCES "
            "revisions(id), reverted_by INTEGER REFERENCES revisions(id), in_effect BOOLEAN "
            "NOT NULL)",
            f"CREATE TABLE observations (id {serial} PRIMARY KEY, revision_id INTEGER NOT NULL "
            f"REFERENCES revisions(id), {figure})",
            "CREATE INDEX observations_revision ON observations (revision_id)",
            f"CREATE TABLE current_figures ({figure}, revision_id INTEGER NOT NULL REFERENCES "
            "revisions(id))",
            "CREATE UNIQUE INDEX current_identity ON current_figures (corridor, location, "
            "metric, unit, direction, period_start, period_end)",
            "CREATE INDEX current_period ON current_figures (period_start, period_end)",
            "CREATE TABLE meta (name VARCHAR(32) PRIMARY KEY, value BIGINT NOT NULL)",
        ):
            conn.exec_driver_sql(ddl)
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (1, 'initial', "
                             "'2026-01-01T00:00:00+00:00')")
        conn.exec_driver_sql("INSERT INTO meta VALUES ('data_version', 1)")
        conn.exec_driver_sql(
            "INSERT INTO revisions (created_at, author, filename, sha256, row_count, added, "
            "changed, note, kind, in_effect) VALUES ('2026-01-01T00:00:00.000+00:00', "
            "'corridors (seed)', 'geodata/seed/throughput.csv', 'old', 5, 5, 0, 'seed', "
            "'seed', TRUE)")
        columns = ("corridor, location, period, period_start, period_end, metric, value, "
                   "unit, quality, note")
        for row in rows:
            values = {f"v{i}": v for i, v in enumerate(row)}
            marks = ", ".join(f":v{i}" for i in range(len(row)))
            for table, extra in (("observations", ""), ("current_figures", "")):
                conn.execute(sa.text(
                    f"INSERT INTO {table} (revision_id, {columns}, direction, source{extra}) "
                    f"VALUES (1, {marks}, 'both', 'https://example.org/old')"), values)
    engine.dispose()


def test_migration_of_a_pre_series_database_keeps_figures_and_fills_series(database_url):
    _pre_series_database(database_url)
    store = open_store(database_url)  # migrates; not empty, so not seeded again
    history = store.history()
    assert [(r.id, r.kind, r.row_count) for r in history] == [(1, "seed", 5)]
    frame = store.current_figures().set_index(["corridor", "location", "period", "metric"])
    assert len(frame) == 5
    assert frame["series"].to_dict() == {
        ("middle", "", "2019", "volume"): "kz-mot-titr",
        ("northern", "", "2022", "volume"): "erai-1520",
        ("middle", "aktau", "2022", "volume"): "aktau-port",
        ("middle", "", "2030", "volume"): "titr-targets",
        ("northern", "dostyk", "2022", "capacity"): "northern-capacity"}
    assert frame.loc[("middle", "", "2019", "volume"), "value"] == 759000.0
    # the new identity: another series of the same place and period is a second figure
    outcome = store.import_records([record("erai-china-eu", 386374)], filename="n.csv",
                                   sha256="n", author="t")
    assert (outcome.added, outcome.changed) == (1, 0)
    # and reverting the seed still works on the migrated rows
    store.revert(1, author="t")
    assert len(store.current_figures()) == 1


# -- map and details -------------------------------------------------------------------

def _frame(*records: Record) -> pd.DataFrame:
    return validate_bytes((HEADER + "".join(
        f"{r.corridor},{r.series},{r.location},{r.period},{r.period_start},{r.period_end},"
        f"{r.metric},{r.direction},{r.value:g},{r.unit},{r.quality},{r.source},{r.note}\n"
        for r in records)).encode()).frame


def test_map_draws_the_headline_series_and_details_list_every_series():
    frame = _frame(record("kz-china-crossings", 23e6, location="kazakhstan-china-crossings",
                          unit="t"),
                   record("kz-transit", 1.0, location="kazakhstan-china-crossings", unit="t"),
                   record("erai-1520", 410600), record("erai-china-eu", 386374),
                   record("aktau-port", 3.8e6, corridor="middle", location="aktau", unit="t"),
                   record("kz-seaports", 5e6, corridor="middle", location="aktau", unit="t"))
    drawn = metric_unit_figures(frame, "volume", "TEU")
    assert drawn["series"].tolist() == ["erai-1520"]
    drawn = metric_unit_figures(frame, "volume", "t").set_index("location")["series"]
    assert drawn.to_dict() == {"kazakhstan-china-crossings": "kz-china-crossings",
                               "aktau": "aktau-port"}  # headline, else the place's own
    rows = series_rows(frame, "northern", "", "2022-01-01", "2022-12-31")
    assert [r["Series"] for r in rows] == [
        "ERAI: China-EU-China transit via the 1520 mm network", "ERAI: China-EU containers"]
    assert rows[0]["Value"] == "410,600 TEU" and rows[0]["Quality"] == "reported"
    assert rows[0]["Source"] == "https://example.org/s" and rows[0]["Period"] == "2022"


# -- the Vassilenko check ---------------------------------------------------------------

def test_statement_check_is_computed_from_the_series():
    seed = validate_bytes(SEED.read_bytes()).frame
    changes = series_changes(seed, corridor="northern", before=2021, after=2022)
    assert changes["series"].tolist() == ["erai-china-eu"]
    assert round(changes["change_pct"].iloc[0], 1) == -37.5
    text = statement_check(seed, corridor="northern", before=2021, after=2022,
                           claimed_pct=-35, claim="over 35%")
    assert "-37.5%, agrees with over 35%" in text
    rose = seed.copy()
    rose.loc[(rose["series"] == "erai-china-eu") & (rose["period"] == "2022"), "value"] *= 2
    assert "does not bear out" in statement_check(rose, corridor="northern", before=2021,
                                                  after=2022, claimed_pct=-35, claim="x")
    events = pd.read_csv(GEODATA_DIR / "seed" / "events.csv", keep_default_na=False)
    statement = events[events["title"].str.startswith("Vassilenko")]["description"].iloc[0]
    assert text.replace("over 35%", '"over 35%"') in statement


def test_default_data_meets_the_coverage_aim():
    seed = validate_bytes(SEED.read_bytes()).frame
    assert len(seed) >= 250 and seed["series"].nunique() >= 5
    years = seed[seed["period"].str.len() == 4]
    whole = years[(years["location"] == "") & (years["metric"] == "volume")]
    northern_teu = whole[(whole["corridor"] == "northern") & (whole["unit"] == "TEU")]
    assert {str(y) for y in range(2019, 2024)} <= set(northern_teu["period"])
    middle_t = whole[whole["series"] == load_series_catalog().headline("middle", "t")]
    assert {str(y) for y in range(2019, 2025)} <= set(middle_t["period"])


def test_a_corridor_without_figures_in_the_unit_is_named_with_the_units_it_has():
    from corridors.domain.catalog import load_catalog
    from corridors.timeline.view import build_timeline, headline_series, series_options

    frame = _frame(record("erai-1520", 410600), record("erai-china-eu", 386374),
                   record("kz-mot-titr", 1485000, corridor="middle", unit="t"))
    view = build_timeline(frame, location="", metric="volume", unit="t", granularity="year",
                          title="Both", catalog=load_catalog())
    assert view.notes[0] == ("The Northern Corridor has no whole-route volume figure in t; "
                             "it has figures in TEU: choose that unit to see it.")
    assert view.other_units == ["TEU"]
    options = series_options(frame, location="", metric="volume", unit="TEU")
    assert list(options) == ["erai-1520", "erai-china-eu"]  # headline first
    assert headline_series(options, "TEU") == ["erai-1520"]
    chosen = build_timeline(frame, location="", metric="volume", unit="TEU",
                            granularity="year", title="Both", series=["erai-china-eu"])
    assert chosen.series["series"].tolist() == ["northern / erai-china-eu"]
