"""Build a small store from a readable description: real iJw XML written with the ijw writer and an
access-team referral CSV, ingested like any delivery. Clients are named by a letter (A, B, ...)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from zorgpad.ijw.model import StartZorg, StopZorg, Toewijzing, VerzoekOmToewijzing, VerzoekOmWijziging
from zorgpad.ijw.model.antwoord import Antwoord, Antwoordbericht
from zorgpad.ijw.model.common import (
    Achternaam,
    Adres,
    Geboortedatum,
    Huis,
    Omvang,
    Product,
    VerkorteNaam,
    Verwijzer,
    VolledigeNaam,
)
from zorgpad.ijw.model.startstop import StartClient, StartProduct, StopClient, StopProduct
from zorgpad.ijw.model.toewijzing import Contact, ToegewezenProduct, ToewijzingClient
from zorgpad.ijw.model.verzoek import (
    AangevraagdProduct,
    NieuwProduct,
    OngewijzigdProduct,
    TeWijzigenProduct,
    Verzoek,
    VerzoekClient,
    WijzigingClient,
)
from zorgpad.ijw.writer import header, to_xml
from zorgpad.store import ingest

ADDRESS = Adres(
    huis=Huis(huisnummer=12), postcode="6811AB", straatnaam="Rijnkade", plaatsnaam="Arnhem", land_code="NL"
)

REFERRAL_HEADER = (
    "bsn", "gemeente", "verwijsdatum", "verwijzer_type", "producten", "geldig_tot", "aanbieder",
    "zorgbehoefte_domein", "complexiteit", "traject",
)  # fmt: skip


def bsn_for(letter: str) -> str:
    """A BSN that passes the 11-proef, fixed per client letter."""
    base = 10000000 + 7919 * (ord(letter.upper()) - 64)
    for candidate in range(base, base + 1000):
        digits = f"{candidate:08d}"
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and (total - last) % 11 == 0:
            return digits + str(last)
    raise AssertionError("no BSN")


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _product(code: str) -> Product:
    """A product code, or a category alone (two digits: a generic product)."""
    return Product(categorie=code[:2], code=code if len(code) > 2 else None)


def _omvang(spec: dict[str, Any]) -> Omvang:
    return Omvang(
        volume=int(spec.get("volume", 2)),
        eenheid=str(spec.get("eenheid", "04")),
        frequentie=str(spec.get("frequentie", "2")),
    )


class Builder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0
        (root / "toegang").mkdir(parents=True, exist_ok=True)

    def _write(self, message: Any) -> None:
        self.count += 1
        folder = self.root / message.code
        folder.mkdir(exist_ok=True)
        (folder / f"{message.code}_{self.count:04d}.xml").write_bytes(to_xml(message))

    def _ident(self) -> str:
        return f"T{self.count + 1:06d}"

    def allocation(self, a: dict[str, Any]) -> None:
        client = ToewijzingClient(
            bsn=bsn_for(a["client"]),
            geboortedatum=Geboortedatum(datum=dt.date(2012, 5, 1)),
            geslacht="1",
            naam=VolledigeNaam(
                geslachtsnaam=Achternaam(achternaam="Jansen"), voorletters="A", naam_gebruik="1"
            ),
            contactgegevens=(Contact(soort="01", adres=ADDRESS),),
            toegewezen_producten=(
                ToegewezenProduct(
                    toewijzing_nummer=int(a["nummer"]),
                    referentie_aanbieder=a.get("ref"),
                    # An empty product: an allocation without a product (a budget only).
                    product=_product(a["product"]) if a["product"] else None,
                    toewijzingsdatum=_date(a["ingang"]) - dt.timedelta(days=7),  # type: ignore[operator]
                    toewijzingstijd=dt.time(9, 0),
                    ingangsdatum=_date(a["ingang"]),
                    einddatum=_date(a.get("einde")),
                    omvang=None if "budget" in a else _omvang(a),
                    budget=a.get("budget"),
                ),
            ),
        )
        day = dt.date.fromisoformat(str(a["ingang"])) - dt.timedelta(days=7)
        self._write(
            Toewijzing(
                header=header("JW301", a["gemeente"], a["aanbieder"], self._ident(), day), client=client
            )
        )

    def vot(self, r: dict[str, Any]) -> None:
        referrer = str(r.get("verwijzer", "02"))
        named = referrer in ("02", "03", "04", "05")
        product = AangevraagdProduct(
            referentie_aanbieder=r["ref"],
            product=_product(r["product"]) if r.get("product") else Product(categorie=str(r["categorie"])),
            toewijzing_ingangsdatum=_date(r["ingang"]),
            toewijzing_einddatum=_date(r.get("einde")),
            omvang=_omvang(r) if r.get("product") else None,
            verwijzer=Verwijzer(type=referrer, naam="Dr. Verwijzer" if named else None),
        )
        client = VerzoekClient(
            bsn=bsn_for(r["client"]),
            geboortedatum=Geboortedatum(datum=dt.date(2012, 5, 1)),
            geslacht="1",
            naam=VerkorteNaam(geslachtsnaam=Achternaam(achternaam="Jansen"), voorletters="A"),
            aangevraagde_producten=(product,),
        )
        head = header("JW315", r["aanbieder"], r["gemeente"], self._ident(), _date(r["dagtekening"]))  # type: ignore[arg-type]
        self._write(VerzoekOmToewijzing(header=head, client=client))

    def vow(self, r: dict[str, Any]) -> None:
        verzoek = Verzoek(
            referentie_aanbieder=r["ref"],
            reden_verzoek="2",
            ongewijzigde_producten=tuple(
                OngewijzigdProduct(toewijzing_nummer=int(n)) for n in r.get("ongewijzigd", [])
            ),
            te_wijzigen_producten=tuple(
                TeWijzigenProduct(
                    toewijzing_nummer=int(t["nummer"]),
                    gewenste_ingangsdatum=_date(t["ingang"]),
                    einddatum=_date(t.get("einde")),
                    omvang=_omvang(t) if "volume" in t else None,
                )
                for t in r.get("te_wijzigen", [])
            ),
            nieuwe_producten=tuple(
                NieuwProduct(
                    product=_product(n["product"]),
                    gewenste_ingangsdatum=_date(n["ingang"]),
                    einddatum=_date(n.get("einde")),
                    omvang=_omvang(n),
                )
                for n in r.get("nieuw", [])
            ),
        )
        head = header("JW317", r["aanbieder"], r["gemeente"], self._ident(), _date(r["dagtekening"]))  # type: ignore[arg-type]
        self._write(
            VerzoekOmWijziging(header=head, client=WijzigingClient(bsn=bsn_for(r["client"]), verzoek=verzoek))
        )

    def answer(self, a: dict[str, Any]) -> None:
        answer = str(a.get("antwoord", "2"))
        body = Antwoord(
            referentie_aanbieder=a["ref"],
            verzoek_antwoord=answer,
            reden_afwijzing_verzoek="1" if answer == "1" else None,  # a rejection says why
        )
        head = header("JW319", a["gemeente"], a["aanbieder"], self._ident(), _date(a["dagtekening"]))  # type: ignore[arg-type]
        self._write(Antwoordbericht(header=head, antwoord=body))

    def start(self, s: dict[str, Any]) -> None:
        product = StartProduct(
            toewijzing_nummer=int(s["nummer"]),
            product=_product(s["product"]),
            toewijzing_ingangsdatum=_date(s["ingang"]),
            begindatum=_date(s["datum"]),
            status_aanlevering="1",
        )
        client = StartClient(
            bsn=bsn_for(s["client"]),
            geboortedatum=Geboortedatum(datum=dt.date(2012, 5, 1)),
            geslacht="1",
            naam=VerkorteNaam(geslachtsnaam=Achternaam(achternaam="Jansen")),
            start_producten=(product,),
        )
        head = header("JW305", s["aanbieder"], s["gemeente"], self._ident(), _date(s["datum"]))  # type: ignore[arg-type]
        self._write(StartZorg(header=head, client=client))

    def stop(self, s: dict[str, Any]) -> None:
        product = StopProduct(
            toewijzing_nummer=int(s["nummer"]),
            product=_product(s["product"]),
            toewijzing_ingangsdatum=_date(s["ingang"]),
            begindatum=_date(s["begin"]),
            reden_beeindiging=str(s["reden"]),
            einddatum=_date(s["datum"]),
            status_aanlevering="1",
        )
        client = StopClient(
            bsn=bsn_for(s["client"]),
            geboortedatum=Geboortedatum(datum=dt.date(2012, 5, 1)),
            geslacht="1",
            naam=VerkorteNaam(geslachtsnaam=Achternaam(achternaam="Jansen")),
            stop_producten=(product,),
        )
        head = header("JW307", s["aanbieder"], s["gemeente"], self._ident(), _date(s["datum"]))  # type: ignore[arg-type]
        self._write(StopZorg(header=head, client=client))

    def referrals(self, rows: list[dict[str, Any]]) -> None:
        with (self.root / "toegang" / "verwijzingen.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(REFERRAL_HEADER)
            for r in rows:
                writer.writerow(
                    (
                        bsn_for(r["client"]),
                        r.get("gemeente", ""),
                        r.get("datum", ""),
                        r.get("verwijzer", ""),
                        " ".join(r.get("producten", [])),
                        r.get("geldig_tot", ""),
                        r.get("aanbieder", ""),
                        r.get("domein", ""),
                        r.get("complexiteit", ""),
                        r.get("traject", ""),
                    )
                )


def build_store(given: dict[str, Any], folder: Path) -> Path:
    """Write the described messages and records under `folder/in`, ingest them, return the database."""
    builder = Builder(folder / "in")
    for a in given.get("allocations", []):
        builder.allocation(a)
    for r in given.get("requests", []):
        (builder.vot if r.get("bericht", "JW315") == "JW315" else builder.vow)(r)
    for a in given.get("answers", []):
        builder.answer(a)
    for s in given.get("starts", []):
        builder.start(s)
    for s in given.get("stops", []):
        builder.stop(s)
    builder.referrals(given.get("referrals", []))
    with (folder / "adressen.csv").open("w", encoding="utf-8") as handle:
        handle.write("bsn,postcode,huisnummer,straat,plaats\n")
        for letter in sorted(
            {r["client"] for r in (*given.get("requests", []), *given.get("allocations", []))}
        ):
            handle.write(f"{bsn_for(letter)},6811AB,12,Rijnkade,Arnhem\n")
    db = folder / "store.duckdb"
    report = ingest(folder / "in", db)
    assert report.invalid == 0, "scenario messages must be valid"
    return db
