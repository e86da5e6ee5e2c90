"""Mutation helpers for the allocation, request and answer rule tests (JW301, JW315, JW317, JW319).

Extends `mutate.py` with insertion in XSD sequence order (`put`), so a test can add an optional element
such as ``Budget`` or ``RedenWijziging`` without knowing which siblings are present, and with example
bases that are valid before mutation (the vendored JW315 and JW317 have known faults).
"""

from __future__ import annotations

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS

from .mutate import find, find_all, load_example, rule_codes, set_text

# Child order of the complex types the tests touch (from the vendored XSDs).
SEQUENCES: dict[str, tuple[str, ...]] = {
    "ToegewezenProduct": (
        "ToewijzingNummer",
        "ReferentieAanbieder",
        "Product",
        "Toewijzingsdatum",
        "Toewijzingstijd",
        "Ingangsdatum",
        "Einddatum",
        "RedenWijziging",
        "Omvang",
        "Budget",
        "Commentaar",
    ),
    "AangevraagdProduct": (
        "ReferentieAanbieder",
        "BeschikkingNummer",
        "Product",
        "BeschikkingIngangsdatum",
        "ToewijzingIngangsdatum",
        "ToewijzingEinddatum",
        "Omvang",
        "Budget",
        "Verwijzer",
        "Raamcontract",
        "Commentaar",
    ),
    "NieuwProduct": ("Product", "GewensteIngangsdatum", "Einddatum", "Omvang", "Budget"),
    "TeWijzigenProduct": ("ToewijzingNummer", "GewensteIngangsdatum", "Einddatum", "Omvang", "Budget"),
    "Verzoek": (
        "ReferentieAanbieder",
        "RedenVerzoek",
        "OngewijzigdeProducten",
        "TeWijzigenProducten",
        "NieuweProducten",
    ),
    "Contact": ("Soort", "Adres", "Organisatie", "Telefoon", "Emailadres", "Periode"),
    "Antwoord": ("ReferentieAanbieder", "VerzoekAntwoord", "RedenAfwijzingVerzoek", "Woonplaatsbeginsel"),
    # Base-schema (CDT) types: their children are in the ijw namespace.
    "Adres": ("Huis", "Postcode", "Straatnaam", "Plaatsnaam", "LandCode"),
    "Verwijzer": ("Type", "Naam", "ZorgverlenerCode"),
    "Naam": ("Geslachtsnaam", "Partnernaam", "Voornamen", "Voorletters", "NaamGebruik"),
    "Communicatie": ("Vorm", "Taal"),
    "Omvang": ("Volume", "Eenheid", "Frequentie"),
    "Product": ("Categorie", "Code"),
    "Periode": ("Begindatum", "Einddatum"),
}
BASIS_TYPES = frozenset({"Adres", "Verwijzer", "Naam", "Communicatie", "Omvang", "Product", "Periode"})

P1 = "Client/ToegewezenProducten/ToegewezenProduct[1]"
P2 = "Client/ToegewezenProducten/ToegewezenProduct[2]"
A1 = "Client/AangevraagdeProducten/AangevraagdProduct[1]"
A2 = "Client/AangevraagdeProducten/AangevraagdProduct[2]"
NIEUW = "Client/Verzoek/NieuweProducten/NieuwProduct[1]"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def put(root: etree._Element, parent_path: str, name: str, text: str | None = None) -> etree._Element:
    """Set child `name` of the element at `parent_path`, creating it at its XSD position if needed."""
    parent = find(root, parent_path)
    parent_name = _local(parent)
    namespace = NS_BASIS if parent_name in BASIS_TYPES else etree.QName(root).namespace
    order = SEQUENCES[parent_name]
    for child in parent:
        if isinstance(child.tag, str) and _local(child) == name:
            child.text = text
            return child
    element = etree.Element(f"{{{namespace}}}{name}")
    element.text = text
    later = [c for c in parent if isinstance(c.tag, str) and order.index(_local(c)) > order.index(name)]
    if later:
        later[0].addprevious(element)
    else:
        parent.append(element)
    return element


def drop(root: etree._Element, path: str) -> None:
    """Remove every element at `path` (no error when there is none)."""
    for element in find_all(root, path):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def omvang(root: etree._Element, product_path: str, volume: str, unit: str, frequency: str) -> None:
    """Give the product at `product_path` an Omvang."""
    put(root, product_path, "Omvang")
    put(root, f"{product_path}/Omvang", "Volume", volume)
    put(root, f"{product_path}/Omvang", "Eenheid", unit)
    put(root, f"{product_path}/Omvang", "Frequentie", frequency)


def product(root: etree._Element, product_path: str, category: str, code: str | None) -> None:
    """Set the Product of the element at `product_path` (category, optional code)."""
    put(root, product_path, "Product")
    put(root, f"{product_path}/Product", "Categorie", category)
    if code is None:
        drop(root, f"{product_path}/Product/Code")
    else:
        put(root, f"{product_path}/Product", "Code", code)


def jw301() -> etree._Element:
    """The vendored JW301: two allocations 55A11 and 55A12 from 2026-04-01, valid as it stands."""
    return load_example("JW301")


def jw315() -> etree._Element:
    """The vendored JW315 with its impossible ToewijzingEinddatum 2027-06-31 repaired to 2027-06-30."""
    root = load_example("JW315")
    for element in find_all(root, "Client/AangevraagdeProducten/AangevraagdProduct/ToewijzingEinddatum"):
        element.text = "2027-06-30"
    return root


def jw317() -> etree._Element:
    """The vendored JW317 with its CS003 fault repaired (NieuwProduct Einddatum after the start)."""
    root = load_example("JW317")
    set_text(root, f"{NIEUW}/Einddatum", "2027-02-28")
    return root


def jw319() -> etree._Element:
    """The vendored JW319: rejected for the residence principle (reden 8) with Woonplaatsbeginsel."""
    return load_example("JW319")


__all__ = ["find", "find_all", "rule_codes", "set_text"]
