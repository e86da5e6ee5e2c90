"""Hypothesis strategies for VALID iJw 3.2 messages of all fourteen types.

Valid means: the XSD (types, lengths, patterns, code lists) and every level-2 rule (11-proef BSN,
coherent dates not after the Dagtekening, product shapes CD041/CD075-CD080 with Omvang or Budget,
no stacking, CD060/CD087 claim lines with debet and credit, CS325/CS337/CS339/CS340, TR101 no
duplicate lines, TR358/TR342 totals). Retour messages are their heen message with retour codes on
every part, or a header-only rejection. The building blocks live in `ijw.gen`, one module per
message family.
"""

from __future__ import annotations

from hypothesis import strategies as st

from ijw.gen.base import GEMEENTEN, bsn
from ijw.gen.declaratie import declaratie, declaratie_antwoord
from ijw.gen.retour import retour_of
from ijw.gen.toewijzing import toewijzing
from ijw.gen.verzoek import verzoek_om_toewijzing, verzoek_om_wijziging
from ijw.gen.zorg import antwoordbericht, start_zorg, stop_zorg
from zorgpad.ijw.model import MessageModel

HEEN: dict[str, st.SearchStrategy[MessageModel]] = {
    "JW301": toewijzing(),
    "JW305": start_zorg(),
    "JW307": stop_zorg(),
    "JW315": verzoek_om_toewijzing(),
    "JW317": verzoek_om_wijziging(),
    "JW319": antwoordbericht(),
    "JW323": declaratie(),
}

MESSAGES: dict[str, st.SearchStrategy[MessageModel]] = {
    **HEEN,
    "JW302": retour_of(HEEN["JW301"], "JW302"),
    "JW306": retour_of(HEEN["JW305"], "JW306"),
    "JW308": retour_of(HEEN["JW307"], "JW308"),
    "JW316": retour_of(HEEN["JW315"], "JW316"),
    "JW318": retour_of(HEEN["JW317"], "JW318"),
    "JW320": retour_of(HEEN["JW319"], "JW320"),
    "JW325": declaratie_antwoord(),
}

__all__ = ["GEMEENTEN", "HEEN", "MESSAGES", "bsn"]
