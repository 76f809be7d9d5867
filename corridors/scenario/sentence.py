"""The scenario's answer in words: one sentence for the limit, one for the chosen shift."""

from __future__ import annotations

from corridors.domain.formatting import format_percent as percent
from corridors.domain.formatting import format_tonnage as quantity
from corridors.domain.i18n import translator
from corridors.scenario.model import ScenarioResult


def _of_north(result: ScenarioResult) -> str:
    return f"{result.scenario.base_year}'s Northern Corridor volume"


def limit_sentence(result: ScenarioResult, lang: str = "en") -> str:
    """How much the Middle Corridor absorbs and which element binds first.

    Example: "The Middle Corridor absorbs up to 12% of 2023's Northern Corridor volume
    (25,300 TEU); Aktau port binds first." In ``ru``/``kk``: :func:`_limit_translated`.
    """
    if lang != "en":
        return _limit_translated(result, lang)
    unit = result.scenario.unit
    limit = result.max_shift_amount_known
    if limit is None or result.bottleneck is None:
        return ("No element on the Middle Corridor's path has a capacity figure, so how "
                "much it could absorb is unknown.")
    binds = result.element(result.bottleneck).title
    share = result.max_shift_share_known
    how_much = (f"{percent(share)} of {_of_north(result)} ({quantity(limit, unit)})"
                if share is not None else quantity(limit, unit))
    if limit <= 0:
        return (f"The Middle Corridor absorbs no extra freight: {binds} is already at or "
                f"over capacity in {result.scenario.base_year}.")
    if not result.unknown_on_route:
        return f"The Middle Corridor absorbs up to {how_much}; {binds} binds first."
    unknown = ", ".join(result.element(i).title for i in result.unknown_on_route)
    count = len(result.unknown_on_route)
    return (f"With the capacities on record the Middle Corridor absorbs at most {how_much} "
            f"before {binds} binds; {count} element{'s' if count != 1 else ''} on the way "
            f"{'have' if count != 1 else 'has'} no capacity figure ({unknown}), so the "
            "real limit may be lower.")


def shift_sentence(result: ScenarioResult, lang: str = "en") -> str:
    """What the chosen shift does: which elements go over capacity, and how far."""
    if lang != "en":
        return _shift_translated(result, lang)
    unit = result.scenario.unit
    share = result.shift_share
    what = (f"A shift of {percent(share)} of {_of_north(result)} "
            f"({quantity(result.shift_amount, unit)})" if share is not None
            else f"A shift of {quantity(result.shift_amount, unit)}")
    over = sorted((e for e in result.elements if e.over_capacity),
                  key=lambda e: -(e.utilisation or 0))
    if not over:
        return f"{what} keeps every element with a known capacity within it."
    parts = ", ".join(f"{e.title} at {percent(e.utilisation)}" for e in over)
    count = len(over)
    return (f"{what} puts {count} element{'s' if count != 1 else ''} over capacity: "
            f"{parts}.")


def _how_much(result: ScenarioResult, share, amount: float, lang: str) -> str:
    _ = translator(lang).gettext
    unit, year = result.scenario.unit, result.scenario.base_year
    if share is None:
        return quantity(amount, unit, lang)
    return _("{share} of the Northern Corridor's {year} volume ({amount})").format(
        share=percent(share, lang), year=year, amount=quantity(amount, unit, lang))


def _limit_translated(result: ScenarioResult, lang: str) -> str:
    t = translator(lang)
    _, ngettext = t.gettext, t.ngettext
    limit = result.max_shift_amount_known
    if limit is None or result.bottleneck is None:
        return _("No element on the Middle Corridor's path has a capacity figure, so how "
                 "much it could absorb is unknown.")
    binds = result.element(result.bottleneck).title_in(lang)
    how_much = _how_much(result, result.max_shift_share_known, limit, lang)
    if limit <= 0:
        return _("The Middle Corridor absorbs no extra freight: {element} is already at or "
                 "over capacity in {year}.").format(element=binds,
                                                    year=result.scenario.base_year)
    if not result.unknown_on_route:
        return _("The Middle Corridor absorbs up to {how_much}; {element} binds "
                 "first.").format(how_much=how_much, element=binds)
    unknown = ", ".join(result.element(i).title_in(lang) for i in result.unknown_on_route)
    count = len(result.unknown_on_route)
    return ngettext(
        "With the capacities on record the Middle Corridor absorbs at most {how_much} "
        "before {element} binds; {count} element on the way has no capacity figure "
        "({unknown}), so the real limit may be lower.",
        "With the capacities on record the Middle Corridor absorbs at most {how_much} "
        "before {element} binds; {count} elements on the way have no capacity figure "
        "({unknown}), so the real limit may be lower.", count).format(
        how_much=how_much, element=binds, count=count, unknown=unknown)


def _shift_translated(result: ScenarioResult, lang: str) -> str:
    t = translator(lang)
    _, ngettext = t.gettext, t.ngettext
    what = _("A shift of {how_much}").format(
        how_much=_how_much(result, result.shift_share, result.shift_amount, lang))
    over = sorted((e for e in result.elements if e.over_capacity),
                  key=lambda e: -(e.utilisation or 0))
    if not over:
        return _("{what} keeps every element with a known capacity within it.").format(
            what=what)
    parts = ", ".join(_("{element} at {share}").format(
        element=e.title_in(lang), share=percent(e.utilisation, lang)) for e in over)
    return ngettext("{what} puts {count} element over capacity: {parts}.",
                    "{what} puts {count} elements over capacity: {parts}.",
                    len(over)).format(what=what, count=len(over), parts=parts)


def answer(result: ScenarioResult, lang: str = "en") -> str:
    """Both sentences, the limit first."""
    return f"{limit_sentence(result, lang)} {shift_sentence(result, lang)}"
