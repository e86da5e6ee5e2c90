"""One indicator as the pages show it: chart, the same data as a table, downloads, or why it is missing.

Blocks are cached per (indicator, filters, chart prefix): drawing a chart is the most expensive step of a
page. The inputs change only when the server writes to the store (`refresh()`): then the old blocks are
shown while they are built again in the background. A block
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
        # After the store changed (see WebData.refresh): the blocks shown until they are built again.
        self._stale: dict[tuple[str, Filters, str], Block] = {}
        self._generation = 0

    def refresh(self) -> None:
        with self._lock:
            self._stale.update(self._cache)
            self._cache.clear()
            self._generation += 1

    def _rebuild(self, indicator: Indicator, filters: Filters, prefix: str) -> None:
        self.data.fresh_outcome(indicator, filters)
        self.block(indicator, filters, prefix, stale_ok=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)

    def block(
        self, indicator: Indicator, filters: Filters, prefix: str = "", *, stale_ok: bool = True
    ) -> Block:
        key = (indicator.id, filters, prefix)
        while True:
            with self._lock:
                found = self._cache.get(key)
                if found is not None:
                    self._cache.move_to_end(key)
                    return found
                stale = self._stale.get(key) if stale_ok else None
            if stale is not None:
                self.data.refresher.submit(("block", key), lambda: self._rebuild(indicator, filters, prefix))
                return stale
            with self._lock:
                building = self._building.get(key)
                if building is None:
                    self._building[key] = threading.Event()
                    break
            building.wait()  # built by another thread: take it from the cache (or build it, had that failed)
        try:
            with self._lock:
                generation = self._generation
            built = self._build(indicator, filters, prefix)
            with self._lock:
                if generation != self._generation:  # the store changed meanwhile: shown, not kept as new
                    self._stale[key] = built
                    return built
                self._cache[key] = built
                self._stale.pop(key, None)
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
        instead = indicator.explanation_instead(self.data.catalog)
        if instead is not None:
            problem = instead
        elif outcome.table is None:
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
