"""The access team's worklist: every open request with its answer deadline, most urgent first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgpad.access.deadlines import Deadline, deadline
from zorgpad.access.pseudonyms import reference
from zorgpad.access.records import Request, open_requests
from zorgpad.store.database import Store


@dataclass(frozen=True)
class WorkItem:
    request: Request
    deadline: Deadline
    on: dt.date

    @property
    def client(self) -> str:
        return reference(self.request.client_key)

    @property
    def products(self) -> str:
        codes = {
            line.product_code or line.product_categorie or "?"
            for line in self.request.lines
            if line.kind != "ongewijzigd"
        }
        return ", ".join(sorted(codes))

    @property
    def status(self) -> str:
        return "in onderzoek" if self.request.in_onderzoek_since is not None else "open"

    def row(self) -> dict[str, str]:
        return {
            "bericht": self.request.message_type,
            "referentie": self.request.referentie_aanbieder,
            "gemeente": self.request.gemeente,
            "aanbieder": self.request.aanbieder,
            "cliënt": self.client,
            "product": self.products,
            "ontvangen": f"{self.request.dagtekening:%d-%m-%Y}",
            "status": self.status,
            "termijn": f"{self.deadline.due:%d-%m-%Y}",
            "regel": self.deadline.rule,
            "nog": self.deadline.status(self.on),
        }


def worklist(store: Store, on: dt.date) -> list[WorkItem]:
    items = [WorkItem(r, deadline(r), on) for r in open_requests(store.connection, on)]
    return sorted(items, key=lambda i: (i.deadline.due, i.request.referentie_aanbieder))
