"""On which data each knelpunt figure and policy rule rests: what a region really has.

A region always has the iJw messages (declarations, allocations, starts and stops). The access team's
referral records (`toegang/*.csv`) are its own, when it keeps them. The providers' delivery records
(`sessies/*.csv`: who delivered which session, to whom, how long, in a group or not) a region receives
only when its contracts require them or in an audit. The dashboard shows this beside every figure, and
`docs/insights.md` lists it. A test keeps this table complete for every indicator and every control rule.
"""

from __future__ import annotations

from typing import Literal

Source = Literal["ijw", "toegang", "levering"]

SOURCE_NL: dict[Source, str] = {
    "ijw": "iJw-berichten",
    "toegang": "verwijsgegevens van de toegang",
    "levering": "leveringsgegevens (sessieregistratie) van aanbieders",
}

_IJW: tuple[Source, ...] = ("ijw",)
_ACCESS: tuple[Source, ...] = ("ijw", "toegang")
_DELIVERY: tuple[Source, ...] = ("ijw", "levering")

INDICATORS: dict[str, tuple[Source, ...]] = {
    "advies-tegen-toewijzing": _ACCESS,
    "afgewezen-per-regel": _IJW,  # the findings of claim control; rules on other data say so themselves
    "budget-uitputting": _IJW,
    # young people: the population table in the data (a synthetic region's own), else the bundled estimate
    "clienten-per-1000-jeugdigen": _IJW,
    "directe-indirecte-tijd": _DELIVERY,
    "groep-individueel-per-aanbieder": _DELIVERY,
    "knip-regionaal-lokaal": _IJW,
    "kosten-per-aanbieder": _IJW,
    # the care-need domain is the access team's, else the product's
    "kosten-per-client-uitschieters": _ACCESS,
    "kosten-per-financieringsstroom": _IJW,
    "kosten-per-gemeente": _IJW,
    "kosten-per-maand": _IJW,
    "kosten-per-product": _IJW,
    "kosten-per-zorgvorm": _IJW,
    "op-en-afschalen": _IJW,
    "stromen-tussen-producten": _IJW,
    "trajectduur-ggz-jo": _IJW,
    "trajectduur-per-product": _IJW,
    "uitstroom-per-reden": _IJW,
    "verwijzersmix": ("toegang",),
    "voorliggend-vermoeden": _ACCESS,
    "wachttijd-verwijzing-start": _ACCESS,
    "zorgpad-stappen": _IJW,
    "controle-uitkomst": _IJW,  # the stored control run's JW325 totals
}

# Control rules: every iJw rule (TR/OP codes) rests on the messages alone; the policy rules say their own.
POLICY_RULES: dict[str, tuple[Source, ...]] = {
    "ZP101": _DELIVERY,
    "ZP102": _IJW,  # the group pattern in the claims themselves (see docs/insights.md, group billing)
    "ZP103": _DELIVERY,
    "ZP104": _IJW,
    "ZP105": _IJW,
    "ZP106": _ACCESS,
    "ZP107": _ACCESS,
    "ZP108": _IJW,
    "ZP109": _DELIVERY,
    "ZP110": _ACCESS,
    "ZP111": _IJW,
    "ZP112": _ACCESS,  # the JW315's referrer type against the access team's referral records
    "ZP113": _DELIVERY,
}


def for_indicator(indicator_id: str) -> tuple[Source, ...]:
    return INDICATORS.get(indicator_id, _IJW)


def for_rule(code: str) -> tuple[Source, ...]:
    return POLICY_RULES.get(code, _IJW)


def describe(sources: tuple[Source, ...]) -> str:
    """Dutch: on which data a figure rests, and whether a region has it by itself."""
    if sources == _IJW:
        return "Berust op: alleen iJw-berichten — gegevens die elke regio heeft."
    names = " en ".join(SOURCE_NL[s] for s in sources)
    note = (
        " Leveringsgegevens heeft een regio alleen als het contract ze vraagt of na een controle bij de "
        "aanbieder; zonder die gegevens blijft dit cijfer leeg."
        if "levering" in sources
        else " Verwijsgegevens houdt de toegang zelf bij."
    )
    return f"Berust op: {names}.{note}"
