"""The indicator registry: every indicator is declared once, with its Dutch name, definition, unit
and the knelpunt (seed 000) or topic (seed 002) it informs.

An indicator's `compute` is a pure function over the store (Ibis expressions or DuckDB SQL; it never
writes) that returns a pyarrow table: the `dimensions` columns first, then the measure columns. The
dashboard, the board report, the JSON API and the CSV/Excel downloads all read `compute_indicator`.
Indicator modules in this package register themselves with `@indicator(...)` and are auto-loaded.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Literal

import pyarrow as pa

from zorgpad.errors import UserError

if TYPE_CHECKING:
    from zorgpad.catalog.lookup import Catalog
    from zorgpad.store.database import Store

Unit = Literal["euro", "eurocent", "aantal", "dagen", "maanden", "uren", "procent", "ratio"]
ChartKind = Literal["bar", "stacked_bar", "line", "none"]


@dataclass(frozen=True)
class Filters:
    """What a user narrows an indicator to; `None` means no restriction."""

    period_from: dt.date | None = None
    period_to: dt.date | None = None
    gemeente: str | None = None
    product: str | None = None
    aanbieder: str | None = None
    # Not a narrowing but which stored control run the findings come from (None: the context's, by
    # default the latest); part of the filters so every page, link, cache and download carries it.
    run: int | None = None


@dataclass(frozen=True)
class Chart:
    """How the indicator is best drawn: which column on the x axis, which measure(s), which series.
    `detail` names a second dimension written beside the category (one bar per pair, never summed)."""

    kind: ChartKind
    x: str | None = None
    y: tuple[str, ...] = ()
    series: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class InsightContext:
    """What a compute function may read: the store, the catalogue when one was given, and the
    control findings (`zorgpad check`) when they are not in the store's `findings` table."""

    store: Store
    catalog: Catalog | None = None
    findings: pa.Table | None = None
    run: int | None = None  # the stored control run to read; None: the latest


Compute = Callable[[InsightContext, Filters], pa.Table]
# Why an indicator's figures do not apply to a catalogue (a knip without lots), or None when they do.
Instead = Callable[["Catalog | None"], "str | None"]


@dataclass(frozen=True)
class Indicator:
    """One indicator. `knelpunt` names its source, e.g. ``seed000:1`` (knelpunt 1) or ``seed002:knip``."""

    id: str
    name_nl: str
    definition_nl: str
    unit: Unit
    knelpunt: str
    dimensions: tuple[str, ...]
    compute: Compute
    chart: Chart = field(default_factory=lambda: Chart("bar"))
    needs_catalog: bool = False
    # The unit of every measure column: the charted ones (`chart.y`) take `unit` unless named here.
    units: Mapping[str, Unit] = field(default_factory=dict)
    # When it gives a sentence, pages and the report show that sentence instead of the chart and table
    # (the API and downloads still give the rows).
    instead: Instead | None = None

    def explanation_instead(self, catalog: Catalog | None) -> str | None:
        return self.instead(catalog) if self.instead is not None else None

    def unit_of(self, column: str) -> Unit | None:
        """The unit of a measure column (None for a dimension or a column that is no measure)."""
        if column in self.units:
            return self.units[column]
        return self.unit if column in self.chart.y else None


_REGISTRY: dict[str, Indicator] = {}


def indicator(
    id: str,
    *,
    name_nl: str,
    definition_nl: str,
    unit: Unit,
    knelpunt: str,
    dimensions: tuple[str, ...],
    chart: Chart | None = None,
    needs_catalog: bool = False,
    units: Mapping[str, Unit] | None = None,
    instead: Instead | None = None,
) -> Callable[[Compute], Compute]:
    """Register `compute` as indicator `id` (ids are stable: they are URLs and API names)."""

    def decorate(compute: Compute) -> Compute:
        if id in _REGISTRY:
            raise ValueError(f"indicator {id} registered twice")
        _REGISTRY[id] = Indicator(
            id,
            name_nl,
            definition_nl,
            unit,
            knelpunt,
            dimensions,
            compute,
            chart or Chart("bar"),
            needs_catalog,
            dict(units or {}),
            instead,
        )
        return compute

    return decorate


@cache
def _load_modules() -> None:
    package = importlib.import_module(__package__ or "zorgpad.insights")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "registry":
            importlib.import_module(f"{package.__name__}.{info.name}")


def all_indicators() -> tuple[Indicator, ...]:
    """Every registered indicator, in a stable order (by id)."""
    _load_modules()
    return tuple(_REGISTRY[key] for key in sorted(_REGISTRY))


def get_indicator(id: str) -> Indicator:
    """The indicator with this id, or a Dutch `UserError` listing the known ids."""
    _load_modules()
    try:
        return _REGISTRY[id]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UserError("INDICATOR-ONBEKEND", f"Onbekende indicator '{id}'. Bekend: {known}.") from None


def compute_indicator(context: InsightContext, id: str, filters: Filters | None = None) -> pa.Table:
    """Compute one indicator; a catalogue-dependent indicator without catalogue gives a Dutch error."""
    found = get_indicator(id)
    if found.needs_catalog and context.catalog is None:
        raise UserError(
            "INDICATOR-CATALOGUS-NODIG",
            f"De indicator '{found.name_nl}' heeft een productstructuur nodig; geef --catalog mee.",
        )
    filters = filters or Filters()
    if filters.run is not None and filters.run != context.run:
        context = replace(context, run=filters.run)
    return found.compute(context, filters)
