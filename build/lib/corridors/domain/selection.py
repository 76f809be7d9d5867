"""The map selection as the URL carries it (``?sel=``): one encoder and one decoder for the
Map, which draws it, and the Timeline, which follows it."""

from __future__ import annotations

from dataclasses import dataclass

from corridors.domain.catalog import Catalog


@dataclass(frozen=True)
class FeatureRef:
    """A clicked map feature: its layer, kind (``node``/``segment``/``country``) and id."""

    layer: str
    kind: str
    id: str

    corridor: str = ""

    def __post_init__(self) -> None:
        # a segment's corridor is its layer (one layer per corridor) unless given
        if self.kind == "segment" and not self.corridor:
            object.__setattr__(self, "corridor", self.layer)

    def to_param(self) -> str:
        """Encode for the URL query string: ``node:dostyk``, ``segment:middle:aktau--alat``,
        ``route:middle:baku-tbilisi-kars`` (a node is the same place on every corridor)."""
        if self.kind == "node":
            return f"node:{self.id}"
        return f"{self.kind}:{self.corridor}:{self.id}"


def parse_feature_param(text: str, catalog: Catalog) -> FeatureRef | None:
    """Decode ``FeatureRef.to_param`` output; ``None`` when it names nothing we know."""
    parts = text.split(":")
    if len(parts) == 2 and parts[0] == "node" and parts[1] in catalog.nodes:
        return FeatureRef("nodes", "node", parts[1])
    if len(parts) == 3 and parts[0] == "segment" and (parts[1], parts[2]) in catalog.segments:
        return FeatureRef(parts[1], "segment", parts[2])
    if (len(parts) == 3 and parts[0] == "route" and parts[2] in catalog.routes
            and parts[1] in catalog.routes[parts[2]].corridors):
        return FeatureRef("figures-segments", "route", parts[2], parts[1])
    return None


def selection_location(text: str) -> str:
    """The location id a selection names (``node:dostyk`` -> ``dostyk``,
    ``segment:middle:aktau--alat`` -> ``aktau--alat``); a bare id is returned as it is."""
    return text.rsplit(":", 1)[-1] if text else ""
