"""The code lists a catalogue is checked against, read from vendored data at run time.

Product categories (JZ020), units (WJ756), frequencies (WMO757) and referrer types (COD327) come from
the enumerations in the vendored iJw 3.2 `basisschema.xsd`; municipalities from the vendored CBS list
(`ijw/data/cbs_gemeenten_2026.csv`). Nothing is typed by hand except which units and frequencies go
together, which the iJw 3.2 "uitvoeringsvarianten" tables fix (see docs/catalog.md).
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from lxml import etree

from zorgpad.ijw.schemas import xsd_dir

_XS = "{http://www.w3.org/2001/XMLSchema}"

# iJw 3.2 uitvoeringsvarianten: which units each funding variant may use (taakgericht is not in iJw).
UNITS_BY_VARIANT: dict[str, frozenset[str]] = {
    "inspanningsgericht": frozenset({"01", "04", "14", "16", "84"}),
    "outputgericht": frozenset({"82", "83"}),
    "taakgericht": frozenset(),
}

# Allowed frequencies per unit (iJw 3.2 tables for specifieke toewijzingen; CS338).
FREQUENCIES_BY_UNIT: dict[str, frozenset[str]] = {
    "01": frozenset({"1", "2", "4", "6"}),
    "04": frozenset({"1", "2", "4", "6"}),
    "14": frozenset({"2", "4", "6"}),
    "16": frozenset({"2", "4", "6"}),
    "84": frozenset({"2", "4", "6"}),
    "82": frozenset({"1", "2", "4", "6"}),
    "83": frozenset({"2", "4", "6"}),
}


@cache
def xsd_enumeration(type_name: str) -> tuple[str, ...]:
    """The enumeration values of one simple type in the vendored iJw basisschema.xsd."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.parse(str(xsd_dir() / "basisschema.xsd"), parser)
    for simple in doc.iter(f"{_XS}simpleType"):
        if simple.get("name") == type_name:
            return tuple(str(e.get("value")) for e in simple.iter(f"{_XS}enumeration"))
    raise LookupError(type_name)


def product_categories() -> tuple[str, ...]:
    return xsd_enumeration("LDT_ProductCategorie")


def units() -> tuple[str, ...]:
    return xsd_enumeration("LDT_Eenheid")


def frequencies() -> tuple[str, ...]:
    return xsd_enumeration("LDT_Frequentie")


def referrer_types() -> tuple[str, ...]:
    return xsd_enumeration("LDT_TypeVerwijzer")


@cache
def cbs_municipalities() -> dict[str, tuple[str, str]]:
    """CBS code -> (name, jeugdzorgregio) for the 342 municipalities of 1-1-2026."""
    source = resources.files("zorgpad.ijw") / "data" / "cbs_gemeenten_2026.csv"
    with source.open(encoding="utf-8") as handle:
        return {
            row["gemeentecode"]: (row["gemeentenaam"], row["jeugdzorgregio"])
            for row in csv.DictReader(handle)
        }
