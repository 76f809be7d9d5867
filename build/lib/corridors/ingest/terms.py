"""Vocabularies of the small text columns: metric, direction, quality, total rows.

Each term has English, Russian and Kazakh spellings; matching ignores case, dots,
dashes and extra spaces. An empty cell takes the column's default.
"""

from __future__ import annotations

import re

from corridors.domain.records import DIRECTIONS, METRICS, QUALITIES

DEFAULTS = {"metric": "volume", "direction": "both", "quality": "reported"}

_ALIASES = {
    "metric": {
        "volume": "volume|объем|объём|перевозки|перевезено|грузопоток|cargo volume|cargo|"
                  "traffic|throughput|transported|handled|көлем|тасымал",
        "capacity": "capacity|мощность|пропускная способность|провозная способность|"
                    "пропускная|провозная|өткізу қабілеті|қуат",
    },
    "direction": {
        "both": "both|all|total|оба|в обе стороны|оба направления|всего|екі бағыт",
        "westbound": "westbound|west|w|eb-w|china-europe|china->europe|на запад|запад|"
                     "западное|в западном направлении|китай-европа|батыс",
        "eastbound": "eastbound|east|e|europe-china|europe->china|на восток|восток|"
                     "восточное|в восточном направлении|европа-китай|шығыс",
    },
    "quality": {
        "reported": "reported|actual|fact|факт|фактически|отчет|отчёт|нақты",
        "estimate": "estimate|estimated|forecast|plan|target|approx|approximate|оценка|"
                    "прогноз|план|цель|бағалау|болжам",
    },
}
_VOCABULARY = {"metric": METRICS, "direction": DIRECTIONS, "quality": QUALITIES}
TOTAL_WORDS = ("итого", "всего", "total", "grand total", "жиыны", "барлығы", "sum")


def normalise_term(text: str) -> str:
    """Lower case, ё as е, no dots, single spaces; dashes kept as ``-``."""
    text = text.strip().lower().replace("ё", "е").replace(".", " ")
    text = re.sub(r"\s*[-‐‑‒–—]\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def _table(field: str) -> dict[str, str]:
    return {normalise_term(alias): term for term, aliases in _ALIASES[field].items()
            for alias in aliases.split("|")}


TABLES = {field: _table(field) for field in _ALIASES}


def parse_term(field: str, text: str) -> tuple[str | None, str | None]:
    """Read a metric, direction or quality cell.

    Returns
    -------
    (term, message)
        ``term`` is the canonical word or None; ``message`` says how to fix an unknown
        one.
    """
    if not text:
        return DEFAULTS[field], None
    term = TABLES[field].get(normalise_term(text))
    if term is not None:
        return term, None
    allowed = ", ".join(_VOCABULARY[field])
    return None, (f"{field} {text!r} is not one of {allowed}. Use one of those words "
                  f"(Russian forms such as {_example(field)!r} work too).")


def _example(field: str) -> str:
    return {"metric": "объем", "direction": "на запад", "quality": "оценка"}[field]


def is_total_label(text: str) -> bool:
    """True for a cell that labels a total row (``Итого``, ``Всего:``, ``Total``...)."""
    norm = normalise_term(text).rstrip(":")
    return norm in TOTAL_WORDS or norm.startswith(("итого", "всего ", "total ", "жиыны"))
