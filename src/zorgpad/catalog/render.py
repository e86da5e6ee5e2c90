"""Dutch presentation of catalogues and diffs: euro amounts, rich tables, diff text."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.table import Table

from zorgpad import formatting
from zorgpad.catalog.diff import BLENDED, CatalogDiff
from zorgpad.catalog.view import CatalogView

if TYPE_CHECKING:
    # Only for annotations: the priced catalogue loads pyarrow, which `catalog --help` must not.
    from zorgpad.catalog.priced import PricedCatalog

UNIT_NAMES = {
    "01": "minuut",
    "04": "uur",
    "14": "etmaal",
    "16": "dagdeel",
    "82": "stuks (output)",
    "83": "euro's",
    "84": "stuks",
}
FREQUENCY_NAMES = {"1": "dag", "2": "week", "4": "maand", "6": "totaal"}
BILLABLE_NAMES = {"direct": "alleen direct", "direct_en_indirect": "direct + indirect"}


def format_euro(cents: int) -> str:
    """Dutch style: 123456 -> '€ 1.234,56' (the one formatter, `zorgpad.formatting.euro`)."""
    return formatting.euro(cents)


def _tariff_text(priced: PricedCatalog, code: str, day: dt.date) -> str:
    """The catalogue tariff on `day` (blended and per level) from the one priced catalogue."""
    found = priced.tariffs_for(None, code, None, day)
    if not found:
        return "-"
    parts = [f"{level} {format_euro(amount)}" for level, amount in found.items() if level is not None]
    if None in found:
        parts.insert(0, f"mix {format_euro(found[None])}")
    return "\n".join(parts)


def _limits(priced: PricedCatalog, code: str, day: dt.date) -> str:
    """Maximum duration and volume as the version in force on `day` has them."""
    row = priced.product(code, day)
    if row is None:
        return "-"
    parts: list[str] = []
    if row["max_duration_months"]:
        parts.append(f"max {row['max_duration_months']} mnd")
    if row["max_volume"]:
        unit = UNIT_NAMES.get(row["unit"] or "", "eenheden")
        parts.append(f"max {row['max_volume']} {unit} per {row['max_volume_per']}")
    return "\n".join(parts) or "-"


def care_form_tables(view: CatalogView, priced: PricedCatalog) -> list[Table]:
    """One table per care form with the products valid on the view's date; tariffs and limits from the
    priced catalogue (`view` is the version in force that day)."""
    tables: list[Table] = []
    for care_form in view.catalog.care_forms:
        products = view.products_in(care_form.code)
        if not products:
            continue
        table = Table(title=f"{care_form.name} ({view.day:%d-%m-%Y})", title_justify="left", show_lines=True)
        for header in (
            "Code",
            "Product",
            "Variant",
            "Eenheid",
            "Setting",
            "Tijd",
            "Tarief",
            "Grenzen",
            "Afschalen",
        ):
            table.add_column(header)
        for p in products:
            setting = p.setting if p.group_size is None else f"groep {p.group_size.min}-{p.group_size.max}"
            unit = UNIT_NAMES.get(p.unit or "", "-")
            freqs = "/".join(FREQUENCY_NAMES[f] for f in p.frequencies if f in FREQUENCY_NAMES)
            table.add_row(
                p.code,
                f"{p.name}\n({p.complexity}, {p.care_track})",
                p.funding_variant,
                f"{unit}\n{freqs}" if freqs else unit,
                setting,
                BILLABLE_NAMES[p.billable_time],
                _tariff_text(priced, p.code, view.day),
                _limits(priced, p.code, view.day),
                ", ".join(p.lighter_alternatives) or "-",
            )
        tables.append(table)
    return tables


def _plain(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return "-" if value is None else str(value)


def _amount(cents: int | None) -> str:
    return "-" if cents is None else format_euro(cents)


def diff_text(diff: CatalogDiff) -> str:
    """The diff as Dutch plain text, one change per line."""
    lines = [f"Verschil {diff.old} → {diff.new} (tarieven op {diff.on:%d-%m-%Y})"]
    if diff.is_empty:
        return lines[0] + "\nGeen verschillen."
    lines += [f"+ product toegevoegd: {code}" for code in diff.added]
    lines += [f"- product vervallen: {code}" for code in diff.removed]
    for change in diff.field_changes:
        lines.append(f"~ {change.product}: {change.field} {_plain(change.old)} → {_plain(change.new)}")
    for t in diff.tariff_changes:
        level = "mixtarief" if t.level == BLENDED else t.level
        percent = "" if t.percent is None else f" ({t.percent:+.1f}%)".replace(".", ",")
        if t.new is None:
            percent = " (vervallen)"
        lines.append(f"€ {t.product} {level}: {_amount(t.old)} → {_amount(t.new)}{percent}")
    lines += [f"+ contract toegevoegd: {cid}" for cid in diff.contracts_added]
    lines += [f"- contract vervallen: {cid}" for cid in diff.contracts_removed]
    lines += [f"~ contract gewijzigd: {cid}" for cid in diff.contracts_changed]
    return "\n".join(lines)
