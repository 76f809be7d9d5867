"""Data: upload a throughput CSV, read its validation report and what it would change,
import it as one revision; browse and revert the history; download the data.

A thin page: the editor check, the widgets and the writes live in
``corridors.ui.data_page``; tables and messages in ``corridors.exchange.reporting``.
"""

import streamlit as st

from corridors import ui
from corridors.ui import data_page, editor_gate, flash
from corridors.ui.language import _

ui.setup_page("Data")
st.title(_("Data"))
st.caption(_("Throughput figures: upload, check, preview, import, undo. Everyone may "
             "browse the history and download the data; only editors change it."))

# Checked on every run (and again inside each write): a viewer gets no upload, import
# or revert widget at all, not merely a hidden one.
access = editor_gate.editor_gate()
flash.show_flash()
store = ui.cached_store()
if access.may_edit:
    data_page.upload_section(store, access)
data_page.history_section(store, access)
data_page.downloads_section(store)
