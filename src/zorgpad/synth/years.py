"""Several consecutive years of one synthetic region, so figures can be set against the year before.

The last year is generated exactly as a single year would be (same seed, same output). Each earlier
year is a run of its own, in a folder named after the year, with its identifiers numbered apart
(`Context.start_ids`) so one store holds all years without a shared BSN, message Identificatie,
ToewijzingNummer or ReferentieNummer. Clients are drawn afresh per year: the years are comparable in
size and use, not one population followed over time. An earlier year keeps each municipality's share
of young people with care, lowered by the national growth in use and a small municipal variation.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from zorgpad.errors import UserError
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.context import Tally
from zorgpad.synth.facts import RegionFacts
from zorgpad.synth.run import Progress, check_year, generate

MAX_YEARS = 3  # identifier blocks (context.ID_BLOCK)
# Youths with youth care +21 % from 2015 to 2021 [HVA-ASPECTU] (../shared/calibration.md §B1):
# about 3.2 % a year [I]. A municipality's own change varies around it by up to 4 % either way [I].
YEARLY_GROWTH = 1.032
MUNICIPAL_VARIATION = 0.04


def generate_years(
    facts_of: Callable[[int], RegionFacts],
    out: Path,
    last_year: int,
    years: int,
    seed: int,
    scale: float = 1.0,
    rates: AnomalyRates | None = None,
    progress: Progress | None = None,
) -> dict[int, Tally]:
    """Generate `years` consecutive years ending with `last_year`, each under `out/<year>/`.

    `facts_of(year)` gives the region's facts for a year (tariffs are dated). Returns each year's tally.
    """
    if not 1 <= years <= MAX_YEARS:
        raise UserError("SYNTH-JAREN", f"Kies 1 tot en met {MAX_YEARS} jaren; {years} kan niet.")
    check_year(last_year - years + 1)
    check_year(last_year)
    facts_by_year = {year: facts_of(year) for year in range(last_year - years + 1, last_year + 1)}
    for year, found in facts_by_year.items():
        if not found.contracts:
            raise UserError(
                "SYNTH-JAAR-CATALOGUS",
                f"De catalogus heeft in {year} geen geldige contracten; kies jaren die de catalogus dekt.",
            )
    tallies: dict[int, Tally] = {}
    folder = out / str(last_year)
    folder.mkdir(parents=True, exist_ok=True)
    last = generate(facts_by_year[last_year], folder, last_year, seed, scale, rates, progress)
    tallies[last_year] = last
    variation = random.Random(seed * 7919 + last_year)
    for back in range(1, years):
        year = last_year - back
        facts = facts_by_year[year]
        municipalities = tuple(
            replace(m, prevalence=_earlier_share(last.prevalence.get(m.code), back, variation))
            for m in facts.municipalities
        )
        folder = out / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        tallies[year] = generate(
            replace(facts, municipalities=municipalities),
            folder,
            year,
            seed + back,
            scale,
            rates,
            progress,
            id_block=back,
        )
    return dict(sorted(tallies.items()))


def _earlier_share(share: float | None, back: int, variation: random.Random) -> float | None:
    if share is None:
        return None  # a municipality the last year did not simulate: drawn as usual
    change = variation.uniform(1 - MUNICIPAL_VARIATION, 1 + MUNICIPAL_VARIATION)
    return share / YEARLY_GROWTH**back * change
