"""The fourteen iJw 3.2 message types: code, VECOZO berichtcode, namespace, schema and retour pairing."""

from __future__ import annotations

from dataclasses import dataclass

NS_BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
NS_TEMPLATE = "http://www.istandaarden.nl/ijw/3_2/{prefix}/schema"


@dataclass(frozen=True)
class MessageType:
    """One iJw message type.

    `retour` is the retour message the receiver sends when a heen message is invalid
    (for JW323 the answer is a header-only JW325). `is_retour` marks the retour messages themselves.
    """

    code: str
    berichtcode: str
    name_nl: str
    retour: str | None
    is_retour: bool = False

    @property
    def prefix(self) -> str:
        return self.code.lower()

    @property
    def namespace(self) -> str:
        return NS_TEMPLATE.format(prefix=self.prefix)

    @property
    def xsd_file(self) -> str:
        return f"{self.code}.xsd"


_ALL = (
    MessageType("JW301", "436", "Toewijzing", "JW302"),
    MessageType("JW302", "437", "Toewijzing retour", None, is_retour=True),
    MessageType("JW305", "438", "Start zorg", "JW306"),
    MessageType("JW306", "439", "Start zorg retour", None, is_retour=True),
    MessageType("JW307", "440", "Stop zorg", "JW308"),
    MessageType("JW308", "441", "Stop zorg retour", None, is_retour=True),
    MessageType("JW315", "446", "Verzoek om toewijzing", "JW316"),
    MessageType("JW316", "447", "Verzoek om toewijzing retour", None, is_retour=True),
    MessageType("JW317", "486", "Verzoek om wijziging", "JW318"),
    MessageType("JW318", "487", "Verzoek om wijziging retour", None, is_retour=True),
    MessageType("JW319", "488", "Antwoordbericht", "JW320"),
    MessageType("JW320", "489", "Antwoordbericht retour", None, is_retour=True),
    MessageType("JW323", "490", "Declaratie", "JW325"),
    MessageType("JW325", "491", "Declaratie-antwoord", None),
)

MESSAGE_TYPES: dict[str, MessageType] = {m.code: m for m in _ALL}
BY_NAMESPACE: dict[str, MessageType] = {m.namespace: m for m in _ALL}


def message_type(code: str) -> MessageType:
    """The message type for a code such as ``"JW323"`` (KeyError when unknown)."""
    return MESSAGE_TYPES[code.upper()]
