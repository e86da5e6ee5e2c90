"""The knelpunten the dashboard groups indicators by, with the Dutch titles users know them by.

An indicator names its knelpunt as `seed000:4` (knelpunt 4 of the market consultation on Behandeling)
or `seed002:knip` (a topic of the consultation on the knip). The titles below are the consultations'
own headings; an id not listed here still gets a page, titled from the id itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from zorgpad.insights.registry import Indicator

_SEED000 = {
    "1": "Groepsbehandeling versus individuele behandeling",
    "2": "Productomschrijvingen aanpassen",
    "3": "Systeemgericht werken",
    "4": "Bekostiging",
    "5": "Wachttijden en directe/indirecte tijd",
    "6": "Inzetten op lichtere zorgvormen",
    "7": "Financiering",
    "8": "Specifieke producten",
    "9": "Maximale termijn verwijzing",
    "10": "Interventies",
    "11": "Delen van gegevens",
    "12": "Duidelijkheid voorliggende voorziening",
    "13": "Functie-eisen in lijn met de norm werktoedeling",
    "14": "Regionaal en lokaal, over alle onderdelen heen",
}

_SEED002 = {
    "knip": "De knip: regionaal en lokaal inkopen",
    "op-en-afschalen": "Op- en afschalen",
    "op-afschalen": "Op- en afschalen",
    "wachttijden": "Wachttijden",
}

_SOURCES = {
    "seed000": "Marktverkenning Behandeling, knelpunt",
    "seed002": "Marktconsultatie de knip",
}


@dataclass(frozen=True)
class Knelpunt:
    id: str
    title: str
    source: str
    order: tuple[str, int, str]

    @property
    def slug(self) -> str:
        """The knelpunt's id in a URL: `seed000:4` becomes `seed000-4`."""
        return self.id.replace(":", "-")


def knelpunt(id: str) -> Knelpunt:
    seed, _, key = id.partition(":")
    titles = _SEED000 if seed == "seed000" else _SEED002 if seed == "seed002" else {}
    title = titles.get(key) or key.replace("-", " ").capitalize() or id
    source = _SOURCES.get(seed, seed)
    if seed == "seed000":
        source = f"{source} {key}"
    number = int(key) if key.isdigit() else 999
    return Knelpunt(id, title, source, (seed, number, key))


def knelpunten(indicators: tuple[Indicator, ...]) -> list[tuple[Knelpunt, list[Indicator]]]:
    """The knelpunten that have indicators, in the consultations' order, each with its indicators."""
    grouped: dict[str, list[Indicator]] = {}
    for item in indicators:
        grouped.setdefault(item.knelpunt, []).append(item)
    found = sorted((knelpunt(key) for key in grouped), key=lambda k: k.order)
    return [(k, grouped[k.id]) for k in found]
