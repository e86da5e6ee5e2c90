"""The board report's section on the knip: for the region, or for one municipality, what a decision
on the knip moves, what the municipality pays under the cost-sharing key before and after, and which
local contracts it still has to buy (from `zorgpad.scenarios.knip`)."""

from __future__ import annotations

from dataclasses import dataclass

from zorgpad.report.dutch import euro
from zorgpad.scenarios.knip import KnipEffect


@dataclass(frozen=True)
class KnipSection:
    decision: str  # the reform in the command line's notation
    reading: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    missing: tuple[str, ...]
    keys: str


HEADERS = ("gemeente", "verschoven naar lokaal", "betaalt vóór", "betaalt na", "verschil")


def knip_section(effect: KnipEffect, decision: str, gemeente: str | None = None) -> KnipSection:
    rows = [r for r in effect.rows if gemeente is None or r.gemeente == gemeente]
    table = tuple(
        (r.name, euro(r.moved_cents), euro(r.pays_before), euro(r.pays_after), euro(r.difference_cents))
        for r in rows
    )
    missing = tuple(
        f"{m.name}: {m.product} {m.product_name} ({euro(m.moved_cents)})"
        for m in effect.missing
        if gemeente is None or m.gemeente == gemeente
    )
    if gemeente is not None and rows:
        row = rows[0]
        direction = "meer" if row.difference_cents > 0 else "minder"
        reading = (
            f"Van de zorg voor jeugdigen uit {row.name} gaat {euro(row.moved_cents)} naar lokale inkoop. "
            f"Onder de verdeelsleutel betaalt {row.name} {euro(row.pays_before)} vóór en "
            f"{euro(row.pays_after)} na het besluit"
            + (
                f": {euro(abs(row.difference_cents))} {direction}."
                if row.difference_cents
                else ": even veel."
            )
        )
    else:
        shifted = sum(1 for r in rows if r.difference_cents)
        reading = (
            f"Het besluit verschuift {euro(effect.moved_total_cents)} naar lokale inkoop. Onder de "
            f"verdeelsleutel betalen {shifted} gemeenten een ander bedrag; de verschillen tellen op tot "
            f"{euro(sum(r.difference_cents for r in rows))}."
        )
    keys = f"vóór: {'; '.join(effect.keys_before) or '–'}; na: {'; '.join(effect.keys_after) or '–'}"
    return KnipSection(decision, reading, HEADERS, table, missing, keys)
