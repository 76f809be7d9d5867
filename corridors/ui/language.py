"""The interface language of this session: chosen in the sidebar, kept in the URL.

``?lang=kk|ru|en`` wins (a shared link opens in the sender's language); else the
language already chosen in this session; else the browser's (``st.context.locale``);
else English. :func:`language_control` draws the choice and writes it back to the URL
on every run, so switching pages (which clears Streamlit's query parameters) keeps it.
``_``/``ngettext`` translate into the session's language at the moment they are called.
"""

from __future__ import annotations

import streamlit as st

from corridors.domain.i18n import DEFAULT_LANGUAGE, LANGUAGES, normalise_language, translator

LANG_PARAM = "lang"
# The session's language lives under its own key, not the widget's: Streamlit drops a
# widget's state when another page draws "the same" widget, and the widget would fall
# back to its first option (Kazakh) on every page switch.
_KEY = "lang"
_WIDGET = "lang_choice"


def _browser_language() -> str | None:
    try:
        return normalise_language(getattr(st.context, "locale", None))
    except Exception:  # noqa: BLE001 (no browser context, e.g. a bare script run)
        return None


def settle_language() -> str:
    """Decide the session's language (URL, else the session's, else the browser's, else
    English) and remember it; app.py's navigation and :func:`language_control` call it."""
    from_url = normalise_language(st.query_params.get(LANG_PARAM))
    if from_url:
        # a link's ?lang= (or a back button) beats what the session had
        st.session_state[_KEY] = from_url
    elif normalise_language(st.session_state.get(_KEY)) is None:
        st.session_state[_KEY] = _browser_language() or DEFAULT_LANGUAGE
    return st.session_state[_KEY]


def current_language() -> str:
    """The language code (``kk``, ``ru`` or ``en``) this run speaks."""
    chosen = normalise_language(st.session_state.get(_KEY))
    if chosen:
        return chosen
    return (normalise_language(st.query_params.get(LANG_PARAM)) or _browser_language()
            or DEFAULT_LANGUAGE)


def _language_changed() -> None:
    st.session_state[_KEY] = st.session_state[_WIDGET]
    st.query_params[LANG_PARAM] = st.session_state[_KEY]


def language_control() -> str:
    """The language choice in the sidebar; returns the chosen code and keeps it in the URL."""
    lang = settle_language()
    st.session_state[_WIDGET] = lang  # set before the widget exists: allowed
    st.sidebar.selectbox("Тіл · Язык · Language", options=list(LANGUAGES),
                         format_func=LANGUAGES.get, key=_WIDGET, on_change=_language_changed)
    if st.query_params.get(LANG_PARAM) != lang:
        st.query_params[LANG_PARAM] = lang
    return lang


def _(message: str) -> str:
    """``message`` (an English msgid) in the session's language."""
    return translator(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form of the session's language for ``n`` (Russian has three)."""
    return translator(current_language()).ngettext(singular, plural, n)
