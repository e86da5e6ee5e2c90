"""The synthetic region's own population: the young people each municipality's clients were drawn from.

Written beside the messages as `bevolking/jeugdigen.csv` (one row per municipality and year), so the
store holds the population of the region it holds the care of, and figures per 1,000 young people of a
synthetic region rest on the same numbers the simulation used (`zorgpad.insights.population`), not on
an outside table.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from zorgpad.cells import safe_row
from zorgpad.synth import calibration as cal
from zorgpad.synth.facts import RegionFacts

FOLDER = "bevolking"
FILE = "jeugdigen.csv"
COLUMNS = ("gemeente", "naam", "jaar", "jeugdigen", "leeftijd", "bron")
AGE_BAND = "0-22"


def write_population(
    out: Path, facts: RegionFacts, year: int, scale: float, youth: Mapping[str, int]
) -> Path:
    """Write the simulated young people per municipality for `year`; returns the file."""
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    share = f"{cal.YOUTH_SHARE_OF_INHABITANTS * 100:.0f} %".replace(".", ",")
    source = (
        f"synthetisch (zorgpad synth): inwoners x {share} jeugdigen 0-22 jaar x schaal {scale:g}".replace(
            ".", ","
        )
    )
    path = folder / FILE
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for municipality in facts.municipalities:
            count = youth.get(municipality.code)
            if count is None:
                continue
            writer.writerow(
                safe_row((municipality.code, municipality.name, str(year), str(count), AGE_BAND, source))
            )
    return path
