"""Cross-checks between the parts of a structurally valid catalogue file.

Each check yields `Problem`s: a stable code, a Dutch message and the data path it concerns (the loader
turns the path into file:line). All checks always run; nothing stops at the first problem. The codes
are listed in docs/catalog.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from zorgpad.catalog import codes
from zorgpad.catalog.model import CatalogFile, Product, ReferralPolicy, Tariff
from zorgpad.catalog.yamlsource import Loc

_COMPLEXITY_RANK = {"laag": 0, "midden": 1, "hoog": 2}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    loc: Loc


Check = Callable[[CatalogFile], Iterator[Problem]]


def _fmt(values: object) -> str:
    return ", ".join(sorted(str(v) for v in values))  # type: ignore[attr-defined]


def check_municipalities(cat: CatalogFile) -> Iterator[Problem]:
    known = codes.cbs_municipalities()
    seen: set[str] = set()
    for i, mun in enumerate(cat.region.municipalities):
        loc: Loc = ("region", "municipalities", i, "cbs_code")
        if mun.cbs_code in seen:
            yield Problem("CAT-GEMEENTE-DUBBEL", f"Gemeente {mun.cbs_code} staat twee keer in de regio.", loc)
        seen.add(mun.cbs_code)
        if mun.cbs_code not in known:
            yield Problem(
                "CAT-GEMEENTE-ONBEKEND",
                f"CBS-gemeentecode {mun.cbs_code} ({mun.name}) bestaat niet in de CBS-indeling 2026.",
                loc,
            )
        elif known[mun.cbs_code][0] != mun.name:
            yield Problem(
                "CAT-GEMEENTE-NAAM",
                f"CBS-gemeentecode {mun.cbs_code} hoort bij {known[mun.cbs_code][0]}, niet bij {mun.name}.",
                ("region", "municipalities", i, "name"),
            )


def check_product_codes(cat: CatalogFile) -> Iterator[Problem]:
    categories = set(codes.product_categories())
    care_forms = {cf.code for cf in cat.care_forms}
    seen: set[str] = set()
    for i, p in enumerate(cat.products):
        if p.code in seen:
            yield Problem(
                "CAT-PRODUCT-DUBBEL",
                f"Productcode {p.code} komt meer dan één keer voor.",
                ("products", i, "code"),
            )
        seen.add(p.code)
        if p.category not in categories:
            yield Problem(
                "CAT-CATEGORIE-ONBEKEND",
                f"Product {p.code}: onbekende productcategorie '{p.category}' (JZ020). "
                f"Geldig: {_fmt(categories)}.",
                ("products", i, "category"),
            )
        elif not p.code.startswith(p.category):
            yield Problem(
                "CAT-PRODUCTCODE-CATEGORIE",
                f"Productcode {p.code} begint niet met zijn productcategorie {p.category}.",
                ("products", i, "code"),
            )
        if p.care_form not in care_forms:
            yield Problem(
                "CAT-ZORGVORM-ONBEKEND",
                f"Product {p.code}: zorgvorm '{p.care_form}' staat niet onder care_forms. "
                f"Bekend: {_fmt(care_forms)}.",
                ("products", i, "care_form"),
            )


def check_units(cat: CatalogFile) -> Iterator[Problem]:
    known_units = set(codes.units())
    known_freqs = set(codes.frequencies())
    for i, p in enumerate(cat.products):
        allowed = codes.UNITS_BY_VARIANT[p.funding_variant]
        if p.unit is not None and p.unit not in known_units:
            yield Problem(
                "CAT-EENHEID-ONBEKEND",
                f"Product {p.code}: onbekende eenheid '{p.unit}' (WJ756). Geldig: {_fmt(known_units)}.",
                ("products", i, "unit"),
            )
        elif p.funding_variant == "taakgericht" and p.unit is not None:
            yield Problem(
                "CAT-EENHEID-VARIANT",
                f"Product {p.code} is taakgericht en gaat niet via iJw: laat 'unit' leeg (null).",
                ("products", i, "unit"),
            )
        elif p.funding_variant != "taakgericht" and p.unit not in allowed:
            yield Problem(
                "CAT-EENHEID-VARIANT",
                f"Product {p.code}: eenheid '{p.unit}' past niet bij {p.funding_variant}; "
                f"toegestaan: {_fmt(allowed)}.",
                ("products", i, "unit"),
            )
        for j, freq in enumerate(p.frequencies):
            loc: Loc = ("products", i, "frequencies", j)
            if freq not in known_freqs:
                yield Problem(
                    "CAT-FREQUENTIE-ONBEKEND",
                    f"Product {p.code}: onbekende frequentie '{freq}' (WMO757). Geldig: {_fmt(known_freqs)}.",
                    loc,
                )
            elif p.unit in codes.FREQUENCIES_BY_UNIT and freq not in codes.FREQUENCIES_BY_UNIT[p.unit]:
                yield Problem(
                    "CAT-FREQUENTIE-EENHEID",
                    f"Product {p.code}: frequentie {freq} mag niet bij eenheid {p.unit}; "
                    f"toegestaan: {_fmt(codes.FREQUENCIES_BY_UNIT[p.unit])}.",
                    loc,
                )
        if p.unit is not None and not p.frequencies:
            yield Problem(
                "CAT-FREQUENTIE-ONTBREEKT",
                f"Product {p.code}: geef ten minste één frequentie (WMO757) voor de toewijzing.",
                ("products", i, "frequencies"),
            )


def _tariff_problems(
    tariffs: tuple[Tariff, ...], levels: set[str], what: str, base: Loc
) -> Iterator[Problem]:
    for j, t in enumerate(tariffs):
        loc: Loc = (*base, j)
        if t.valid_to is not None and t.valid_to < t.valid_from:
            yield Problem(
                "CAT-TARIEF-PERIODE",
                f"{what}: tarief eindigt ({t.valid_to}) vóór het begint ({t.valid_from}).",
                (*loc, "valid_to"),
            )
        if t.blended is None and not t.by_level:
            yield Problem(
                "CAT-TARIEF-LEEG",
                f"{what}: tarief vanaf {t.valid_from} heeft geen bedrag; geef 'blended' of 'by_level'.",
                loc,
            )
        for level, amount in t.by_level.items():
            if level not in levels:
                yield Problem(
                    "CAT-NIVEAU-ONBEKEND",
                    f"{what}: opleidingsniveau '{level}' staat niet onder staff_levels. "
                    f"Bekend: {_fmt(levels) or '(geen)'}.",
                    (*loc, "by_level", level),
                )
            if amount < 0:
                yield Problem(
                    "CAT-TARIEF-NEGATIEF",
                    f"{what}: tarief voor {level} is negatief.",
                    (*loc, "by_level", level),
                )
    ordered = sorted(enumerate(tariffs), key=lambda pair: pair[1].valid_from)
    for (_, a), (k, b) in itertools.pairwise(ordered):
        if a.valid_to is None or b.valid_from <= a.valid_to:
            end = "open einde" if a.valid_to is None else str(a.valid_to)
            yield Problem(
                "CAT-TARIEF-OVERLAP",
                f"{what}: tariefperiode vanaf {b.valid_from} overlapt met de periode "
                f"{a.valid_from} t/m {end}.",
                (*base, k, "valid_from"),
            )


def check_tariffs(cat: CatalogFile) -> Iterator[Problem]:
    levels = {s.code for s in cat.staff_levels}
    for i, p in enumerate(cat.products):
        yield from _tariff_problems(p.tariffs, levels, f"Product {p.code}", ("products", i, "tariffs"))
    for i, c in enumerate(cat.contracts):
        for j, cp in enumerate(c.products):
            yield from _tariff_problems(
                cp.tariffs,
                levels,
                f"Contract {c.id}, product {cp.code}",
                ("contracts", i, "products", j, "tariffs"),
            )


def check_product_rules(cat: CatalogFile) -> Iterator[Problem]:
    levels = {s.code for s in cat.staff_levels}
    referrers = set(codes.referrer_types())
    policies: list[tuple[Loc, ReferralPolicy]] = [(("referral_policy",), cat.referral_policy)]
    policies += [(("products", i, "referral"), p.referral) for i, p in enumerate(cat.products) if p.referral]
    for base, policy in policies:
        for j, ref in enumerate(policy.allowed_referrers):
            if ref not in referrers:
                yield Problem(
                    "CAT-VERWIJZER-ONBEKEND",
                    f"Onbekend verwijzertype '{ref}' (COD327). Geldig: {_fmt(referrers)}.",
                    (*base, "allowed_referrers", j),
                )
    domains = {d.code for d in cat.care_need_domains}
    for i, p in enumerate(cat.products):
        for j, domain in enumerate(p.care_need_domains):
            if domain not in domains:
                yield Problem(
                    "CAT-DOMEIN-ONBEKEND",
                    f"Product {p.code}: zorgbehoefte-domein '{domain}' staat niet onder care_need_domains. "
                    f"Bekend: {_fmt(domains)}.",
                    ("products", i, "care_need_domains", j),
                )
        if p.setting == "groep" and p.group_size is None:
            yield Problem(
                "CAT-GROEP-GROOTTE",
                f"Product {p.code} is een groepsproduct: leg de groepsgrootte vast (group_size).",
                ("products", i, "setting"),
            )
        elif p.setting == "individueel" and p.group_size is not None:
            yield Problem(
                "CAT-GROEP-GROOTTE",
                f"Product {p.code} is individueel en kan geen groepsgrootte hebben.",
                ("products", i, "group_size"),
            )
        elif p.group_size is not None and p.group_size.min > p.group_size.max:
            yield Problem(
                "CAT-GROEP-GROOTTE",
                f"Product {p.code}: minimale groepsgrootte {p.group_size.min} is groter dan de maximale "
                f"{p.group_size.max}.",
                ("products", i, "group_size"),
            )
        min_level = p.qualification.min_staff_level
        if min_level is not None and min_level not in levels:
            yield Problem(
                "CAT-NIVEAU-ONBEKEND",
                f"Product {p.code}: minimaal opleidingsniveau '{min_level}' staat niet onder staff_levels.",
                ("products", i, "qualification", "min_staff_level"),
            )
        if p.valid_from and p.valid_to and p.valid_to < p.valid_from:
            yield Problem(
                "CAT-PRODUCT-PERIODE",
                f"Product {p.code}: eindigt ({p.valid_to}) vóór het begint ({p.valid_from}).",
                ("products", i, "valid_to"),
            )


def check_step_down(cat: CatalogFile) -> Iterator[Problem]:
    by_code: dict[str, Product] = {p.code: p for p in cat.products}
    for i, p in enumerate(cat.products):
        for j, alt in enumerate(p.lighter_alternatives):
            loc: Loc = ("products", i, "lighter_alternatives", j)
            other = by_code.get(alt)
            if other is None:
                yield Problem(
                    "CAT-AFSCHALEN-ONBEKEND",
                    f"Product {p.code}: lichter alternatief {alt} staat niet in de catalogus.",
                    loc,
                )
            elif _COMPLEXITY_RANK[other.complexity] > _COMPLEXITY_RANK[p.complexity]:
                yield Problem(
                    "CAT-AFSCHALEN-ZWAARDER",
                    f"Product {p.code} ({p.complexity}): alternatief {alt} is zwaarder ({other.complexity}), "
                    "niet lichter.",
                    loc,
                )
    yield from _cycles(cat, by_code)


def _cycles(cat: CatalogFile, by_code: dict[str, Product]) -> Iterator[Problem]:
    """Step-down must be a one-way street: report each cycle once, at its first product in file order."""
    index = {p.code: i for i, p in enumerate(cat.products)}
    reported: set[frozenset[str]] = set()
    for start in cat.products:
        stack: list[tuple[str, tuple[str, ...]]] = [(start.code, (start.code,))]
        while stack:
            code, trail = stack.pop()
            for alt in by_code[code].lighter_alternatives if code in by_code else ():
                if alt == start.code:
                    members = frozenset(trail)
                    if members not in reported:
                        reported.add(members)
                        first = min(trail, key=index.__getitem__)
                        path = " → ".join((*trail, alt))
                        yield Problem(
                            "CAT-AFSCHALEN-CYCLUS",
                            f"Afschalen loopt in een kring: {path}. Een lichter alternatief kan niet "
                            "(via via) terugverwijzen naar het zwaardere product.",
                            ("products", index[first], "lighter_alternatives"),
                        )
                elif alt not in trail and alt in by_code:
                    stack.append((alt, (*trail, alt)))
