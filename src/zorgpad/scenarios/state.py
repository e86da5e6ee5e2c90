"""What a reform works on: the catalogue, plus the few behavioural assumptions a catalogue cannot hold.

A reform is a pure function `ScenarioState -> ScenarioState`. The catalogue part is the OpenFisca
parameter tree (a frozen `CatalogFile`, changed only with `model_copy`); beside it the state keeps what
replaying history needs but no catalogue says: the staffing mix per product (which share of hours each
staff level delivers when tariffs are paid per level) and shifts of care from one product to another.
Everything here is frozen; a reform returns a new state and never mutates the old one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from zorgpad.catalog.model import CatalogFile, Product, Tariff
from zorgpad.errors import UserError


@dataclass(frozen=True)
class CareShift:
    """A share of the volume of `source` that moves to `target` (at the target's tariff)."""

    source: str
    target: str
    share: float  # 0..1


@dataclass(frozen=True)
class ScenarioState:
    catalog: CatalogFile
    # product code -> ((staff level, share 0..1), ...): the mix a per-level tariff is paid in.
    mix: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()
    shifts: tuple[CareShift, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def mix_for(self, code: str) -> dict[str, float]:
        return dict(dict(self.mix).get(code, ()))

    def with_mix(self, code: str, shares: dict[str, float]) -> ScenarioState:
        others = tuple((c, m) for c, m in self.mix if c != code)
        return replace(self, mix=(*others, (code, tuple(shares.items()))))

    def with_shift(self, shift: CareShift) -> ScenarioState:
        if any(s.source == shift.source for s in self.shifts):
            raise UserError(
                "SCN-VERSCHUIVING-DUBBEL",
                f"Van product {shift.source} wordt al zorg verschoven; één verschuiving per product.",
            )
        return replace(self, shifts=(*self.shifts, shift))

    def noted(self, text: str) -> ScenarioState:
        return replace(self, notes=(*self.notes, text))

    def product(self, code: str) -> Product | None:
        return next((p for p in self.catalog.products if p.code == code), None)

    def replace_products(self, change: Callable[[Product], Product], codes: set[str]) -> ScenarioState:
        """A new state whose catalogue has `change` applied to the products in `codes`."""
        products = tuple(change(p) if p.code in codes else p for p in self.catalog.products)
        return replace(self, catalog=self.catalog.model_copy(update={"products": products}))


def map_tariffs(tariffs: tuple[Tariff, ...], change: Callable[[Tariff], Tariff]) -> tuple[Tariff, ...]:
    return tuple(change(t) for t in tariffs)


def select_products(
    state: ScenarioState,
    selection: tuple[str, ...],
    where: str,
    keep: Callable[[Product], bool] | None = None,
) -> set[str]:
    """Product codes named in `selection` (product codes or care-form codes); empty = every product.

    Unknown names are a Dutch error; `keep` narrows the default (empty) selection only.
    """
    products = state.catalog.products
    if not selection:
        return {p.code for p in products if keep is None or keep(p)}
    care_forms = {c.code for c in state.catalog.care_forms}
    chosen: set[str] = set()
    for name in selection:
        if name in care_forms:
            chosen |= {p.code for p in products if p.care_form == name}
        elif any(p.code == name for p in products):
            chosen.add(name)
        else:
            raise UserError(
                "SCN-PRODUCT-ONBEKEND",
                f"'{name}' is geen product en geen zorgvorm in catalogus {state.catalog.region.name} "
                f"(versie {state.catalog.version}).",
                where,
            )
    return chosen
