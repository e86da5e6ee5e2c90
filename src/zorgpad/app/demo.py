"""The library behind `zorgpad demo`: the whole main job on a synthetic region, this year and last.

Generate a region's last two years (synth, each year in `regio/<year>/`), ingest them into a store,
check every claim line (with the catalogue), keep the findings beside the store for the dashboard, and
write the board report. Everything goes into one work folder that a rerun replaces.
`bundled_examples`/`run_demo` still validate the 14 iJw example messages shipped with the package (a
quick look at level-1/2 validation).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from zorgpad.errors import UserError
from zorgpad.ijw.messages import MESSAGE_TYPES
from zorgpad.ijw.validate import validate_path

if TYPE_CHECKING:
    from zorgpad.catalog.lookup import Catalog

DEFAULT_OUT = Path("zorgpad-demo")
DEFAULT_CATALOG = "centraal-gelderland"
DEFAULT_SEED = 2025
# A year whose messages all lie in the past (control's TR135 rejects a Dagtekening after today).
DEFAULT_YEAR = 2025
# A scale that finishes well within two minutes on a 2-core machine; --schaal grows the region.
DEFAULT_SCALE = 0.05
# This year and last year, so the dashboard and the report can set one against the other, when the
# catalogue covers last year too (`demo_years`); the bundled catalogues start in 2025.
DEFAULT_YEARS = 2
MARKER = ".zorgpad-demo"  # a rerun only ever removes a folder that an earlier demo made

Step = Callable[[str], None]


@dataclass(frozen=True)
class DemoOptions:
    out: Path = DEFAULT_OUT
    catalog: str = DEFAULT_CATALOG
    year: int = DEFAULT_YEAR
    seed: int = DEFAULT_SEED
    scale: float = DEFAULT_SCALE
    pdf: bool = False
    years: int = DEFAULT_YEARS  # consecutive years ending with `year`, each in regio/<year>/


@dataclass(frozen=True)
class DemoPaths:
    out: Path

    @property
    def region(self) -> Path:
        return self.out / "regio"

    @property
    def db(self) -> Path:
        return self.out / "zorgpad.duckdb"

    @property
    def control(self) -> Path:
        return self.out / "controle"

    @property
    def report(self) -> Path:
        return self.out / "bestuursrapportage.html"

    @property
    def report_pdf(self) -> Path:
        return self.out / "bestuursrapportage.pdf"


@dataclass(frozen=True)
class DemoRun:
    paths: DemoPaths
    options: DemoOptions
    timings: dict[str, float]


def prepare(out: Path) -> DemoPaths:
    """Empty the work folder: remove an earlier demo's folder, refuse to touch anything else."""
    if out.exists():
        if not out.is_dir():
            raise UserError("DEMO-MAP", "Het uitvoerpad bestaat al en is geen map.", str(out))
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise UserError(
                "DEMO-MAP-NIET-LEEG",
                "Deze map is niet leeg en is niet door een eerdere demo gemaakt; kies een andere --out.",
                str(out),
            )
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("Gemaakt door zorgpad demo; een nieuwe demo vervangt deze map.\n", "utf-8")
    return DemoPaths(out)


def run_main_demo(options: DemoOptions, step: Step | None = None) -> DemoRun:
    """Generate, ingest, check and report; returns where everything is and how long each step took."""
    import time

    from zorgpad.catalog import load_catalog

    note = step or (lambda _: None)
    catalog = load_catalog(options.catalog)
    paths = prepare(options.out)
    timings: dict[str, float] = {}
    actions: tuple[tuple[str, Callable[[], None]], ...] = (
        ("regio genereren", lambda: _synth(options, paths)),
        ("berichten inlezen", lambda: _ingest(paths)),
        ("declaraties controleren", lambda: _check(options, paths)),
        ("bestuursrapportage schrijven", lambda: _report(options, paths, catalog)),
    )
    for name, action in actions:
        note(name)
        started = time.perf_counter()
        action()
        timings[name] = time.perf_counter() - started
    return DemoRun(paths, options, timings)


def demo_years(options: DemoOptions) -> int:
    """How many years the demo makes: `options.years`, fewer when the catalogue has no contracts in
    the earlier ones (a year without contracts has no care to simulate)."""
    from zorgpad.catalog.bundled import load_versions
    from zorgpad.synth.from_catalog import region_facts

    versions = load_versions(options.catalog)
    years = options.years
    while years > 1 and not region_facts(versions, options.year - years + 1).contracts:
        years -= 1
    return years


def _synth(options: DemoOptions, paths: DemoPaths) -> None:
    from zorgpad.catalog.bundled import load_versions
    from zorgpad.synth.anomalies import AnomalyRates
    from zorgpad.synth.from_catalog import region_facts
    from zorgpad.synth.years import generate_years

    paths.region.mkdir()
    # Every version of the region, so each simulated year is priced by the version in force then.
    versions = load_versions(options.catalog)
    generate_years(
        lambda year: region_facts(versions, year),
        paths.region,
        options.year,
        demo_years(options),
        options.seed,
        options.scale,
        AnomalyRates.uniform(0.01),
    )


def _ingest(paths: DemoPaths) -> None:
    from zorgpad.store import ingest

    ingest(paths.region, paths.db)


def _check(options: DemoOptions, paths: DemoPaths) -> None:
    from zorgpad.control.cli_support import load_policy
    from zorgpad.control.outcome import run_outcome
    from zorgpad.control.service import check_and_record
    from zorgpad.store import Store

    policy = load_policy(options.catalog)
    # The run is stored (zorgpad.control.runs): the dashboard and the report read it from the store.
    with Store.open(paths.db) as store:
        recorded = check_and_record(store, policy, dt.date(options.year + 1, 1, 31), trigger="check")
    run_outcome(recorded, paths.control)


def _report(options: DemoOptions, paths: DemoPaths, catalog: Catalog) -> None:
    from zorgpad.insights.registry import InsightContext
    from zorgpad.report.build import write_report
    from zorgpad.store import Store

    with Store.open(paths.db, read_only=True) as store:
        ctx = InsightContext(store, catalog)
        write_report(ctx, paths.report)
        if options.pdf:
            write_report(ctx, paths.report_pdf)


# The bundled examples: the standard's own messages, with their known faults.


@dataclass(frozen=True)
class DemoLine:
    """The verdict on one example message."""

    path: Path
    code: str
    name_nl: str
    valid: bool
    rules: tuple[str, ...]


@dataclass(frozen=True)
class DemoSummary:
    lines: tuple[DemoLine, ...]

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def valid(self) -> int:
        return sum(line.valid for line in self.lines)

    @property
    def invalid(self) -> int:
        return self.total - self.valid


def bundled_examples() -> Path:
    """The folder of the 14 example messages shipped with the package."""
    return Path(str(resources.files("zorgpad.ijw") / "examples"))


def run_demo(folder: Path | None = None) -> DemoSummary:
    """Validate every example message (XSD, then level-2 rules) and collect the verdicts."""
    lines = []
    for path in sorted((folder or bundled_examples()).glob("*.xml")):
        result = validate_path(path)
        kind = MESSAGE_TYPES.get(result.message or "")
        lines.append(
            DemoLine(
                path=path,
                code=kind.code if kind else "?",
                name_nl=kind.name_nl if kind else "onleesbaar bestand",
                valid=result.valid,
                rules=tuple(sorted({f.rule for f in result.findings})),
            )
        )
    return DemoSummary(tuple(lines))
