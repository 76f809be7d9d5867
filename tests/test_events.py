"""Seed events (corridors.timeline.events) and their build script."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from corridors.domain.paths import PROJECT_ROOT
from corridors.timeline.events import EVENT_COLUMNS, EVENTS_CSV, EventsFileError, load_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events()


def test_seed_events_load(events):
    assert list(events.columns) == [*EVENT_COLUMNS, "number"]
    assert events["number"].tolist() == list(range(1, len(events) + 1))
    assert len(events) >= 28
    assert events["date"].dtype == "datetime64[ns]"
    assert events["date"].is_monotonic_increasing


def test_every_event_has_a_source(events):
    assert (events["source"].str.strip() != "").all()
    assert events["source"].str.match(r"https?://").all()


def test_vassilenko_35_percent_statement(events):
    row = events[events["title"].str.contains("35%")]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["date"] == pd.Timestamp("2023-06-08")
    assert "Vassilenko" in row["description"] and "2022" in row["title"]
    assert "specialeurasia.com/2023/06/08/roman-vassilenko" in row["source"]
    assert row["corridor"] == "northern"


@pytest.mark.parametrize(("title", "date", "precision", "date_end"), [
    ("TITR established", "2014-02-01", "month", None),
    ("Kuryk port put into service", "2016-12-01", "month", None),
    ("UTLC ERA volumes drop", "2022-03-01", "month", "2022-05-01"),
    ("China-Central Asia Summit in Xi'an", "2023-05-18", "day", "2023-05-19"),
    ("TITR Coordination Center launched", "2024-01-01", "year", None),
    ("Dostyk-Moyinty second track opened", "2025-09-30", "day", None),
])
def test_dates_parse_with_precision(events, title, date, precision, date_end):
    row = events.set_index("title").loc[title]
    assert row["date"] == pd.Timestamp(date)
    assert row["precision"] == precision
    assert (pd.isna(row["date_end"]) if date_end is None
            else row["date_end"] == pd.Timestamp(date_end))


def test_seed_is_reproducible_from_reference():
    spec = importlib.util.spec_from_file_location(
        "build_events", PROJECT_ROOT / "scripts" / "build_events.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = pd.DataFrame(module.build(), columns=EVENT_COLUMNS)
    seed = pd.read_csv(EVENTS_CSV, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), seed, check_dtype=False)


@pytest.mark.parametrize(("row", "message"), [
    ("2023-06,,day,t,d,https://x,middle,policy", "line 2: date must be"),
    ("2023-06-01,,day,t,d,,middle,policy", "needs a source"),
    ("2023-06-01,,day,t,d,https://x,southern,policy", "corridor must be"),
    ("2023-13-01,,day,t,d,https://x,middle,policy", "is not a date"),
])
def test_bad_rows_are_refused(tmp_path, row, message):
    path = tmp_path / "events.csv"
    path.write_text(",".join(EVENT_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(EventsFileError, match=message):
        load_events(path)
