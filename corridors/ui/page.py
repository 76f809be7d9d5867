"""Page set-up every page shares: the menu, the title, the sidebar caption."""

from __future__ import annotations

import streamlit as st

APP_TITLE = "corridors"


# The app's pages, in menu order; app.py hands them to st.navigation. The map is the
# landing page: it is what people come for. Emoji, not ":material/..." icons: a page's
# icon becomes the favicon, and Streamlit fetches material favicons from Google's font
# servers, which breaks the offline promise (the browser tests catch it).
PAGES = (
    {"page": "pages/map.py", "title": "Map", "icon": "🗺️", "default": True},
    {"page": "pages/timeline.py", "title": "Timeline", "icon": "📈"},
    {"page": "pages/scenario.py", "title": "Scenario", "icon": "⚖️"},
    {"page": "pages/data.py", "title": "Data", "icon": "🗂️"},
    {"page": "pages/about.py", "title": "About", "icon": "ℹ️"},
)


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
    """Configure the page (wide layout, title) and the sidebar caption every page shares."""
    _leave_legacy_multipage_mode()
    st.set_page_config(page_title=f"{title} · {APP_TITLE}", page_icon="🚆",
                       layout="wide")
    st.sidebar.caption("Freight corridors through Kazakhstan: Northern Corridor and "
                       "Middle Corridor (Trans-Caspian route).")
