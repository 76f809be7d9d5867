"""Geometry: the GeoJSON layers as GeoDataFrames (EPSG:4326) and their compact display
copies served from static/."""
