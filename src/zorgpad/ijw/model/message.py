"""The root of every message model: a header plus the message's body, and its iJw message code."""

from __future__ import annotations

from typing import ClassVar

from zorgpad.ijw.messages import MessageType, message_type
from zorgpad.ijw.model.base import IjwModel


class MessageModel(IjwModel):
    """One whole message (the ``Bericht`` element). `code` is the iJw message code, e.g. ``JW301``."""

    code: ClassVar[str]

    @classmethod
    def message_type(cls) -> MessageType:
        return message_type(cls.code)
