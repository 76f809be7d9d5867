"""The Middle Corridor as a network of capacity elements, for the shift scenario.

The catalog's nodes and segments form a networkx graph per corridor. From it the model
takes the *elements* freight shifted off the Northern Corridor would pass on its way west
of Kazakhstan's China crossings, and arranges them as a series-parallel tree:

    Middle Corridor (whole route)
    -> Caspian branch: Aktau port + Aktau-Alat  |  Kuryk port + Kuryk-Alat
    -> Caspian Sea crossing (route: both sea legs together, the ferries)
    -> Port of Baku (Alat)
    -> exit branch: Baku-Tbilisi-Kars (route)
                    |  Black Sea: (Poti port + Poti-Constanța | Batumi port + Batumi-Constanța)
                       -> Black Sea crossing (route)

Elements in series all carry the same shifted freight; parallel branches share it. The
China crossings (Dostyk, Altynkol and both together) are shown with their base load but
take no extra load: the Northern Corridor's freight already enters Kazakhstan there.
Rail lines inside Kazakhstan and Georgia outside a catalogued route are not elements
(no capacity figure per line exists): the whole-route capacity stands for them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import networkx as nx

from corridors.domain.catalog import Catalog
from corridors.domain.i18n import N_, TitledInLanguages, translator

CORRIDOR = "middle"
SOURCE_CORRIDOR = "northern"
CASPIAN_HUB = "alat"
EUROPEAN_PORT = "constanta"
CASPIAN_ROUTE = "trans-caspian-sea"
BLACK_SEA_ROUTE = "black-sea"
BTK_ROUTE = "baku-tbilisi-kars"
BTK_END = "kars"
CROSSING_NODES = ("dostyk", "altynkol")
CROSSINGS_ROUTE = "kazakhstan-china-crossings"
#: The stages and branches a user may choose, as English msgids (shown translated).
STAGE_TITLES = {"caspian": N_("Caspian branch"), "exit": N_("West of Baku")}
BRANCH_TITLES = {"best": N_("best split"), "aktau": N_("Aktau"), "kuryk": N_("Kuryk"),
                 "baku-tbilisi-kars": N_("Baku–Tbilisi–Kars"),
                 "poti": N_("Poti (Black Sea)"), "batumi": N_("Batumi (Black Sea)")}
LANGS = ("en", "ru", "kk")


class NetworkError(ValueError):
    """The catalog lacks a node, segment or route the scenario network needs."""


@dataclass(frozen=True, slots=True)
class Element(TitledInLanguages):
    """One capacity element: the whole corridor, a route, a node or a segment.

    ``location`` is the id figures use for it (empty for the whole corridor);
    ``corridors`` are the corridors whose figures describe it. ``title`` is English,
    ``title_ru``/``title_kk`` the catalog's names composed in those languages (empty:
    :meth:`title_in` falls back as the catalog does).
    """

    id: str
    kind: str
    title: str
    location: str
    corridors: tuple[str, ...]
    title_ru: str = ""
    title_kk: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    """Parts passed one after another: each carries all the freight of the tree above."""

    parts: tuple


@dataclass(frozen=True, slots=True)
class Parallel:
    """Alternative branches ``(name, part)``: the freight is split between them."""

    branches: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Network:
    """The scenario network: its elements (in path order), the tree and the branches.

    ``fixed`` are elements shown with their base load only (the China crossings).
    ``choices`` names the branches a user may choose, per stage.
    """

    elements: dict[str, Element]
    tree: Series
    fixed: tuple[str, ...]
    choices: dict[str, tuple[str, ...]]

    def branch_names(self) -> tuple[str, ...]:
        """Every branch name a user may choose (``aktau``, ``kuryk``, ``poti``...)."""
        return tuple(itertools.chain.from_iterable(self.choices.values()))


def corridor_graph(catalog: Catalog, corridor: str) -> nx.MultiDiGraph:
    """Return the corridor's nodes and segments as a directed multigraph.

    Nodes carry ``name``, ``role``, ``lon`` and ``lat`` (EPSG:4326 degrees); edges run
    ``from -> to``, keyed by segment id, with ``mode``, ``branch`` and ``length_km``.
    """
    graph = nx.MultiDiGraph(corridor=corridor)
    for (c, seg_id), seg in catalog.segments.items():
        if c != corridor:
            continue
        for node_id in (seg.from_id, seg.to_id):
            node = catalog.nodes[node_id]
            graph.add_node(node_id, name=node.name, role=node.role, lon=node.lon,
                           lat=node.lat)
        graph.add_edge(seg.from_id, seg.to_id, key=seg_id, mode=seg.mode,
                       branch=seg.branch, length_km=seg.length_km)
    return graph


def _sea_legs(catalog: Catalog, to_id: str) -> list:
    legs = [s for (c, _), s in catalog.segments.items()
            if c == CORRIDOR and s.mode == "sea" and s.to_id == to_id]
    if not legs:
        raise NetworkError(f"catalog: no {CORRIDOR} sea segment ends at {to_id!r}")
    return sorted(legs, key=lambda s: s.id)


def _require_path(graph: nx.MultiDiGraph, start: str, end: str) -> None:
    if start not in graph or end not in graph or not nx.has_path(graph, start, end):
        raise NetworkError(f"catalog: the {CORRIDOR} corridor has no path {start} -> {end}")


def build_network(catalog: Catalog) -> Network:
    """Build the scenario network from the catalog (see the module docstring).

    Raises
    ------
    NetworkError
        A node, segment or route the network needs is missing from the catalog.
    """
    for route_id in (CASPIAN_ROUTE, BLACK_SEA_ROUTE, BTK_ROUTE, CROSSINGS_ROUTE):
        if route_id not in catalog.routes:
            raise NetworkError(f"catalog: missing route {route_id!r} (geodata/catalog.toml)")
    graph = corridor_graph(catalog, CORRIDOR)
    elements: dict[str, Element] = {}

    def add(element_id: str, kind: str, titles: Callable[[str], str], location: str,
            corridors: tuple[str, ...]) -> str:
        # every language's title is composed once here: one cached network serves all
        en, ru, kk = (titles(lang) for lang in LANGS)
        elements[element_id] = Element(element_id, kind, en, location, corridors, ru, kk)
        return element_id

    def node(node_id: str) -> str:
        n = catalog.nodes[node_id]
        return add(node_id, "node", n.name_in, node_id, n.corridors)

    def segment(seg) -> str:
        return add(seg.id, "segment",
                   lambda lang: catalog.location_title(CORRIDOR, seg.id, lang), seg.id,
                   (CORRIDOR,))

    def route(route_id: str) -> str:
        r = catalog.routes[route_id]
        return add(route_id, "route", r.title_in, route_id, r.corridors)

    corridor = catalog.corridors[CORRIDOR]
    add(CORRIDOR, "corridor", lambda lang: whole_route_title(corridor.title_in(lang), lang),
        "", (CORRIDOR,))
    caspian = Parallel(tuple((leg.branch, Series((node(leg.from_id), segment(leg))))
                             for leg in _sea_legs(catalog, CASPIAN_HUB)))
    black_sea_legs = _sea_legs(catalog, EUROPEAN_PORT)
    for leg in black_sea_legs:
        _require_path(graph, CASPIAN_HUB, leg.from_id)
    _require_path(graph, CASPIAN_HUB, BTK_END)
    hub = node(CASPIAN_HUB)
    caspian_route = route(CASPIAN_ROUTE)
    btk = route(BTK_ROUTE)
    black_sea = Series((
        Parallel(tuple((leg.branch, Series((node(leg.from_id), segment(leg))))
                       for leg in black_sea_legs)),
        route(BLACK_SEA_ROUTE),
    ))
    exits = Parallel(((BTK_ROUTE, Series((btk,))), (BLACK_SEA_ROUTE, black_sea)))
    tree = Series((CORRIDOR, caspian, caspian_route, hub, exits))
    fixed = tuple(node(n) for n in CROSSING_NODES) + (route(CROSSINGS_ROUTE),)
    order = [*leaves(tree), *fixed]
    choices = {
        "caspian": tuple(name for name, _ in caspian.branches),
        "exit": (BTK_ROUTE, *(leg.branch for leg in black_sea_legs)),
    }
    return Network({i: elements[i] for i in order}, tree, fixed, choices)


def whole_route_title(corridor_title: str, lang: str) -> str:
    """``Middle Corridor (whole route)`` in the language."""
    _ = translator(lang).gettext
    return _("{corridor} (whole route)").format(corridor=corridor_title)


def leaves(part) -> Iterator[str]:
    """The element ids of a tree, in path order."""
    if isinstance(part, str):
        yield part
    elif isinstance(part, Series):
        for p in part.parts:
            yield from leaves(p)
    else:
        for _, p in part.branches:
            yield from leaves(p)


def _names(part) -> set[str]:
    if isinstance(part, str):
        return set()
    if isinstance(part, Series):
        return set().union(*(_names(p) for p in part.parts))
    return set().union(*({name} | _names(p) for name, p in part.branches))


def restrict(part, chosen: frozenset[str]):
    """Return the tree with only the chosen branches where a choice applies.

    At each parallel stage whose branches (or their sub-branches) include a chosen
    name, the branches without one are dropped; other stages keep all their branches.
    """
    if isinstance(part, str):
        return part
    if isinstance(part, Series):
        return Series(tuple(restrict(p, chosen) for p in part.parts))
    kept = [(name, p) for name, p in part.branches if ({name} | _names(p)) & chosen]
    return Parallel(tuple((name, restrict(p, chosen)) for name, p in (kept or part.branches)))


def prune(part, known: Callable[[str], bool]):
    """Drop parallel branches without any element of known capacity.

    Such a branch is never assumed to have room: while a sibling branch has a known
    capacity, the shift goes there. A stage whose branches are all unknown keeps them.
    """
    if isinstance(part, str):
        return part
    if isinstance(part, Series):
        return Series(tuple(prune(p, known) for p in part.parts))
    kept = [(name, p) for name, p in part.branches if any(known(e) for e in leaves(p))]
    return Parallel(tuple((name, prune(p, known)) for name, p in (kept or part.branches)))


def flow_graph(part, capacity: Callable[[str], float | None]) -> nx.DiGraph:
    """The tree as a flow network from ``"source"`` to ``"sink"``.

    Each element becomes one edge with ``capacity(element)``; ``None`` leaves the edge
    without a capacity attribute (networkx then treats it as uncapped). Series parts
    are chained, parallel branches run between the same two nodes.
    """
    graph = nx.DiGraph()
    counter = itertools.count()

    def place(p, start: str, end: str) -> None:
        if isinstance(p, str):
            cap = capacity(p)
            graph.add_edge(start, end, **({} if cap is None else {"capacity": cap}),
                           element=p)
        elif isinstance(p, Series):
            stops = [start, *(f"n{next(counter)}" for _ in p.parts[1:]), end]
            for sub, a, b in zip(p.parts, stops, stops[1:], strict=False):
                place(sub, a, b)
        else:
            for _, sub in p.branches:
                # a fresh node per branch: a DiGraph holds one edge per pair
                mid = f"n{next(counter)}"
                graph.add_edge(start, mid)
                place(sub, mid, end)

    place(part, "source", "sink")
    return graph
