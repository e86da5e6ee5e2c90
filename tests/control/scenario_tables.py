"""Turn a scenario's `gegeven` (readable rows) into store tables in a fresh in-memory DuckDB.

Scenarios describe allocations, declarations, delivery records and referrals the way a contract
manager reads them; this module fills in what the standard makes redundant (amount = volume x tariff,
a month's begin and end, message ids) and writes rows in the store's own schema
(`zorgpad.store.schema`), so the rules under test read exactly the tables the store writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import duckdb
import ibis
import pyarrow as pa

from zorgpad.store import summaries
from zorgpad.store.schema import TABLES

GEMEENTE = "0202"
AANBIEDER = "12345678"


def month(text: str) -> tuple[dt.date, dt.date]:
    year, mon = (int(part) for part in text.split("-")[:2])
    first = dt.date(year, mon, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def client_key(name: str) -> str:
    return hashlib.sha256(f"client:{name}".encode()).hexdigest()[:32]


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _json_int(text: str, name: str) -> int | None:
    value = json.loads(text).get(name)
    return None if value is None else int(value)


def _valid_bsn(index: int) -> str:
    """The index-th test BSN (999 9xx xxx) that passes the 11-proef (CS002)."""
    found = -1
    for number in range(999900000, 999999999):
        digits = [int(c) for c in f"{number:09d}"]
        if (sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]) % 11 == 0:
            found += 1
            if found == index:
                return f"{number:09d}"
    raise AssertionError("out of test BSNs")


def _id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


class TableBuilder:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self.bsn: dict[str, str] = {}

    def _message(
        self,
        message_id: str,
        kind: str,
        sender: str,
        receiver: str,
        ident: str,
        day: dt.date,
        valid: bool = True,
    ) -> None:
        gemeente, aanbieder = (sender, receiver) if kind == "JW301" else (receiver, sender)
        self.rows["messages"].append(
            {
                "message_id": message_id,
                "path": f"{kind}/{ident}.xml",
                "size_bytes": 1000,
                "message_type": kind,
                "sender": sender,
                "receiver": receiver,
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "identificatie": ident,
                "dagtekening": day,
                "basisschema_xsd_versie": "1.0.0",
                "bericht_xsd_versie": "1.0.0",
                "valid": valid,
                "finding_count": 0 if valid else 1,
                "ingest_batch": 1,
            }
        )
        if not valid:
            self.rows["message_findings"].append(
                {
                    "message_id": message_id,
                    "seq": 0,
                    "rule": "TR358",
                    "retourcode": "0001",
                    "xpath": "/Bericht",
                    "message": "Totaalbedrag klopt niet.",
                }
            )

    def _client(self, name: str) -> str:
        key = client_key(name)
        if key not in self.bsn:
            self.bsn[key] = _valid_bsn(len(self.bsn))
        return key

    def allocation(self, row: dict[str, Any]) -> None:
        gemeente = str(row.get("gemeente", GEMEENTE))
        aanbieder = str(row.get("aanbieder", AANBIEDER))
        day = _date(row.get("dagtekening")) or _date(row["ingang"])
        assert day is not None
        ident = str(row.get("bericht", f"T{row['nummer']}-{row.get('versie', 1)}"))
        message_id = _id("JW301", gemeente, ident)
        self._message(message_id, "JW301", gemeente, aanbieder, ident, day)
        product = row.get("product")
        self.rows["allocations"].append(
            {
                "message_id": message_id,
                "position": 0,
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "client_key": self._client(str(row["client"])),
                "dagtekening": day,
                "toewijzing_nummer": int(row["nummer"]),
                "referentie_aanbieder": None if row.get("referentie") is None else str(row["referentie"]),
                "product_categorie": str(row.get("categorie", str(product)[:2] if product else "45")),
                "product_code": None if product is None else str(product),
                "toewijzingsdatum": day,
                "toewijzingstijd": dt.time(12, 0),
                "ingangsdatum": _date(row["ingang"]),
                "einddatum": _date(row.get("eind")),
                "reden_wijziging": None if row.get("reden") is None else str(row["reden"]),
                "volume": row.get("volume"),
                "eenheid": None if row.get("eenheid") is None else str(row["eenheid"]),
                "frequentie": None if row.get("frequentie") is None else str(row["frequentie"]),
                "budget": row.get("budget"),
            }
        )

    def declaration(self, row: dict[str, Any]) -> None:
        gemeente = str(row.get("gemeente", GEMEENTE))
        aanbieder = str(row.get("aanbieder", AANBIEDER))
        begin, end = month(str(row["periode"]))
        day = _date(row.get("dagtekening")) or end + dt.timedelta(days=5)
        assert day is not None
        ident = str(row.get("bericht", f"{row['nummer']}{row['periode']}".replace("-", "")))
        message_id = _id("JW323", aanbieder, ident)
        self._message(message_id, "JW323", aanbieder, gemeente, ident, day, bool(row.get("geldig", True)))
        total = 0
        head = {
            "declaratie_nummer": str(row["nummer"]),
            "declaratie_periode_begin": begin,
            "declaratie_periode_eind": end,
            "declaratie_dagtekening": day,
        }
        for position, line in enumerate(row.get("prestaties", [])):
            p_begin, p_end = month(str(line.get("periode", row["periode"])))
            p_begin = _date(line.get("begin")) or p_begin
            p_end = _date(line.get("eind")) or p_end
            unit = str(line.get("eenheid", "04"))
            tariff = line.get("tarief")
            volume = int(line["volume"])
            amount = (
                int(line["bedrag"])
                if "bedrag" in line
                else (volume if unit == "83" else volume * int(tariff))
            )
            sign = -1 if line.get("dc", "D") == "C" else 1
            total += sign * amount
            product = line.get("product")
            self.rows["claim_lines"].append(
                {
                    "message_id": message_id,
                    "position": position,
                    "gemeente": gemeente,
                    "aanbieder": aanbieder,
                    "dagtekening": day,
                    **head,
                    "client_key": self._client(str(line["client"])),
                    "referentie_nummer": str(line["ref"]),
                    "vorig_referentie_nummer": None if line.get("vorig") is None else str(line["vorig"]),
                    "toewijzing_nummer": int(line["toewijzing"]),
                    "product_categorie": str(line.get("categorie", str(product)[:2] if product else "45")),
                    "product_code": None if product is None else str(product),
                    "product_periode_begin": p_begin,
                    "product_periode_eind": p_end,
                    "geleverd_volume": volume,
                    "eenheid": unit,
                    "product_tarief": None if tariff is None else int(tariff),
                    "ingediend_bedrag": amount,
                    "debet_credit": str(line.get("dc", "D")),
                    "signed_bedrag": sign * amount,
                }
            )
        self.rows["declarations"].append(
            {
                "message_id": message_id,
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "identificatie": ident,
                "dagtekening": day,
                **head,
                "totaal_ingediend_bedrag": abs(total),
                "totaal_debet_credit": "C" if total < 0 else "D",
                "line_count": len(row.get("prestaties", [])),
            }
        )

    def change_request(self, row: dict[str, Any]) -> None:
        """A JW317 (verzoek om wijziging): its unchanged, to-change and new products."""
        gemeente = str(row.get("gemeente", GEMEENTE))
        aanbieder = str(row.get("aanbieder", AANBIEDER))
        day = _date(row["dagtekening"])
        assert day is not None
        ident = str(row["referentie"])
        message_id = _id("JW317", aanbieder, ident)
        self._message(message_id, "JW317", aanbieder, gemeente, ident, day)
        for position, product in enumerate(row.get("producten", [])):
            code = product.get("product")
            self.rows["change_requests"].append(
                {
                    "message_id": message_id,
                    "position": position,
                    "gemeente": gemeente,
                    "aanbieder": aanbieder,
                    "client_key": self._client(str(row["client"])),
                    "dagtekening": day,
                    "referentie_aanbieder": ident,
                    "reden_verzoek": "1",
                    "kind": str(product["soort"]),
                    "toewijzing_nummer": product.get("toewijzing"),
                    "product_categorie": None
                    if code is None
                    else str(product.get("categorie", str(code)[:2])),
                    "product_code": None if code is None else str(code),
                    "gewenste_ingangsdatum": _date(product.get("ingang")),
                    "einddatum": _date(product.get("eind")),
                    "volume": product.get("volume"),
                    "eenheid": None if product.get("eenheid") is None else str(product["eenheid"]),
                    "frequentie": None if product.get("frequentie") is None else str(product["frequentie"]),
                    "budget": product.get("budget"),
                }
            )

    def care_message(self, row: dict[str, Any], kind: str) -> None:
        """A JW305 (start) or JW307 (stop) with its products: the message's `bericht` names it."""
        gemeente = str(row.get("gemeente", GEMEENTE))
        aanbieder = str(row.get("aanbieder", AANBIEDER))
        day = _date(row["dagtekening"])
        assert day is not None
        ident = str(row["bericht"])
        code, table = ("JW305", "starts") if kind == "start" else ("JW307", "stops")
        # `bestand` tells apart two files that reuse one Identificatie (TR056).
        message_id = _id(code, aanbieder, ident, *([row["bestand"]] if "bestand" in row else []))
        self._message(message_id, code, aanbieder, gemeente, ident, day, bool(row.get("geldig", True)))
        for position, product in enumerate(row.get("producten", [])):
            code_ = product.get("product", "45A48")
            record = {
                "message_id": message_id,
                "position": position,
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "client_key": self._client(str(product.get("client", row.get("client", "A")))),
                "dagtekening": day,
                "toewijzing_nummer": int(product["toewijzing"]),
                "product_categorie": str(product.get("categorie", str(code_)[:2])),
                "product_code": str(code_),
                "toewijzing_ingangsdatum": _date(product.get("toewijzing_ingang", "2025-01-01")),
                "begindatum": _date(product["begin"]),
                "status_aanlevering": str(product.get("status", "1")),
            }
            if kind == "stop":
                record["reden_beeindiging"] = str(product.get("reden", "02"))
                record["einddatum"] = _date(product["eind"])
            self.rows[table].append(record)

    def allocation_request(self, row: dict[str, Any]) -> None:
        """A JW315 (verzoek om toewijzing): one AangevraagdProduct per `producten` entry.

        A request for one product may name it inline instead (`referentie`, `product`, `ingang`,
        `verwijzer`): the shape the referral-policy scenarios use.
        """
        if "producten" not in row:
            inline = {"referentie": row["referentie"], "product": row["product"], "ingang": row.get("ingang")}
            row = {"verwijzer": "02", **row, "bericht": row["referentie"], "producten": [inline]}
        gemeente = str(row.get("gemeente", GEMEENTE))
        aanbieder = str(row.get("aanbieder", AANBIEDER))
        day = _date(row["dagtekening"])
        assert day is not None
        ident = str(row["bericht"])
        message_id = _id("JW315", aanbieder, ident, *([row["bestand"]] if "bestand" in row else []))
        self._message(message_id, "JW315", aanbieder, gemeente, ident, day)
        for position, product in enumerate(row.get("producten", [])):
            code = product.get("product", "45A48")
            self.rows["allocation_requests"].append(
                {
                    "message_id": message_id,
                    "position": position,
                    "gemeente": gemeente,
                    "aanbieder": aanbieder,
                    "client_key": self._client(str(row.get("client", "A"))),
                    "dagtekening": day,
                    "referentie_aanbieder": str(product["referentie"]),
                    "product_categorie": str(product.get("categorie", str(code)[:2])),
                    "product_code": str(code),
                    "toewijzing_ingangsdatum": _date(product.get("ingang", "2025-06-01")),
                    "toewijzing_einddatum": _date(product.get("eind")),
                    "volume": product.get("volume", 10),
                    "eenheid": str(product.get("eenheid", "04")),
                    "frequentie": str(product.get("frequentie", "2")),
                    "budget": None,
                    "verwijzer_type": str(row.get("verwijzer", "01")),
                }
            )

    def request_answer(self, row: dict[str, Any]) -> None:
        """A JW319 (antwoordbericht) on a ReferentieAanbieder: 1 afgewezen, 2 in onderzoek."""
        gemeente = str(row.get("gemeente", GEMEENTE))
        aanbieder = str(row.get("aanbieder", AANBIEDER))
        day = _date(row["dagtekening"])
        assert day is not None
        ident = str(row["bericht"])
        message_id = _id("JW319", gemeente, ident)
        self._message(message_id, "JW319", gemeente, aanbieder, ident, day)
        self.rows["request_answers"].append(
            {
                "message_id": message_id,
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "dagtekening": day,
                "referentie_aanbieder": str(row["referentie"]),
                "verzoek_antwoord": str(row.get("antwoord", "1")),
                "reden_afwijzing_verzoek": "1" if str(row.get("antwoord", "1")) == "1" else None,
                "woonplaatsbeginsel_gemeente": None,
            }
        )

    def session(self, row: dict[str, Any]) -> None:
        start = row.get("start", "10:00")
        self.rows["sessions"].append(
            {
                "file_id": _id("sessies", row.get("aanbieder", AANBIEDER)),
                "row_number": len(self.rows["sessions"]) + 1,
                "aanbieder": str(row.get("aanbieder", AANBIEDER)),
                "staff_id": str(row.get("medewerker", "M1")),
                "staff_level": None if row.get("niveau") is None else str(row["niveau"]),
                "client_key": self._client(str(row["client"])),
                "session_date": _date(row["datum"]),
                "start_time": dt.time.fromisoformat(str(start)),
                "minutes": int(row["minuten"]),
                "setting": str(row.get("setting", "individueel")),
                "product_code": None if row.get("product") is None else str(row["product"]),
                "extra": "{}",
            }
        )

    def referral(self, row: dict[str, Any]) -> None:
        self.rows["referrals"].append(
            {
                "file_id": _id("toegang"),
                "row_number": len(self.rows["referrals"]) + 1,
                "client_key": self._client(str(row["client"])),
                "gemeente": str(row.get("gemeente", GEMEENTE)),
                "referral_date": _date(row["datum"]),
                "referrer_type": str(row.get("verwijzer", "02")),
                "products": [str(p) for p in row.get("producten", [])],
                "term_end": _date(row.get("geldig_tot")),
                "extra": str(row.get("extra", "{}")),
            }
        )

    def write(self, path: Any) -> None:
        """Write every store table into a DuckDB file, as `zorgpad ingest` would leave it."""
        self._fill_clients()
        raw = duckdb.connect(str(path))
        for name, spec in TABLES.items():
            raw.from_arrow(pa.Table.from_pylist(self.rows[name], schema=spec.arrow_schema)).create(name)
        summaries.rebuild(raw)
        raw.close()

    def _fill_clients(self) -> None:
        known = {row["client_key"] for row in self.rows["clients_clear"]}
        for key, bsn in self.bsn.items():
            if key not in known:
                self.rows["clients_clear"].append({"client_key": key, "bsn": bsn})

    def build(self, *, summarised: bool = True) -> tuple[Any, dict[str, Any]]:
        """A DuckDB-backed Ibis connection holding every store table; with `summarised` also the
        summaries the store keeps at ingest (without, the control run computes them itself)."""
        self._fill_clients()
        raw = duckdb.connect()
        for name, spec in TABLES.items():
            arrow = pa.Table.from_pylist(self.rows[name], schema=spec.arrow_schema)
            raw.from_arrow(arrow).create(name)
        if summarised:
            summaries.rebuild(raw)
        backend = ibis.duckdb.from_connection(raw)
        return backend, {name: backend.table(name) for name in TABLES}
