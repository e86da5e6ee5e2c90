"""One indicator as the pages show it: chart, the same data as a table, downloads, or why it is missing.

Blocks are cached per (indicator, filters, chart prefix): drawing a chart is the most expensive step of a
page, and the inputs (the read-only store and the catalogue) do not change while the app runs. A block
asked for while another thread (a request, or the warm-up) is building it is awaited, not built twice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from zorgpad.app.web.data import WebData
from zorgpad.app.web.filters import query_string
from zorgpad.app.web.knelpunten import Knelpunt, knelpunt
from zorgpad.app.web.links import claim_link
from zorgpad.app.web.tables import TableView, table_view
from zorgpad.insights.registry import Filters, Indicator
from zorgpad.report.charts import render_chart

CACHE_SIZE = 1024


@dataclass(frozen=True)
class Block:
    indicator: Indicator
    knelpunt: Knelpunt
    anchor: str
    svg: str | None
    table: TableView | None
    problem: str | None
    page_url: str
    csv_url: str
    excel_url: str


class BlockCache:
    def __init__(self, data: WebData) -> None:
        self.data = data
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, Filters, str], Block] = OrderedDict()
        self._building: dict[tuple[str, Filters, str], threading.Event] = {}

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)

    def block(self, indicator: Indicator, filters: Filters, prefix: str = "") -> Block:
        key = (indicator.id, filters, prefix)
        while True:
            with self._lock:
                found = self._cache.get(key)
                if found is not None:
                    self._cache.move_to_end(key)
                    return found
                building = self._building.get(key)
                if building is None:
                    self._building[key] = threading.Event()
                    break
            building.wait()  # built by another thread: take it from the cache (or build it, had that failed)
        try:
            built = self._build(indicator, filters, prefix)
            with self._lock:
                self._cache[key] = built
                if len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        finally:
            with self._lock:
                self._building.pop(key).set()
        return built

    def _build(self, indicator: Indicator, filters: Filters, prefix: str) -> Block:
        anchor = f"{prefix}{indicator.id}"
        query = query_string(filters)
        base = f"/indicatoren/{indicator.id}"
        outcome = self.data.outcome(indicator, filters)
        svg = view = problem = None
        if outcome.table is None:
            problem = outcome.problem.message if outcome.problem else "Deze indicator gaf geen uitkomst."
        elif outcome.table.num_rows == 0:
            problem = "Er zijn geen gegevens voor deze filters."
        else:
            link = claim_link(indicator, filters)
            svg = render_chart(self.data, indicator, outcome.table, f"g-{anchor}", link)
            caption = f"{indicator.name_nl}: de cijfers"
            view = table_view(self.data, indicator, outcome.table, caption, link)
        return Block(
            indicator,
            knelpunt(indicator.knelpunt),
            anchor,
            svg,
            view,
            problem,
            f"{base}{query}",
            f"{base}/csv{query}",
            f"{base}/excel{query}",
        )
