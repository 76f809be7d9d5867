"""Who may write, decided on every rerun (:func:`editor_gate`) and again inside each
write's callback, right before the write (:func:`check_access`): hiding a button is not
a permission check, and the policy or the session may have changed since the button was
drawn."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import streamlit as st

from corridors.domain.editors import EditorConfigError, EditorPolicy, load_policy, may_edit
from corridors.domain.editors import verify_password as _verify_password
from corridors.domain.guesses import LIMITER
from corridors.domain.i18n import N_
from corridors.ui import upload_guard
from corridors.ui.flash import flash as _flash
from corridors.ui.language import _

LOCAL_NOTICE = N_(
    "Local single-user mode: anyone who can open this page can change the data. "
    "Configure an editor password (`corridors hash-password`, then `[editors] "
    "password_hash` in `.streamlit/secrets.toml`) or an OIDC allow-list "
    "(`[editors] allowed_emails`) before you share this app.")
_UNLOCKED = "editor_unlocked"


@dataclass(frozen=True)
class EditorAccess:
    """The current user's right to write: ``mode`` is local, password, oidc or broken.

    ``author`` is the signed-in e-mail under OIDC (it names the revision), else empty;
    ``problem`` explains a broken editor configuration (our own text).
    """

    may_edit: bool
    mode: str
    author: str = ""
    signed_in: bool = False
    problem: str = ""


def read_policy() -> EditorPolicy:
    """The editor policy from ``st.secrets``; no secrets file at all means local mode.

    Raises
    ------
    EditorConfigError
        When a secrets file exists but cannot be read, or ``[editors]`` is malformed:
        the page then refuses every write rather than falling back to local mode.
    """
    try:
        return load_policy(st.secrets)
    except FileNotFoundError as exc:  # StreamlitSecretNotFoundError
        if getattr(exc, "error_id", "no-secrets-found") == "no-secrets-found":
            return EditorPolicy("local")
        raise EditorConfigError(_(
            "The secrets file (.streamlit/secrets.toml) could not be read, so nobody can "
            "edit until it is fixed; the server log says what is wrong.")) from exc


def _fingerprint(policy: EditorPolicy) -> str:
    # The session remembers which hash its password matched, not the hash itself: a
    # rotated password then locks every session again.
    return hashlib.sha256(policy.password_hash.encode()).hexdigest()


def _logged_in_email() -> str:
    if not st.user.get("is_logged_in", False):
        return ""
    return str(st.user.get("email") or "")


def check_access() -> EditorAccess:
    """Decide, without drawing anything, whether this session may write now."""
    try:
        policy = read_policy()
    except EditorConfigError as exc:
        return EditorAccess(False, "broken", problem=str(exc))
    if policy.mode == "password":
        unlocked = st.session_state.get(_UNLOCKED) == _fingerprint(policy)
        return EditorAccess(may_edit(policy, password_ok=unlocked), "password")
    if policy.mode == "oidc":
        email = _logged_in_email()
        return EditorAccess(may_edit(policy, email=email), "oidc", author=email,
                            signed_in=bool(email))
    return EditorAccess(True, "local")


def _guess_keys() -> list[str]:
    """Who is guessing: this session and, when the server knows it, the client address."""
    keys = []
    session_id = upload_guard.current_session_id() or st.session_state.setdefault(
        "_guess_session", hashlib.sha256(str(id(st.session_state)).encode()).hexdigest())
    keys.append(f"session:{session_id}")
    address = getattr(st.context, "ip_address", None)
    if address:
        keys.append(f"client:{address}")
    return keys


def _unlock() -> None:
    password = st.session_state.get("editor_password", "")
    st.session_state["editor_password"] = ""  # do not keep the password in the session
    policy = read_policy()
    if policy.mode != "password":
        _flash("error", _("Wrong password: editing stays locked."))
        return
    # rate-limited per session and per client address, every attempt logged
    attempt = LIMITER.attempt(_guess_keys(),
                              lambda: _verify_password(password, policy.password_hash))
    wait = math.ceil(attempt.wait_s)
    if attempt.ok:
        st.session_state[_UNLOCKED] = _fingerprint(policy)
        _flash(None)
    elif not attempt.checked:
        _flash("error", _("Too many wrong passwords: this one was not even checked. Wait "
                          "{seconds} seconds before the next try.").format(seconds=wait))
    else:
        _flash("error", _("Wrong password: editing stays locked.")
               + (" " + _("Wait {seconds} seconds before the next try.").format(seconds=wait)
                  if wait else ""))


def _lock() -> None:
    st.session_state.pop(_UNLOCKED, None)
    _flash(None)


def _password_box(access: EditorAccess) -> None:
    if access.may_edit:
        st.success(_("Editing is unlocked for this browser session."))
        st.button(_("Lock editing"), key="editor_lock", on_click=_lock)
        return
    st.info(_("Viewing only: uploading, importing and reverting need the editor password. "
              "Everyone may browse the history and download the data."))
    st.text_input(_("Editor password"), type="password", key="editor_password")
    st.button(_("Unlock editing"), key="editor_unlock", on_click=_unlock)


def _oidc_box(access: EditorAccess) -> None:
    if not access.signed_in:
        st.info(_("Viewing only: sign in with an editor account to upload, import or "
                  "revert. Everyone may browse the history and download the data."))
        st.button(_("Log in"), key="login", on_click=st.login)
        return
    st.text(_("Signed in as {email}").format(email=access.author))
    if not access.may_edit:
        st.warning(_("Viewing only: this account is not on the editors' list."))
    st.button(_("Log out"), key="logout", on_click=st.logout)


def editor_gate() -> EditorAccess:
    """Draw the editing section (notice, password or sign-in); return the access."""
    st.header(_("Editing"))
    access = check_access()
    upload_guard.allow_session(access.may_edit)  # the server refuses other uploads
    if access.mode == "broken":
        st.error(access.problem)
    elif access.mode == "local":
        st.warning(_(LOCAL_NOTICE))
    elif access.mode == "password":
        _password_box(access)
    else:
        _oidc_box(access)
    if access.may_edit and not access.author:
        st.text_input(_("Your name (shown in the history)"), key="author", max_chars=100)
    return access


def author_of(access: EditorAccess) -> str:
    return access.author or str(st.session_state.get("author", "")).strip()
