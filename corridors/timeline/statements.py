"""Published statements about a corridor's change, checked against the stored series.

A statement ("Northern Corridor volumes fell by over 35% in 2022") is an event, not a
series: it is never drawn as figures. The Timeline shows beside it what the stored series
give for the same years, computed from the current figures each time (an upload that adds
a series changes the check), worded by :func:`corridors.timeline.comparisons.statement_check`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from corridors.domain.i18n import N_, translator
from corridors.timeline.comparisons import statement_check


@dataclass(frozen=True, slots=True)
class Statement:
    """A stated change of one corridor's volume between two calendar years."""

    source: str  #: the event's source URL (``geodata/seed/events.csv``)
    said: str  #: who said what, when, in a sentence (an English msgid)
    corridor: str
    before: int
    after: int
    claimed_pct: float  #: the stated change in percent (-35: "fell by over 35%")
    claim: str  #: the claim's own words, quoted in the check (an English msgid)


VASSILENKO = Statement(
    source="https://specialeurasia.com/2023/06/08/roman-vassilenko-kazakhstan",
    said=N_("Kazakhstan's Deputy Foreign Minister Roman Vassilenko said in June 2023 that "
            "overland transport on the Northern Corridor fell by over 35% in 2022."),
    corridor="northern", before=2021, after=2022, claimed_pct=-35.0, claim=N_('"over 35%"'))

STATEMENTS = (VASSILENKO,)


def statement_notes(figures: pd.DataFrame, corridors=("northern", "middle"),
                    lang: str = "en") -> list[str]:
    """One sentence per statement about a corridor shown: the statement, then what the
    stored whole-corridor series give for its years (agreeing or not).

    Parameters
    ----------
    figures : pandas.DataFrame
        Canonical figures (``Store.current_figures``); only whole-corridor (``location``
        ``""``) annual volumes in both directions are compared.
    corridors : iterable of str
        The corridors on the chart.
    lang : str
        Language of the sentences (``en``, ``ru``, ``kk``).
    """
    if figures.empty:
        return []
    _ = translator(lang).gettext
    notes = []
    for s in STATEMENTS:
        if s.corridor in set(corridors):
            check = statement_check(figures, corridor=s.corridor, before=s.before,
                                    after=s.after, claimed_pct=s.claimed_pct,
                                    claim=_(s.claim), lang=lang)
            notes.append(f"{_(s.said)} {check}")
    return notes
