"""corridors: the entry point. Run with `make run` (or `corridors serve`).

Only navigation lives here. Every page calls ``corridors.ui.setup_page`` itself, so a
page does its own set-up (and, for the data page, its editor check) on every run,
whether it is reached through this navigation or tested on its own with AppTest.
"""

import streamlit as st

from corridors.ui import pages, run_page

navigation = st.navigation([st.Page(**page) for page in pages()])
run_page(navigation)
