"""The delivery-record spec: the columns a region can require providers to deliver, one row per session.

With these records the policy rules on group care (ZP101), indirect time (ZP103) and qualification
(ZP109) can be judged; without them only the iJw claims are there (docs/insights.md, "On which data a
figure rests"). The header names are the ones `zorgpad ingest` reads (`store/csv_sources.py`), so a
file that passes `zorgpad sessies check` is read without loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["agb", "tekst", "bsn", "datum", "tijd", "minuten", "keuze", "aantal", "productcode"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool
    meaning_nl: str
    choices: tuple[str, ...] = ()


STAFF_LEVELS = ("MBO", "HBO", "WO", "WO+")
SETTINGS = ("individueel", "groep")

COLUMNS: tuple[Column, ...] = (
    Column("aanbieder", "agb", True, "AGB-code van de aanbieder (8 cijfers)"),
    Column("medewerker", "tekst", True, "vaste code van de medewerker die de sessie leverde (geen naam)"),
    Column("opleidingsniveau", "keuze", True, "opleidingsniveau van de medewerker", STAFF_LEVELS),
    Column("bsn", "bsn", True, "BSN van de jeugdige (9 cijfers, elfproef)"),
    Column("datum", "datum", True, "datum van de sessie (JJJJ-MM-DD)"),
    Column("begintijd", "tijd", True, "begintijd van de sessie (UU:MM)"),
    Column("minuten", "minuten", True, "duur van de sessie met de jeugdige in minuten (1 tot 1440)"),
    Column("setting", "keuze", True, "individueel of groep", SETTINGS),
    Column("productcode", "productcode", True, "productcode waaronder de sessie valt (bijvoorbeeld 54B01)"),
    Column("groepsgrootte", "aantal", False, "aantal jeugdigen in de groep (bij setting groep, minstens 2)"),
    Column("toewijzingnummer", "aantal", False, "ToewijzingNummer van de toewijzing, als bekend"),
    Column("indirecte_minuten", "aantal", False, "indirecte cliëntgebonden tijd voor deze sessie in minuten"),
)
BY_NAME = {c.name: c for c in COLUMNS}
