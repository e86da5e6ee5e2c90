"""Cross-checks on the cost-sharing keys (verdeelsleutels) of the regionally bought care."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise

from zorgpad.catalog.checks import Problem
from zorgpad.catalog.model import CatalogFile

_OPEN_END = dt.date.max


def check_cost_sharing(cat: CatalogFile) -> Iterator[Problem]:
    region = {m.cbs_code: m.name for m in cat.region.municipalities}
    keys = cat.cost_sharing
    for i, key in enumerate(keys):
        base = ("cost_sharing", i)
        if key.valid_to is not None and key.valid_to < key.valid_from:
            yield Problem(
                "CAT-VERDEELSLEUTEL-PERIODE",
                f"Verdeelsleutel {i + 1} eindigt ({key.valid_to}) vóór hij begint ({key.valid_from}).",
                (*base, "valid_to"),
            )
        if key.method == "gebruik":
            if key.weights:
                yield Problem(
                    "CAT-VERDEELSLEUTEL-GEWICHT",
                    "Een verdeelsleutel naar gebruik heeft geen gewichten: elke gemeente betaalt de zorg "
                    "die haar eigen jeugdigen gebruikten. Laat weights weg.",
                    (*base, "weights"),
                )
            continue
        for code, weight in key.weights.items():
            if code not in region:
                yield Problem(
                    "CAT-GEMEENTE-REGIO",
                    f"Verdeelsleutel {i + 1}: gemeente {code} hoort niet bij regio {cat.region.name}.",
                    (*base, "weights", code),
                )
            if weight < 0:
                yield Problem(
                    "CAT-VERDEELSLEUTEL-GEWICHT",
                    f"Verdeelsleutel {i + 1}: het gewicht van gemeente {code} is negatief ({weight}).",
                    (*base, "weights", code),
                )
        missing = [f"{region[c]} ({c})" for c in region if c not in key.weights]
        if missing:
            yield Problem(
                "CAT-VERDEELSLEUTEL-GEMEENTE",
                f"Verdeelsleutel {i + 1} ({key.method}) noemt geen gewicht voor {', '.join(missing)}: elke "
                "gemeente van de regio moet een gewicht hebben.",
                (*base, "weights"),
            )
        elif sum(key.weights.values()) <= 0:
            yield Problem(
                "CAT-VERDEELSLEUTEL-GEWICHT",
                f"Verdeelsleutel {i + 1}: de gewichten tellen op tot 0; er valt niets te verdelen.",
                (*base, "weights"),
            )
    ordered = sorted(range(len(keys)), key=lambda n: keys[n].valid_from)
    for before, after in pairwise(ordered):
        end = keys[before].valid_to or _OPEN_END
        if keys[after].valid_from <= end:
            yield Problem(
                "CAT-VERDEELSLEUTEL-OVERLAP",
                f"Verdeelsleutel {after + 1} begint ({keys[after].valid_from}) terwijl verdeelsleutel "
                f"{before + 1} nog geldt: per dag geldt één verdeelsleutel.",
                ("cost_sharing", after, "valid_from"),
            )
