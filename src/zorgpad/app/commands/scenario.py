"""`zorgpad scenario ...`: list the reforms and replay the declaration history under a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from zorgpad.app.console import output_console
from zorgpad.scenarios.params import euro

if TYPE_CHECKING:
    from zorgpad.catalog.model import CatalogFile
    from zorgpad.control.verdict import Verdicts
    from zorgpad.scenarios.engine import ScenarioResult
    from zorgpad.store.database import Store

scenario_app = typer.Typer(
    help="Scenario's: hervormingen van de productstructuur doorrekenen.", no_args_is_help=True
)
console = output_console()


@scenario_app.command("list")
def list_reforms(
    reform_file: list[Path] = typer.Option(
        [], "--reform-file", help="Eigen hervorming in YAML (ook meerdere)."
    ),
) -> None:
    """Toon alle hervormingen met hun parameters (standaard, laag en hoog)."""
    from zorgpad.scenarios.reform import reforms
    from zorgpad.scenarios.yamlfile import load_reform_file

    for path in reform_file:
        load_reform_file(path)
    for name, reform in sorted(reforms().items()):
        console.print(f"[bold]{name}[/] — {reform.title_nl} ({reform.origin})", highlight=False)
        console.print(f"  {reform.description_nl}", highlight=False)
        if reform.parameters:
            table = Table(show_header=True, box=None, padding=(0, 2))
            for header in ("parameter", "betekenis", "standaard", "laag", "hoog"):
                table.add_column(header)
            for p in reform.parameters:
                default = "verplicht" if p.required else p.show(p.default)
                table.add_row(p.name, p.description_nl, default, p.show(p.low) if p.varies else "",
                              p.show(p.high) if p.varies else "")  # fmt: skip
            console.print(table)


@scenario_app.command("run")
def run(
    db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
    catalog: str = typer.Option(
        ..., "--catalog", help="Catalogus van de basislijn (naam, naam@versie of pad)."
    ),
    reform: list[str] = typer.Option([], "--reform", help="NAAM of NAAM:k=v,k=v (herhaalbaar; in volgorde)."),
    reform_file: list[Path] = typer.Option([], "--reform-file", help="Eigen hervorming in YAML."),
    findings: Path | None = typer.Option(
        None, "--findings", help="findings.parquet van `zorgpad check`; zonder dit draait de controle hier."
    ),
    out: Path = typer.Option(
        Path("scenario"), "--out", help="Map voor regels, summary.json en de samenvatting."
    ),
    run_id: int | None = typer.Option(
        None, "--run", min=1, help="Controlerun (nummer) voor de basislijn; standaard de laatste."
    ),
) -> None:
    """Reken de declaratiehistorie door onder een scenario en vergelijk met wat is toegekend."""
    from zorgpad.app.options import output_folder
    from zorgpad.catalog.bundled import load_versions
    from zorgpad.scenarios.engine import Scenario
    from zorgpad.scenarios.html import write_html
    from zorgpad.scenarios.output import summary, write_lines, write_summary
    from zorgpad.scenarios.reform import parse_spec
    from zorgpad.scenarios.sensitivity import sensitivity
    from zorgpad.scenarios.yamlfile import load_reform_file
    from zorgpad.store.database import Store

    output_folder(out, "--out")
    for path in reform_file:
        load_reform_file(path)
    steps = tuple(parse_spec(spec) for spec in (reform or ["identiek"]))
    # A bundled name means every version of the region: each line is priced by the version in force.
    versions = load_versions(catalog)
    cat = versions[-1]
    with Store.open(db, read_only=True) as store:
        verdicts, basis = _verdicts(store, catalog, findings, run_id)
        scenario = Scenario.prepare(store.connection, [v.data for v in versions], verdicts)
        result = scenario.run(steps)
        rows = sensitivity(scenario, result)
    names = {
        "gemeente": {m.cbs_code: m.name for m in cat.region.municipalities},
        "aanbieder": {c.provider.agb: c.provider.name for c in cat.contracts},
        "product": {p.code: p.name for p in result.state.catalog.products},
        "zorgvorm": {c.code: c.name for c in cat.care_forms},
    }
    receipt = {"catalogus": cat.name, "catalogus_versie": " + ".join(v.version for v in versions),
               "catalogus_hash": cat.content_hash[:16],
               "basislijn": basis, "database": str(db)}  # fmt: skip
    data = summary(result, rows, names, receipt)
    knip = _knip(result, cat.data, out)
    if knip is not None:
        data["knip"] = knip
    write_lines(result, out)
    write_summary(data, out)
    title = " + ".join(step.label_nl() for step in steps)
    write_html(data, title, out)
    console.print(
        f"Basislijn (toegekend) {euro(result.baseline_total)}, scenario {euro(result.scenario_total)}, "
        "verschil "
        f"{euro(result.scenario_total - result.baseline_total)} over {result.lines.num_rows} regels. "
        f"Uitvoer in {out}.",
        highlight=False,
    )


def _knip(result: ScenarioResult, before: CatalogFile, out: Path) -> dict[str, object] | None:
    """When the scenario moves care across the knip (or changes the cost-sharing key): the Dutch table
    per municipality, the local contracts missing, the CSV files; the figures for summary.json."""
    from zorgpad.scenarios.knip import knip_effect
    from zorgpad.scenarios.knip_output import knip_table, missing_text, write_knip

    effect = knip_effect(result.lines, before, result.state.catalog)
    if not effect.changes_anything:
        return None
    console.print(knip_table(effect))
    for line in missing_text(effect):
        console.print(line, highlight=False)
    write_knip(effect, out)
    return effect.as_json()


def _verdicts(store: Store, catalog: str, findings: Path | None, run_id: int | None) -> tuple[Verdicts, str]:
    from zorgpad.control.engine import builtin_rules
    from zorgpad.control.verdict import verdicts
    from zorgpad.errors import UserError

    if findings is not None:
        import pyarrow.parquet as pq

        from zorgpad.errors import os_reason_nl

        try:
            table = pq.read_table(findings)
        except (OSError, ValueError) as error:
            # pyarrow's ArrowInvalid (not a Parquet file) is a ValueError.
            why = os_reason_nl(error) if isinstance(error, OSError) else "geen Parquet-bestand"
            raise UserError("SCN-BEVINDINGEN", f"Bevindingen niet te lezen: {why}.", str(findings)) from None
        return verdicts(table, builtin_rules()), f"toegekend volgens bevindingen {findings}"
    from zorgpad.control.runs import stored_verdicts
    from zorgpad.store.runs import chosen_run_id

    chosen = chosen_run_id(store.connection, run_id)  # a run the store lacks: RUN-ONBEKEND
    if chosen is not None:
        return stored_verdicts(
            store.connection, chosen
        ), f"toegekend volgens controlerun {chosen} in de database"
    from zorgpad.control.cli_support import load_policy
    from zorgpad.control.run import check

    result = check(store.backend, store.present_tables(), load_policy(catalog))
    return result.verdicts, "toegekend volgens de declaratiecontrole (afgewezen regels tellen niet mee)"


def register(app: typer.Typer) -> None:
    app.add_typer(scenario_app, name="scenario")
