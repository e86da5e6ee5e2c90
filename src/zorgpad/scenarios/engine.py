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

from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from zorgpad.catalog.model import CatalogFile
from zorgpad.scenarios.baseline import granted_lines
from zorgpad.scenarios.budget import with_budgets
from zorgpad.scenarios.funding_streams import with_funding_streams
from zorgpad.scenarios.prices import PriceTables, price_tables
from zorgpad.scenarios.reform import Step, apply_steps
from zorgpad.scenarios.replay import replay
from zorgpad.scenarios.state import ScenarioState

if TYPE_CHECKING:
    from zorgpad.control.verdict import Verdicts


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
    catalog: CatalogFile
    base_prices: PriceTables
    line_count: int

    @classmethod
    def prepare(
        cls, connection: duckdb.DuckDBPyConnection, catalog: CatalogFile, verdicts: Verdicts | None
    ) -> Scenario:
        count = granted_lines(connection, verdicts)
        return cls(connection, catalog, price_tables(ScenarioState(catalog)), count)

    def run(self, steps: tuple[Step, ...]) -> ScenarioResult:
        state = apply_steps(self.catalog, steps)
        lines = replay(self.connection, self.base_prices, price_tables(state), state)
        lines = with_funding_streams(lines, self.catalog, state.catalog)
        return ScenarioResult(steps, state, with_budgets(lines, self.catalog, state.catalog))
