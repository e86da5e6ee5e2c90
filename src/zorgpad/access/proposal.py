"""One decision per open request: a JW315 product (answered per product, OP274) or a whole JW317
(answered as a whole, OP346)."""

from __future__ import annotations

import datetime as dt

from zorgpad.access.decide import (
    Decision,
    Grant,
    check_product,
    check_residence,
    check_stacking,
    check_triage,
)
from zorgpad.access.reasons import Reason
from zorgpad.access.records import Allocation, Referral, Request, RequestLine
from zorgpad.access.referral import capped_end, check_referral, find_referral
from zorgpad.catalog.lookup import Catalog

HONOURS_VOW = "12"  # JZ002: geïnitieerd door de aanbieder


def decide(
    catalog: Catalog, request: Request, referrals: list[Referral], allocations: list[Allocation]
) -> Decision:
    if request.message_type == "JW315":
        return _decide_vot(catalog, request, referrals, allocations)
    return _decide_vow(catalog, request, referrals, allocations)


def _new_grant(catalog: Catalog, line: RequestLine, start: dt.date) -> tuple[Grant, list[Reason]]:
    reasons: list[Reason] = []
    end = line.einddatum
    if line.product_code is not None and catalog.find_product(line.product_code) is not None:
        end, reasons = capped_end(catalog, line.product_code, start, line.einddatum)
    grant = Grant(
        line.product_categorie,
        line.product_code,
        start,
        end,
        line.volume,
        line.eenheid,
        line.frequentie,
        line.budget,
    )
    return grant, reasons


def _decide_vot(
    catalog: Catalog, request: Request, referrals: list[Referral], allocations: list[Allocation]
) -> Decision:
    line = request.lines[0]
    start = line.ingangsdatum or request.dagtekening
    reasons = check_residence(catalog, request, referrals, allocations)
    product_reasons = check_product(catalog, line, request.aanbieder, request.gemeente, start)
    reasons += product_reasons
    code = line.product_code
    if code is not None and not any(r.code == "TG101" for r in product_reasons):
        referral_reasons, _link = check_referral(
            catalog, code, line.verwijzer_type, start, request.dagtekening, referrals, allocations
        )
        reasons += referral_reasons
        reasons += check_triage(catalog, code, find_referral(referrals, code, request.dagtekening))
    grant, duration = _new_grant(catalog, line, start)
    reasons += duration
    reasons += check_stacking(grant, request.aanbieder, allocations, set())
    return Decision(request, tuple(reasons), (grant,))


def _decide_vow(
    catalog: Catalog, request: Request, referrals: list[Referral], allocations: list[Allocation]
) -> Decision:
    current = {
        a.toewijzing_nummer: a
        for a in allocations
        if a.aanbieder == request.aanbieder
        and a.gemeente == request.gemeente
        and a.is_current(request.dagtekening)
    }
    reasons = check_residence(catalog, request, referrals, allocations)
    grants: list[Grant] = []
    changed: set[int] = set()
    for line in request.lines:
        number = line.toewijzing_nummer
        if line.kind in ("ongewijzigd", "te_wijzigen") and (number is None or number not in current):
            reasons.append(
                Reason(
                    "TG114",
                    f"Toewijzing {number} is geen actuele toewijzing van deze cliënt bij deze aanbieder.",
                )
            )
            continue
        if line.kind == "te_wijzigen":
            assert number is not None
            changed.add(number)
            grants += _changes(current[number], line)
    for line in request.lines:
        if line.kind != "nieuw":
            continue
        start = line.ingangsdatum or request.dagtekening
        reasons += check_product(catalog, line, request.aanbieder, request.gemeente, start)
        reasons += check_triage(
            catalog, line.product_code, find_referral(referrals, line.product_code or "", request.dagtekening)
        )
        grant, duration = _new_grant(catalog, line, start)
        reasons += duration
        others = [g for g in grants if g.toewijzing_nummer is None]
        reasons += check_stacking(grant, request.aanbieder, allocations, changed)
        reasons += [
            Reason(
                "TG110",
                f"Product {grant.product_code} staat twee keer in het verzoek met overlappende perioden.",
            )
            for g in others
            if g.product_code == grant.product_code and g.ingangsdatum <= (grant.einddatum or dt.date.max)
        ]
        grants.append(grant)
    return Decision(request, tuple(reasons), tuple(grants))


def _changes(old: Allocation, line: RequestLine) -> list[Grant]:
    """OP380: same volume and frequency -> move the end date; otherwise end the old allocation the day
    before the wished start and allocate the new volume under a new number (OP257)."""
    start = line.ingangsdatum or old.ingangsdatum
    same_size = (line.volume is None or line.volume == old.volume) and (
        line.frequentie is None or line.frequentie == old.frequentie
    )
    if same_size and line.budget is None:
        return [_version(old, old.ingangsdatum, line.einddatum)]
    ended = _version(old, old.ingangsdatum, max(old.ingangsdatum, start - dt.timedelta(days=1)))
    renewed = Grant(
        old.product_categorie,
        old.product_code,
        max(start, old.ingangsdatum),
        line.einddatum if line.einddatum is not None else old.einddatum,
        line.volume if line.volume is not None else old.volume,
        line.eenheid or old.eenheid,
        line.frequentie or old.frequentie,
        line.budget,
    )
    return [ended, renewed]


def _version(old: Allocation, start: dt.date, end: dt.date | None) -> Grant:
    return Grant(
        old.product_categorie,
        old.product_code,
        start,
        end,
        old.volume,
        old.eenheid,
        old.frequentie,
        old.budget,
        toewijzing_nummer=old.toewijzing_nummer,
        reden_wijziging=HONOURS_VOW,
    )
