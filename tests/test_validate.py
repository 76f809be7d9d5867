"""validate_bytes with a fake catalog; seed data; schema; canonical round-trip."""

from __future__ import annotations

import datetime as dt
import io
import json
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridors.domain.paths import GEODATA_DIR
from corridors.domain.records import CANONICAL_COLUMNS, IDENTITY_COLUMNS, Record
from corridors.ingest import (
    neutralise_formula,
    read_canonical_csv,
    records_to_csv_bytes,
    validate_bytes,
    write_canonical_csv,
)
from corridors.ingest.cells import FILLERS, is_formula


class FakeCatalog:
    """Two corridors, three places: enough to test matching without geodata."""

    corridors = {"northern": SimpleNamespace(aliases=("Northern Corridor", "Северный коридор")),
                 "middle": SimpleNamespace(aliases=("Middle Corridor", "TITR", "ТМТМ"))}

    def names_for_matching(self):
        return {"dostyk": ["Dostyk", "Достык", "Достық"], "aktau": ["Aktau port", "Актау"],
                "baku-tbilisi-kars": ["Baku-Tbilisi-Kars railway", "BTK"]}

    def location_ids(self, corridor):
        return {"dostyk"} | ({"aktau", "baku-tbilisi-kars"} if corridor == "middle" else set())


CAT = FakeCatalog()


def check(text: str, **kwargs):
    return validate_bytes(text.encode(), catalog=CAT, **kwargs)


def codes(result):
    return [(p.row, p.column, p.code) for p in result.report.errors + result.report.warnings]


def test_names_are_matched_loosely():
    result = check("corridor,location,period,value,unit\n"
                   "TITR,ДОСТЫҚ,2023,1,t\nmiddle,baku tbilisi–kars,2023,1,t\n"
                   "Северный   коридор,достык,2023,1,t\n")
    assert result.valid, codes(result)
    assert [(r.corridor, r.location) for r in result.records] == [
        ("middle", "dostyk"), ("middle", "baku-tbilisi-kars"), ("northern", "dostyk")]


def test_did_you_mean():
    result = check("corridor,location,period,value,unit\nMidle Corridor,,2023,1,t\n"
                   "middle,Aktau prt,2023,1,t\nnorthern,Aktau port,2023,1,t\n")
    messages = [p.message for p in result.report.errors]
    assert "Did you mean 'Middle Corridor'?" in messages[0]
    assert "Did you mean 'Aktau port'?" in messages[1]
    assert "not on the northern corridor" in messages[2]
    assert result.records == []


def test_json_shape_and_cap():
    rows = "".join(f"middle,,{2000 + i // 12}-{i % 12 + 1:02d},-1,t\n" for i in range(300))
    result = check("corridor,location,period,value,unit\n" + rows)
    data = result.report.to_dict()
    assert {"valid", "rows", "encoding", "delimiter", "errors", "warnings"} <= set(data)
    assert data["valid"] is False and data["rows"] == 300
    assert len(data["errors"]) == 200 and data["counts"] == {"negative-value": 300,
                                                        "default-filled": 3}
    assert set(data["errors"][0]) == {"row", "column", "code", "message"}
    json.dumps(data)


def test_errors_mean_no_records_warnings_do_not():
    ok = check("corridor,period,value,unit,extra\nmiddle,2023,1,t,x\n")
    assert ok.valid and len(ok.records) == 1 and ok.report.warnings
    bad = check("corridor,period,value,unit\nmiddle,2023,1,t\nmiddle,2024,-1,t\n")
    assert not bad.valid and bad.records == []


def test_period_bounds_must_agree():
    header = ",".join(CANONICAL_COLUMNS)
    result = check(f"{header}\nmiddle,kz-mot-titr,,2023-Q1,2023-01-01,2023-06-30,volume,both,1,t,"
                   "reported,x,\n")
    assert codes(result) == [(2, "period", "bad-period")]


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr("corridors.ingest.dialect.MAX_ROWS", 3)
    rows = "".join(f"middle,{2000 + i},1,t\n" for i in range(5))
    result = check("corridor,period,value,unit\n" + rows)
    assert ("too-many-rows" in result.report.counts) and result.records == []


def test_forced_encoding_kz1048():
    data = "коридор;пункт;период;значение;ед. изм.\nmiddle;Ақтау;2023;1;t\n".encode("kz1048")
    result = validate_bytes(data, encoding="kz1048", catalog=CAT)
    assert result.valid and result.records[0].location == "aktau"


def test_seed_validates_cleanly_with_sources():
    data = (GEODATA_DIR / "seed" / "throughput.csv").read_bytes()
    result = validate_bytes(data, filename="seed")
    assert result.valid, result.report.errors[:5]
    assert result.report.warnings == []
    assert len(result.records) >= 80
    assert all(r.source for r in result.records)
    mot = {r.period: r.value for r in result.records
           if (r.corridor, r.location, r.metric, r.unit) == ("middle", "", "volume", "t")
           and r.period.isdigit()}
    assert {str(y) for y in range(2019, 2026)} <= set(mot)


def test_schema_matches_canonical_columns_and_template_validates():
    schema = json.loads((GEODATA_DIR / "schema" / "throughput.schema.json").read_text())
    assert tuple(f["name"] for f in schema["fields"]) == CANONICAL_COLUMNS
    assert tuple(schema["primaryKey"]) == IDENTITY_COLUMNS
    template = (GEODATA_DIR / "schema" / "throughput-template.csv").read_bytes()
    result = validate_bytes(template)
    assert result.valid and len(result.records) == 2


def test_neutralise_formula():
    assert neutralise_formula("=1+1") == "'=1+1"
    assert neutralise_formula("-5") == "'-5"
    assert neutralise_formula("plain") == "plain"
    buffer = io.StringIO(newline="")
    record = Record("middle", "kz-mot-titr", "", "2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31),
                    "volume", "both", 1.0, "t", "reported", "@cmd", "+x")
    write_canonical_csv([record], buffer)
    assert "'@cmd,'+x" in buffer.getvalue()


safe_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co",
                                                                      "Zl", "Zp"),
                                   exclude_characters=FILLERS),
                    max_size=30).map(str.strip).filter(
    lambda s: not is_formula(s) and not s.startswith("'") and "\u00a0" not in s)
periods = st.sampled_from(["2023", "2023-H2", "2022-Q3", "2021-05", "2024-01..2024-11"])


@st.composite
def records(draw):
    from corridors.ingest.periods import parse_period

    period = parse_period(draw(periods))
    corridor = draw(st.sampled_from(["northern", "middle"]))
    series = draw(st.sampled_from({"northern": ["erai-1520", "rzd-transit"],
                                   "middle": ["kz-mot-titr", "btk"]}[corridor]))
    return Record(corridor, series, draw(st.sampled_from(["", "dostyk"])), period.label,
                  period.start,
                  period.end, draw(st.sampled_from(["volume", "capacity"])),
                  draw(st.sampled_from(["both", "westbound", "eastbound"])),
                  draw(st.floats(0, 1e12, allow_nan=False)),
                  draw(st.sampled_from(["t", "TEU", "trains"])),
                  draw(st.sampled_from(["reported", "estimate"])), draw(safe_text),
                  draw(safe_text))


@settings(max_examples=60, deadline=None)
@given(st.lists(records(), max_size=8, unique_by=lambda r: r.identity))
def test_canonical_round_trip(items):
    data = records_to_csv_bytes(items)
    assert read_canonical_csv(data, catalog=CAT) == items


@pytest.mark.parametrize("note", [' =HYPERLINK("http://x")', "  @SUM(1)", " +1", "=1+1"])
@pytest.mark.parametrize("fast", [False, True])
def test_a_formula_behind_leading_spaces_is_refused(note, fast):
    """The stored text is stripped, so the prefix test must see the stripped text."""
    data = ("corridor,location,period,metric,value,unit,source,note\n"
            f"middle,aktau,2023,volume,1,t,https://example.org,{note}\n").encode()
    result = validate_bytes(data, fast=fast)
    assert [(p.row, p.column, p.code) for p in result.report.errors] == [
        (2, "note", "formula-injection")]
