"""One synthetic region-year: the entry point `generate()` used by the CLI, the demo and the tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from zorgpad.cells import safe_row
from zorgpad.errors import UserError
from zorgpad.synth import calibration as cal
from zorgpad.synth.anomalies import RULES, AnomalyRates
from zorgpad.synth.context import Context, Tally
from zorgpad.synth.delivery import deliver
from zorgpad.synth.emit import emit_municipality
from zorgpad.synth.facts import RegionFacts
from zorgpad.synth.open_requests import maybe_open_request
from zorgpad.synth.population import write_population
from zorgpad.synth.summary import write_summary
from zorgpad.synth.trajectories import draw_referrer, new_client, plan_trajectory, prevalence

Progress = Callable[[str, int, int], None]


def _trajectory_count(ctx: Context) -> int:
    pick = ctx.rng.random()
    for count, weight in cal.TRAJECTORY_COUNT_WEIGHTS:  # [CBS-JH21-2][I]: mean 1.4
        pick -= weight
        if pick <= 0:
            return count
    return 1


def generate(
    facts: RegionFacts,
    out: Path,
    year: int,
    seed: int,
    scale: float = 1.0,
    rates: AnomalyRates | None = None,
    progress: Progress | None = None,
    messages: bool = True,
    id_block: int = 0,
) -> Tally:
    """Simulate `year` for the region in `facts` and write everything under `out` (which must exist).

    `messages=False` skips the small messages (301/305/...) and writes only declarations, records
    and truth: the benchmark uses it to time the claim path alone. `id_block` numbers the identifiers
    apart for another year of the same region (`zorgpad.synth.years`).
    """
    check_year(year)
    if not 0 < scale <= 100:
        raise UserError(
            "SYNTH-SCHAAL", f"Schaal {scale} kan niet: kies een factor groter dan 0 en hoogstens 100."
        )
    ctx = Context(out, facts, year, seed, scale, rates or AnomalyRates())
    ctx.write_messages = messages
    ctx.start_ids(id_block)
    for provider in facts.providers:
        ctx.session_file(provider.agb)  # every provider's records file exists, even when empty
    never_light = _never_light_provider(ctx)
    if never_light is not None:
        ctx.never_light_codes = frozenset(facts.lighter_codes_of(never_light))
    try:
        for index, municipality in enumerate(facts.municipalities, start=1):
            ctx.municipality = municipality.code
            youth = round(municipality.inhabitants * cal.YOUTH_SHARE_OF_INHABITANTS * scale)
            share = prevalence(ctx, municipality)
            ctx.tally.prevalence[municipality.code] = share
            clients = round(youth * share)
            ctx.tally.youth[municipality.code] = youth
            for _ in range(clients):
                client = new_client(ctx, municipality)
                busy: dict[str, Any] = {}
                trajectories = []
                for _ in range(_trajectory_count(ctx)):
                    referrer = draw_referrer(ctx)
                    # A referrer or provider that does not fit is redrawn a few times, so the mean
                    # number of trajectories per client stays at its target.
                    for _attempt in range(4):
                        trajectory = plan_trajectory(ctx, client, busy, never_light, referrer)
                        if trajectory is not None:
                            trajectories.append(trajectory)
                            break
                if trajectories:
                    ctx.tally.clients[municipality.code] += 1
                for trajectory in trajectories:
                    deliver(ctx, trajectory)
                if ctx.write_messages:
                    maybe_open_request(ctx, client, trajectories, never_light)
            emit_municipality(ctx)
            if progress is not None:
                progress(municipality.name, index, len(facts.municipalities))
        if never_light is not None:
            ctx.truth.writerow(
                safe_row(("", never_light, "lighter_never_delivered", RULES["lighter_never_delivered"]))
            )
            ctx.tally.anomalies["lighter_never_delivered"] += 1
    finally:
        ctx.close()
        shutil.rmtree(out / ".spool", ignore_errors=True)
    write_summary(out / "summary.md", facts, ctx)
    write_population(out, facts, year, scale, ctx.tally.youth)
    return ctx.tally


def check_year(year: int) -> None:
    """iJw 3.2 messages exist from 2022 on (CS100)."""
    if not 2022 <= year <= 2100:
        raise UserError("SYNTH-JAAR", f"Jaar {year} kan niet: kies een jaar vanaf 2022 (iJw 3.2, CS100).")


def default_year(today: date | None = None) -> int:
    """The last year whose messages all lie in the past on `today`.

    A year's messages are dated up to early January of the next year (the December declarations on
    the 5th, stop messages a few days after 31 December), so until February the year before last is
    the latest whose Dagtekeningen are all in the past (TR135).
    """
    today = today or date.today()
    return today.year - 1 if today >= date(today.year, 2, 1) else today.year - 2


def _never_light_provider(ctx: Context) -> str | None:
    """ZP111: one provider that must deliver lighter products never gets clients for them."""
    if ctx.selector.quotas["beyond_max_duration"].rate <= 0:
        return None
    for provider in ctx.facts.providers:
        if provider.must_deliver_lighter and ctx.facts.lighter_codes_of(provider.agb):
            return provider.agb
    return None
