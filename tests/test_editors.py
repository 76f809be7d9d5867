import pytest

from corridors.domain.editors import (
    EditorConfigError,
    hash_password,
    load_policy,
    may_edit,
    verify_password,
)


def test_password_hash_round_trip():
    stored = hash_password("s3cret", iterations=1000)
    assert verify_password("s3cret", stored)
    assert not verify_password("S3cret", stored)
    assert stored != hash_password("s3cret", iterations=1000)  # salted


@pytest.mark.parametrize("stored", ["", "plain", "md5$1$00$00", "pbkdf2_sha256$x$zz$00"])
def test_malformed_hash_never_verifies(stored):
    assert not verify_password("anything", stored)


@pytest.mark.parametrize(
    ("secrets", "mode", "anonymous_may_edit"),
    [
        ({}, "local", True),
        ({"editors": {"password_hash": hash_password("pw", iterations=1000)}}, "password", False),
        ({"editors": {"allowed_emails": ["Ed@Example.org"]}}, "oidc", False),
    ],
)
def test_policy_modes(secrets, mode, anonymous_may_edit):
    policy = load_policy(secrets)
    assert policy.mode == mode
    assert may_edit(policy) is anonymous_may_edit


def test_oidc_allow_list_is_case_insensitive():
    policy = load_policy({"editors": {"allowed_emails": ["Ed@Example.org"]}})
    assert may_edit(policy, email="ed@example.org")
    assert not may_edit(policy, email="eve@example.org")


def test_password_mode_needs_the_password():
    policy = load_policy({"editors": {"password_hash": hash_password("pw", iterations=1000)}})
    assert may_edit(policy, password_ok=True)
    assert not may_edit(policy, password_ok=False)


@pytest.mark.parametrize("section", [{"password_hash": "plaintext"},
                                     {"allowed_emails": "ed@example.org"}])
def test_malformed_config_is_a_clear_error(section):
    with pytest.raises(EditorConfigError, match="secrets.toml"):
        load_policy({"editors": section})


def test_cli_hash_password_prints_a_verifiable_section(monkeypatch, capsys):
    import io
    import tomllib

    from corridors.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["hash-password"]) == 0
    section = tomllib.loads(capsys.readouterr().out)["editors"]
    assert verify_password("correct horse battery", section["password_hash"])
    assert load_policy({"editors": section}).mode == "password"


def test_cli_hash_password_refuses_a_short_password(monkeypatch, capsys):
    import io

    from corridors.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["hash-password"]) == 1
    assert "nothing was printed" in capsys.readouterr().err
