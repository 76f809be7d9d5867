"""Scenario: what if Northern Corridor freight shifts to the Middle Corridor? Where would
it bind first, and how much could the Middle Corridor take (thin page)."""

import streamlit as st

from corridors import ui
from corridors.scenario.assumptions import assumptions
from corridors.scenario.chart import load_chart_spec
from corridors.scenario.deck import legend_svg
from corridors.scenario.report import result_csv, table_rows
from corridors.scenario.sentence import limit_sentence, shift_sentence
from corridors.ui import scenario_page
from corridors.ui.language import _

ui.setup_page("Scenario")
st.title(_("Scenario: Northern Corridor freight to the Middle Corridor"))
scenario = scenario_page.scenario_controls()
if scenario is not None:
    result = scenario_page.scenario_result(scenario)
    lang = ui.current_language()
    # our own words, catalog titles and numbers only: no uploaded text in these sentences
    st.info(limit_sentence(result, lang))
    st.write(shift_sentence(result, lang))
    map_col, legend_col = st.columns([4, 1])
    map_col.pydeck_chart(scenario_page.scenario_deck(scenario), key="scenario_map",
                         height=560)
    with legend_col:
        st.markdown("**" + _("Utilisation") + "**")
        st.image(legend_svg(lang))
        st.caption(_("Lines are schematic. The whole route is in the table, not on the "
                     "map."))
    st.vega_lite_chart(load_chart_spec(result, lang), width="stretch")
    st.subheader(_("Elements by utilisation"))
    ui.text_table(table_rows(result, lang))
    st.download_button(_("Download the results (CSV)"), result_csv(result),
                       file_name=f"corridors-scenario-{scenario.base_year}.csv",
                       mime="text/csv", key="download_scenario_csv")
    st.subheader(_("Assumptions"))
    ui.text_table([{"Assumption": line} for line in assumptions(result, lang=lang)])
