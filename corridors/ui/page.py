"""Page set-up every page shares: the menu, the title, the sidebar caption, the upload
guard, and the page-level error display (a database that cannot be used is one
sentence on every page, never a traceback)."""

from __future__ import annotations

import streamlit as st

from corridors.domain.i18n import N_
from corridors.store import StoreError
from corridors.ui import upload_guard
from corridors.ui.language import _, language_control, settle_language
from corridors.ui.loaders import cached_store

APP_TITLE = "corridors"


# The app's pages, in menu order; app.py hands them to st.navigation. The map is the
# landing page: it is what people come for. Emoji, not ":material/..." icons: a page's
# icon becomes the favicon, and Streamlit fetches material favicons from Google's font
# servers, which breaks the offline promise (the browser tests catch it).
# Titles are English msgids (translated by :func:`pages`); ``url_path`` is fixed so a
# page's address does not change with the language.
PAGES = (
    {"page": "pages/map.py", "title": N_("Map"), "icon": "🗺️", "default": True},
    {"page": "pages/timeline.py", "title": N_("Timeline"), "icon": "📈",
     "url_path": "timeline"},
    {"page": "pages/scenario.py", "title": N_("Scenario"), "icon": "⚖️",
     "url_path": "scenario"},
    {"page": "pages/data.py", "title": N_("Data"), "icon": "🗂️", "url_path": "data"},
    {"page": "pages/about.py", "title": N_("About"), "icon": "ℹ️", "url_path": "about"},
)


def pages() -> list[dict]:
    """``PAGES`` with titles in the session's language, for ``st.navigation``."""
    settle_language()
    return [{**page, "title": _(page["title"])} for page in PAGES]


def _leave_legacy_multipage_mode() -> None:
    """Make app.py's ``st.navigation`` run every page, even on a fresh server's first request.

    Streamlit picks its old multipage mode when a ``pages/`` folder sits beside the entry
    script, until some run calls ``st.navigation``. A first request straight to ``/timeline``
    would then run the page without app.py (another menu, other titles). Leaving that mode
    and rerunning hands the request to app.py, which routes it to the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def setup_page(title: str) -> None:
    """Configure the page (wide layout, title in the session's language), the language
    choice and the sidebar caption every page shares (``title`` is the English msgid), and
    stop with one sentence (:func:`show_failure`) when the database cannot be used."""
    _leave_legacy_multipage_mode()
    language_control()
    st.set_page_config(page_title=f"{_(title)} · {APP_TITLE}", page_icon="🚆",
                       layout="wide")
    st.sidebar.caption(_("Freight corridors through Kazakhstan: Northern Corridor and "
                         "Middle Corridor (Trans-Caspian route)."))
    upload_guard.install()  # from the first page run on, uploads need an editor session
    try:
        cached_store().data_version()
    except StoreError as exc:
        show_failure(exc)


def run_page(navigation) -> None:
    """Run the chosen page; a database failure later in the run (after
    :func:`setup_page`'s check) ends in the same one-sentence display, never a traceback."""
    try:
        navigation.run()
    except StoreError as exc:
        show_failure(exc)


def show_failure(exc: StoreError) -> None:
    """The page-level error display: the store's one sentence (what happened, that
    nothing was changed, what to do), as plain text, then the page stops. Every page
    gets it from :func:`setup_page`; app.py shows it for a failure later in a run."""
    st.error(_("The data cannot be shown right now."))
    st.text(str(exc))  # may quote a URL or a file name: plain text, never markdown
    st.stop()
