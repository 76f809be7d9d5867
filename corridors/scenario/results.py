"""The scenario's inputs and results as frozen records (shared by the model, its
assumptions, the sentences and the reports)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from corridors.domain.i18n import TitledInLanguages
from corridors.scenario import figures as fig
from corridors.scenario.figures import DEFAULT_TEU_TONNES

TOLERANCE = 1e-9


class ScenarioError(ValueError):
    """A scenario that cannot be computed as asked; the message says what is allowed."""


@dataclass(frozen=True)
class Scenario:
    """What to compute: a shift given as ``shift_share`` (0-1) or ``shift_amount``."""

    base_year: int
    unit: str = "t"
    shift_share: float | None = 0.0
    shift_amount: float | None = None
    branches: tuple[str, ...] = ()
    teu_tonnes: float = DEFAULT_TEU_TONNES


@dataclass(frozen=True)
class ElementResult(TitledInLanguages):
    """One element's numbers in the scenario's unit; capacity None when unknown."""

    id: str
    kind: str
    corridor: str
    title: str
    base_load: float
    base_known: bool
    extra_load: float
    capacity: fig.PickedFigure | None
    on_shift_path: bool
    base_source: str = ""
    base_converted: bool = False
    title_ru: str = ""
    title_kk: str = ""

    @property
    def load(self) -> float:
        return self.base_load + self.extra_load

    @property
    def utilisation(self) -> float | None:
        if self.capacity is None:
            return None
        if self.capacity.value == 0:
            return math.inf if self.load > 0 else 0.0
        return self.load / self.capacity.value

    @property
    def over_capacity(self) -> bool:
        return self.utilisation is not None and self.utilisation > 1 + TOLERANCE


@dataclass(frozen=True)
class ScenarioResult:
    """The outcome of :func:`run_scenario`."""

    scenario: Scenario
    northern_base: fig.PickedFigure | None
    shift_share: float | None
    shift_amount: float
    elements: list[ElementResult]
    bottleneck: str | None
    max_shift_amount_known: float | None
    max_shift_share_known: float | None
    max_shift_share: float | None
    unknown_on_route: list[str]
    projection_2030: fig.PickedFigure | None
    assumptions: list[str] = field(default_factory=list)

    @property
    def unknown_capacity(self) -> list[str]:
        """Ids of every element without a capacity figure."""
        return [e.id for e in self.elements if e.capacity is None]

    def element(self, element_id: str) -> ElementResult:
        return next(e for e in self.elements if e.id == element_id)
