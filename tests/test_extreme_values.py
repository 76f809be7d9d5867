"""No page can be broken by stored data (issue 18): extreme but valid figures stored
through the store API, and rows no validator would pass put into the database by other
means (an old version, a hand edit), then every page opened with AppTest."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from corridors.domain.paths import PROJECT_ROOT
from corridors.domain.records import MAX_VALUE, Record
from corridors.domain.series_catalog import load_series_catalog
from corridors.store import open_store
from corridors.store.engine import get_engine
from corridors.store.errors import InvalidFiguresError
from corridors.store.store import forget_url

PAGES = PROJECT_ROOT / "pages"
LONG = "ق" * 300 + " <script>alert(1)</script> " + "x" * 1500
EXTREMES = [  # (location, year, value, unit)
    ("aktau", 1900, MAX_VALUE, "t"),
    ("aktau", 2100, 0.0, "t"),
    ("", 1900, 5e-324, "TEU"),  # the smallest float above zero
    ("", 2100, MAX_VALUE, "TEU"),
    ("dostyk", 1950, 1e-300, "trains"),
    ("dostyk", 2099, MAX_VALUE, "trains"),
]

SERIES = load_series_catalog()


def extreme_records() -> list[Record]:
    records = []
    for location, year, value, unit in EXTREMES:
        corridor = "northern" if location == "dostyk" else "middle"
        for metric in ("volume", "capacity"):
            records.append(Record(corridor, SERIES.default_for(corridor, unit, metric),
                                  location, str(year), dt.date(year, 1, 1),
                                  dt.date(year, 12, 31), metric, "both", value, unit,
                                  "estimate", LONG[:1000], LONG))
        records.append(Record(corridor, SERIES.default_for(corridor, unit, "volume"),
                              location, f"{year}-12", dt.date(year, 12, 1),
                              dt.date(year, 12, 31), "volume", "both", value, unit,
                              "reported", "\u202eevil", "=cmd|' /C calc'!A0"))
    return records


# rows that only a hand edit or an older version could leave behind
RAW_ROWS = [("9999-01-01", "9999-12-31", "9999", 1.0), ("1815-03-31", "1815-03-31", "1815", 2.0),
            ("0001-01-01", "0001-12-31", "0001", 3.0), ("20x3-01-01", "2023-12-31", "2023", 4.0),
            ("2023-01-01", "2023-12-31", "2023", math.inf),
            ("2023-01-01", "2023-06-30", "2023-H1", -5.0),
            ("2023-07-01", "2023-12-31", "2023-H2", 1e300)]


@pytest.fixture
def extreme_db(database_url, monkeypatch):
    store = open_store(database_url)
    store.import_records(extreme_records(), filename="extremes.csv", sha256=None,
                         author="test")
    engine = get_engine(store.url)
    revision = store.history()[0].id
    with engine.begin() as conn:
        for i, (start, end, period, value) in enumerate(RAW_ROWS):
            conn.execute(sa.text(
                "INSERT INTO current_figures (corridor, series, location, period, "
                "period_start, period_end, metric, direction, value, unit, quality, source, "
                "note, revision_id) VALUES ('middle', 'kz-mot-titr', :loc, :period, :start, "
                ":end, 'volume', 'both', :value, 't', 'reported', 's', '', :rev)"),
                {"loc": f"raw{i}", "period": period, "start": start, "end": end,
                 "value": value, "rev": revision})
        conn.execute(sa.text("UPDATE meta SET value = value + 1 WHERE name = 'data_version'"))
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", database_url)
    yield store
    forget_url(store.url)


def run(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(PAGES / page), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_read_path_skips_what_cannot_be_drawn(extreme_db):
    frame = extreme_db.current_figures()
    assert not frame["location"].str.startswith("raw").any()
    assert frame["value"].between(0, MAX_VALUE).all()
    assert frame["period_start"].dt.year.between(1900, 2100).all()
    records = extreme_db.current_records()
    assert not [r for r in records if r.location.startswith("raw")]
    assert len(records) == len(frame)
    assert set(extreme_records()) <= set(records)


@pytest.mark.parametrize("query", [{}, {"period": "1900"}, {"period": "2100"},
                                   {"period": "2099", "unit": "trains"},
                                   {"unit": "TEU", "metric": "capacity", "period": "2100"},
                                   {"ptype": "month", "period": "2100-12"}],
                         ids=["default", "1900", "2100", "trains", "teu-capacity", "month"])
def test_the_map_draws_extreme_figures(extreme_db, query):
    at = run("map.py", **query)
    assert at.get("deck_gl_json_chart")
    if "period" in query:
        assert at.query_params["period"] == query["period"]  # really drawn that period
        figures = [layer for layer in json.loads(at.get("deck_gl_json_chart")[0].proto.json)
                   ["layers"] if layer["id"].startswith("figures-")]
        assert figures


@pytest.mark.parametrize("query", [{}, {"sel": "node:aktau"}, {"sel": "node:dostyk",
                                                             "unit": "trains"},
                                   {"gran": "month"}, {"unit": "TEU", "metric": "capacity"}])
def test_the_timeline_draws_extreme_figures(extreme_db, query):
    at = run("timeline.py", **query)
    assert at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")


@pytest.mark.parametrize("page", ["data.py", "about.py"])
def test_the_other_pages_open(extreme_db, page):
    run(page)


def test_the_store_api_refuses_what_no_page_could_draw(database_url):
    store = open_store(database_url)
    for value, year in ((math.inf, 2023), (math.nan, 2023), (-1.0, 2023),
                        (MAX_VALUE * 10, 2023), (1.0, 1899), (1.0, 2101)):
        record = Record("middle", "kz-mot-titr", "aktau", str(year), dt.date(year, 1, 1),
                        dt.date(year, 12, 31), "volume", "both", value, "t", "reported",
                        "s", "")
        with pytest.raises(InvalidFiguresError, match="nothing was written"):
            store.import_records([record], filename="x.csv", sha256=None, author="t")
    assert len(store.history()) == 1  # the seed only
