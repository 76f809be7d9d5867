"""The assumptions behind a scenario result, as sentences (page, CLI and CSV alike).

The sentences are gettext messages with named placeholders; English (the msgids) is the
text ``ScenarioResult.assumptions`` carries and the CLI prints by default. Sources and
series titles inserted into them are data and stay as catalogued.
"""

from __future__ import annotations

from corridors.domain.formatting import format_quantity, format_unit
from corridors.domain.formatting import format_tonnage as quantity
from corridors.domain.i18n import translator
from corridors.domain.series_catalog import load_series_catalog
from corridors.scenario.figures import DEFAULT_TEU_TONNES, TEU_TONNES_SOURCE, convert
from corridors.scenario.network import BRANCH_TITLES, Network
from corridors.scenario.results import ScenarioResult


def _names(result: ScenarioResult, ids, lang: str) -> str:
    _ = translator(lang).gettext
    return ", ".join(result.element(i).title_in(lang) for i in ids) or _("none")


def _factor(value: float, lang: str) -> str:
    # English keeps the ``:g`` it always printed (``10``, ``12.25``)
    if lang == "en":
        return f"{value:g}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang)  # CLDR's decimal comma: ``7,5``


def _method(result: ScenarioResult, lang: str) -> list[str]:
    """The rules every result shares: units, annual figures, which figure is picked."""
    _ = translator(lang).gettext
    s = result.scenario
    unit, year = format_unit(s.unit, lang), s.base_year
    return [
        _("Loads and capacities are per year in {unit}; tonnes and TEU convert at "
          "{factor} t of cargo per TEU (default {default} t per loaded TEU, IMO "
          "MEPC.1/Circ.684: {source}).").format(
            unit=unit, factor=_factor(s.teu_tonnes, lang),
            default=_factor(DEFAULT_TEU_TONNES, lang), source=TEU_TONNES_SOURCE),
        _("Only annual figures (a calendar year, both directions) are used; part-year "
          "figures are never scaled up."),
        _("A capacity figure of year Y stands for {year} when it is the latest at or "
          "before {year}, else the earliest after it; figures in {unit} come first, then "
          "the other unit converted.").format(year=year, unit=unit),
        _("Where several figures fit (different series or sources), the corridor's "
          "headline series comes first, then the series listed first in the series "
          "catalog, then a figure in {unit}, a reported figure before an estimate, then "
          "the larger value.").format(unit=unit),
    ]


def _northern(result: ScenarioResult, lang: str) -> str:
    _ = translator(lang).gettext
    s, north = result.scenario, result.northern_base
    if north is None:
        return _("No annual Northern Corridor volume for {year}: the shift is an amount, "
                 "not a share.").format(year=s.base_year)
    measured = (_("series: {series}; ").format(
        series=load_series_catalog().title(north.series, lang)) if north.series else "")
    as_reported = convert(north.value, s.unit, north.unit, s.teu_tonnes)
    reported = (_("reported as {quantity}, converted; ").format(
        quantity=format_quantity(as_reported, north.unit, lang)) if north.converted else "")
    return _("The shift is a share of the Northern Corridor's {year} volume, {volume} "
             "({measured}{reported}source: {source}).").format(
        year=s.base_year, volume=quantity(north.value, s.unit, lang), measured=measured,
        reported=reported, source=north.source)


def _routing(result: ScenarioResult, lang: str) -> str:
    t = translator(lang)
    _ = t.gettext
    branches = result.scenario.branches
    # English names the branches by their codes (what ``--branch`` takes)
    chosen = ", ".join(b if lang == "en" else _(BRANCH_TITLES.get(b, b)) for b in branches)
    lead = t.ngettext("Chosen branch: {chosen}; its stage sends all shifted freight that "
                      "way. ",
                      "Chosen branches: {chosen}; their stages send all shifted freight "
                      "that way. ", len(branches)).format(chosen=chosen) if branches else ""
    return lead + _("Where no branch is chosen, the shift is split so that the highest "
                    "utilisation stays as low as possible (water-filling over parallel "
                    "branches); branches without a known capacity take nothing while "
                    "another branch has one.")


def assumptions(result: ScenarioResult, network: Network | None = None,
                lang: str = "en") -> list[str]:
    """Return the scenario's assumptions, one sentence each, in ``lang``."""
    _ = translator(lang).gettext
    out = [*_method(result, lang), _northern(result, lang)]
    no_base = [e.id for e in result.elements if not e.base_known]
    out.append(_("Base load is each element's {year} volume; without one it is taken as 0 "
                 "(optimistic): {elements}.").format(year=result.scenario.base_year,
                                                     elements=_names(result, no_base, lang)))
    out.append(_routing(result, lang))
    out.append(_("The China crossings (Dostyk, Altynkol) take no extra load: the Northern "
                 "Corridor's freight already enters Kazakhstan there."))
    out.append(_("Rail lines inside Kazakhstan and Georgia outside a catalogued route have "
                 "no element of their own (no capacity figure per line); the whole-route "
                 "capacity stands for them."))
    out.append(_("Unknown capacity (never taken as unlimited): {elements}.").format(
        elements=_names(result, result.unknown_capacity, lang)))
    if result.unknown_on_route:
        out.append(_("The largest shift is an upper bound: these elements on its path have "
                     "no capacity figure: {elements}.").format(
            elements=_names(result, result.unknown_on_route, lang)))
    converted = [e.id for e in result.elements if e.capacity and e.capacity.converted]
    if converted:
        out.append(_("Capacities converted from the other unit: {elements}.").format(
            elements=_names(result, converted, lang)))
    converted = [e.id for e in result.elements if e.base_converted]
    if converted:
        out.append(_("Base loads converted from the other unit (a tonnage includes freight "
                     "that is not containerised): {elements}.").format(
            elements=_names(result, converted, lang)))
    return out
