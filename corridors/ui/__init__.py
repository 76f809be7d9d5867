"""The only package that imports streamlit: one module per page's widgets, the editor
gate, page set-up, cached loaders and shared controls. Pages call these and the library;
they hold no logic of their own. Nothing from uploads or the database is ever passed to
markdown or HTML here: tables and ``st.text`` only.

This module only re-exports.
"""

from corridors.ui.controls import (
    PER_PERIOD_TITLES,
    SELECTION_PARAM,
    UNIT_TITLES,
    choice_control,
    metric_unit_controls,
    text_table,
)
from corridors.ui.language import LANG_PARAM, current_language, language_control, ngettext
from corridors.ui.loaders import (
    cached_catalog,
    cached_events,
    cached_store,
    current_figures,
    data_source,
)
from corridors.ui.map_page import (
    LAYERS_PARAM,
    cached_segment_paths,
    layer_toggles,
    map_deck,
    map_periods,
    online_basemap_optin,
    period_control,
    period_kind_control,
    period_title,
    periods_of_both,
    placed_figures,
    render_details,
    render_legend,
    selected_feature,
)
from corridors.ui.page import APP_TITLE, PAGES, pages, run_page, setup_page, show_failure
from corridors.ui.timeline_page import (
    location_control,
    series_control,
    timeline_locations,
    timeline_view,
    unit_offers,
)

__all__ = [
    "APP_TITLE", "LANG_PARAM", "LAYERS_PARAM", "PAGES", "PER_PERIOD_TITLES", "SELECTION_PARAM",
    "UNIT_TITLES",
    "cached_catalog",
    "cached_events", "cached_segment_paths", "cached_store", "choice_control",
    "current_figures", "current_language", "data_source", "language_control", "ngettext",
    "pages", "layer_toggles", "location_control", "map_deck",
    "map_periods", "metric_unit_controls", "online_basemap_optin", "period_control",
    "period_kind_control", "period_title", "periods_of_both", "placed_figures",
    "render_details", "render_legend", "run_page", "selected_feature", "series_control",
    "setup_page", "show_failure",
    "text_table", "timeline_locations", "timeline_view", "unit_offers",
]
