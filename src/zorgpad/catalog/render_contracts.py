"""Dutch presentation of contracts (`zorgpad catalog show --contracten`): one table per provider."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from rich.table import Table

from zorgpad.catalog.contract_lines import ContractLine
from zorgpad.catalog.model import Tariff
from zorgpad.catalog.render import format_euro


def tariff_text(tariff: Tariff | None, from_contract: bool) -> str:
    """'mix € 92,00' and/or 'HBO € 80,00' per level, with where it comes from."""
    if tariff is None:
        return "geen tarief op de peildatum"
    parts = [f"{level} {format_euro(amount)}" for level, amount in tariff.by_level.items()]
    if tariff.blended is not None:
        parts.insert(0, f"mix {format_euro(tariff.blended)}")
    return ", ".join(parts) + (" (contracttarief)" if from_contract else " (catalogus)")


def period_text(start: dt.date, end: dt.date | None) -> str:
    return f"{start:%d-%m-%Y} t/m {end:%d-%m-%Y}" if end else f"vanaf {start:%d-%m-%Y}"


def municipalities_text(line: ContractLine) -> str:
    if line.whole_region:
        return f"hele regio ({len(line.municipalities)} gemeenten)"
    return ", ".join(name for _, name in line.municipalities)


def lighter_text(line: ContractLine) -> str:
    if not line.must_deliver_lighter:
        return "niet verplicht"
    if not line.lighter:
        return "verplicht; geen lichter product"
    return ", ".join(
        f"{item.code} {item.name}" + ("" if item.contracted else " (niet gecontracteerd)")
        for item in line.lighter
    )


def purchasing_text(line: ContractLine) -> str:
    if line.lot is None:
        return "-"
    return f"{line.lot} ({line.purchasing})" if line.purchasing else line.lot


def contract_tables(lines: list[ContractLine]) -> list[Table]:
    """One table per provider: product, lot and side of the knip, municipalities, period, tariff,
    staff levels and the lighter products it must also deliver."""
    tables: list[Table] = []
    for (agb, provider), rows in groupby(lines, key=lambda line: (line.agb, line.provider)):
        table = Table(title=f"{provider} (AGB {agb})", title_justify="left", show_lines=True)
        for header in ("Contract", "Product", "Perceel", "Gemeenten", "Periode", "Tarief", "Niveaus",
                       "Ook lichter leveren", "Onderaannemers"):  # fmt: skip
            table.add_column(header)
        for line in rows:
            table.add_row(
                line.contract_id,
                f"{line.product_code} {line.product_name}",
                purchasing_text(line),
                municipalities_text(line),
                period_text(line.valid_from, line.valid_to),
                tariff_text(line.tariff, line.tariff_from_contract),
                ", ".join(line.staff_levels) or "-",
                lighter_text(line),
                ", ".join(line.subcontractors) or "-",
            )
        tables.append(table)
    return tables
