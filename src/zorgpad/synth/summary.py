"""`summary.md`: the generated volumes in Dutch, beside the calibration targets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zorgpad import formatting
from zorgpad.synth import calibration as cal
from zorgpad.synth.facts import RegionFacts

if TYPE_CHECKING:
    from zorgpad.synth.context import Context


def _euro(cents: int) -> str:
    return formatting.euro(cents, whole=True)


def _pct(part: float, whole: float) -> str:
    return formatting.share(part, whole, 1)


def write_summary(path: Path, facts: RegionFacts, ctx: Context) -> None:
    t = ctx.tally
    clients = sum(t.clients.values())
    trajectories = sum(t.trajectories.values())
    ended = sum(t.ended_bands.values())
    total = sum(t.amount_by_municipality.values())
    names = {m.code: m.name for m in facts.municipalities}
    lines = [
        f"# Synthetische regio {facts.name}, {ctx.year}",
        "",
        f"Catalogus: {facts.version}; schaal {ctx.scale:g}. Alle cijfers hieronder zijn gegenereerd;"
        " de doelwaarden komen uit de kalibratiebronnen (sleutels tussen haken).",
        "",
        "## Gemeenten",
        "",
        "| gemeente | jeugdigen 0-22 | cliënten | aandeel | doel [CBS-JM24] | trajecten | gedeclareerd |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for code in sorted(t.youth):
        lines.append(
            f"| {names.get(code, code)} ({code}) | {t.youth[code]} | {t.clients[code]} | "
            f"{_pct(t.clients[code], t.youth[code])} | 5-20 % (landelijk 10,6 %) | {t.trajectories[code]} | "
            f"{_euro(t.amount_by_municipality[code])} |"
        )
    lines += [
        "",
        "## Kalibratie",
        "",
        "| maat | gegenereerd | doel |",
        "|---|---:|---:|",
        f"| trajecten per cliënt | {trajectories / clients if clients else 0:.2f} | "
        f"{cal.TRAJECTORIES_PER_CLIENT_TARGET:.2f} [CBS-JH21-2] |",
        f"| trajecten zonder verblijf | {_pct(trajectories - t.with_stay, trajectories)} | "
        f"{100 * cal.WITHOUT_STAY_TARGET:.0f} % [CBS-JH21-2] |",
    ]
    for code, name, share in cal.REFERRER_SHARES:
        lines.append(
            f"| verwijzer {code} {name} | {_pct(t.referrers[code], trajectories)} | "
            f"{100 * share:.1f} % [CBS-85096] |"
        )
    for label, _, _, share in cal.DURATION_BANDS:
        lines.append(
            f"| duur beëindigde trajecten {label} | {_pct(t.ended_bands[label], ended)} | "
            f"{100 * share:.1f} % [CBS-85096] |"
        )
    per_client = total // clients if clients else 0
    lines += [
        f"| kosten per cliënt per jaar | {_euro(per_client)} | {_euro(cal.COST_PER_CLIENT_LOW_CENTS)}-"
        f"{_euro(cal.COST_PER_CLIENT_HIGH_CENTS)} [B5] |",
        "",
        "Verschil in kosten per cliënt: het landelijke cijfer deelt alle jeugdzorguitgaven"
        " (ook jeugdbescherming, jeugdreclassering, pgb, lokale teams, overhead en producten"
        " die hier niet gesimuleerd zijn, zoals outputgericht in euro's) door het aantal jongeren;"
        " hier tellen alleen de gedeclareerde prestaties in het jaar zelf. De volumes per maand zijn"
        " geijkt op de tarieven"
        " (kalibratie B6/B9: ambulant ongeveer 3 uur per week, dagbehandeling ongeveer 4 dagdelen per"
        " week), maar blijven binnen de maximale volumes van de catalogus; die maxima houden het"
        " gedeclareerde bedrag per cliënt onder het landelijke cijfer. Crisis en diagnostiek lopen"
        " hoogstens één toewijzing; een outputproduct per toewijzing (eenheid 82, frequentie 6) wordt"
        " gedeclareerd in de laatste maand van de toewijzing.",
        "",
        "## Producten",
        "",
        "| product | prestaties | bedrag |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {c} | {t.lines_by_product[c]} | {_euro(t.amount_by_product[c])} |"
        for c in sorted(t.lines_by_product)
    ]
    lines += ["", "## Aanbieders", "", "| aanbieder (AGB) | prestaties | bedrag |", "|---|---:|---:|"]
    provider_names = {p.agb: p.name for p in facts.providers}
    lines += [
        f"| {provider_names.get(a, a)} ({a}) | {t.lines_by_provider[a]} | {_euro(t.amount_by_provider[a])} |"
        for a in sorted(t.lines_by_provider)
    ]
    lines += ["", "## Berichten en afwijkingen", "", "| soort | aantal |", "|---|---:|"]
    lines += [f"| {code} | {t.messages[code]} |" for code in sorted(t.messages)]
    lines += [
        f"| prestaties (totaal) | {t.claim_lines} |",
        f"| verzoeken (JW315) eind {ctx.year} nog onbeantwoord | {t.open_requests} |",
    ]
    lines += [f"| afwijking {kind} | {t.anomalies[kind]} |" for kind in sorted(t.anomalies)]
    if t.open_requests:
        lines += [
            "",
            f"Onbeantwoorde verzoeken: een JW315 van de laatste {cal.OPEN_REQUEST_DAYS} dagen van {ctx.year}"
            " is op 31 december nog niet beantwoord (de gemeente heeft 5 werkdagen, OP274): geen JW301 of"
            " JW319, geen declaraties, wel het verwijsrecord in `toegang/verwijzingen.csv` (zonder"
            " toewijzingnummer). Ze staan dus open in `zorgpad worklist` en `zorgpad answer`.",
        ]
    if facts.notes:
        lines += ["", "## Opmerkingen", ""] + [f"- {note}" for note in facts.notes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
