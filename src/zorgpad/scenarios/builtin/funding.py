"""Changing the funding variant: from paying per unit of time to a price per trajectory (outputgericht)."""

from __future__ import annotations

from decimal import Decimal

from zorgpad.catalog.model import MaxVolume, Product, Tariff
from zorgpad.formatting import count
from zorgpad.scenarios.builtin.tariffs import cents, with_contract_tariffs
from zorgpad.scenarios.params import Parameter, euro, number_nl
from zorgpad.scenarios.reform import Reform, Values, register
from zorgpad.scenarios.state import ScenarioState, select_products


def unit_price(tariff: Tariff, mix: dict[str, float]) -> Decimal:
    """The price of one unit: the blended tariff, else the per-level tariffs weighted by the mix
    (equal shares over the levels when no mix is known)."""
    if tariff.blended is not None:
        return Decimal(tariff.blended)
    levels = tariff.by_level
    shares = {lvl: Decimal(str(mix.get(lvl, 0))) for lvl in levels} if mix else {}
    total = sum(shares.values(), Decimal(0))
    if total <= 0:
        shares, total = {lvl: Decimal(1) for lvl in levels}, Decimal(len(levels))
    return sum((Decimal(levels[lvl]) * shares[lvl] for lvl in levels), Decimal(0)) / total


def _to_trajectory(state: ScenarioState, values: Values) -> ScenarioState:
    volume = Decimal(str(values["volume_per_traject"]))
    fixed = values["trajectprijs"]
    codes = select_products(state, tuple(values["producten"]), "producten")  # type: ignore[arg-type]
    codes = {
        c for c in codes if (p := state.product(c)) is not None and p.funding_variant == "inspanningsgericht"
    }
    for code in sorted(codes):
        mix = state.mix_for(code)

        def price(t: Tariff, mix: dict[str, float] = mix) -> Tariff:
            amount = fixed if isinstance(fixed, int) else cents(volume * unit_price(t, mix))
            return t.model_copy(update={"blended": amount, "by_level": {}})

        def change(p: Product, price: object = price) -> Product:
            assert callable(price)
            return p.model_copy(
                update={
                    "funding_variant": "outputgericht",
                    "unit": "82",
                    "frequencies": ("6",),
                    "max_volume": MaxVolume(amount=1, per="toewijzing"),
                    "tariffs": tuple(price(t) for t in p.tariffs),
                }
            )

        state = state.replace_products(change, {code})
        state = with_contract_tariffs(state, {code}, price)
    how = euro(fixed) if isinstance(fixed, int) else f"{number_nl(float(volume))} eenheden × tarief"
    return state.noted(f"{count(len(codes), 'product', 'producten')} bekostigd per traject ({how}).")


register(
    Reform(
        "wijzig_bekostiging",
        "Van inspanningsgericht naar outputgericht (prijs per traject)",
        "Producten die per uur (of andere eenheid) betaald werden, krijgen één prijs per traject "
        "(toewijzing). De trajectprijs is een vast bedrag, of het volume per traject maal het huidige "
        "tarief. Bij het terugrekenen krijgt elk traject in de historie één keer de trajectprijs, "
        "verdeeld over zijn declaratieregels naar rato van het bedrag.",
        (
            Parameter(
                "producten",
                "producten of zorgvormen die per traject bekostigd worden",
                "producten",
                required=True,
            ),
            Parameter(
                "volume_per_traject",
                "aantal eenheden (uren) dat één trajectprijs vergoedt",
                "getal",
                14.0,
                10.0,
                20.0,
            ),
            Parameter("trajectprijs", "vaste prijs per traject (vervangt volume_per_traject)", "bedrag"),
        ),
        _to_trajectory,
    )
)
