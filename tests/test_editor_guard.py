"""Editors under attack (issue 18): a broken [editors] config never falls open, password
guesses back off per session and per client and are logged."""

from __future__ import annotations

import logging

import pytest
from streamlit.testing.v1 import AppTest

from corridors.domain import guesses
from corridors.domain.editors import EditorConfigError, hash_password, load_policy
from corridors.domain.guesses import GuessLimiter, delay_after
from corridors.domain.paths import PROJECT_ROOT
from corridors.store.store import forget_url

DATA_PAGE = str(PROJECT_ROOT / "pages" / "data.py")
HASH = hash_password("open sesame", iterations=1000)

BROKEN = {
    "misspelt-key": ({"editors": {"pasword_hash": HASH}}, "pasword_hash"),
    "singular-email-key": ({"editors": {"allowed_email": ["a@example.org"]}}, "allowed_email"),
    "singular-section": ({"editor": {"password_hash": HASH}}, "[editor]"),
    "capital-section": ({"Editors": {"password_hash": HASH}}, "[Editors]"),
    "typo-section": ({"editros": {"password_hash": HASH}}, "[editros]"),
    "empty-hash": ({"editors": {"password_hash": ""}}, "password_hash"),
    "blank-hash": ({"editors": {"password_hash": "   "}}, "password_hash"),
    "empty-allow-list": ({"editors": {"allowed_emails": []}}, "allowed_emails"),
    "allow-list-of-blanks": ({"editors": {"allowed_emails": [" "]}}, "allowed_emails"),
    "not-an-email": ({"editors": {"allowed_emails": ["bob"]}}, "allowed_emails"),
    "not-a-table": ({"editors": "open"}, "table"),
    "bad-hash": ({"editors": {"password_hash": "plaintext"}}, "password_hash"),
    "extra-key-beside-a-good-one": ({"editors": {"password_hash": HASH, "mode": "x"}}, "mode"),
}


@pytest.mark.parametrize(("secrets", "named"), list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_editor_config_refuses_and_names_the_key(secrets, named):
    with pytest.raises(EditorConfigError, match="nobody may edit") as caught:
        load_policy(secrets)
    assert named in str(caught.value)


@pytest.mark.parametrize("secrets", [{}, {"connections": {"corridors": {"url": "x"}}},
                                     {"auth": {"redirect_uri": "x"}}])
def test_no_editor_section_is_local_mode(secrets):
    assert load_policy(secrets).mode == "local"


def test_good_configs_still_load():
    assert load_policy({"editors": {"password_hash": HASH}}).mode == "password"
    policy = load_policy({"editors": {"allowed_emails": ["A@example.org"]}})
    assert policy.mode == "oidc" and policy.allowed_emails == {"a@example.org"}


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'corridors.sqlite3'}"
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", url)
    yield url
    forget_url(url)


def data_page(secrets) -> AppTest:
    at = AppTest.from_file(DATA_PAGE, default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("case", ["misspelt-key", "singular-section", "empty-hash"])
def test_the_data_page_shows_broken_mode_and_no_uploader(case, db_url):
    secrets, named = BROKEN[case]
    at = data_page(secrets)
    assert any(named in e.value for e in at.error)
    assert not [w for w in at.get("file_uploader") if w.key == "upload"]
    assert not [w for w in at.warning if "Local single-user mode" in w.value]


# --- password guesses -------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_back_off_doubles_after_the_free_guesses():
    assert [delay_after(n) for n in range(1, 7)] == [0, 0, 1, 2, 4, 8]
    assert delay_after(100) == guesses.MAX_DELAY_S


def test_limiter_per_session_and_per_client(caplog):
    clock = Clock()
    limiter = GuessLimiter(clock)
    a = ["session:a", "client:10.0.0.1"]
    caplog.set_level(logging.INFO, logger="corridors.editors")
    for _ in range(3):
        assert limiter.attempt(a, lambda: False).checked
    assert limiter.wait_s(a) == pytest.approx(1.0)
    refused = limiter.attempt(a, lambda: True)
    assert not refused.ok and not refused.checked  # not even tested during the lock
    # a new session from the same address is locked too: the address counts
    b = ["session:b", "client:10.0.0.1"]
    assert not limiter.attempt(b, lambda: True).checked
    # another address with a fresh session is not affected
    assert limiter.attempt(["session:c", "client:10.0.0.2"], lambda: True).ok
    clock.now += 1.5
    assert limiter.attempt(b, lambda: False).wait_s == pytest.approx(2.0)  # 4th wrong
    clock.now += 2.5
    assert limiter.attempt(a, lambda: True).ok
    messages = [r.getMessage() for r in caplog.records]
    assert sum("attempt wrong" in m for m in messages) == 4
    assert sum("refused" in m for m in messages) == 2
    assert sum("accepted" in m for m in messages) == 2
    assert all("10.0.0.1" not in m for m in messages)  # ids are hashed in the log


def test_the_page_backs_off_after_wrong_passwords(db_url, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(guesses, "LIMITER", GuessLimiter(clock))
    monkeypatch.setattr("corridors.ui.editor_gate.LIMITER", guesses.LIMITER)
    at = data_page({"editors": {"password_hash": HASH}})

    def guess(password):
        at.text_input(key="editor_password").input(password)
        at.button(key="editor_unlock").click().run()
        return [e.value for e in at.error]

    for _ in range(2):
        assert guess("wrong") == ["Wrong password: editing stays locked."]
    assert guess("wrong") == ["Wrong password: editing stays locked. Wait 1 seconds before "
                              "the next try."]
    assert guess("open sesame")[0].startswith("Too many wrong passwords")
    assert not [w for w in at.get("file_uploader") if w.key == "upload"]
    clock.now += 1.1
    assert guess("open sesame") == []
    assert [w for w in at.get("file_uploader") if w.key == "upload"]
