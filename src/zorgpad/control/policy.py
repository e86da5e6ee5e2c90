"""The region's catalogue as the small flat tables the policy rules join against.

The flattening itself is `zorgpad.catalog.priced` (the one priced catalogue, shared with scenarios, the
synth and `catalog show`): products with their limits, tariffs (catalogue and per contract and
municipality), contracts per provider x product x municipality, lots, lighter alternatives and the order of
staff levels, each dated by the catalogue version valid on the line's date. This module names it for claim
control and holds the referrer facts the referral rules share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from zorgpad.catalog.priced import COMPLEXITY_RANK, PricedCatalog, flatten, priced_catalog

if TYPE_CHECKING:
    from zorgpad.catalog.lookup import Catalog

# Claim control's name for the priced catalogue.
PolicyTables = PricedCatalog

__all__ = [
    "COMPLEXITY_RANK",
    "NO_REFERRAL_TERM",
    "REFERRAL_DOCUMENT_TYPES",
    "REFERRER_NAMES",
    "PolicyTables",
    "flatten",
    "policy_from_catalog",
    "policy_from_catalogs",
]

# COD327 referrer types that refer with a referral document the access team records (huisarts, jeugdarts,
# medisch specialist; as `zorgpad.access.referral`): a referral's term runs from its date, and a client
# referred by one of them without any access record gets ZP112. The municipality (01) decides itself and
# a self-referral (06) has no document; a GI (04) or court (08) decides by its own measure.
REFERRAL_DOCUMENT_TYPES = ("02", "03", "05")
REFERRER_NAMES = {
    "01": "de gemeente",
    "02": "de huisarts",
    "03": "de jeugdarts",
    "04": "de gecertificeerde instelling",
    "05": "de medisch specialist",
    "06": "de jeugdige zelf",
    "08": "de rechter of officier van justitie",
}
# Referrer types without a referral term: the municipality's own decision and a self-referral.
NO_REFERRAL_TERM = ("01", "06")


def policy_from_catalog(catalog: Catalog) -> PolicyTables:
    return priced_catalog((catalog,))


def policy_from_catalogs(catalogs: Sequence[Catalog]) -> PolicyTables:
    """All versions of a region as one policy: each version holds from its `valid_from` until the next
    version's (the oldest also before, the newest without end). A claim line takes products, limits,
    tariffs, lots and contracts from the version valid on its date; one version is `policy_from_catalog`."""
    return priced_catalog(catalogs)
