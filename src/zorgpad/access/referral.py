"""Referrals: who may refer for a product (COD327), the referral's term, extensions, and the link
from a referral to the request and the allocations it supports.

Rules (from the catalogue's `ReferralPolicy`, region default or per product):
- the referrer type of the request must be in `allowed_referrers`;
- for referrer types whose referral the access team records (01 gemeente, 02 huisarts, 03 jeugdarts,
  05 medisch specialist) the store must hold a referral record for the client and product; iJw does not
  carry the referral date, so without a record the request goes "in onderzoek";
- the first allocation under a referral must start within the term: on or before the record's
  `term_end`, or `referral_term_months` after the referral date when no end is recorded;
- each later allocation of the same product under the same referral is an extension; at most
  `extensions_without_referral` of them, after that a new referral is needed;
- one allocation lasts at most `max_allocation_months`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from zorgpad.access.reasons import Reason
from zorgpad.access.records import Allocation, Referral
from zorgpad.catalog.lookup import Catalog

RECORDED_REFERRERS = frozenset({"01", "02", "03", "05"})


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReferralLink:
    """The referral a request rests on, its term and which extension the request is (0 = first)."""

    referral: Referral
    term_end: dt.date
    extension: int


def term_end(catalog: Catalog, code: str, referral: Referral) -> dt.date | None:
    if referral.term_end is not None:
        return referral.term_end
    if referral.referral_date is None:
        return None
    return add_months(referral.referral_date, catalog.referral_policy(code).referral_term_months)


def find_referral(referrals: list[Referral], code: str, received: dt.date) -> Referral | None:
    """The newest dated referral of the client for this product, issued on or before `received`."""
    dated = [r for r in referrals if r.referral_date is not None and r.referral_date <= received]
    matching = [r for r in dated if code in r.products]
    return matching[-1] if matching else None


def check_referral(
    catalog: Catalog,
    code: str,
    referrer_type: str | None,
    start: dt.date,
    received: dt.date,
    referrals: list[Referral],
    allocations: list[Allocation],
) -> tuple[list[Reason], ReferralLink | None]:
    policy = catalog.referral_policy(code)
    reasons: list[Reason] = []
    if referrer_type is not None and referrer_type not in policy.allowed_referrers:
        allowed = ", ".join(policy.allowed_referrers)
        reasons.append(
            Reason(
                "TG104",
                f"Verwijzer type {referrer_type} mag niet verwijzen voor {code}; wel: {allowed}.",
            )
        )
        return reasons, None
    referral = find_referral(referrals, code, received)
    if referral is None:
        if referrer_type in RECORDED_REFERRERS:
            reasons.append(
                Reason(
                    "TG106",
                    f"De toegang heeft geen verwijzing voor {code} vastgelegd "
                    f"(verwijzer type {referrer_type}); "
                    "vraag de verwijsbrief op of leg de verwijzing vast.",
                )
            )
        return reasons, None
    assert referral.referral_date is not None
    end = term_end(catalog, code, referral) or referral.referral_date
    earlier = [
        a
        for a in allocations
        if not a.deleted and a.product_code == code and referral.referral_date <= a.ingangsdatum < start
    ]
    link = ReferralLink(referral, end, len(earlier))
    if not earlier and start > end:
        reasons.append(
            Reason(
                "TG105",
                f"De verwijzing van {referral.referral_date:%d-%m-%Y} was geldig tot {end:%d-%m-%Y}; de zorg "
                f"zou pas op {start:%d-%m-%Y} starten. Een nieuwe verwijzing is nodig.",
            )
        )
    if len(earlier) > policy.extensions_without_referral:
        reasons.append(
            Reason(
                "TG108",
                f"Onder de verwijzing van {referral.referral_date:%d-%m-%Y} zijn al {len(earlier)} "
                "toewijzingen "
                f"voor {code} afgegeven; er mag {policy.extensions_without_referral} keer verlengd worden "
                "zonder nieuwe verwijzing.",
            )
        )
    return reasons, link


def capped_end(
    catalog: Catalog, code: str, start: dt.date, end: dt.date | None
) -> tuple[dt.date, list[Reason]]:
    """The allocation's end: as asked, but at most `max_allocation_months` after the start."""
    months = catalog.referral_policy(code).max_allocation_months
    limit = add_months(start, months) - dt.timedelta(days=1)
    if end is not None and end <= limit:
        return end, []
    asked = "zonder einddatum" if end is None else f"tot {end:%d-%m-%Y}"
    return limit, [
        Reason(
            "TG107",
            f"Gevraagd {asked}; een toewijzing duurt hoogstens {months} maanden: voorgesteld tot "
            f"{limit:%d-%m-%Y}.",
        )
    ]
