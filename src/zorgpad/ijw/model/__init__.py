"""A typed model of the fourteen iJw 3.2 messages (pydantic v2, frozen), read from and written to XML.

Conventions (see `base`): fields are snake_case of the iJw element names with the exact name as
alias; field order follows the XSD; amounts are integer eurocents, dates `datetime.date`, times
`datetime.time`, codes `str` in their XSD lexical form; optional elements are `None`, repeated
elements are tuples (an optional wrapper that is absent is the empty tuple). A retour model
subclasses its heen model and adds ``retour_codes``.

    message = from_document(parse_file("JW323.xml"))   # -> Declaratiebericht
    xml = zorgpad.ijw.writer.to_xml(message)
"""

from __future__ import annotations

from zorgpad.errors import UserError
from zorgpad.ijw.model.antwoord import Antwoordbericht, AntwoordberichtRetour
from zorgpad.ijw.model.declaratie import DeclaratieAntwoordbericht, Declaratiebericht
from zorgpad.ijw.model.message import MessageModel
from zorgpad.ijw.model.read import ModelReadError, collector_paused, read_model
from zorgpad.ijw.model.startstop import StartZorg, StartZorgRetour, StopZorg, StopZorgRetour
from zorgpad.ijw.model.toewijzing import Toewijzing, ToewijzingRetour
from zorgpad.ijw.model.verzoek import (
    VerzoekOmToewijzing,
    VerzoekOmToewijzingRetour,
    VerzoekOmWijziging,
    VerzoekOmWijzigingRetour,
)
from zorgpad.ijw.reader import Document

Message = (
    Toewijzing
    | ToewijzingRetour
    | StartZorg
    | StartZorgRetour
    | StopZorg
    | StopZorgRetour
    | VerzoekOmToewijzing
    | VerzoekOmToewijzingRetour
    | VerzoekOmWijziging
    | VerzoekOmWijzigingRetour
    | Antwoordbericht
    | AntwoordberichtRetour
    | Declaratiebericht
    | DeclaratieAntwoordbericht
)

MESSAGE_MODELS: dict[str, type[MessageModel]] = {
    cls.code: cls
    for cls in (
        Toewijzing,
        ToewijzingRetour,
        StartZorg,
        StartZorgRetour,
        StopZorg,
        StopZorgRetour,
        VerzoekOmToewijzing,
        VerzoekOmToewijzingRetour,
        VerzoekOmWijziging,
        VerzoekOmWijzigingRetour,
        Antwoordbericht,
        AntwoordberichtRetour,
        Declaratiebericht,
        DeclaratieAntwoordbericht,
    )
}


def from_document(document: Document) -> Message:
    """The typed model of a parsed message; the class follows from the message code.

    Raises `ModelReadError` (code ``BERICHT-STRUCTUUR``) when the tree does not fit the model, which
    only happens for messages that also fail the XSD.
    """
    cls = MESSAGE_MODELS[document.message_type.code]
    with collector_paused():
        model = read_model(cls, document.root, document.source)
    if not isinstance(model, Message):  # narrows MessageModel to the union for the type checker
        raise UserError("BERICHT-TYPE", "Onbekend berichttype.", document.source)
    return model


__all__ = [
    "MESSAGE_MODELS",
    "Antwoordbericht",
    "AntwoordberichtRetour",
    "DeclaratieAntwoordbericht",
    "Declaratiebericht",
    "Message",
    "MessageModel",
    "ModelReadError",
    "StartZorg",
    "StartZorgRetour",
    "StopZorg",
    "StopZorgRetour",
    "Toewijzing",
    "ToewijzingRetour",
    "VerzoekOmToewijzing",
    "VerzoekOmToewijzingRetour",
    "VerzoekOmWijziging",
    "VerzoekOmWijzigingRetour",
    "from_document",
]
