"""The knip per municipality for people: a Dutch table on the terminal and two CSV files.

`knip_per_gemeente.csv` and `knip_ontbrekende_contracten.csv` (UTF-8 with BOM, `;`, money in eurocents
as the other scenario files) sit beside `summary.json`, which holds the same figures under `knip`.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rich.table import Table

from zorgpad.cells import safe_row
from zorgpad.scenarios.knip import KnipEffect
from zorgpad.scenarios.params import euro

MUNICIPALITY_COLUMNS = (
    "gemeente", "naam", "naar lokaal (cent)", "naar regionaal (cent)", "verschoven (cent)",
    "aandeel regionaal voor (cent)", "lokaal voor (cent)", "betaalt voor (cent)",
    "aandeel regionaal na (cent)", "lokaal na (cent)", "betaalt na (cent)", "verschil (cent)",
)  # fmt: skip
MISSING_COLUMNS = ("gemeente", "naam", "product", "productnaam", "verschoven (cent)")


def knip_table(effect: KnipEffect) -> Table:
    table = Table(title="De knip per gemeente", title_justify="left")
    for header in ("Gemeente", "Verschoven naar lokaal", "Betaalt voor", "Betaalt na", "Verschil"):
        table.add_column(header, justify="left" if header == "Gemeente" else "right")
    for row in effect.rows:
        table.add_row(row.name, euro(row.moved_cents), euro(row.pays_before), euro(row.pays_after),
                      euro(row.difference_cents))  # fmt: skip
    table.add_row(
        "Totaal", euro(effect.moved_total_cents), euro(sum(r.pays_before for r in effect.rows)),
        euro(sum(r.pays_after for r in effect.rows)), euro(sum(r.difference_cents for r in effect.rows)),
    )  # fmt: skip
    return table


def missing_text(effect: KnipEffect) -> list[str]:
    return [
        f"Geen lokaal contract: {m.name} voor {m.product} {m.product_name} "
        f"({euro(m.moved_cents)} verschoven)."
        for m in effect.missing
    ]


def write_knip(effect: KnipEffect, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    per = out / "knip_per_gemeente.csv"
    with per.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(MUNICIPALITY_COLUMNS)
        for r in effect.rows:
            values = (r.gemeente, r.name, r.to_local_cents, r.to_regional_cents, r.moved_cents,
                      r.share_before, r.own_local_before, r.pays_before, r.share_after, r.own_local_after,
                      r.pays_after, r.difference_cents)  # fmt: skip
            writer.writerow(safe_row(values))
    missing = out / "knip_ontbrekende_contracten.csv"
    with missing.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(MISSING_COLUMNS)
        for m in effect.missing:
            writer.writerow(safe_row((m.gemeente, m.name, m.product, m.product_name, m.moved_cents)))
    return per, missing
