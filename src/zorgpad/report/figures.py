"""The report's content: every indicator computed once, key figures, and a reading per knelpunt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from zorgpad.formatting import count
from zorgpad.insights.findings import has_findings
from zorgpad.insights.names import Names
from zorgpad.insights.registry import Filters, Indicator, InsightContext, all_indicators, compute_indicator
from zorgpad.report.dutch import euro, number, percent
from zorgpad.report.knelpunten import KNELPUNTEN


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    note: str = ""


@dataclass
class Results:
    """Every indicator the context can compute, by id."""

    tables: dict[str, pa.Table] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    names: Names = field(default_factory=Names)

    def rows(self, id: str) -> list[dict[str, Any]]:
        return self.tables[id].to_pylist() if id in self.tables else []

    def total(self, id: str, column: str) -> int:
        return sum(row[column] or 0 for row in self.rows(id))


# Read by the key figures and the readings, besides the indicators each knelpunt shows.
SUPPORTING = ("kosten-per-product", "kosten-per-aanbieder", "controle-uitkomst")


def board_ids() -> tuple[str, ...]:
    shown = [id for knelpunt in KNELPUNTEN.values() for id in knelpunt.board]
    return tuple(dict.fromkeys([*shown, *SUPPORTING]))


def compute_all(ctx: InsightContext, filters: Filters) -> Results:
    """The indicators of the board report (a chosen set per knelpunt; the dashboard shows them all)."""
    results = Results()
    wanted = set(board_ids())
    for found in all_indicators():
        if found.id not in wanted or (found.needs_catalog and ctx.catalog is None):
            continue
        results.tables[found.id] = compute_indicator(ctx, found.id, filters)
        results.indicators[found.id] = found
    return results


def key_figures(results: Results, ctx: InsightContext) -> list[KeyFigure]:
    # Clients per municipality add up to the region's clients (a client lives in one municipality).
    clients = results.total("kosten-per-gemeente", "clienten")
    spent = results.total("kosten-per-gemeente", "bedrag")
    lines = results.total("kosten-per-gemeente", "prestaties")
    figures = [
        KeyFigure("Cliënten met gedeclareerde jeugdhulp", number(clients)),
        KeyFigure("Gedeclareerd bedrag", euro(spent, whole=True), f"{number(lines)} prestaties"),
        KeyFigure("Kosten per cliënt", euro(spent // clients if clients else None, whole=True)),
        KeyFigure("Aanbieders met declaraties", number(len(results.rows("kosten-per-aanbieder")))),
    ]
    if has_findings(ctx):
        # Granted and rejected as the latest control run answered them (the sums of its JW325s);
        # without a stored run, the rejected lines of the findings given.
        answered = results.rows("controle-uitkomst")
        rejected = (
            results.total("controle-uitkomst", "afgewezen_bedrag")
            if answered
            else results.total("afgewezen-per-regel", "afgewezen_bedrag")
        )
        flagged = results.total("afgewezen-per-regel", "gesignaleerd_bedrag")
        if answered:
            granted = results.total("controle-uitkomst", "toegekend_bedrag")
            figures.append(KeyFigure("Toegekend bedrag", euro(granted, whole=True)))
        figures.append(
            KeyFigure(
                "Afgewezen bedrag",
                euro(rejected, whole=True),
                f"{percent(round(rejected * 100 / spent, 1)) if spent else '–'} van het gedeclareerde",
            )
        )
        figures.append(KeyFigure("Gesignaleerd voor nader onderzoek", euro(flagged, whole=True)))
    waits = results.rows("wachttijd-verwijzing-start")
    started = sum(row["gestart"] for row in waits)
    if started:
        mean = sum((row["gemiddelde_dagen"] or 0) * row["gestart"] for row in waits) / started
        figures.append(KeyFigure("Gemiddelde wachttijd verwijzing tot start", f"{number(mean)} dagen"))
    return figures


def _top(rows: list[dict[str, Any]], column: str) -> dict[str, Any] | None:
    present = [row for row in rows if row.get(column) is not None]
    return max(present, key=lambda row: row[column]) if present else None


def reading(knelpunt: str, results: Results, names: Names | None = None) -> str:
    """What the figures of one knelpunt say, in one or two Dutch sentences."""
    readers = {
        "seed000:4": _read_costs,
        "seed000:1": _read_group,
        "seed000:5": _read_direct,
        "seed000:6": _read_lighter,
        "seed000:9": _read_durations,
        "seed000:12": _read_prior,
        "seed002:wachttijden": _read_waiting,
        "seed002:op-afschalen": _read_flows,
        "seed002:knip": _read_knip,
    }
    if names is not None:
        results.names = names
    reader = readers.get(knelpunt)
    return reader(results) if reader else KNELPUNTEN[knelpunt].question_nl


def _per_thousand(r: Results) -> str:
    """This year against last year per 1,000 young people: the municipality's (when the report is for
    one) and the region's."""
    rows = r.rows("clienten-per-1000-jeugdigen")
    if not rows or rows[0]["regio_clienten_per_1000"] is None:
        return ""
    row = rows[0]
    year = row["jaar"]

    def rate(value: float | None) -> str:
        return "–" if value is None else number(value, 1)

    region = f"de regio {rate(row['regio_clienten_per_1000'])}"
    if row["regio_vorig_jaar_clienten_per_1000"] is not None:
        region += f" ({year - 1}: {rate(row['regio_vorig_jaar_clienten_per_1000'])})"
    if len(rows) == 1:
        who = r.names.name("gemeente", row["gemeente"])
        own = f"{who} {rate(row['clienten_per_1000'])}"
        if row["vorig_jaar_clienten_per_1000"] is not None:
            own += f" ({year - 1}: {rate(row['vorig_jaar_clienten_per_1000'])})"
        return f" Cliënten per 1.000 jeugdigen in {year}: {own}; {region}."
    return f" Cliënten per 1.000 jeugdigen in {year}: {region}."


def _read_costs(r: Results) -> str:
    spent = r.total("kosten-per-gemeente", "bedrag")
    text = f"Er is {euro(spent, whole=True)} gedeclareerd." + _per_thousand(r)
    product = _top(r.rows("kosten-per-product"), "bedrag")
    if product and spent:
        text += (
            f" Het grootste product is {r.names.name('product_code', product['product_code'])} met "
            f"{euro(product['bedrag'], whole=True)} "
            f"({percent(round(product['bedrag'] * 100 / spent, 1))})."
        )
    rule = _top(r.rows("afgewezen-per-regel"), "afgewezen_bedrag")
    if rule and rule["afgewezen_bedrag"] > 0:
        text += (
            f" De meeste afwijzingen komen van de regel '{rule['omschrijving']}': "
            f"{euro(rule['afgewezen_bedrag'], whole=True)}."
        )
    return text


def _read_group(r: Results) -> str:
    rows = [row for row in r.rows("groep-individueel-per-aanbieder") if row["aandeel_groep_geleverd"]]
    top = _top(rows, "aandeel_groep_geleverd")
    if top is None:
        return "Geen sessieregistratie met groepssessies gevonden."
    delivered = percent(top["aandeel_groep_geleverd"])
    if top["aandeel_groep_gedeclareerd"] is None:
        # No hours declared in hours or minutes: there is no declared share to set against it.
        return (
            f"Aanbieder {top['aanbieder']} leverde {delivered} van de sessie-uren in een groep, maar "
            "declareerde geen behandeluren (in uren of minuten) waaruit een aandeel groep blijkt."
        )
    declared = percent(top["aandeel_groep_gedeclareerd"])
    return (
        f"Aanbieder {r.names.name('aanbieder', top['aanbieder'])} leverde {delivered} van de sessie-uren in "
        f"een groep, maar declareerde {declared} van de behandeluren als groep."
    )


def _read_direct(r: Results) -> str:
    rows = r.rows("directe-indirecte-tijd")
    declared = sum(row["gedeclareerde_uren"] or 0 for row in rows if row["sessie_uren"] is not None)
    recorded = sum(row["sessie_uren"] or 0 for row in rows)
    if not declared:
        return "Er is geen sessieregistratie om directe tijd mee te meten."
    return (
        f"Bij aanbieders met een sessieregistratie staat {number(recorded)} uur directe tijd tegenover "
        f"{number(declared)} gedeclareerde uren: {percent(round((declared - recorded) * 100 / declared, 1))} "
        "is indirecte of niet geregistreerde tijd."
    )


def _read_lighter(r: Results) -> str:
    steps = {row["soort"]: row["overgangen"] for row in r.rows("op-en-afschalen")}
    outliers = [row for row in r.rows("kosten-per-client-uitschieters") if row["uitschieter"]]
    text = (
        f"{number(steps.get('afschalen', 0))} keer afgeschaald en {number(steps.get('opschalen', 0))} keer "
        f"opgeschaald; {number(steps.get('behandeling naar begeleiding', 0))} keer van behandeling naar "
        "begeleiding."
    )
    if outliers:
        named = ", ".join(
            f"{r.names.name('aanbieder', row['aanbieder'])} ({row['zorgbehoefte']})" for row in outliers[:5]
        )
        text += f" Aanbieders met opvallend hoge kosten per cliënt: {named}."
    return text


def _read_durations(r: Results) -> str:
    parts = [
        f"{row['soort_hulp']}: gemiddeld {number(row['gemiddelde_dagen'])} dagen ({number(row['trajecten'])} "
        "trajecten)"
        for row in r.rows("trajectduur-ggz-jo")
    ]
    beyond = int(r.total("trajectduur-per-product", "boven_maximum") or 0)
    text = "; ".join(parts) + "." if parts else "Geen beëindigde trajecten."
    if not beyond:
        return text + " Geen traject duurde langer dan de maximale duur van zijn product."
    lasted = "duurde" if beyond == 1 else "duurden"
    return text + (
        f" {count(beyond, 'traject', 'trajecten')} {lasted} langer dan de maximale duur van het product, "
        "gerekend over het hele traject, over opvolgende toewijzingen heen. De controle (ZP104) toetst per "
        "toewijzing en wijst alleen zorg af die binnen één toewijzing na de maximale duur valt; een traject "
        "dat met een nieuwe toewijzing doorloopt, telt hier wel en daar niet."
    )


def _read_prior(r: Results) -> str:
    suspect = r.total("voorliggend-vermoeden", "bedrag_vermoeden")
    unknown = r.total("voorliggend-vermoeden", "bedrag_niet_getoetst")
    return (
        f"{euro(suspect, whole=True)} is gedeclareerd terwijl de toegang een voorliggende voorziening vond; "
        f"bij {euro(unknown, whole=True)} is niet bekend of de toets is gedaan."
    )


def _read_waiting(r: Results) -> str:
    rows = r.rows("wachttijd-verwijzing-start")
    started = sum(row["gestart"] for row in rows)
    if not started:
        return "Geen verwijzingen met een gevonden start."
    late = sum(round((row["aandeel_boven_norm"] or 0) * row["gestart"] / 100) for row in rows)
    return (
        f"Van {number(started)} gestarte verwijzingen wachtten er {number(late)} langer dan 9 weken "
        f"({percent(round(late * 100 / started, 1))})."
    )


def _read_flows(r: Results) -> str:
    exits = r.rows("uitstroom-per-reden")
    total = sum(row["trajecten"] for row in exits)
    planned = sum(row["trajecten"] for row in exits if row["reden"] == "31")
    if not total:
        return "Geen beëindigde trajecten."
    share = percent(round(planned * 100 / total, 1))
    return f"{number(total)} trajecten eindigden zonder vervolgproduct; {share} daarvan volgens plan."


def _read_knip(r: Results) -> str:
    rows = r.rows("knip-regionaal-lokaal")
    regional = sum(row["bedrag"] for row in rows if row["inkoop"] == "regionaal")
    local = sum(row["bedrag"] for row in rows if row["inkoop"] == "lokaal")
    if not regional and not local:
        return "De productstructuur kent geen percelen met een regionale en een lokale kant: er is geen knip."
    return f"Regionaal ingekocht: {euro(regional, whole=True)}; lokaal ingekocht: {euro(local, whole=True)}."


def period_of(ctx: InsightContext) -> tuple[dt.date | None, dt.date | None]:
    rows = ctx.store.connection.execute(
        "SELECT min(product_periode_begin), max(product_periode_eind) FROM claim_lines"
    ).fetchall()
    first, last = rows[0]
    return first, last
