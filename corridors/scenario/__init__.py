"""The shift scenario: Northern Corridor freight moved to the Middle Corridor (issue 15)."""

from corridors.scenario.figures import DEFAULT_TEU_TONNES, TEU_TONNES_SOURCE
from corridors.scenario.model import (
    BEST,
    ElementResult,
    Scenario,
    ScenarioError,
    ScenarioResult,
    run_scenario,
)
from corridors.scenario.network import Network, NetworkError, build_network

__all__ = [
    "BEST",
    "DEFAULT_TEU_TONNES",
    "TEU_TONNES_SOURCE",
    "ElementResult",
    "Network",
    "NetworkError",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "build_network",
    "run_scenario",
]
