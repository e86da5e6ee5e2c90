"""The filters of every page and API call, from the URL: `van`, `tot`, `gemeente`, `product`, `aanbieder`,
and `run`, the stored control run whose findings and answers are shown (the latest when absent).

An empty value (what an untouched form field sends) means no filter. A malformed value is a Dutch
`UserError` naming the parameter, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from urllib.parse import urlencode

from fastapi import Query

from zorgpad.app.web.hardening import excerpt
from zorgpad.errors import UserError
from zorgpad.insights.registry import Filters

_GEMEENTE = re.compile(r"\d{4}")
_AANBIEDER = re.compile(r"\d{8}")
_PRODUCT = re.compile(r"[0-9A-Za-z]{2,5}")

FILTER_NAMES = ("van", "tot", "gemeente", "product", "aanbieder", "run")
_RUN = re.compile(r"[1-9]\d{0,8}")


def _date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(
            "FILTER-DATUM-ONGELDIG",
            f"'{excerpt(value)}' is geen geldige datum. "
            "Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2025-03-01.",
            f"query.{name}",
        ) from None


def _code(name: str, value: str | None, pattern: re.Pattern[str], what: str) -> str | None:
    if not value:
        return None
    if not pattern.fullmatch(value):
        raise UserError(
            "FILTER-CODE-ONGELDIG", f"'{excerpt(value)}' is geen geldige {what}.", f"query.{name}"
        )
    return value


def parse_run(value: str | None) -> int | None:
    """The control run a URL asks for (`run=N`, a positive whole number), or None for the latest."""
    if not value:
        return None
    if not _RUN.fullmatch(value):
        raise UserError(
            "FILTER-RUN-ONGELDIG",
            f"'{excerpt(value)}' is geen nummer van een controlerun. Kies een run uit de lijst op het "
            "overzicht, of laat run weg voor de laatste.",
            "query.run",
        )
    return int(value)


def parse_filters(
    van: str | None = None,
    tot: str | None = None,
    gemeente: str | None = None,
    product: str | None = None,
    aanbieder: str | None = None,
    run: str | None = None,
) -> Filters:
    """The `Filters` these URL values describe; a Dutch `UserError` for a malformed value."""
    filters = Filters(
        period_from=_date("van", van),
        period_to=_date("tot", tot),
        gemeente=_code("gemeente", gemeente, _GEMEENTE, "CBS-gemeentecode (4 cijfers)"),
        product=_code("product", product, _PRODUCT, "productcode (bijvoorbeeld 54B01)"),
        aanbieder=_code("aanbieder", aanbieder, _AANBIEDER, "AGB-code (8 cijfers)"),
        run=parse_run(run),
    )
    if filters.period_from and filters.period_to and filters.period_from > filters.period_to:
        raise UserError(
            "FILTER-PERIODE-OMGEKEERD",
            "De begindatum van de periode ligt na de einddatum. Kies een begindatum vóór de einddatum.",
            "query.van",
        )
    return filters


def filter_query(
    van: str | None = Query(None, description="Begin van de periode (JJJJ-MM-DD), inclusief."),
    tot: str | None = Query(None, description="Einde van de periode (JJJJ-MM-DD), inclusief."),
    gemeente: str | None = Query(None, description="CBS-gemeentecode, 4 cijfers."),
    product: str | None = Query(None, description="Productcode, bijvoorbeeld 54B01."),
    aanbieder: str | None = Query(None, description="AGB-code van de aanbieder, 8 cijfers."),
    run: str | None = Query(
        None, description="Nummer van de controlerun waarvan de bevindingen gelden; standaard de laatste."
    ),
) -> Filters:
    """FastAPI dependency: the filters of the request."""
    return parse_filters(van, tot, gemeente, product, aanbieder, run)


def to_params(filters: Filters) -> dict[str, str]:
    """The URL parameters that describe `filters` (only the ones set)."""
    values = {
        "van": filters.period_from.isoformat() if filters.period_from else None,
        "tot": filters.period_to.isoformat() if filters.period_to else None,
        "gemeente": filters.gemeente,
        "product": filters.product,
        "aanbieder": filters.aanbieder,
        "run": str(filters.run) if filters.run is not None else None,
    }
    return {key: value for key, value in values.items() if value}


def query_string(filters: Filters, **fixed: str | None) -> str:
    """`?van=...&...` for links that keep the user's filters; `fixed` values override or drop them."""
    params = to_params(filters)
    for key, value in fixed.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{urlencode(params)}" if params else ""


def with_fixed(filters: Filters, *, gemeente: str | None = None, aanbieder: str | None = None) -> Filters:
    """The filters of a drill-down page: the page's municipality or provider replaces the URL's."""
    if gemeente is not None:
        filters = replace(filters, gemeente=gemeente)
    if aanbieder is not None:
        filters = replace(filters, aanbieder=aanbieder)
    return filters
