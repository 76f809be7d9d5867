"""Messages that survive the rerun after a callback (a write's outcome, an unlock), shown
where the eye is: beside the control that caused them (``where``), not at the top."""

from __future__ import annotations

import streamlit as st

_FLASH = "data_flash"


def flash(level: str | None, text: str = "", *details: str, where: str = "top") -> None:
    """Remember a message for this session: our ``text`` in a box, ``details`` as text,
    shown by the :func:`show_flash` call of the same ``where`` (``top``, ``import``,
    ``revert``)."""
    st.session_state[_FLASH] = (level, text, details, where) if level else None


def show_flash(where: str = "top") -> None:
    """Show the last action's message if it belongs here; details (which may quote
    uploads) as plain text that wraps."""
    held = st.session_state.get(_FLASH)
    if held:
        level, text, details, place = held
        if place != where:
            return
        getattr(st, level)(text)
        for detail in details:
            st.text(detail)
