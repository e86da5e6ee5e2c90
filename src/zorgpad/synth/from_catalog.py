"""Bind the generator to a zorgpad catalogue: catalogue -> `RegionFacts`.

Only products declared per unit through iJw take part: taakgericht products (no iJw declaration) and
output products (units 82/83, declared per result rather than per month) are left out, and the
summary says so.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from importlib import resources

from zorgpad.catalog import Catalog, Product
from zorgpad.catalog.priced import PricedCatalog, priced_catalog, version_on
from zorgpad.errors import UserError
from zorgpad.synth.calibration import DEFAULT_REFERRAL_TERM_DAYS
from zorgpad.synth.facts import (
    COMPLEXITY,
    OUTPUT_UNIT,
    ContractFacts,
    MunicipalityFacts,
    ProductFacts,
    ProviderFacts,
    RegionFacts,
)
from zorgpad.synth.xmlbase import SAFE

EFFORT_UNITS = ("01", "04", "14", "16", "84")
# Outputgericht: per output (82, stuks). Products in euro's (83) are not simulated yet.
OUTPUT_UNITS = (OUTPUT_UNIT,)
WEEKLY_UNITS = ("04", "16")
# Care forms that end after one allocation: a crisis is followed by other care, never by years of
# monthly crisis allocations (catalogue: "vervolgplan binnen vier weken"); a diagnosis ends with its
# report [I].
ONE_OFF_CARE_FORMS = ("crisis", "diagnostiek")
STAY_CATEGORIES = ("43", "44")
DEFAULT_INHABITANTS = 30_000  # for a municipality without a known figure [I]


def _inhabitants() -> dict[str, tuple[int, float | None, str]]:
    text = (resources.files("zorgpad.synth") / "data" / "inwoners.csv").read_text(encoding="utf-8")
    known: dict[str, tuple[int, float | None, str]] = {}
    for row in csv.DictReader(text.splitlines()):
        share = float(row["jeugdhulp_aandeel"]) if row["jeugdhulp_aandeel"] else None
        known[row["cbs_code"]] = (int(row["inwoners"]), share, row["bron"])
    return known


def _product_facts(catalog: Catalog, product: Product) -> ProductFacts:
    policy = catalog.referral_policy(product.code)
    max_months = policy.max_allocation_months
    if product.max_duration_months is not None:
        max_months = min(max_months, product.max_duration_months)
    frequency = "4" if "4" in product.frequencies or not product.frequencies else "6"
    unit = product.unit or "04"
    per = product.max_volume.per if product.max_volume else None
    for value in (product.code, product.category, unit):
        # Codes go into the XML templates unescaped (xmlbase.py): refuse anything but letters and digits.
        if not SAFE.fullmatch(value):
            raise UserError(
                "SYNTH-CODE",
                f"Product {product.code!r} heeft een code met tekens die in iJw niet kunnen: {value!r}.",
            )
    return ProductFacts(
        code=product.code,
        category=product.category,
        name=product.name,
        unit=unit,
        frequency=frequency,
        with_stay=product.care_form == "verblijf" or product.category in STAY_CATEGORIES,
        domains=product.care_need_domains,
        complexity=COMPLEXITY[product.complexity],
        max_allocation_months=max_months,
        max_volume=(product.max_volume.amount, product.max_volume.per) if product.max_volume else None,
        lighter_alternatives=tuple(a for a in product.lighter_alternatives),
        prior_provision=product.prior_provision.law if product.prior_provision else None,
        individual_sessions=product.setting == "individueel" and unit in ("01", "04"),
        allowed_referrers=policy.allowed_referrers,
        referral_term_days=round(policy.referral_term_months * 30.44) or DEFAULT_REFERRAL_TERM_DAYS,
        # Frequentie 2 where the catalogue allows it for care in hours or day parts [I].
        weekly="2" in product.frequencies and unit in WEEKLY_UNITS and per in (None, "week"),
        renewable=product.care_form not in ONE_OFF_CARE_FORMS,
    )


def region_facts(catalog: Catalog | Sequence[Catalog], year: int) -> RegionFacts:
    """The facts of `catalog` for simulating `year`. Given all versions of a region, products, limits and
    contracts come from the version in force in mid-year; tariffs per month from the one priced catalogue
    (dated, per contract and municipality)."""
    versions = (catalog,) if isinstance(catalog, Catalog) else tuple(catalog)
    mid_year = date(year, 7, 1)
    catalog = version_on(versions, mid_year)
    priced = priced_catalog(versions)
    view = catalog.on(mid_year)
    usable = [
        p
        for p in view.products
        if (
            (p.funding_variant == "inspanningsgericht" and p.unit in EFFORT_UNITS)
            or (p.funding_variant == "outputgericht" and p.unit in OUTPUT_UNITS)
        )
        and "jeugdwet" in p.funding_streams
    ]
    notes = [
        f"Product {p.code} ({p.name}) is niet gesimuleerd: {p.funding_variant}, eenheid {p.unit}."
        for p in view.products
        if p not in usable
    ]
    products = tuple(sorted((_product_facts(catalog, p) for p in usable), key=lambda f: f.code))
    codes = {p.code for p in products}
    known = _inhabitants()
    municipalities = []
    for member in catalog.region.municipalities:
        inhabitants, share, source = known.get(
            member.cbs_code, (DEFAULT_INHABITANTS, None, "geen inwonertal bekend; aangenomen 30.000 [I]")
        )
        municipalities.append(MunicipalityFacts(member.cbs_code, member.name, inhabitants, share, source))
    contracts: dict[tuple[str, str, str], ContractFacts] = {}
    providers: dict[str, ProviderFacts] = {}
    for facts in municipalities:
        if not SAFE.fullmatch(facts.code):
            raise UserError(
                "SYNTH-CODE", f"Gemeente {facts.name} heeft een ongeldige CBS-code: {facts.code!r}."
            )
    for contract in view.contracts:
        agb = contract.provider.agb
        if not SAFE.fullmatch(agb):
            raise UserError(
                "SYNTH-CODE", f"Aanbieder {contract.provider.name} heeft een ongeldige AGB-code: {agb!r}."
            )
        old = providers.get(agb)
        providers[agb] = ProviderFacts(
            agb,
            contract.provider.name,
            contract.must_deliver_lighter or bool(old and old.must_deliver_lighter),
        )
        for cp in contract.products:
            if cp.code not in codes:
                continue
            for m in municipalities:
                if (agb, cp.code, m.code) in contracts or not catalog.covers_municipality(contract, m.code):
                    continue
                tariffs = tuple(
                    priced.contract_tariff(
                        agb, cp.code, m.code, day, _level(priced, cp.staff_levels, cp.code, day)
                    )
                    or 0
                    for day in (date(year, month, 1) for month in range(1, 13))
                )
                contracts[(agb, cp.code, m.code)] = ContractFacts(agb, cp.code, m.code, tariffs)
    return RegionFacts(
        name=catalog.region.name,
        version=f"{catalog.name} (versie {catalog.version})",
        municipalities=tuple(sorted(municipalities, key=lambda m: m.code)),
        products=products,
        providers=tuple(providers[a] for a in sorted(providers)),
        contracts=tuple(contracts[k] for k in sorted(contracts)),
        notes=tuple(notes),
    )


def _level(priced: PricedCatalog, levels: tuple[str, ...], code: str, day: date) -> str | None:
    """The staff level a line is paid at on `day`: blended (None) where the tariff is blended, else the
    level the contract names first, or without one the product's minimum level, or its lowest tariff
    level (a tariff per staff level, as Centraal Gelderland's from 2026, has no blended amount)."""
    found = priced.tariffs_for(None, code, None, day)
    if not found or None in found:
        return levels[0] if levels else None
    product = priced.product(code, day)
    minimum = product["min_staff_level"] if product else None
    for level in (*levels, minimum):
        if level in found:
            return level
    return next(level for level in found if level is not None)
