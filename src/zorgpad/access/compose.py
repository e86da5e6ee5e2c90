"""Build the proposed answer messages: JW301 (OP087: every current allocation of the client at this
provider, plus the new and changed ones) and JW319 (rejected with WJ759, or in onderzoek).

The JW301 client block is taken from the newest JW301 the municipality sent for the client; for a
client without one, from the JW315 itself (name, birth date, sex) plus the BRP address (contact kind 01)
from the municipality's address extract (`read_addresses`). The store keeps no addresses; without an
earlier JW301 and without the client in the extract no JW301 can be proposed (TR006 needs an address).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from zorgpad.access.decide import Grant
from zorgpad.access.records import Allocation, Request
from zorgpad.errors import UserError, os_reason_nl
from zorgpad.ijw.model import Toewijzing, VerzoekOmToewijzing, from_document
from zorgpad.ijw.model.antwoord import Antwoord, Antwoordbericht, Woonplaatsbeginsel
from zorgpad.ijw.model.common import Adres, Huis, Omvang, Product, VolledigeNaam
from zorgpad.ijw.model.toewijzing import Contact, ToegewezenProduct, ToewijzingClient
from zorgpad.ijw.reader import parse_file
from zorgpad.ijw.writer import header

BRP_ADDRESS = "01"
NAME_OWN = "1"


def _read(path: str | None) -> object | None:
    if path is None or not Path(path).is_file():
        return None
    try:
        return from_document(parse_file(path))
    except UserError:
        return None


def read_addresses(path: Path) -> dict[str, Adres]:
    """BSN -> BRP address from a CSV extract with columns bsn, postcode, huisnummer, straat, plaats."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise UserError(
            "ADRESSEN-BESTAND", f"Het adressenbestand is niet te lezen: {os_reason_nl(error)}.", str(path)
        ) from None
    except UnicodeDecodeError:
        raise UserError("ADRESSEN-BESTAND", "Het adressenbestand is geen UTF-8-tekst.", str(path)) from None
    found: dict[str, Adres] = {}
    for number, row in enumerate(rows, start=2):
        try:
            found[row["bsn"].strip().zfill(9)] = Adres(
                huis=Huis(huisnummer=int(row["huisnummer"])),
                postcode=row["postcode"].strip().replace(" ", "").upper(),
                straatnaam=row.get("straat") or None,
                plaatsnaam=row.get("plaats") or None,
                land_code="NL",
            )
        except (KeyError, ValueError, AttributeError):
            raise UserError(
                "ADRESSEN-BESTAND",
                "Elke regel heeft bsn, postcode en huisnummer (een geheel getal) nodig.",
                f"{path}:{number}",
            ) from None
    return found


def client_block(
    previous_301: str | None, request: Request, addresses: Mapping[str, Adres]
) -> ToewijzingClient | None:
    """The client for a JW301 without products, or None when name or address cannot be found."""
    earlier = _read(previous_301)
    if isinstance(earlier, Toewijzing):
        return earlier.client.model_copy(update={"commentaar": None, "toegewezen_producten": ()})
    source = _read(request.path) if request.message_type == "JW315" else None
    if not isinstance(source, VerzoekOmToewijzing):
        return None
    asked = source.client
    address = addresses.get(asked.bsn)
    if address is None:
        return None
    return ToewijzingClient.model_construct(
        bsn=asked.bsn,
        geboortedatum=asked.geboortedatum,
        geslacht=asked.geslacht,
        naam=VolledigeNaam(
            geslachtsnaam=asked.naam.geslachtsnaam,
            voornamen=asked.naam.voornamen,
            voorletters=asked.naam.voorletters,
            naam_gebruik=NAME_OWN,
        ),
        communicatie=None,
        juridische_status=None,
        wettelijke_vertegenwoordiging=None,
        commentaar=None,
        relaties=(),
        contactgegevens=(Contact(soort=BRP_ADDRESS, adres=address),),
        toegewezen_producten=(),
    )


def _omvang(volume: int | None, eenheid: str | None, frequentie: str | None) -> Omvang | None:
    if volume is None or eenheid is None or frequentie is None:
        return None
    return Omvang(volume=volume, eenheid=eenheid, frequentie=frequentie)


def _product(categorie: str | None, code: str | None) -> Product | None:
    return None if categorie is None else Product(categorie=categorie, code=code)


def existing_product(a: Allocation) -> ToegewezenProduct:
    # Sent again unchanged: the ReferentieAanbieder went only with the first sending (TR379).
    return ToegewezenProduct(
        toewijzing_nummer=a.toewijzing_nummer,
        referentie_aanbieder=None,
        product=_product(a.product_categorie, a.product_code),
        toewijzingsdatum=a.toewijzingsdatum,
        toewijzingstijd=a.toewijzingstijd,
        ingangsdatum=a.ingangsdatum,
        einddatum=a.einddatum,
        reden_wijziging=a.reden_wijziging,
        omvang=_omvang(a.volume, a.eenheid, a.frequentie),
        budget=a.budget,
    )


def granted_product(grant: Grant, number: int, referentie: str, moment: dt.datetime) -> ToegewezenProduct:
    return ToegewezenProduct(
        toewijzing_nummer=number,
        referentie_aanbieder=referentie,
        product=_product(grant.product_categorie, grant.product_code),
        toewijzingsdatum=moment.date(),
        toewijzingstijd=moment.time().replace(microsecond=0),
        ingangsdatum=grant.ingangsdatum,
        einddatum=grant.einddatum,
        reden_wijziging=grant.reden_wijziging,
        omvang=None if grant.budget is not None else _omvang(grant.volume, grant.eenheid, grant.frequentie),
        budget=grant.budget,
    )


def toewijzing(
    client: ToewijzingClient,
    products: list[ToegewezenProduct],
    gemeente: str,
    aanbieder: str,
    ident: str,
    day: dt.date,
) -> Toewijzing:
    ordered = tuple(sorted(products, key=lambda p: p.toewijzing_nummer))
    full = ToewijzingClient.model_validate({**dict(client), "toegewezen_producten": ordered})
    return Toewijzing(header=header("JW301", gemeente, aanbieder, ident, day), client=full)


def antwoord(
    request: Request, verdict: str, reden: str | None, woonplaats: str | None, ident: str, day: dt.date
) -> Antwoordbericht:
    rejected = verdict == "afwijzen"
    body = Antwoord(
        referentie_aanbieder=request.referentie_aanbieder,
        verzoek_antwoord="1" if rejected else "2",
        reden_afwijzing_verzoek=reden if rejected else None,
        woonplaatsbeginsel=Woonplaatsbeginsel(gemeente=woonplaats) if rejected and woonplaats else None,
    )
    return Antwoordbericht(
        header=header("JW319", request.gemeente, request.aanbieder, ident, day), antwoord=body
    )
