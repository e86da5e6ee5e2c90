"""JW319 Antwoordbericht (a municipality answers a JW315/JW317 request) and its retour JW320."""

from __future__ import annotations

from typing import ClassVar

from zorgpad.ijw.model.base import IjwModel, RetourCodes
from zorgpad.ijw.model.common import Header, RetourHeader
from zorgpad.ijw.model.message import MessageModel


class Woonplaatsbeginsel(IjwModel):
    """The municipality that is responsible instead (when the request is refused for that reason)."""

    gemeente: str


class Antwoord(IjwModel):
    """The answer to a request: granted/refused (WJ760) and why not (WJ759)."""

    referentie_aanbieder: str
    verzoek_antwoord: str
    reden_afwijzing_verzoek: str | None = None
    woonplaatsbeginsel: Woonplaatsbeginsel | None = None


class Antwoordbericht(MessageModel):
    """JW319: the municipality's answer to a JW315 or JW317."""

    code: ClassVar[str] = "JW319"
    header: Header
    antwoord: Antwoord


class WoonplaatsbeginselRetour(Woonplaatsbeginsel):
    """A JW320 Woonplaatsbeginsel with its retour codes."""

    retour_codes: RetourCodes


class AntwoordRetour(Antwoord):
    """The JW320 answer: the JW319 answer with retour codes."""

    woonplaatsbeginsel: WoonplaatsbeginselRetour | None = None
    retour_codes: RetourCodes


class AntwoordberichtRetour(MessageModel):
    """JW320: the provider's retour on a JW319."""

    code: ClassVar[str] = "JW320"
    header: RetourHeader
    antwoord: AntwoordRetour | None = None
