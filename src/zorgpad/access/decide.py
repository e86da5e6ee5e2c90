"""Judge one open request against catalogue, contract, referral, triage, existing allocations and
residence, and propose an answer: grant (JW301), reject (JW319, 1) or investigate (JW319, 2).

Residence (woonplaatsbeginsel): the municipality responsible is the one the access team recorded on
the client's newest referral record; without one, the municipality of the client's newest current
allocation. When that differs from the request's Ontvanger, the request is rejected with
RedenAfwijzingVerzoek 8 and that municipality in Woonplaatsbeginsel/Gemeente.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from zorgpad.access.reasons import Reason
from zorgpad.access.records import Allocation, Referral, Request, RequestLine
from zorgpad.catalog.lookup import Catalog

Verdict = Literal["toewijzen", "afwijzen", "onderzoek"]
RANK = {"laag": 0, "midden": 1, "hoog": 2}


@dataclass(frozen=True)
class Grant:
    """A product to allocate (new number) or an existing allocation to change (its number)."""

    product_categorie: str | None
    product_code: str | None
    ingangsdatum: dt.date
    einddatum: dt.date | None
    volume: int | None
    eenheid: str | None
    frequentie: str | None
    budget: int | None
    toewijzing_nummer: int | None = None
    reden_wijziging: str | None = None


@dataclass(frozen=True)
class Decision:
    request: Request
    reasons: tuple[Reason, ...]
    grants: tuple[Grant, ...] = field(default=())

    @property
    def verdict(self) -> Verdict:
        severities = {r.severity for r in self.reasons}
        if "afwijzen" in severities:
            return "afwijzen"
        return "onderzoek" if "onderzoek" in severities else "toewijzen"

    @property
    def rejection(self) -> Reason | None:
        return next((r for r in self.reasons if r.severity == "afwijzen"), None)


def check_product(catalog: Catalog, line: RequestLine, agb: str, gemeente: str, day: dt.date) -> list[Reason]:
    code = line.product_code
    if code is None:
        return [Reason("TG113", "De aanvraag noemt alleen een categorie; vraag het specifieke product op.")]
    product = catalog.on(day).find_product(code)
    if product is None:
        return [Reason("TG101", f"Product {code} staat op {day:%d-%m-%Y} niet in de productstructuur.")]
    reasons: list[Reason] = []
    if line.eenheid is not None and line.eenheid != product.unit:
        reasons.append(
            Reason(
                "TG102", f"Eenheid {line.eenheid} past niet bij {code}; dat product gebruikt {product.unit}."
            )
        )
    if line.frequentie is not None and line.frequentie not in product.frequencies:
        allowed = ", ".join(product.frequencies)
        reasons.append(Reason("TG102", f"Frequentie {line.frequentie} past niet bij {code}; wel: {allowed}."))
    if not catalog.is_contracted(agb, code, gemeente, day):
        reasons.append(
            Reason(
                "TG103",
                f"Aanbieder {agb} heeft op {day:%d-%m-%Y} geen contract voor {code} in gemeente {gemeente}.",
            )
        )
    return reasons


def check_triage(catalog: Catalog, code: str | None, referral: Referral | None) -> list[Reason]:
    """Signal when the product does not fit the care need the access team recorded."""
    if code is None or referral is None or catalog.find_product(code) is None:
        return []
    domain = referral.extra.get("zorgbehoefte_domein", "")
    complexity = referral.extra.get("complexiteit", "")
    if not domain or complexity not in RANK:
        return []
    product = catalog.product(code)
    if domain in product.care_need_domains and product.complexity == complexity:
        return []
    lighter = [
        alt
        for alt in catalog.on(referral.referral_date or dt.date.min).lighter_alternatives(code)
        if domain in alt.care_need_domains and alt.complexity == complexity
    ]
    recorded = f"Vastgelegde zorgbehoefte: {domain}, {complexity}"
    if lighter:
        return [
            Reason(
                "TG115",
                f"{recorded}; lichter alternatief {lighter[0].code} ({lighter[0].name}) past daarbij.",
            )
        ]
    advice = _advice(catalog, domain, complexity)
    return [
        Reason(
            "TG109",
            f"{recorded}; {code} is voor {', '.join(product.care_need_domains)}, "
            f"{product.complexity}.{advice}",
        )
    ]


def _advice(catalog: Catalog, domain: str, complexity: str) -> str:
    tree = catalog.triage
    if tree is None:
        return ""
    fitting = [o for o in tree.outcomes if o.domain == domain and o.complexity == complexity]
    products = sorted({c for o in fitting for c in o.products})
    return f" De triageboom adviseert {', '.join(products)}." if products else ""


def overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def same_product(cat_a: str | None, code_a: str | None, cat_b: str | None, code_b: str | None) -> bool:
    """OP259: same code; or the same category when a code is empty; an empty category matches all."""
    if cat_a is None or cat_b is None:
        return True
    if code_a is None or code_b is None:
        return cat_a == cat_b
    return code_a == code_b


def check_stacking(grant: Grant, agb: str, allocations: list[Allocation], ignore: set[int]) -> list[Reason]:
    for a in allocations:
        if a.aanbieder != agb or a.deleted or a.toewijzing_nummer in ignore:
            continue
        if same_product(
            grant.product_categorie, grant.product_code, a.product_categorie, a.product_code
        ) and overlaps(grant.ingangsdatum, grant.einddatum, a.ingangsdatum, a.einddatum):
            end = "open einde" if a.einddatum is None else f"{a.einddatum:%d-%m-%Y}"
            return [
                Reason(
                    "TG110",
                    f"Toewijzing {a.toewijzing_nummer} ({a.product_code or a.product_categorie}, "
                    f"{a.ingangsdatum:%d-%m-%Y} t/m {end}) overlapt; dat is stapeling (OP259/TR302).",
                )
            ]
    return []


def responsible_gemeente(referrals: list[Referral], allocations: list[Allocation], on: dt.date) -> str | None:
    recorded = [r.gemeente for r in referrals if r.gemeente]
    if recorded:
        return recorded[-1]
    current = [a for a in allocations if a.is_current(on)]
    return current[-1].gemeente if current else None


def check_residence(
    catalog: Catalog, request: Request, referrals: list[Referral], allocations: list[Allocation]
) -> list[Reason]:
    if request.gemeente not in catalog.municipality_codes:
        return [Reason("TG112", f"Gemeente {request.gemeente} hoort niet bij regio {catalog.region.name}.")]
    responsible = responsible_gemeente(referrals, allocations, request.dagtekening)
    if responsible is not None and responsible != request.gemeente:
        return [
            Reason(
                "TG111",
                f"Volgens de toegang is gemeente {responsible} verantwoordelijk, niet {request.gemeente}.",
                woonplaats=responsible,
            )
        ]
    return []
