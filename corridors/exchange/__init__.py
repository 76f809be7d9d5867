"""Exchange with people and files: the validation report's tables and sentences, exports
(CSV, GeoJSON per RFC 7946, GeoPackage, GeoParquet, the citable snapshot ZIP) and the
Data page's downloads.

Import the sub-modules themselves (``corridors.exchange.snapshot``, ``gis_tables``,
``geojson_standard``): pyogrio and geopandas are heavy, and a page that never exports
should not pay for them.
"""
