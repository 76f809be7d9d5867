"""The interface in Kazakh, Russian and English (issue 14): complete catalogs, pages that
render in each language without an untranslated string, the language in the URL, numbers
and periods per locale, validation reports in the uploader's language."""

from __future__ import annotations

import datetime as dt
import json
import re
from string import Formatter

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from corridors.domain.catalog import load_catalog
from corridors.domain.formatting import (
    format_date,
    format_number,
    format_period,
    format_quantity,
    format_unit,
)
from corridors.domain.i18n import (
    LANGUAGES,
    catalog_path,
    language_from_environment,
    normalise_language,
    translator,
)
from corridors.domain.paths import PROJECT_ROOT
from corridors.exchange.downloads import template_csv
from corridors.ingest import CODES, validate_bytes
from corridors.ingest.messages import CODE_SENTENCES, problem_message

TRANSLATED = ("kk", "ru")
PAGES = ("map", "timeline", "scenario", "data", "about")
#: Pages whose every string goes through the catalogs: all of them.
FULLY_TRANSLATED = PAGES


# --- catalogs ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def msgids() -> set:
    """Every msgid marked in the code, extracted as ``pybabel extract -F babel.cfg``."""
    found = set()
    method_map = [("corridors/**.py", "python"), ("pages/**.py", "python"),
                  ("app.py", "python")]
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(PROJECT_ROOT), method_map, keywords=keywords):
        found.add(message)
    return found


def _po(lang: str):
    with catalog_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def _fields(text: str) -> set:
    return {name for _lit, name, _spec, _conv in Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_is_complete(lang, msgids):
    """A msgid marked in the code with no translation, an empty or a fuzzy one fails."""
    catalog = _po(lang)
    problems = []
    for msgid in msgids:
        entry = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        strings = entry.string if entry is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or not all(strings):
            problems.append(f"missing: {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
    assert problems == [], "\n".join(sorted(problems))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_placeholders_and_plural_forms(lang):
    catalog = _po(lang)
    plurals = {"ru": 3, "kk": 2}[lang]
    assert catalog.num_plurals == plurals
    for entry in catalog:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if isinstance(entry.id, tuple):
            assert len(strings) == plurals, entry.id
        for string in strings:
            assert _fields(string) == _fields(ids[-1]), (entry.id, string)


def test_plural_forms_per_language():
    one, many = ("{n} error: nothing can be imported. Fix the lines listed below and upload "
                 "the file again.",
                 "{n} errors: nothing can be imported. Fix the lines listed below and "
                 "upload the file again.")
    ru = translator("ru")
    assert ru.ngettext(one, many, 1).startswith("{n} ошибка:")
    assert ru.ngettext(one, many, 3).startswith("{n} ошибки:")
    assert ru.ngettext(one, many, 5).startswith("{n} ошибок:")
    assert ru.ngettext(one, many, 21).startswith("{n} ошибка:")
    assert translator("kk").ngettext(one, many, 5).startswith("{n} қате:")
    assert translator("en").ngettext(one, many, 5) == many


def test_no_latin_letters_inside_cyrillic_words():
    """A Latin a/e/o/p/c typed inside a Kazakh or Russian word looks right and breaks
    search and screen readers."""
    mixed = re.compile(r"\b\w*(?:[а-яёәіңғүұқөһ][a-z]|[a-z][а-яёәіңғүұқөһ])\w*", re.I)
    for lang in TRANSLATED:
        for entry in _po(lang):
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for string in strings:
                assert not mixed.search(string), (lang, mixed.search(string).group())


def test_languages_and_environment():
    assert list(LANGUAGES) == ["kk", "ru", "en"]
    assert normalise_language("ru-RU") == "ru" and normalise_language("kk_KZ.UTF-8") == "kk"
    assert normalise_language("de-DE") is None and normalise_language(None) is None
    assert language_from_environment({"LANG": "kk_KZ.UTF-8"}) == "kk"
    assert language_from_environment({"LANGUAGE": "de:ru", "LANG": "en_US"}) == "ru"
    assert language_from_environment({"LC_ALL": "C.UTF-8", "LANG": "ru_RU"}) == "en"
    assert language_from_environment({}) == "en"


# --- names ------------------------------------------------------------------------------

def test_names_in_the_language():
    catalog = load_catalog()
    assert catalog.corridors["northern"].title_in("kk") == "Солтүстік дәліз"
    assert catalog.corridors["middle"].title_in("ru").startswith("Средний коридор")
    assert catalog.corridors["middle"].title_in("en") == "Middle Corridor"
    assert catalog.nodes["moscow"].name_in("kk") == "Мәскеу"
    assert catalog.nodes["dostyk"].name_in("kk") == "Достық"
    assert catalog.nodes["dostyk"].name_in("ru") == "Достык"
    assert all(node.name_kk for node in catalog.nodes.values())


# --- numbers, units, periods ------------------------------------------------------------

@pytest.mark.parametrize(("value", "locale", "decimals", "expected"), [
    (1234567.5, "en", 1, "1,234,567.5"),
    (1234567.5, "ru", 1, "1\u00a0234\u00a0567,5"),
    (1234567.5, "kk", 1, "1\u00a0234\u00a0567,5"),
    (1485000.0, "en", None, "1,485,000"),
    (1485000.0, "ru", None, "1\u00a0485\u00a0000"),
    (12.5, "ru", None, "12,5"),
    (12.5, "en", None, "12.5"),
    (None, "kk", None, ""),
    (float("nan"), "ru", None, ""),
])
def test_numbers_per_locale(value, locale, decimals, expected):
    assert format_number(value, locale, decimals) == expected


def test_english_default_is_unchanged():
    assert format_number(1485000.0) == "1,485,000"
    assert format_quantity(56500, "TEU") == "56,500 TEU"
    assert format_period("2024-Q1") == "2024-Q1"


def test_units_in_the_language():
    assert format_unit("t", "ru") == "т" and format_unit("t", "kk") == "т"
    assert format_unit("TEU", "ru") == "ДФЭ" and format_unit("TEU", "kk") == "TEU"
    assert format_quantity(56500, "TEU", "ru") == "56\u00a0500 ДФЭ"
    assert format_quantity(4484000, "t", "kk") == "4\u00a0484\u00a0000 т"


@pytest.mark.parametrize(("label", "locale", "expected"), [
    ("2024-Q1", "ru", "I кв. 2024"),
    ("2024-Q4", "ru", "IV кв. 2024"),
    ("2024-Q1", "kk", "2024 ж. І тоқсан"),
    ("2024-H2", "ru", "II пол. 2024"),
    ("2024-H1", "kk", "2024 ж. І жартыжылдық"),
    ("2024-05", "ru", "май 2024 г."),
    ("2024-05", "kk", "2024 ж. мамыр"),
    ("2024", "kk", "2024"),
    ("2024-01..2024-11", "ru", "янв. — нояб. 2024 г."),
    ("2024-Q1", "en", "2024-Q1"),
])
def test_periods_per_locale(label, locale, expected):
    assert format_period(label, locale) == expected


def test_formatted_periods_read_back():
    """What the page writes in Russian or Kazakh, the reader understands again."""
    for locale in TRANSLATED:
        for label in ("2024-Q1", "2024-Q3", "2023"):
            shown = format_period(label, locale)
            body = f"corridor,period,value,unit\nmiddle,{shown},5,t\n".encode()
            result = validate_bytes(body)
            assert result.report.valid, (shown, result.report.errors)
            assert result.records[0].period == label


def test_dates_per_locale():
    assert format_date(dt.date(2024, 3, 1)) == "2024-03-01"
    assert format_date(dt.date(2024, 3, 1), "ru") == "1 мар. 2024 г."


# --- validation reports ------------------------------------------------------------------

def test_every_code_has_a_sentence():
    assert set(CODE_SENTENCES) == set(CODES)


def test_report_in_the_uploaders_language():
    body = b"corridor,period,value,unit\nMidle Corridor,2024,5,t\n"
    problem = validate_bytes(body).report.errors[0]
    assert problem.code == "unknown-corridor"
    assert problem_message(problem, "en") == problem.message
    ru, kk = problem_message(problem, "ru"), problem_message(problem, "kk")
    assert ru.startswith("Неизвестный коридор") and problem.message in ru
    assert kk.startswith("Белгісіз дәліз") and problem.message in kk


def _cli(capsys, monkeypatch, *args, env_lang=None):
    from corridors.cli import main

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    if env_lang:
        monkeypatch.setenv("LANG", env_lang)
    code = main(list(args))
    return code, capsys.readouterr().out


def test_cli_follows_lang_and_the_option(tmp_path, capsys, monkeypatch):
    broken = tmp_path / "broken.csv"
    broken.write_text("corridor,period,value,unit\nnowhere,2024,5,t\n", encoding="utf-8")
    code, out = _cli(capsys, monkeypatch, "validate", str(broken), env_lang="kk_KZ.UTF-8")
    assert code == 1 and "ЖАРАМСЫЗ" in out and "Белгісіз дәліз" in out
    code, out = _cli(capsys, monkeypatch, "validate", "--lang", "ru", "--json", str(broken),
                     env_lang="kk_KZ.UTF-8")
    report = json.loads(out)
    assert report["errors"][0]["code"] == "unknown-corridor"  # codes stay as they are
    assert report["errors"][0]["message"].startswith("Неизвестный коридор")
    assert set(report) >= {"valid", "rows", "encoding", "delimiter", "errors", "warnings"}
    code, out = _cli(capsys, monkeypatch, "validate", str(broken))
    assert "INVALID" in out


@pytest.mark.parametrize("lang", TRANSLATED)
def test_template_header_variants_are_read_alike(lang):
    canonical = validate_bytes(template_csv()).records
    variant = template_csv(lang)
    assert variant != template_csv()
    result = validate_bytes(variant)
    assert result.report.valid and not result.report.warnings
    assert result.records == canonical


# --- pages in each language ---------------------------------------------------------------

def _page(name: str, lang: str | None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / f"{name}.py"), default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


#: Table columns that hold data, not interface (English headers): sources, notes and the
#: events file's own texts stay as written, as do a clicked place's catalog fields (its
#: English name, description, coordinate notes); author and file are the uploader's; a
#: UTC timestamp reads the same in every language.
DATA_COLUMNS = ("Source", "Note", "Event", "What happened", "Capacity source", "Value",
                "author", "file", "note", "time (UTC)")


def _shown_texts(at: AppTest, lang: str = "en") -> set[str]:
    """The words a person reads: titles, headers, captions, messages, widget labels and
    help, table headers, the cells of every table but its data columns, and the titles,
    legends and category labels of every chart."""
    texts = set()
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning",
                 "success", "error"):
        texts |= {e.value for e in at.get(kind)}
    for kind in ("button", "download_button", "text_input", "selectbox", "checkbox",
                 "toggle", "file_uploader", "segmented_control", "radio", "select_slider"):
        for element in at.get(kind):
            proto = element.proto
            texts |= {t for t in (getattr(proto, "label", ""), getattr(proto, "help", ""))
                      if t}
    data_columns = {translator(lang).gettext(c) for c in DATA_COLUMNS}
    for frame in [*at.dataframe, *at.table]:
        texts |= {str(c) for c in frame.value.columns}
        for column in frame.value.columns:
            if column not in data_columns:
                texts |= {v for v in frame.value[column] if isinstance(v, str)}
    for chart in at.get("vega_lite_chart"):
        texts |= set(_chart_words(json.loads(chart.proto.spec)))
    return {t.strip("*") for t in texts if t}


def _chart_words(spec: dict) -> list[str]:
    """A chart's own words: its titles (chart, axes, legends, tooltips), the categories
    its legends name and the labels it draws (its data's ``label`` texts)."""
    words = _spec_titles(spec)

    def walk(node) -> None:
        if isinstance(node, dict):
            scale, legend = node.get("scale"), node.get("legend")
            domain = scale.get("domain") if isinstance(scale, dict) else None
            # no legend (null), or one whose labelExpr shows the codes in the language
            if "legend" not in node or not (legend is None or "labelExpr" in legend):
                words.extend(d for d in domain or () if isinstance(d, str))
            values = node.get("data", {}).get("values", []) if isinstance(
                node.get("data"), dict) else []
            words.extend(v["label"] for v in values
                         if isinstance(v, dict) and isinstance(v.get("label"), str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return words


def _english(text: str) -> bool:
    """A text a Kazakh or Russian reader would see as English (not a code or a number)."""
    return bool(re.search(r"[A-Za-z]{3,}", text)) and not re.search(r"[А-Яа-яЁёӘәІіҢңҒғҮүҰұҚқӨөҺһ]",
                                                                    text)


#: English a translated page may show: the language names, codes and formats.
ALLOWED = {"English", "Тіл · Язык · Language", "TEU"}


@pytest.mark.parametrize("lang", ["en", *TRANSLATED])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_each_language(page, lang, msgids):
    at = _page(page, lang)
    assert not at.exception, at.exception
    assert at.query_params["lang"] == [lang] or at.query_params["lang"] == lang
    if lang == "en" or page not in FULLY_TRANSLATED:
        return
    english_ids = {m[0] if isinstance(m, tuple) else m for m in msgids}
    shown = _shown_texts(at, lang)
    untranslated = sorted(t for t in shown
                          if t not in ALLOWED and (t in english_ids or _english(t)))
    assert untranslated == [], f"{page} in {lang}: {untranslated}"


def test_the_page_title_and_sidebar_follow_the_language():
    kk = _page("about", "kk")
    assert kk.title[0].value == "Қазақстан арқылы өтетін жүк дәліздері"
    assert any("Солтүстік дәліз" in c.value for c in kk.sidebar.caption)
    ru = _page("about", "ru")
    assert ru.title[0].value == "Грузовые коридоры через Казахстан"
    headers = list(ru.dataframe[0].value.columns)
    assert headers[0] == "Коридор"
    assert "Северный коридор" in set(ru.dataframe[0].value["Коридор"])


def test_the_browser_language_is_the_default_and_english_the_fallback():
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / "about.py"), default_timeout=60)
    at.run()
    assert at.query_params["lang"] in ("en", ["en"])  # AppTest's context has no locale
    assert at.title[0].value == "Freight corridors through Kazakhstan"


def test_choosing_a_language_in_the_sidebar_keeps_it_in_the_url():
    at = _page("data", "en")
    at.selectbox(key="lang_choice").set_value("kk").run()
    assert at.query_params["lang"] in ("kk", ["kk"])
    assert at.title[0].value == "Деректер"
    at.run()  # and it stays on the next run
    assert at.title[0].value == "Деректер"


def test_switching_language_keeps_the_other_choices():
    at = _page("map", "en")
    at.query_params["metric"] = "capacity"
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / "map.py"), default_timeout=60)
    at.query_params.update({"lang": "en", "unit": "TEU"})
    at.run()
    at.selectbox(key="lang_choice").set_value("ru").run()
    assert not at.exception, at.exception
    assert at.query_params["unit"] in ("TEU", ["TEU"])
    assert at.query_params["lang"] in ("ru", ["ru"])


def test_navigation_titles_follow_the_language():
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "ru"
    at.run()
    assert not at.exception, at.exception
    from corridors.ui.page import PAGES as MENU

    assert [translator("ru").gettext(p["title"]) for p in MENU] == [
        "Карта", "Динамика", "Сценарий", "Данные", "О проекте"]


def test_percent_tonnage_and_place_names_per_locale():
    from corridors.domain.formatting import format_percent, format_tonnage

    assert format_percent(0.3) == "30%" and format_percent(0.025, "ru") == "2,5\u00a0%"
    assert format_percent(None, "kk") == "белгісіз"
    assert format_tonnage(3_040_000, "t") == "3.04 Mt"
    assert format_tonnage(3_040_000, "t", "ru") == "3,04 млн т"
    catalog = load_catalog()
    assert catalog.location_title("middle", "aktau", "kk") == "Ақтау порты"
    assert catalog.location_title("northern", "", "ru") == "Северный коридор"
    assert catalog.location_title("northern", "dostyk--aktogay") == "Dostyk – Aktogay"
    assert catalog.location_title("northern", "dostyk--aktogay", "kk") == "Достық – Ақтоғай"


def test_scenario_page_answers_in_the_language():
    at = _page("scenario", "ru")
    assert not at.exception, at.exception
    if at.info and at.title:
        assert at.title[0].value.startswith("Сценарий")
        assert any("Средний коридор" in i.value for i in at.info), [i.value for i in at.info]


def _spec_titles(node) -> list[str]:
    """Every ``title`` text of a Vega-Lite spec: chart, axes, legends, tooltips (not
    the data: event titles are the events file's own)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("data", "datasets"):
                continue
            if key == "title" and isinstance(value, str):
                found.append(value)
            elif key == "title" and isinstance(value, dict) and isinstance(value.get("text"), str):
                found.append(value["text"])
            else:
                found += _spec_titles(value)
    elif isinstance(node, list):
        for item in node:
            found += _spec_titles(item)
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_timeline_charts_speak_the_language(lang):
    """Chart titles, axes, legends and tooltips (the AppTest elements do not show
    them), and the axes' own number and date formats from CLDR."""
    at = _page("timeline", lang)
    assert not at.exception, at.exception
    charts = at.get("vega_lite_chart")
    assert charts
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        english = [t for t in _spec_titles(spec) if _english(t) and t not in ALLOWED]
        assert english == [], english
        assert spec["config"]["locale"]["number"]["decimal"] == ","
    main = json.loads(charts[0].proto.spec)
    shown = {v.get("period_label") for layer in main["layer"] for sub in layer.get("layer", [])
             for v in sub.get("data", {}).get("values", [])}
    assert {"2019", "2023"} <= shown  # years read alike in every language


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_map_deck_speaks_the_language(lang):
    """Tooltips read the language's fields, which every figure carries; the badges
    name the corridors in the language and the deck draws their letters."""
    at = _page("map", lang)
    assert not at.exception, at.exception
    proto = at.get("deck_gl_json_chart")[0].proto
    assert f"{{tip_title_{lang}}}" in proto.tooltip
    deck = json.loads(proto.json)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    for row in layers["figures-nodes"]["data"] + layers["figures-segments"]["data"]:
        assert row[f"tip_line1_{lang}"] and not _english(row[f"tip_line1_{lang}"]), row
    badges = layers["figures-corridors"]
    titles = {"ru": "Средний коридор", "kk": "Орта дәліз"}
    assert any(r["text"].startswith(titles[lang]) for r in badges["data"])
    assert set("".join(r["text"] for r in badges["data"])) <= set(badges["characterSet"])
    static = json.loads((PROJECT_ROOT / "static" / "nodes.geojson").read_text("utf-8"))
    assert all(f["properties"][f"tip_title_{lang}"] for f in static["features"])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_legends_and_details_speak_the_language(lang):
    from corridors.domain.selection import FeatureRef
    from corridors.map.details import feature_details
    from corridors.map.legend import figure_legend_svg, legend_svg

    catalog = load_catalog()
    words = re.findall(r">([^<>]+)<", legend_svg(catalog, {"middle"}, lang)
                       + figure_legend_svg(30e6, "t", (0, 0, 0), lang))
    english = [w for w in words if _english(w)]
    assert english == [], english
    for ref in (FeatureRef("nodes", "node", "aktau", ""),
                FeatureRef("middle", "segment", "aktau--alat", "middle"),
                FeatureRef("middle", "route", "baku-tbilisi-kars", "middle")):
        fields = [field for field, _value in feature_details(catalog, ref, lang)]
        assert not [f for f in fields if _english(f)], fields


def test_map_and_timeline_numbers_and_periods_per_locale():
    from corridors.timeline.view import basis_text

    at = _page("map", "ru")
    rows = at.dataframe[0].value
    assert "Значение" in rows.columns
    assert any(re.fullmatch(r"\d{1,3}(\u00a0\d{3})* (т|ДФЭ|поездов)", v) for v in rows["Значение"])
    assert basis_text("sum of 4 quarters", "ru") == "сумма: 4 квартала"
    assert basis_text("sum of 2 halves and 1 quarter", "kk") == (
        "жиынтығы: 2 жартыжылдық және 1 тоқсан")
    assert basis_text("reported for 2024-Q1", "kk") == "2024 ж. І тоқсан есептік деректері"


@pytest.mark.parametrize("selection", ["node:aktau", "segment:middle:aktau--alat",
                                       "route:middle:trans-caspian-sea"])
@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_clicked_place_speaks_the_language(selection, lang, msgids):
    """The details panel of a place chosen in the URL: its figures, the chart across
    years, the table folded away; no English of ours."""
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / "map.py"), default_timeout=60)
    at.query_params.update({"lang": lang, "sel": selection})
    at.run()
    assert not at.exception, at.exception
    english_ids = {m[0] if isinstance(m, tuple) else m for m in msgids}
    shown = _shown_texts(at, lang) | {m.proto.label for m in at.get("metric")}
    shown |= {str(v) for frame in at.dataframe for v in frame.value.iloc[:, 0]}
    untranslated = sorted(t for t in shown
                          if t not in ALLOWED and (t in english_ids or _english(t)))
    assert untranslated == [], untranslated
    for chart in at.get("vega_lite_chart"):
        titles = _spec_titles(json.loads(chart.proto.spec))
        assert not [t for t in titles if _english(t) and t not in ALLOWED], titles


def test_downloaded_map_and_chart_images_follow_the_language(tmp_path, capsys, monkeypatch):
    """The images a reader downloads (the page's buttons and ``corridors export``) carry
    their texts in the chosen language; the data formats stay English."""
    out = tmp_path / "map.svg"
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    code, _out = _cli(capsys, monkeypatch, "export", "--format", "svg", "--lang", "kk",
                      "--period", "2024", "--output", str(out))
    assert code == 0
    svg = out.read_text("utf-8")
    for text in ("Қазақстан арқылы өтетін дәліздердегі жүк тасымалы көлемі", "Қабаттар",
                 "Орта дәліз", "Бүкіл дәліз, 2024"):
        assert text in svg, text
    chart = tmp_path / "chart.svg"
    code, _out = _cli(capsys, monkeypatch, "export", "--format", "chart-svg", "--lang", "ru",
                      "--output", str(chart))
    assert code == 0 and "Оба коридора (маршруты целиком)" in chart.read_text("utf-8")


def test_every_series_is_named_and_scoped_in_each_language():
    from corridors.domain.series_catalog import load_series_catalog

    mixed = re.compile(r"\b\w*(?:[а-яёәіңғүұқөһ][a-z]|[a-z][а-яёәіңғүұқөһ])\w*", re.I)
    for series in load_series_catalog().series.values():
        for text in (series.title_ru, series.title_kk, series.scope_ru, series.scope_kk):
            assert text and not _english(text), (series.slug, text)
            assert not mixed.search(text), (series.slug, mixed.search(text).group())
    catalog = load_series_catalog()
    assert catalog.title("kz-mot-titr", "kk") == "ҚР Көлік министрлігі: ТХКБ жүктері, бүкіл бағыт"
    assert catalog.title("kz-mot-titr") == "KZ Ministry of Transport: TITR cargo, whole route"


def test_the_series_codes_speak_the_language():
    body = b"corridor,series,period,value,unit\nmiddle,kz-mot-tirt,2024,5,t\n"
    problem = validate_bytes(body).report.errors[0]
    assert problem.code == "unknown-series"
    assert problem_message(problem, "kk").startswith("Белгісіз қатар")
    assert problem_message(problem, "ru").startswith("Неизвестный ряд")
    at = _page("timeline", "kk")
    legend = json.dumps(json.loads(at.get("vega_lite_chart")[0].proto.spec), ensure_ascii=False)
    assert "ҚР Көлік министрлігі: ТХКБ жүктері" in legend


@pytest.mark.parametrize(("lang", "titles", "words"), [
    ("kk", {"Құрық порты – Баку порты (Әлет)", "Орта дәліз (бүкіл бағыт)"},
     ("0 т (дерек жоқ)", "млн т", "өткізу қабілеті белгісіз")),
    ("ru", {"Порт Курык – Бакинский порт (Алят)", "Средний коридор (ТМТМ), весь маршрут"},
     ("0 т (нет данных)", "млн т", "пропускная способность неизвестна")),
])
def test_the_scenario_tables_speak_the_language(lang, titles, words):
    """Element titles from the catalog, quantities by the locale, our words translated;
    the English rows and the CSV stay as they were."""
    from corridors.scenario import Scenario, build_network, run_scenario
    from corridors.scenario.assumptions import assumptions
    from corridors.scenario.report import result_csv, table_rows
    from corridors.store import open_store

    figures = open_store().current_figures()
    result = run_scenario(figures, build_network(load_catalog()),
                          Scenario(base_year=2023, shift_share=0.3))
    rows = table_rows(result, lang)
    assert titles <= {r["Element"] for r in rows}
    cells = " ".join(v for r in rows for k, v in r.items() if k != "Capacity source")
    assert all(w in cells for w in words), cells
    assert not any(_english(v) for r in rows for k, v in r.items() if k != "Capacity source")
    lines = assumptions(result, lang=lang)
    assert len(lines) == len(result.assumptions)
    assert not any(_english(line) for line in lines)
    english = table_rows(result)
    assert {"Middle Corridor (whole route)", "Kuryk port – Port of Baku (Alat)"} <= {
        r["Element"] for r in english}
    assert "0 t (none)" in {r["Base load"] for r in english}
    assert result_csv(result).startswith(b"id,kind,corridor,title,")
    assert b"Middle Corridor (whole route)" in result_csv(result)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_scenario_map_and_legend_speak_the_language(lang):
    """The Scenario map's tooltips read the language's fields (the countries' static
    files carry them too), its labels and legend are ours in the language."""
    from corridors.scenario.deck import legend_svg

    at = _page("scenario", lang)
    assert not at.exception, at.exception
    proto = at.get("deck_gl_json_chart")[0].proto
    assert f"{{tip_title_{lang}}}" in proto.tooltip
    inline = [row for layer in json.loads(proto.json)["layers"]
              if isinstance(layer.get("data"), list) for row in layer["data"]]
    assert inline
    for row in inline:
        texts = [row.get(f"{f}_{lang}") for f in ("tip_title", "tip_line1", "tip_line2")]
        assert all(texts) and not any(_english(t) for t in texts), row
        assert not _english(row.get("text", "")), row
    words = re.findall(r">([^<>]+)<", legend_svg(lang))
    assert words and not any(_english(w) for w in words), words
