"""Messages that survive the rerun after a callback (a write's outcome, an unlock)."""

from __future__ import annotations

import streamlit as st

_FLASH = "data_flash"


def flash(level: str | None, text: str = "", *details: str) -> None:
    """Remember a message for this session: our ``text`` in a box, ``details`` as text."""
    st.session_state[_FLASH] = (level, text, details) if level else None


def show_flash() -> None:
    """Show the last action's message; details (which may quote uploads) as plain text."""
    flash = st.session_state.get(_FLASH)
    if flash:
        level, text, details = flash
        getattr(st, level)(text)
        for detail in details:
            st.text(detail)
