"""Conformance against a real implementation: frictionless-py reads what we publish.

The published Table Schema must be a valid Table Schema, every canonical output of our
validator must pass frictionless validation against it, and for broken canonical files
the Frictionless error type must be one that docs/validation-codes.md maps our code to.
frictionless reads only the bytes given here (no network).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

frictionless = pytest.importorskip("frictionless")

from corridors.domain.paths import GEODATA_DIR, PROJECT_ROOT  # noqa: E402
from corridors.ingest import records_to_csv_bytes, validate_bytes  # noqa: E402
from corridors.ingest.problems import CODES  # noqa: E402
from tests.test_locales import CSV_CASES  # noqa: E402
from tests.test_workbook import CASES as WORKBOOK_CASES  # noqa: E402

SCHEMA_PATH = GEODATA_DIR / "schema" / "throughput.schema.json"
FIXTURES = Path(__file__).parent / "fixtures" / "csv"
DOCS = PROJECT_ROOT / "docs" / "validation-codes.md"
HEADER = ("corridor,series,location,period,period_start,period_end,metric,direction,value,"
          "unit,quality,source,note\n")
ROW = "middle,aktau-port,aktau,2023,2023-01-01,2023-12-31,volume,both,5,t,reported,,\n"


def _schema():
    # from the parsed JSON: frictionless refuses absolute paths as "not safe"
    return frictionless.Schema.from_descriptor(json.loads(SCHEMA_PATH.read_text("utf-8")))


def _frictionless_types(data: bytes) -> list[str]:
    resource = frictionless.Resource(data=data, format="csv", schema=_schema())
    report = frictionless.validate(resource)
    return [error["type"] for error in report.flatten(["type"]) for error in
            [{"type": error[0]}]]


def test_published_table_schema_is_a_valid_table_schema():
    descriptor = json.loads(SCHEMA_PATH.read_text("utf-8"))
    report = frictionless.validate(descriptor, type="schema")
    assert report.valid, report.flatten(["type", "note"])
    broken = {**descriptor, "fields": [{"name": "value", "type": "no-such-type"}]}
    assert not frictionless.validate(broken, type="schema").valid  # the check can fail
    assert [f.name for f in _schema().fields][:4] == ["corridor", "series", "location", "period"]


def _canonical_outputs():
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    for name, want in sorted(expected.items()):
        if want["figures"]:
            yield name, (FIXTURES / name).read_bytes()
    for name, data, _problems, figures in WORKBOOK_CASES:
        if figures:
            yield name, data
    for name, text, _problems, figures in CSV_CASES:
        if figures:
            yield name, text.encode("utf-8")
    yield "seed", (GEODATA_DIR / "seed" / "throughput.csv").read_bytes()


OUTPUTS = list(_canonical_outputs())


@pytest.mark.parametrize("name,data", OUTPUTS, ids=[n for n, _ in OUTPUTS])
def test_every_canonical_output_passes_frictionless(name, data):
    result = validate_bytes(data, filename=name)
    assert result.report.valid and result.records
    canonical = records_to_csv_bytes(result.records)
    assert _frictionless_types(canonical) == []


def _documented_mapping() -> dict[str, set[str]]:
    mapping = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = line.split(" | ")
        if line.startswith("| `") and len(cells) >= 4:
            mapping[cells[0].strip("| `")] = set(re.findall(r"`([a-z-]+)`", cells[2]))
    return mapping


def test_docs_map_every_code_to_frictionless():
    mapping = _documented_mapping()
    assert set(mapping) == set(CODES)
    vocabulary = {error.type for error in _all_error_classes()}
    for code, types in mapping.items():
        assert types <= vocabulary, (code, types - vocabulary)


def _all_error_classes():
    found, stack = [], [frictionless.errors.Error]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


# Broken canonical files: our code, and frictionless's verdict on the same bytes.
BROKEN = [
    ("unknown-corridor", HEADER + ROW.replace("middle", "centre", 1)),
    ("negative-value", HEADER + ROW.replace(",5,", ",-5,")),
    ("type-error", HEADER + ROW.replace(",5,", ",about five,")),
    ("extra-cell", HEADER + ROW.replace(",,\n", ",,,x\n")),
    ("duplicate-key", HEADER + ROW + ROW),
    ("bad-period", HEADER + ROW.replace("2023,2023-01-01,2023-12-31",
                                        "2023-Q5,2023-01-01,2023-12-31")),
    ("unknown-value", HEADER + ROW.replace("volume", "weight")),
    ("unknown-unit", HEADER + ROW.replace(",t,", ",bales,")),
    ("too-long", HEADER + ROW.replace(",,\n", ",," + "x" * 2001 + "\n")),
    ("missing-column", HEADER.replace("value,", "") + ROW.replace(",5,", ",")),
    ("duplicate-column", HEADER.replace("note", "value") + ROW),
]


@pytest.mark.parametrize("code,text", BROKEN, ids=[c for c, _ in BROKEN])
def test_frictionless_agrees_with_the_documented_mapping(code, text):
    data = text.encode("utf-8")
    ours = {p.code for p in validate_bytes(data).report.errors}
    assert code in ours
    theirs = _frictionless_types(data)
    assert theirs, "frictionless found the file valid"
    assert theirs[0] in _documented_mapping()[code]
