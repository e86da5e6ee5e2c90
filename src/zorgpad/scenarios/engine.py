"""A scenario run: granted lines once, then the composed reform replayed (and rerun for sensitivity).

```python
from zorgpad.scenarios import Scenario, parse_spec
scenario = Scenario.prepare(store.connection, catalog.data, verdicts)   # granted lines, baseline prices
result = scenario.run((parse_spec("tarief_per_niveau:aandeel_hoog=50"),))
result.lines            # Arrow: one row per granted line, baseline/scenario cents and a Dutch reason
result.baseline_total, result.scenario_total
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from zorgpad.catalog.model import CatalogFile
from zorgpad.scenarios.baseline import granted_lines
from zorgpad.scenarios.budget import with_budgets
from zorgpad.scenarios.funding_streams import with_funding_streams
from zorgpad.scenarios.prices import PriceTables, dated_price_tables
from zorgpad.scenarios.reform import Step, apply_steps
from zorgpad.scenarios.replay import replay
from zorgpad.scenarios.state import ScenarioState

if TYPE_CHECKING:
    from zorgpad.control.verdict import Verdicts


def _start(version: CatalogFile) -> dt.date:
    return version.valid_from


def _total(table: pa.Table, column: str) -> int:
    value = pc.sum(table[column]).as_py()
    return int(value or 0)


@dataclass(frozen=True)
class ScenarioResult:
    steps: tuple[Step, ...]
    state: ScenarioState
    lines: pa.Table

    @property
    def baseline_total(self) -> int:
        return _total(self.lines, "baseline_cents")

    @property
    def scenario_total(self) -> int:
        return _total(self.lines, "scenario_cents")


@dataclass(frozen=True)
class Scenario:
    connection: duckdb.DuckDBPyConnection
    catalog: CatalogFile  # the newest version: what the reform's result and the outputs describe
    base_prices: PriceTables
    line_count: int
    # Older versions of the region, oldest first: lines dated in their period are priced by them.
    earlier: tuple[CatalogFile, ...] = ()

    @classmethod
    def prepare(
        cls,
        connection: duckdb.DuckDBPyConnection,
        catalog: CatalogFile | Sequence[CatalogFile],
        verdicts: Verdicts | None,
    ) -> Scenario:
        """`catalog` is one version (valid for every date) or every version of the region."""
        versions = (catalog,) if isinstance(catalog, CatalogFile) else tuple(sorted(catalog, key=_start))
        count = granted_lines(connection, verdicts)
        base = dated_price_tables([ScenarioState(v) for v in versions])
        return cls(connection, versions[-1], base, count, versions[:-1])

    def run(self, steps: tuple[Step, ...]) -> ScenarioResult:
        """The reform is applied to every version, each pricing the lines dated in its period."""
        earlier = [apply_steps(version, steps) for version in self.earlier]
        state = apply_steps(self.catalog, steps)
        lines = replay(self.connection, self.base_prices, dated_price_tables([*earlier, state]), state)
        lines = with_funding_streams(lines, self.catalog, state.catalog)
        return ScenarioResult(steps, state, with_budgets(lines, self.catalog, state.catalog))
