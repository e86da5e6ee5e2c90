"""One module per command (group); each defines `register(app)`. This file is the index of them.

`zorgpad --help` lists the commands from `COMMANDS` without importing any command module, grouped in
the order of the work (ontvangen → controleren → inzien → vooruitkijken, then beheer). A command's
module is imported only when that command runs or shows its own help, so a command pays only for the
libraries it uses.

To add a command: write `commands/NAME.py` with `register(app)`, and add one `Entry` below in the panel
where it belongs (a test fails for a module that has no entry).
"""

from __future__ import annotations

from dataclasses import dataclass

RECEIVE = "1 · Ontvangen"
CHECK = "2 · Controleren en beantwoorden"
INSPECT = "3 · Inzien"
LOOK_AHEAD = "4 · Vooruitkijken"
MANAGE = "Beheer"

PANELS = (RECEIVE, CHECK, INSPECT, LOOK_AHEAD, MANAGE)


@dataclass(frozen=True)
class Entry:
    """A command as `zorgpad --help` lists it: name, panel and a one-line summary in Dutch."""

    name: str
    panel: str
    summary: str
    module: str = ""

    @property
    def module_name(self) -> str:
        return f"{__name__}.{self.module or self.name}"


COMMANDS: tuple[Entry, ...] = (
    Entry("validate", RECEIVE, "Controleer iJw 3.2-berichten: XSD en alle regels binnen het bericht."),
    Entry("ingest", RECEIVE, "Lees berichten, sessies en toegangsbestanden uit een map in de database."),
    Entry("worklist", RECEIVE, "Werklijst toegang: open verzoeken met hun antwoordtermijn."),
    Entry("check", CHECK, "Controleer alle declaraties en toewijzingen; schrijf JW325's en bevindingen."),
    Entry("explain", CHECK, "Toon voor één prestatie de uitkomst van iedere regel, met kwitantie."),
    Entry("triage", CHECK, "Triage (matched care): het advies, het gevolgde pad en waarom."),
    Entry("answer", CHECK, "Stel voor elk open verzoek een antwoord voor (JW301 of JW319) met reden."),
    Entry(
        "sessies", CHECK, "Leveringsgegevens van aanbieders: de specificatie en een controle van een bestand."
    ),
    Entry("serve", INSPECT, "Start het dashboard: knelpunten, gemeenten, aanbieders en de JSON-API."),
    Entry("report", INSPECT, "Schrijf de bestuursrapportage (HTML of PDF), ook per gemeente."),
    Entry("traject", INSPECT, "Het zorgpad van één cliënt over producten en aanbieders."),
    Entry("feed", INSPECT, "Statusmeldingen voor de contactpersoon van een cliënt."),
    Entry("scenario", LOOK_AHEAD, "Reken hervormingen van de productstructuur door op de declaraties."),
    Entry("catalog", MANAGE, "Productstructuur: catalogi met producten, tarieven en contracten."),
    Entry("synth", MANAGE, "Genereer een synthetisch regiojaar met gelabelde afwijkingen."),
    Entry("users", MANAGE, "Beheer de accounts van het dashboard en de API (in de database)."),
    Entry("audit", MANAGE, "Auditlog: wie wanneer welke cliëntgegevens opvroeg."),
    Entry("demo", MANAGE, "Begin hier: genereer een regiojaar, lees in, controleer en rapporteer."),
)
