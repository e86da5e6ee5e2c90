"""Every table of the store, declared once: column names, portable types and what each column means.

The types are Ibis type strings, so the same declaration creates the tables on DuckDB (the default)
or on another Ibis backend, and gives the Arrow schema the bulk loader builds its batches in.
`docs/store.md` documents every column; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import ibis
import ibis.expr.schema as sch
import pyarrow as pa


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    doc: str


@dataclass(frozen=True)
class TableSpec:
    """One table: its name, its columns in order, and a one-line purpose."""

    name: str
    purpose: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def ibis_schema(self) -> sch.Schema:
        return ibis.schema({c.name: c.dtype for c in self.columns})

    @cached_property
    def arrow_schema(self) -> pa.Schema:
        return self.ibis_schema.to_pyarrow()


def _c(name: str, dtype: str, doc: str) -> Column:
    return Column(name, dtype, doc)


# Columns that recur; declared once so their meaning is the same in every table.
MESSAGE_ID = _c("message_id", "string", "SHA-256 (hex) of the message file's bytes; key of `messages`")
POSITION = _c("position", "int64", "0-based position of the element among its kind in the message")
CLIENT_KEY = _c("client_key", "string", "HMAC-SHA256 pseudonym of the client's BSN (32 hex chars)")
GEMEENTE = _c("gemeente", "string", "CBS code of the municipality (4 digits) from the header")
AANBIEDER = _c("aanbieder", "string", "AGB code of the provider (8 digits) from the header")
DAGTEKENING = _c("dagtekening", "date", "Header BerichtIdentificatie/Dagtekening")
TOEWIJZING_NUMMER = _c("toewijzing_nummer", "int64", "ToewijzingNummer")
REFERENTIE_AANBIEDER = _c("referentie_aanbieder", "string", "ReferentieAanbieder")
PRODUCT_CATEGORIE = _c("product_categorie", "string", "Product/Categorie (JZ020)")
PRODUCT_CODE = _c("product_code", "string", "Product/Code; null when the product is aspecific")
VOLUME = _c("volume", "int64", "Omvang/Volume")
EENHEID = _c("eenheid", "string", "Omvang/Eenheid (WJ756)")
FREQUENTIE = _c("frequentie", "string", "Omvang/Frequentie (WMO757)")
BUDGET = _c("budget", "int64", "Budget in eurocent")
FILE_ID = _c("file_id", "string", "SHA-256 (hex) of the CSV file's bytes; key of `source_files`")
ROW_NUMBER = _c("row_number", "int64", "1-based data row in the CSV file (header excluded)")
EXTRA = _c("extra", "string", "JSON object with the file's remaining columns, as found")

MESSAGES = TableSpec(
    "messages",
    "one row per received iJw message file, valid or not",
    (
        MESSAGE_ID,
        _c("path", "string", "path of the file when it was first ingested"),
        _c("size_bytes", "int64", "file size in bytes"),
        _c("message_type", "string", "JW301..JW325; null when the file is not a readable iJw message"),
        _c("berichtcode", "string", "Header/BerichtCode (436..491)"),
        _c("sender", "string", "Header/Afzender (retours keep the heen sender)"),
        _c("receiver", "string", "Header/Ontvanger"),
        GEMEENTE,
        AANBIEDER,
        _c("identificatie", "string", "Header BerichtIdentificatie/Identificatie"),
        DAGTEKENING,
        _c("basisschema_xsd_versie", "string", "Header XsdVersie/BasisschemaXsdVersie"),
        _c("bericht_xsd_versie", "string", "Header XsdVersie/BerichtXsdVersie"),
        _c("identificatie_retour", "string", "retours: IdentificatieRetour; JW325: DeclaratieIdentificatie"),
        _c("dagtekening_retour", "date", "retours: DagtekeningRetour; JW325: DeclaratieIdentificatie date"),
        _c("valid", "boolean", "true when the file passed XSD and every level-2 rule"),
        _c("finding_count", "int64", "number of rows in message_findings for this message"),
        _c("ingest_batch", "int64", "the ingest batch that stored it (see ingest_batches)"),
    ),
)

MESSAGE_FINDINGS = TableSpec(
    "message_findings",
    "level-1/2 findings (XML, XSD, TR/CD/CS) of invalid messages and problems in CSV rows",
    (
        MESSAGE_ID,
        _c("seq", "int64", "0-based order of the finding within its file"),
        _c("rule", "string", "rule code: XML, XSD, CSV or an iJw rule code (TR101, CS002, ...)"),
        _c("retourcode", "string", "WJ001 retourcode of the rule (0001 for level 2); null for XML/XSD/CSV"),
        _c("xpath", "string", "where: xpath in the message, or file:line, or CSV row and column"),
        _c("message", "string", "Dutch explanation"),
    ),
)

ALLOCATIONS = TableSpec(
    "allocations",
    "JW301 ToegewezenProduct: every version as sent; the latest Toewijzingsdatum+tijd is current",
    (
        MESSAGE_ID,
        POSITION,
        GEMEENTE,
        AANBIEDER,
        CLIENT_KEY,
        DAGTEKENING,
        TOEWIJZING_NUMMER,
        REFERENTIE_AANBIEDER,
        PRODUCT_CATEGORIE,
        PRODUCT_CODE,
        _c("toewijzingsdatum", "date", "Toewijzingsdatum"),
        _c("toewijzingstijd", "time", "Toewijzingstijd"),
        _c("ingangsdatum", "date", "Ingangsdatum"),
        _c("einddatum", "date", "Einddatum; null when open-ended"),
        _c("reden_wijziging", "string", "RedenWijziging (JZ002); null on an initial allocation"),
        VOLUME,
        EENHEID,
        FREQUENTIE,
        BUDGET,
    ),
)

ALLOCATION_REQUESTS = TableSpec(
    "allocation_requests",
    "JW315 AangevraagdProduct",
    (
        MESSAGE_ID,
        POSITION,
        GEMEENTE,
        AANBIEDER,
        CLIENT_KEY,
        DAGTEKENING,
        REFERENTIE_AANBIEDER,
        _c("beschikking_nummer", "int64", "BeschikkingNummer"),
        _c("beschikking_ingangsdatum", "date", "BeschikkingIngangsdatum"),
        PRODUCT_CATEGORIE,
        PRODUCT_CODE,
        _c("toewijzing_ingangsdatum", "date", "ToewijzingIngangsdatum"),
        _c("toewijzing_einddatum", "date", "ToewijzingEinddatum"),
        VOLUME,
        EENHEID,
        FREQUENTIE,
        BUDGET,
        _c("verwijzer_type", "string", "Verwijzer/Type (COD327)"),
        _c("verwijzer_naam", "string", "Verwijzer/Naam"),
        _c("verwijzer_zorgverlener_code", "string", "Verwijzer/ZorgverlenerCode (AGB)"),
        _c("raamcontract", "string", "Raamcontract (COD260: 1 ja, 2 nee)"),
    ),
)

CHANGE_REQUESTS = TableSpec(
    "change_requests",
    "JW317: one row per OngewijzigdProduct, TeWijzigenProduct and NieuwProduct of the Verzoek",
    (
        MESSAGE_ID,
        POSITION,
        GEMEENTE,
        AANBIEDER,
        CLIENT_KEY,
        DAGTEKENING,
        REFERENTIE_AANBIEDER,
        _c("reden_verzoek", "string", "RedenVerzoek (WJ758)"),
        _c("kind", "string", "ongewijzigd, te_wijzigen or nieuw"),
        TOEWIJZING_NUMMER,
        PRODUCT_CATEGORIE,
        PRODUCT_CODE,
        _c("gewenste_ingangsdatum", "date", "GewensteIngangsdatum"),
        _c("einddatum", "date", "Einddatum"),
        VOLUME,
        EENHEID,
        FREQUENTIE,
        BUDGET,
    ),
)

REQUEST_ANSWERS = TableSpec(
    "request_answers",
    "JW319 Antwoord (it carries no client)",
    (
        MESSAGE_ID,
        GEMEENTE,
        AANBIEDER,
        DAGTEKENING,
        REFERENTIE_AANBIEDER,
        _c("verzoek_antwoord", "string", "VerzoekAntwoord (WJ760: 1 afgewezen, 2 in onderzoek)"),
        _c("reden_afwijzing_verzoek", "string", "RedenAfwijzingVerzoek (WJ759)"),
        _c("woonplaatsbeginsel_gemeente", "string", "Woonplaatsbeginsel/Gemeente"),
    ),
)

_START_STOP_COMMON = (
    MESSAGE_ID,
    POSITION,
    GEMEENTE,
    AANBIEDER,
    CLIENT_KEY,
    DAGTEKENING,
    TOEWIJZING_NUMMER,
    PRODUCT_CATEGORIE,
    PRODUCT_CODE,
    _c("toewijzing_ingangsdatum", "date", "ToewijzingIngangsdatum"),
    _c("begindatum", "date", "Begindatum"),
    _c("status_aanlevering", "string", "StatusAanlevering (COD467: 1 nieuw, 3 verwijderen)"),
)

STARTS = TableSpec("starts", "JW305 StartProduct", _START_STOP_COMMON)

STOPS = TableSpec(
    "stops",
    "JW307 StopProduct",
    (
        *_START_STOP_COMMON,
        _c("reden_beeindiging", "string", "RedenBeeindiging (JZ588)"),
        _c("einddatum", "date", "Einddatum"),
    ),
)

_DECLARATION_HEAD = (
    _c("declaratie_nummer", "string", "DeclaratieNummer"),
    _c("declaratie_periode_begin", "date", "DeclaratiePeriode/Begindatum"),
    _c("declaratie_periode_eind", "date", "DeclaratiePeriode/Einddatum"),
    _c("declaratie_dagtekening", "date", "DeclaratieDagtekening"),
)

DECLARATIONS = TableSpec(
    "declarations",
    "JW323 Declaratie: one row per declaration message",
    (
        MESSAGE_ID,
        GEMEENTE,
        AANBIEDER,
        _c("identificatie", "string", "Header BerichtIdentificatie/Identificatie"),
        DAGTEKENING,
        *_DECLARATION_HEAD,
        _c("totaal_ingediend_bedrag", "int64", "TotaalIngediendBedrag/TotaalBedrag in eurocent"),
        _c("totaal_debet_credit", "string", "TotaalIngediendBedrag/DebetCredit (D or C)"),
        _c("line_count", "int64", "number of Prestatie elements"),
    ),
)

_PRESTATIE = (
    CLIENT_KEY,
    _c("referentie_nummer", "string", "ProductReferentie/ReferentieNummer"),
    _c("vorig_referentie_nummer", "string", "ProductReferentie/VorigReferentieNummer (credit lines)"),
    TOEWIJZING_NUMMER,
    PRODUCT_CATEGORIE,
    PRODUCT_CODE,
    _c("product_periode_begin", "date", "ProductPeriode/Begindatum"),
    _c("product_periode_eind", "date", "ProductPeriode/Einddatum"),
    _c("geleverd_volume", "int64", "GeleverdVolume"),
    EENHEID,
    _c("product_tarief", "int64", "ProductTarief in eurocent; null with Eenheid 83"),
    _c("ingediend_bedrag", "int64", "IngediendBedrag/Bedrag in eurocent (unsigned, as sent)"),
    _c("debet_credit", "string", "IngediendBedrag/DebetCredit (D or C)"),
    _c("signed_bedrag", "int64", "ingediend_bedrag with its sign: positive for D, negative for C"),
)

CLAIM_LINES = TableSpec(
    "claim_lines",
    "JW323 Prestatie: one row per declared line",
    (
        MESSAGE_ID,
        POSITION,
        GEMEENTE,
        AANBIEDER,
        DAGTEKENING,
        *_DECLARATION_HEAD,
        *_PRESTATIE,
    ),
)

DECLARATION_ANSWERS = TableSpec(
    "declaration_answers",
    "JW325 header and DeclaratieAntwoord: one row per declaration answer",
    (
        MESSAGE_ID,
        GEMEENTE,
        AANBIEDER,
        DAGTEKENING,
        _c("declaratie_identificatie", "string", "DeclaratieIdentificatie/Identificatie (the JW323's)"),
        _c("declaratie_nummer", "string", "DeclaratieNummer; null in a header-only answer"),
        _c("totaal_ingediend_bedrag", "int64", "TotaalIngediendBedrag/TotaalBedrag in eurocent"),
        _c("totaal_ingediend_debet_credit", "string", "TotaalIngediendBedrag/DebetCredit"),
        _c("totaal_toegekend_bedrag", "int64", "TotaalToegekendBedrag/TotaalBedrag in eurocent"),
        _c("totaal_toegekend_debet_credit", "string", "TotaalToegekendBedrag/DebetCredit"),
        _c("header_retourcodes", "array<string>", "Header/RetourCodes"),
        _c("antwoord_retourcodes", "array<string>", "DeclaratieAntwoord/RetourCodes"),
    ),
)

CLAIM_ANSWERS = TableSpec(
    "claim_answers",
    "JW325 Prestatie: one row per returned (rejected) line with its retourcodes",
    (
        MESSAGE_ID,
        POSITION,
        GEMEENTE,
        AANBIEDER,
        _c("declaratie_nummer", "string", "DeclaratieNummer"),
        *_PRESTATIE,
        _c("retourcodes", "array<string>", "Prestatie/RetourCodes (WJ001)"),
        _c("client_retourcodes", "array<string>", "the Client's RetourCodes"),
    ),
)

RETOURS = TableSpec(
    "retours",
    "retourcodes of retour messages (302/306/308/316/318/320) and JW325, one row per code per class",
    (
        MESSAGE_ID,
        _c("message_type", "string", "the retour's message type"),
        _c(
            "class_name",
            "string",
            "the element that carries the codes (Header, Client, ToegewezenProduct, ...)",
        ),
        _c("class_position", "int64", "0-based position of that element among its kind in the message"),
        _c("class_key", "string", "the class's logical key (ToewijzingNummer, ReferentieNummer, ...) if any"),
        CLIENT_KEY,
        _c("retourcode", "string", "one WJ001 retourcode"),
    ),
)

SOURCE_FILES = TableSpec(
    "source_files",
    "one row per ingested CSV file (delivery records and referrals)",
    (
        FILE_ID,
        _c("path", "string", "path of the file when it was first ingested"),
        _c("kind", "string", "sessions, referrals or population"),
        _c("row_count", "int64", "data rows read"),
        _c("finding_count", "int64", "rows in message_findings for this file (message_id = file_id)"),
        _c("ingest_batch", "int64", "the ingest batch that stored it"),
    ),
)

SESSIONS = TableSpec(
    "sessions",
    "providers' delivery records (`sessies/*.csv`), one row per session",
    (
        FILE_ID,
        ROW_NUMBER,
        AANBIEDER,
        _c("staff_id", "string", "the staff member who delivered"),
        _c("staff_level", "string", "the staff member's qualification level, where recorded"),
        CLIENT_KEY,
        _c("session_date", "date", "date of the session"),
        _c("start_time", "time", "start time of the session"),
        _c("minutes", "int64", "duration in minutes"),
        _c("setting", "string", "setting as recorded (e.g. individueel, groep)"),
        _c("product_code", "string", "product code the session was delivered under, where recorded"),
        EXTRA,
    ),
)

REFERRALS = TableSpec(
    "referrals",
    "access team's referral and triage records (`toegang/*.csv`)",
    (
        FILE_ID,
        ROW_NUMBER,
        CLIENT_KEY,
        GEMEENTE,
        _c("referral_date", "date", "date of the referral"),
        _c("referrer_type", "string", "type of referrer (COD327)"),
        _c("products", "array<string>", "product codes referred to"),
        _c("term_end", "date", "last day the referral is valid"),
        _c("aanbieder", "string", "AGB code of the provider the referral is for, where recorded"),
        _c("toewijzing_nummer", "int64", "ToewijzingNummer the record belongs to, where recorded"),
        EXTRA,
    ),
)

POPULATION = TableSpec(
    "population",
    "young people per municipality and year (`bevolking/*.csv`; a synthetic region's own population)",
    (
        FILE_ID,
        ROW_NUMBER,
        GEMEENTE,
        _c("jaar", "int64", "the year the figure holds for"),
        _c("jeugdigen", "int64", "number of young people"),
        _c("leeftijd", "string", "the age band counted, e.g. 0-22 or 0-17"),
        _c("bron", "string", "where the figure comes from, as the file states it"),
        EXTRA,
    ),
)

CLIENTS_CLEAR = TableSpec(
    "clients_clear",
    "the only table with a clear BSN: client_key -> BSN, for answer messages",
    (CLIENT_KEY, _c("bsn", "string", "burgerservicenummer in clear")),
)

INGEST_BATCHES = TableSpec(
    "ingest_batches",
    "bookkeeping: one row per committed ingest batch",
    (
        _c("batch_id", "int64", "1, 2, ... in commit order"),
        _c("committed_at", "timestamp", "when the batch was committed (UTC)"),
        _c("message_count", "int64", "messages stored by the batch"),
        _c("file_count", "int64", "CSV files stored by the batch"),
    ),
)

STORE_META = TableSpec(
    "store_meta",
    "bookkeeping: store format version and the fingerprint of the pseudonym key",
    (_c("name", "string", "setting name"), _c("value", "string", "setting value")),
)

REUSED_REFERENCES = TableSpec(
    "reused_references",
    "summary kept at ingest: every aanbieder x ReferentieNummer used by more than one stored claim line",
    (AANBIEDER, _c("referentie_nummer", "string", "ProductReferentie/ReferentieNummer")),
)

DEBET_SUMMARIES = TableSpec(
    "debet_summaries",
    "summary kept at ingest: per ToewijzingNummer, the debets of every stored claim line",
    (
        TOEWIJZING_NUMMER,
        _c("volume", "float64", "sum of GeleverdVolume (negatives as 0)"),
        _c("debets", "int64", "number of debet lines"),
        _c("mask", "int64", "OR of the period bits of the debets (a bit per month of ProductPeriode/Begin)"),
        _c("odd", "int64", "XOR of the same bits: the bits set an odd number of times"),
        _c("amount", "float64", "sum of IngediendBedrag in eurocent (negatives as 0)"),
    ),
)

SHARED_CLIENTS = TableSpec(
    "shared_clients",
    "summary kept at ingest: every aanbieder x client with more than one stored allocation row",
    (AANBIEDER, CLIENT_KEY),
)

ALLOCATION_BOUNDS = TableSpec(
    "allocation_bounds",
    "summary kept at ingest: per ToewijzingNummer, the smallest total volume and budget of its allocation "
    "rows",
    (
        TOEWIJZING_NUMMER,
        _c(
            "max_volume",
            "int64",
            "smallest Volume x the periods of Frequentie from Ingangsdatum to Einddatum",
        ),
        _c("budget", "int64", "smallest Budget in eurocent"),
    ),
)

ALLOCATION_FLAGS = TableSpec(
    "allocation_flags",
    "summary kept at ingest: the ToewijzingNummers whose claim lines the control must look at closely "
    "(from debet_summaries, allocation_bounds, line_attributes and allocation_attributes)",
    (
        TOEWIJZING_NUMMER,
        _c(
            "flags",
            "int64",
            "bits 0-47: period bits debited twice (all: every period); bit 48: the debets may exceed the "
            "smallest total volume or budget; bit 49: its claim lines and allocation rows do not all have "
            "one and the same client, ProductCategorie, ProductCode and Eenheid",
        ),
    ),
)


def _attribute_ranges(name: str, rows: str) -> TableSpec:
    """Per ToewijzingNummer the number of rows and, for each column a claim line shares with its
    allocation, the smallest and largest value and how many rows have one."""
    columns = [TOEWIJZING_NUMMER, _c("rows", "int64", f"number of {rows}")]
    for shared, label in (
        ("client_key", "client pseudonym"),
        ("product_categorie", "ProductCategorie"),
        ("product_code", "ProductCode"),
        ("eenheid", "Eenheid"),
    ):
        columns += [
            _c(f"{shared}_lo", "string", f"smallest {label}"),
            _c(f"{shared}_hi", "string", f"largest {label}"),
            _c(f"{shared}_known", "int64", f"number of {rows} with a value for {label}"),
        ]
    return TableSpec(
        name,
        f"summary kept at ingest: per ToewijzingNummer, the range of what its {rows} share with "
        "their allocation or lines",
        tuple(columns),
    )


LINE_ATTRIBUTES = _attribute_ranges("line_attributes", "stored claim lines")
ALLOCATION_ATTRIBUTES = _attribute_ranges("allocation_attributes", "stored allocation rows")

REPEATED_ALLOCATIONS = TableSpec(
    "repeated_allocations",
    "summary kept at ingest: every ToewijzingNummer of more than one stored allocation row (the only "
    "ones that can have several versions)",
    (TOEWIJZING_NUMMER,),
)

CREDITED_REFERENCES = TableSpec(
    "credited_references",
    "summary kept at ingest: every aanbieder x VorigReferentieNummer x message of a stored credit line",
    (
        AANBIEDER,
        _c("vorig_referentie_nummer", "string", "ProductReferentie/VorigReferentieNummer"),
        MESSAGE_ID,
    ),
)

RUN_ID = _c("run_id", "int64", "the control run (see control_runs)")

CONTROL_RUNS = TableSpec(
    "control_runs",
    "one row per control run (`zorgpad check`, or the server after a batch of arrived messages)",
    (
        _c("run_id", "int64", "1, 2, ... in commit order"),
        _c("started_at", "timestamp", "when the run started (UTC)"),
        _c("finished_at", "timestamp", "when the run was committed (UTC)"),
        _c("trigger", "string", "check (the command) or inbox (the server's worker)"),
        _c("catalog", "string", "catalogue name; null when only the iJw rules ran"),
        _c("catalog_version", "string", "catalogue version; null without catalogue"),
        _c("catalog_hash", "string", "first 16 hex characters of the catalogue's content hash"),
        _c(
            "ruleset_version",
            "string",
            "zorgpad version + hash of the rules (code, retourcode, severity)",
        ),
        _c("dagtekening", "date", "Dagtekening of the run's JW325s"),
        _c("rules_run", "int64", "rules that ran"),
        _c("rules_skipped", "int64", "rules skipped (no catalogue, no data)"),
        _c("lines_judged", "int64", "claim lines in the store when the run started"),
        _c("findings", "int64", "rows in control_findings for this run"),
        _c("rejected_lines", "int64", "claim lines rejected (a line with at least one afkeur code)"),
        _c("answers", "int64", "JW325s of this run (rows in control_answers)"),
        _c("toegekend_cents", "int64", "sum of TotaalToegekendBedrag of the run's JW325s (credit negative)"),
        _c("afgewezen_cents", "int64", "sum of the rejected debet lines of the run's JW325s"),
        _c("afgewezen_credit_cents", "int64", "sum of the rejected credit lines (as a positive amount)"),
    ),
)

CONTROL_FINDINGS = TableSpec(
    "control_findings",
    "every finding of a control run (the columns of findings.parquet, facts as JSON)",
    (
        RUN_ID,
        _c("rule", "string", "rule code (TR..., ZP...)"),
        _c("retourcode", "string", "retourcode of an afkeur rule; null for a signaal"),
        _c("severity", "string", "afkeur or signaal"),
        _c("object", "string", "what is judged: prestatie, declaratie or toewijzing"),
        MESSAGE_ID,
        POSITION,
        _c("referentie_nummer", "string", "ProductReferentie/ReferentieNummer of a prestatie finding"),
        TOEWIJZING_NUMMER,
        CLIENT_KEY,
        AANBIEDER,
        GEMEENTE,
        _c("bedrag", "int64", "signed amount of the judged claim line in eurocent"),
        _c("facts", "string", "the rule's facts as a JSON object, in the rule's order"),
        _c("explanation", "string", "Dutch explanation"),
    ),
)

CONTROL_VERDICTS = TableSpec(
    "control_verdicts",
    "per control run, every rejected claim line and declaration with its retourcodes",
    (
        RUN_ID,
        MESSAGE_ID,
        _c("position", "int64", "0-based position of the Prestatie; null for a declaration-level verdict"),
        _c("object", "string", "prestatie or declaratie"),
        _c("retourcodes", "array<string>", "the rejection codes, sorted"),
    ),
)

CONTROL_ANSWERS = TableSpec(
    "control_answers",
    "per control run, one row per JW325 (the answer files themselves go to --out or the outbox)",
    (
        RUN_ID,
        _c("message_id", "string", "the answered JW323 (messages.message_id)"),
        _c("file_name", "string", "file name of the JW325"),
        GEMEENTE,
        AANBIEDER,
        _c("toegekend_cents", "int64", "TotaalToegekendBedrag (credit negative)"),
        _c("afgewezen_cents", "int64", "sum of the rejected debet lines"),
        _c("afgewezen_credit_cents", "int64", "sum of the rejected credit lines (positive)"),
        _c("retourcodes", "array<string>", "codes on the header and the DeclaratieAntwoord"),
    ),
)

INBOX_MESSAGES = TableSpec(
    "inbox_messages",
    "the server's inbox: one row per processed arrived message (while unprocessed it is in the spool)",
    (
        MESSAGE_ID,
        _c("received_seq", "int64", "arrival order (the spool's sequence number)"),
        _c("received_at", "timestamp", "when it was accepted (UTC)"),
        _c("source", "string", "map (the watched folder) or http"),
        _c("source_name", "string", "file name in the inbox folder; null over HTTP"),
        _c("sender", "string", "Header/Afzender; null when unreadable"),
        _c("message_type", "string", "JW301..JW325; null when unreadable"),
        _c("status", "string", "verwerkt or afgekeurd"),
        _c("reason", "string", "Dutch reason when afgekeurd or not answered"),
        _c("run_id", "int64", "the control run that answered it; null when none was needed"),
        _c("answer_name", "string", "file name of the answer in the outbox; null when there is none"),
        _c("processed_at", "timestamp", "when it was processed (UTC)"),
    ),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        MESSAGES,
        MESSAGE_FINDINGS,
        ALLOCATIONS,
        ALLOCATION_REQUESTS,
        CHANGE_REQUESTS,
        REQUEST_ANSWERS,
        STARTS,
        STOPS,
        DECLARATIONS,
        CLAIM_LINES,
        DECLARATION_ANSWERS,
        CLAIM_ANSWERS,
        RETOURS,
        SOURCE_FILES,
        SESSIONS,
        REFERRALS,
        POPULATION,
        REUSED_REFERENCES,
        DEBET_SUMMARIES,
        SHARED_CLIENTS,
        ALLOCATION_BOUNDS,
        ALLOCATION_FLAGS,
        REPEATED_ALLOCATIONS,
        CREDITED_REFERENCES,
        LINE_ATTRIBUTES,
        ALLOCATION_ATTRIBUTES,
        CLIENTS_CLEAR,
        INGEST_BATCHES,
        STORE_META,
        CONTROL_RUNS,
        CONTROL_FINDINGS,
        CONTROL_VERDICTS,
        CONTROL_ANSWERS,
        INBOX_MESSAGES,
    )
}

# Tables that never hold a clear BSN (every table but clients_clear).
ANALYTIC_TABLES = tuple(name for name in TABLES if name != CLIENTS_CLEAR.name)
