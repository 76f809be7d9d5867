"""``corridors scenario`` through ``corridors.cli.main``: the JSON keys, exit codes, and
messages that say what is allowed."""

from __future__ import annotations

import json

import pytest

from corridors.cli import main

REQUIRED = {"base_year", "shift_share", "unit", "elements", "bottleneck", "max_shift_share",
            "unknown_capacity", "assumptions"}
ELEMENT_KEYS = {"id", "kind", "corridor", "load", "capacity", "utilisation",
                "capacity_source"}


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A fresh SQLite database seeded with the default data."""
    from corridors.store.store import forget_url

    url = f"sqlite:///{tmp_path / 'corridors.sqlite3'}"
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", url)
    yield url
    forget_url(url)


def run_json(capsys, *argv) -> dict:
    assert main(["scenario", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_the_issue_keys(env, capsys):
    out = run_json(capsys, "--base-year", "2023", "--shift", "0.3")
    assert REQUIRED <= set(out)
    assert out["base_year"] == 2023 and out["shift_share"] == 0.3 and out["unit"] == "t"
    for e in out["elements"]:
        assert ELEMENT_KEYS <= set(e)
        if e["capacity"] is None:
            assert e["utilisation"] is None and e["capacity_source"] is None
            assert e["id"] in out["unknown_capacity"]
        else:
            assert e["capacity_source"], e["id"]
            assert e["utilisation"] == pytest.approx(e["load"] / e["capacity"], rel=1e-5)
    assert out["bottleneck"] in {e["id"] for e in out["elements"]}
    assert isinstance(out["assumptions"], str) and "IMO" in out["assumptions"]
    # the default data lacks a Caspian ferry capacity: the limit is only an upper bound
    assert out["max_shift_share"] is None or isinstance(out["max_shift_share"], float)
    assert isinstance(out["max_shift_share_known"], float)


def test_percent_share_amount_and_units(env, capsys):
    as_percent = run_json(capsys, "--base-year", "2023", "--shift", "30%")
    assert as_percent["shift_share"] == 0.3
    amount = run_json(capsys, "--shift-amount", "50000", "--unit", "TEU")
    assert amount["unit"] == "TEU" and amount["shift_amount"] == 50000
    middle = next(e for e in amount["elements"] if e["id"] == "middle")
    assert middle["capacity"] is not None
    factor = run_json(capsys, "--shift-amount", "50000", "--unit", "t", "--teu-tonnes", "20")
    aktau_alat = next(e for e in factor["elements"] if e["id"] == "aktau--alat")
    assert aktau_alat["capacity"] == 89000 * 20  # feeders' TEU capacity at 20 t per TEU


def test_a_chosen_branch_routes_everything_there(env, capsys):
    out = run_json(capsys, "--shift", "0.2", "--branch", "kuryk,baku-tbilisi-kars")
    by_id = {e["id"]: e for e in out["elements"]}
    assert out["branch"] == ["kuryk", "baku-tbilisi-kars"]
    shifted = out["shift_amount"]
    kuryk = by_id["kuryk"]
    assert kuryk["load"] >= shifted
    assert by_id["poti"]["load"] == 0


def test_text_output_has_the_answer(env, capsys):
    assert main(["scenario", "--shift", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "Middle Corridor absorbs" in out
    assert "Assumptions:" in out


def _language(monkeypatch, lang: str) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)


def test_text_output_follows_lang_and_the_option(env, capsys, monkeypatch):
    _language(monkeypatch, "C.UTF-8")
    assert main(["scenario", "--shift", "0.3"]) == 0
    assert "Assumptions:" in capsys.readouterr().out  # English unless asked
    _language(monkeypatch, "kk_KZ.UTF-8")
    assert main(["scenario", "--shift", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "Орта дәліз (бүкіл бағыт)" in out and "Болжамдар:" in out
    assert "Middle Corridor" not in out and "млн т" in out
    assert main(["scenario", "--shift", "0.3", "--unit", "TEU", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "Порт Курык – Бакинский порт (Алят)" in out and "Допущения:" in out
    assert "ДФЭ" in out and "Kuryk" not in out


def test_json_keeps_english_keys_and_titles_with_a_language(env, capsys, monkeypatch):
    _language(monkeypatch, "C.UTF-8")
    english = run_json(capsys, "--shift", "0.3")
    russian = run_json(capsys, "--shift", "0.3", "--lang", "ru")
    assert russian.keys() == english.keys()
    assert russian["elements"] == english["elements"]  # titles and codes stay canonical
    assert "Средний коридор" in russian["answer"] and "пропускн" in russian["assumptions"]


ARGPARSE_REFUSES = ("invalid choice", "not allowed with argument", "or a percentage")


@pytest.mark.parametrize("argv, words", [
    (["--shift", "1.5"], "allowed is 0 to 1"),
    (["--shift", "lots"], "0 to 1 (0.3) or a percentage"),
    (["--shift", "0.1", "--shift-amount", "5"], "not allowed with argument"),
    (["--shift-amount", "5"], "needs --unit t or --unit TEU"),
    (["--unit", "trains"], "invalid choice"),
    (["--branch", "suez"], "allowed are aktau, kuryk, baku-tbilisi-kars"),
    (["--branch", "aktau,kuryk"], "at most one caspian branch"),
    (["--base-year", "1999"], "allowed with --shift: 2015, 2016, 2017, 2018, 2019, 2020, 2021"),
    (["--teu-tonnes", "0"], "above 0"),
])
def test_usage_errors_exit_2_and_say_what_is_allowed(env, capsys, argv, words):
    if any(w in words for w in ARGPARSE_REFUSES):
        with pytest.raises(SystemExit) as exited:  # argparse's own usage errors
            main(["scenario", *argv])
        code = exited.value.code
    else:
        code = main(["scenario", *argv])
    assert code == 2
    assert words in capsys.readouterr().err
