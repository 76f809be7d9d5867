"""The Map: one period's figures placed on nodes, segments and routes, the pydeck deck,
the SVG legends and what the side panel says about a clicked feature. Never imports the
timeline."""
