"""A filter on a municipality or provider the region does not know is an error, not an empty page.

`?gemeente=9999` used to answer 200 with every figure empty, which reads as "nothing happened there".
The request's own codes (before scoping) are checked against what the region knows: the catalogue's
municipalities and providers and the codes in the store's claim lines. An unknown one is a 404 in the
one error shape, like `/gemeenten/9999`.
"""

from __future__ import annotations

from typing import Any

from zorgpad.app.web.errors import NotFoundError
from zorgpad.insights.registry import Filters


def check_known(data: Any, filters: Filters) -> None:
    """404 for a `gemeente` or `aanbieder` filter that names no municipality or provider of the region."""
    if filters.gemeente is not None and data.gemeente(filters.gemeente) is None:
        raise NotFoundError(
            "FILTER-GEMEENTE-ONBEKEND",
            f"Gemeente '{filters.gemeente}' komt in deze gegevens niet voor. Kies er een uit /gemeenten.",
            "query.gemeente",
        )
    known = {option.code for option in data.aanbieders} | set(data.aanbieder_names)
    if filters.aanbieder is not None and filters.aanbieder not in known:
        raise NotFoundError(
            "FILTER-AANBIEDER-ONBEKEND",
            f"Aanbieder '{filters.aanbieder}' komt in deze gegevens niet voor. Kies er een uit /aanbieders.",
            "query.aanbieder",
        )
