"""The Timeline: series per corridor or place, comparisons (year-on-year, share,
utilisation), dated events, Altair charts and the page's frames. Never imports the map."""
