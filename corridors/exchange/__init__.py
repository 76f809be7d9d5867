"""Files that leave the app: map and chart images, the citable snapshot, standard GeoJSON.

Import the sub-modules themselves (``corridors.exchange.map_image``, ``chart_image``,
``snapshot``, ``geojson_standard``): matplotlib, vl-convert and pyogrio are heavy, and a
page that never exports should not pay for them. Nothing is re-exported here for that
reason.
"""
