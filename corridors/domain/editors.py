"""Who may change data: the editor policy.

Three modes, read from Streamlit secrets (``.streamlit/secrets.toml``):

- ``password``: ``[editors] password_hash = "pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>"``
  (make one with ``corridors hash-password``); an editor unlocks editing with the password.
- ``oidc``: ``[editors] allowed_emails = ["a@example.org", ...]`` with an ``[auth]`` section
  for ``st.login``; only signed-in users on the list may edit.
- ``local``: neither is configured. A single-user local install: everyone may edit, and
  the page says so.

The checks are plain functions so the pages, the tests and any future API share them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

ITERATIONS = 600_000
SCHEME = "pbkdf2_sha256"


class EditorConfigError(ValueError):
    """The ``[editors]`` secrets section is malformed; the message says how to fix it."""


@dataclass(frozen=True)
class EditorPolicy:
    """How editors are recognised: ``mode`` is ``local``, ``password`` or ``oidc``."""

    mode: str
    password_hash: str = ""
    allowed_emails: frozenset[str] = frozenset()


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """Return a salted PBKDF2-SHA256 hash string to store in secrets."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Check ``password`` against a ``hash_password`` string in constant time."""
    try:
        scheme, iterations, salt_hex, digest_hex = stored.split("$")
        if scheme != SCHEME:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt_hex),
                                     int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


EDITOR_KEYS = ("password_hash", "allowed_emails")


def _check_section(secrets_map: Mapping) -> Mapping:
    """The ``[editors]`` table, refusing what would otherwise fall open silently: a
    misspelt section name, an unknown or misspelt key, an empty value."""
    import difflib

    for name in secrets_map:
        if name != "editors" and (name.lower().strip() in ("editor", "editors") or
                                  difflib.get_close_matches(name.lower(), ["editors"],
                                                            cutoff=0.75)):
            raise EditorConfigError(
                f"Secrets section [{name}] looks like a misspelt [editors]; nobody may edit "
                "until .streamlit/secrets.toml names it [editors].")
    section = secrets_map.get("editors", {})
    if not isinstance(section, Mapping):
        raise EditorConfigError("editors in .streamlit/secrets.toml must be a table "
                                "([editors]); nobody may edit until it is fixed.")
    for key in section:
        if key not in EDITOR_KEYS:
            near = difflib.get_close_matches(str(key), EDITOR_KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise EditorConfigError(
                f"[editors] {key} in .streamlit/secrets.toml is not a setting{hint}; "
                f"nobody may edit until it is one of {', '.join(EDITOR_KEYS)}.")
        value = section[key]
        if value is None or (isinstance(value, str | list | tuple) and
                             not [v for v in ([value] if isinstance(value, str) else value)
                                  if str(v).strip()]):
            raise EditorConfigError(
                f"[editors] {key} in .streamlit/secrets.toml is empty; nobody may edit "
                "until it is filled in or the line is removed.")
    return section


def load_policy(secrets_map: Mapping) -> EditorPolicy:
    """Read the editor policy from a secrets mapping (``st.secrets`` or a dict).

    Raises
    ------
    EditorConfigError
        When ``[editors]`` has a hash in the wrong format or a non-list allow-list, an
        unknown key, an empty value, or a section name that looks like a misspelt
        ``[editors]``: the pages then refuse every write ("broken" mode) rather than
        fall back to local mode, where anyone may edit.
    """
    section = _check_section(secrets_map)
    stored = str(section.get("password_hash", "") or "")
    emails = section.get("allowed_emails", []) or []
    if stored and (stored.count("$") != 3 or not stored.startswith(SCHEME + "$")):
        raise EditorConfigError(
            "[editors] password_hash in .streamlit/secrets.toml is not a "
            f"'{SCHEME}$iterations$salt$hash' string, so nobody may edit until it is: create "
            "one with `corridors hash-password`.")
    if not isinstance(emails, list | tuple):
        raise EditorConfigError(
            "[editors] allowed_emails in .streamlit/secrets.toml must be a list of e-mail "
            'addresses, e.g. allowed_emails = ["analyst@example.org"]; nobody may edit '
            "until it is.")
    bad = [str(e) for e in emails if not isinstance(e, str) or "@" not in e]
    if bad:
        raise EditorConfigError(
            f"[editors] allowed_emails in .streamlit/secrets.toml holds {bad[0]!r}, which is "
            "not an e-mail address; nobody may edit until the list is fixed.")
    allowed = frozenset(str(e).strip().lower() for e in emails if str(e).strip())
    if allowed:
        return EditorPolicy("oidc", stored, allowed)
    if stored:
        return EditorPolicy("password", stored)
    return EditorPolicy("local")


def may_edit(policy: EditorPolicy, *, password_ok: bool = False, email: str | None = None) -> bool:
    """Whether the current user may upload, import or revert under ``policy``."""
    if policy.mode == "local":
        return True
    if policy.mode == "password":
        return password_ok
    return bool(email) and email.strip().lower() in policy.allowed_emails
