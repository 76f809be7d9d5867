"""``corridors export``: the current data as a file (issue 16).

Formats: ``csv`` (canonical, default) and ``geojson`` (nodes and segments with their
latest figures), ``gpkg`` (GeoPackage: countries, nodes, segments, figures),
``parquet`` (GeoParquet of the figures with their places), ``zip`` (the citable
snapshot with ``datapackage.json`` and ``CITATION.cff``), ``png``/``svg`` (the map as
the Map page draws it: ``--period --layers --metric --unit --selection --size``) and
``chart-png``/``chart-svg`` (a Timeline chart: ``--chart --location --metric --unit
--granularity``). Without ``--output`` the file goes to standard output (binary formats
refuse a terminal). Exit codes: 0 written, 1 store error, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from corridors.cli.terminal import EXIT_DATABASE, EXIT_REFUSED, EXIT_USAGE, complain, say
from corridors.domain.i18n import LANGUAGES
from corridors.domain.records import METRICS, UNITS

TEXT_FORMATS = ("csv", "geojson")
BINARY_FORMATS = ("gpkg", "parquet", "zip", "png", "svg", "chart-png", "chart-svg")
SIZES = ("slide", "a4")
GRANULARITIES = ("year", "half", "quarter", "month")


def register(subparsers) -> None:
    """Add ``export`` to ``subparsers``."""
    exp = subparsers.add_parser(
        "export", help="write the current figures, the map, a chart or a snapshot",
        description=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawTextHelpFormatter)
    exp.add_argument("--format", choices=TEXT_FORMATS + BINARY_FORMATS, default="csv",
                     help="what to write (default csv)")
    exp.add_argument("--output", type=Path, metavar="FILE",
                     help="write to FILE instead of standard output")
    view = exp.add_argument_group("map and chart view (png, svg, chart-png, chart-svg)")
    view.add_argument("--metric", choices=METRICS, default="volume")
    view.add_argument("--unit", choices=UNITS, default="t")
    view.add_argument("--period", help="map period label, e.g. 2023 or 2024-Q1 "
                                       "(default: the latest that has begun)")
    view.add_argument("--layers", help="comma-separated map layer ids "
                                       "(default: the catalog's visible layers)")
    view.add_argument("--selection", default="",
                      help="highlight a feature: node:ID, segment:CORRIDOR:ID, route:CORRIDOR:ID")
    view.add_argument("--size", choices=SIZES, default="slide",
                      help="slide = 1920x1080 px; a4 = A4 landscape at 300 dpi")
    view.add_argument("--chart", choices=("main", "yoy", "side"), default="main",
                      help="which Timeline chart (default main)")
    view.add_argument("--location", default="",
                      help="Timeline place id (default: both corridors, whole routes)")
    view.add_argument("--granularity", choices=GRANULARITIES, default="year")
    # only the pictures' texts: the data formats keep English headers and codes
    view.add_argument("--lang", choices=sorted(LANGUAGES), default=None,
                      help="language of the image's texts (default en)")
    exp.set_defaults(handler=run_export)


def _map_view(args: argparse.Namespace, catalog):
    from corridors.domain.selection import parse_feature_param
    from corridors.map.image import MapView

    layers = ([s.id for s in catalog.layers.values() if s.visible] if args.layers is None
              else [name.strip() for name in args.layers.split(",") if name.strip()])
    selection = parse_feature_param(args.selection, catalog) if args.selection else None
    if args.selection and selection is None:
        raise ValueError(f"--selection {args.selection!r} names no node, segment or route")
    return MapView(tuple(layers), args.metric, args.unit, args.period, selection,
                   args.lang or "en")


def map_image_bytes(store, catalog, view, *, fmt: str = "png", size: str = "slide") -> bytes:
    """The map of ``view`` over ``store``'s current data, as the Map page draws it."""
    from corridors.exchange.stamp import data_stamp
    from corridors.map.image import render_map, resolve_view
    from corridors.map.period_figures import metric_unit_figures
    from corridors.timeline.series import periods_with_data

    figures = store.current_figures()
    periods = periods_with_data(metric_unit_figures(figures, view.metric, view.unit))
    content = resolve_view(figures, catalog, view, periods, data_stamp(store))
    return render_map(content, catalog, fmt=fmt, size=size)


def export_bytes(args: argparse.Namespace, store) -> bytes:
    """The bytes of a binary format (one library call each)."""
    from corridors.domain.catalog import load_catalog

    if args.format in ("png", "svg"):
        catalog = load_catalog()
        return map_image_bytes(store, catalog, _map_view(args, catalog), fmt=args.format,
                               size=args.size)
    if args.format.startswith("chart-"):
        from corridors.timeline.image import chart_image

        return chart_image(store.current_figures(), load_catalog(), chart=args.chart,
                           fmt=args.format, location=args.location, metric=args.metric,
                           unit=args.unit, granularity=args.granularity,
                           lang=args.lang or "en")
    from corridors.exchange import gis_tables, snapshot

    return {"gpkg": gis_tables.geopackage_bytes, "parquet": gis_tables.geoparquet_bytes,
            "zip": snapshot.snapshot_zip}[args.format](store)


def _write_atomically(target: Path, write) -> None:
    # Write beside the target, then rename: a failed export never leaves half a file.
    fd, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_export(args: argparse.Namespace) -> int:
    """Write ``args.format`` to ``args.output`` (atomically) or standard output."""
    # The store and the renderers are imported when the command runs, not by
    # `corridors --help` (issue 17).
    from corridors.map.image import MapImageError
    from corridors.store import StoreError, open_store
    from corridors.store.errors import DatabaseUnavailableError
    from corridors.timeline.image import ChartImageError

    if args.format in BINARY_FORMATS and args.output is None and sys.stdout.isatty():
        print(f"corridors export: {args.format} is binary; give --output FILE or redirect "
              "standard output", file=sys.stderr)
        return 2
    if args.output is not None and not (args.output.parent or Path(".")).is_dir():
        complain("export", f"the folder {args.output.parent} does not exist, so nothing was "
                 "written; create it or choose another --output.")
        return EXIT_USAGE
    try:
        store = open_store()
        if args.format in TEXT_FORMATS:
            return _export_text(args, store)
        payload = export_bytes(args, store)
        if args.output is None:
            _to_stdout(lambda: (sys.stdout.buffer.write(payload), sys.stdout.buffer.flush()))
            return 0
        _write_atomically(args.output, lambda fh: fh.write(payload))
    except (MapImageError, ChartImageError, ValueError) as exc:
        complain("export", str(exc))
        return 2
    except DatabaseUnavailableError as exc:
        complain("export", str(exc))
        return EXIT_DATABASE
    except StoreError as exc:
        complain("export", str(exc))
        return EXIT_REFUSED
    except OSError as exc:  # the folder cannot be written (permissions, full disk)
        complain("export", f"cannot write {args.output} ({exc.strerror or exc}), so nothing "
                 "was written; check the folder or choose another --output.")
        return EXIT_USAGE
    say(f"Wrote {len(payload):,} bytes ({args.format}) to {args.output}.", sys.stderr)
    return 0


def _to_stdout(write) -> None:
    try:
        write()
    except BrokenPipeError:  # `corridors export | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _export_text(args: argparse.Namespace, store) -> int:
    from corridors.exchange import export

    write = export.write_current_csv if args.format == "csv" else export.write_current_geojson
    if args.output is None:
        _to_stdout(lambda: (write(store, sys.stdout), sys.stdout.flush()))
        return 0
    counts = []

    def write_text(fh) -> None:
        import io

        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        counts.append(write(store, text))
        text.flush()
        text.detach()

    _write_atomically(args.output, write_text)
    say(f"Wrote {counts[0]} {'rows' if args.format == 'csv' else 'features'} to "
        f"{args.output}.", sys.stderr)
    return 0
