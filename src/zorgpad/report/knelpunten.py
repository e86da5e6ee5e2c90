"""The knelpunten an indicator can inform, with the Dutch title and the question a board asks.

Keys are the `knelpunt` values of the indicator registry: `seed000:N` is knelpunt N of the market
consultation on treatment (Centraal Gelderland), `seed002:topic` a topic of the knip consultation
(Rijnmond).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Knelpunt:
    """A knelpunt, the question it puts to a board, and the indicators the board report shows for it."""

    title_nl: str
    question_nl: str
    board: tuple[str, ...] = ()


KNELPUNTEN: dict[str, Knelpunt] = {
    "seed000:4": Knelpunt(
        "Bekostiging en grip op de uitgaven",
        "Waar gaat het geld naartoe, en waar wordt gedeclareerd wat niet past bij toewijzing, contract of "
        "productstructuur?",
        board=(
            "clienten-per-1000-jeugdigen",
            "kosten-per-gemeente",
            "kosten-per-zorgvorm",
            "kosten-per-maand",
            "afgewezen-per-regel",
            "trajectduur-per-product",
        ),
    ),
    "seed000:1": Knelpunt(
        "Groepsbehandeling tegenover individuele behandeling",
        "Zetten aanbieders groepsbehandeling in die als individuele behandeling wordt gedeclareerd?",
        board=("groep-individueel-per-aanbieder",),
    ),
    "seed000:5": Knelpunt(
        "Directe en indirecte tijd",
        "Hoeveel van de gedeclareerde tijd is tijd met de cliënt, en hoeveel is indirecte tijd?",
        board=("directe-indirecte-tijd",),
    ),
    "seed000:6": Knelpunt(
        "Lichtere zorg en afschalen",
        "Wordt er afgeschaald naar lichtere zorg en naar begeleiding, en zijn er aanbieders die duurder zijn "
        "dan vergelijkbare aanbieders?",
        board=("op-en-afschalen", "kosten-per-client-uitschieters"),
    ),
    "seed000:9": Knelpunt(
        "Verwijzing en duur van zorgpaden",
        "Wie verwijst, en duren GGZ-trajecten anders dan trajecten jeugd- en opvoedhulp?",
        board=("verwijzersmix", "trajectduur-ggz-jo"),
    ),
    "seed000:12": Knelpunt(
        "Voorliggende voorziening",
        "Betaalt de gemeente jeugdhulp die een andere wet (zorgverzekering, onderwijs) eerst had moeten "
        "betalen?",
        board=("voorliggend-vermoeden",),
    ),
    "seed002:wachttijden": Knelpunt(
        "Wachttijden",
        "Hoe lang wachten kinderen tussen verwijzing en de start van de hulp?",
        board=("wachttijd-verwijzing-start",),
    ),
    "seed002:op-afschalen": Knelpunt(
        "Op- en afschalen",
        "Hoe stromen cliënten tussen producten, en waarom stoppen trajecten?",
        board=("uitstroom-per-reden",),
    ),
    "seed002:knip": Knelpunt(
        "De knip: regionaal en lokaal inkopen",
        "Welk deel van de uitgaven loopt via regionale en welk via lokale inkoop?",
        board=("knip-regionaal-lokaal",),
    ),
}
