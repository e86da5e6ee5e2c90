"""A region's product structure and contracts as dated, versioned YAML (see docs/catalog.md).

Public API (stable; other layers build on it)::

    from zorgpad.catalog import load_catalog
    cat = load_catalog("centraal-gelderland")          # latest bundled version, or "name@version", or a path
    view = cat.on(date(2026, 3, 1))
    view.product("54B01").max_duration_months
    view.tariff("54B01", level="HBO")                  # eurocents per unit
    cat.is_contracted("99100001", "54B01", "0202", date(2026, 3, 1))
"""

from __future__ import annotations

from zorgpad.catalog.bundled import BundledVersion, bundled_names, bundled_versions, load_catalog, resolve
from zorgpad.catalog.issues import CatalogInvalidError, CatalogIssue
from zorgpad.catalog.loader import LoadResult, parse_file
from zorgpad.catalog.lookup import Catalog
from zorgpad.catalog.model import (
    CareForm,
    CatalogFile,
    Contract,
    ContractedProduct,
    Lot,
    LotPart,
    Product,
    Provider,
    ReferralPolicy,
    Region,
    StaffLevel,
    Subcontractor,
    Tariff,
)
from zorgpad.catalog.view import CatalogView

__all__ = [
    "BundledVersion",
    "CareForm",
    "Catalog",
    "CatalogFile",
    "CatalogInvalidError",
    "CatalogIssue",
    "CatalogView",
    "Contract",
    "ContractedProduct",
    "LoadResult",
    "Lot",
    "LotPart",
    "Product",
    "Provider",
    "ReferralPolicy",
    "Region",
    "StaffLevel",
    "Subcontractor",
    "Tariff",
    "bundled_names",
    "bundled_versions",
    "load_catalog",
    "parse_file",
    "resolve",
]
