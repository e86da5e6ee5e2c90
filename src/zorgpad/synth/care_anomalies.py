"""Anomalies in starts (JW305), stops (JW307) and requests (JW315, JW317): one per cross-message rule.

Now and then, after an allocation's ordinary messages, the provider sends one faulty extra message
that breaks one rule of `zorgpad.control.rules.ijw_care`, `ijw_request` or `ijw_message`, and only
that rule (a few break a second one by nature, and are labelled with both). Each extra message is
labelled in truth.csv with its file and Identificatie. The ordinary traffic stays clean: an extra
request is rejected by the municipality (JW319) the day after, so no later request waits for it
(TR374); a definitive extra stop goes only on an allocation whose own stop is not sent this year,
which would otherwise break TR415.

Which allocation gets which kind: one quota at `AnomalyRates.care` per allocation with messages; a
picked allocation gets, of the kinds that fit it, the one made least often so far (the first in
`KINDS` on a tie), so every kind comes about equally often although few allocations fit a request
anomaly. The quota draws from a random stream of its own and identifiers have their own ranges, so
the rest of the region is the same with or without these anomalies.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from zorgpad.synth.anomalies import Quota
from zorgpad.synth.messages_xml import _omvang, write_jw305, write_jw307, write_jw315, write_jw319
from zorgpad.synth.model import Allocation
from zorgpad.synth.xmlbase import closing, header

if TYPE_CHECKING:
    from zorgpad.synth.context import Context
    from zorgpad.synth.model import Trajectory

# kind -> the rules the extra message breaks (truth.csv gets one row per rule).
CARE_RULES: dict[str, tuple[str, ...]] = {
    "start_without_allocation": ("TR019",),
    "start_while_started": ("TR326",),
    "start_sent_twice": ("TR074", "TR326"),
    "identificatie_reused": ("TR056", "TR074", "TR326"),
    "removal_without_delivery": ("TR063",),
    "start_removed_after_stop": ("TR071",),
    "stop_other_begin": ("TR382",),
    "second_temporary_stop": ("TR413",),
    "stop_before_earlier_stop": ("TR414",),
    "stop_after_definitive_stop": ("TR415",),
    "reference_reused": ("TR347",),
    "request_while_pending": ("TR374",),
    "change_leaves_out_allocation": ("TR349",),
    "unchanged_unknown_allocation": ("TR350",),
    "change_unknown_allocation": ("TR351",),
    "retroactive_change": ("TR357",),
    "total_changed_mid_term": ("TR373",),
    "request_dated_in_future": ("TR135",),
    "request_to_unknown_municipality": ("TR378",),
    "request_code_outside_category": ("TR381",),
}
KINDS = tuple(CARE_RULES)
TEMPORARY, DEFINITIVE = "20", "31"  # RedenBeeindiging (JZ588): tijdelijk, volgens plan
UNKNOWN_MUNICIPALITY = "9999"  # no CBS code (TR378)
FUTURE = date(2099, 12, 31)  # a Dagtekening after any day the data will be checked (TR135)
TOTAL = "6"  # Frequentie: totaal binnen de geldigheidsduur van de toewijzing
SEED_SALT = 0x305307  # the own random stream: seeded from the run's seed, apart from its stream


class CareAnomalies:
    """The state of one run: the quota, whose turn it is, and the own identifier counters."""

    def __init__(self, rate: float, seed: int) -> None:
        self.quota = Quota(rate, random.Random(seed ^ SEED_SALT))
        self.made: Counter[str] = Counter()
        self._idents: Counter[tuple[str, str]] = Counter()
        self._refs: Counter[str] = Counter()
        self._numbers: Counter[str] = Counter()
        self.base = 0  # `start_ids`: another year of the same region numbers apart

    def start_ids(self, base: int) -> None:
        """Number this run's identifiers from `base` (`Context.start_ids`), as the rest of the run."""
        self.base = base

    def ident(self, code: str, sender: str) -> str:
        """An Identificatie unique per message type and sender, apart from `Context.ident`'s range."""
        self._idents[(code, sender)] += 1
        return f"{code[2:]}9{self.base + self._idents[(code, sender)]:08d}"

    def reference(self, provider: str) -> str:
        """A ReferentieAanbieder no other request of the provider uses (TR347)."""
        self._refs[provider] += 1
        return f"A{self.base + self._refs[provider]:010d}"

    def unknown_number(self, municipality: str) -> int:
        """A ToewijzingNummer the municipality never allocated (`Context.allocation_number` counts up
        from 100,001)."""
        self._numbers[municipality] += 1
        return 90_000_000 + self.base + self._numbers[municipality]

    def after_messages(
        self,
        ctx: Context,
        trajectory: Trajectory,
        allocation: Allocation,
        previous: Allocation | None,
        started_ident: str,
    ) -> None:
        """Maybe one anomaly on `allocation`, after its ordinary messages (`started_ident`: its JW305;
        `previous`: the trajectory's allocation before it)."""
        if not self.quota.take():
            return
        for kind in sorted(KINDS, key=lambda k: self.made[k]):  # stable: ties keep the order of KINDS
            sender = Sender(ctx, self, allocation, kind, started_ident, trajectory.referrer, previous)
            if _MAKERS[kind](sender, allocation):
                self.made[kind] += 1
                return


@dataclasses.dataclass
class Sender:
    """Writes the extra messages of one anomaly and labels the faulty one."""

    ctx: Context
    state: CareAnomalies
    allocation: Allocation
    kind: str
    started_ident: str
    referrer: str  # the trajectory's Verwijzer/Type, as in its own JW315 (ZP112 reads it)
    previous: Allocation | None  # the trajectory's allocation before this one

    @property
    def provider(self) -> str:
        return self.allocation.provider

    @property
    def gemeente(self) -> str:
        return self.allocation.client.municipality

    def faulty(
        self, code: str, render: Callable[[str], str], ident: str | None = None, receiver: str | None = None
    ) -> None:
        """Write the faulty message and label it with the kind's rules."""
        receiver = receiver or self.gemeente
        reused = ident is not None
        ident = ident or self.state.ident(code, self.provider)
        # A reused Identificatie gets a file name of its own: the first file stays.
        name = f"{self.provider}_{receiver}_{ident}{'-opnieuw' if reused else ''}.xml"
        self.ctx.outbox.write(code, name, render(ident))
        self.ctx.tally.messages[code] += 1
        for rule in CARE_RULES[self.kind]:
            self.ctx.label(f"berichten/{code}/{name}", ident, self.kind, rule)

    def reject(self, reference: str, on: date, municipality: str | None = None) -> None:
        """The municipality rejects the extra request (JW319), so no later request waits for it."""
        sender = municipality or self.gemeente
        ident = self.state.ident("JW319", sender)
        text = write_jw319(ident, on, sender, self.provider, reference, True)
        self.ctx.outbox.write("JW319", f"{sender}_{self.provider}_{ident}.xml", text)
        self.ctx.tally.messages["JW319"] += 1


def _long(allocation: Allocation) -> bool:
    return allocation.end > allocation.start + timedelta(days=20)


def _no_stop_this_year(s: Sender, allocation: Allocation) -> bool:
    return allocation.end > s.ctx.year_end and _long(allocation)


# -- starts ---------------------------------------------------------------------------------------------
def _start_without_allocation(s: Sender, a: Allocation) -> bool:
    other = dataclasses.replace(a, number=s.state.unknown_number(s.gemeente))
    s.faulty("JW305", lambda i: write_jw305(i, a.start + timedelta(days=4), other, a.start))
    return True


def _start_while_started(s: Sender, a: Allocation) -> bool:
    if not _long(a):
        return False
    s.faulty("JW305", lambda i: write_jw305(i, a.start + timedelta(days=4), a, a.start + timedelta(days=1)))
    return True


def _start_sent_twice(s: Sender, a: Allocation) -> bool:
    if not _long(a):
        return False
    s.faulty("JW305", lambda i: write_jw305(i, a.start + timedelta(days=4), a, a.start))
    return True


def _identificatie_reused(s: Sender, a: Allocation) -> bool:
    if not _long(a):
        return False
    # The start sent again a day later under the Identificatie of the first.
    s.faulty("JW305", lambda i: write_jw305(i, a.start + timedelta(days=4), a, a.start), s.started_ident)
    return True


def _removal_without_delivery(s: Sender, a: Allocation) -> bool:
    if not _long(a):
        return False
    begin = a.start + timedelta(days=1)  # no start with this Begindatum was sent
    s.faulty("JW305", lambda i: write_jw305(i, a.start + timedelta(days=4), a, begin, status="3"))
    return True


def _start_removed_after_stop(s: Sender, a: Allocation) -> bool:
    if a.end > s.ctx.year_end:
        return False
    s.faulty("JW305", lambda i: write_jw305(i, a.end + timedelta(days=4), a, a.start, status="3"))
    return True


# -- stops ----------------------------------------------------------------------------------------------
def _stop(s: Sender, a: Allocation, on: int, end: int, reason: str, *, faulty: bool, begin: int = 0) -> None:
    """A stop `on` days after the start, ending `end` days after it."""
    day, first, last = (a.start + timedelta(days=n) for n in (on, begin, end))
    if faulty:
        s.faulty("JW307", lambda i: write_jw307(i, day, a, first, last, reason))
        return
    ident = s.state.ident("JW307", s.provider)
    text = write_jw307(ident, day, a, first, last, reason)
    s.ctx.outbox.write("JW307", f"{s.provider}_{s.gemeente}_{ident}.xml", text)
    s.ctx.tally.messages["JW307"] += 1


def _stop_other_begin(s: Sender, a: Allocation) -> bool:
    if not _long(a):
        return False
    _stop(s, a, 5, 2, DEFINITIVE, faulty=True, begin=1)
    return True


def _second_temporary_stop(s: Sender, a: Allocation) -> bool:
    if not _long(a):
        return False
    _stop(s, a, 13, 10, TEMPORARY, faulty=False)
    _stop(s, a, 15, 12, TEMPORARY, faulty=True)
    return True


def _stop_before_earlier_stop(s: Sender, a: Allocation) -> bool:
    if not _no_stop_this_year(s, a):
        return False
    _stop(s, a, 14, 12, TEMPORARY, faulty=False)
    _stop(s, a, 15, 10, DEFINITIVE, faulty=True)
    return True


def _stop_after_definitive_stop(s: Sender, a: Allocation) -> bool:
    if not _no_stop_this_year(s, a):
        return False
    _stop(s, a, 13, 10, DEFINITIVE, faulty=False)
    _stop(s, a, 15, 12, DEFINITIVE, faulty=True)
    return True


# -- requests -------------------------------------------------------------------------------------------
# Extra requests go on an allocation that honoured a JW315, the day after its JW301: nothing of the
# client is pending then, and the allocation is the client's only actuele one at the provider.
def _last_quiet_day(s: Sender) -> date:
    return s.ctx.year_end - timedelta(days=10)  # open requests come in the year's last days


def _requested(s: Sender, a: Allocation) -> bool:
    honoured = a.kind == "instroom" and (a.request_ref or "").startswith("V")
    return honoured and a.decided_on < _last_quiet_day(s)


def _request(s: Sender, a: Allocation, on: date, *, receiver: str | None = None, category: str | None = None,
             reference: str | None = None, reject: bool = True) -> None:  # fmt: skip
    ref = reference or s.state.reference(s.provider)
    product = a.product if category is None else dataclasses.replace(a.product, category=category)
    client = a.client if receiver is None else a.client._replace(municipality=receiver)
    asked = dataclasses.replace(a, request_ref=ref, product=product, client=client)
    s.faulty("JW315", lambda i: write_jw315(i, on, asked, s.referrer, "01234567"), receiver=receiver)
    if reject:
        s.reject(ref, on + timedelta(days=1) if on < FUTURE else on, receiver)


def _reference_reused(s: Sender, a: Allocation) -> bool:
    if not _requested(s, a):
        return False
    # Settled by the JW301 that honoured it: no JW319 needed (and none allowed, TR359).
    _request(s, a, a.decided_on + timedelta(days=1), reference=a.request_ref, reject=False)
    return True


def _request_while_pending(s: Sender, a: Allocation) -> bool:
    if not _requested(s, a):
        return False
    _request(s, a, a.decided_on - timedelta(days=2))  # the JW315 honoured on `decided_on` still waits
    return True


def _request_dated_in_future(s: Sender, a: Allocation) -> bool:
    if not _requested(s, a):
        return False
    _request(s, a, FUTURE)
    return True


def _request_to_unknown_municipality(s: Sender, a: Allocation) -> bool:
    if not _requested(s, a):
        return False
    _request(s, a, a.decided_on + timedelta(days=1), receiver=UNKNOWN_MUNICIPALITY)
    return True


def _request_code_outside_category(s: Sender, a: Allocation) -> bool:
    if not _requested(s, a):
        return False
    other = next(c for c in ("45", "44") if c != a.product.category)
    _request(s, a, a.decided_on + timedelta(days=1), category=other)
    return True


def _change(s: Sender, a: Allocation, ongewijzigd: tuple[int, ...] = (), te_wijzigen: str = "",
            nieuw: str = "") -> None:  # fmt: skip
    """A JW317 the day after the allocation's JW301, rejected the day after."""
    on, ref, p = a.decided_on + timedelta(days=1), s.state.reference(s.provider), "jw317"
    kept = "".join(
        f"<{p}:OngewijzigdProduct><{p}:ToewijzingNummer>{n}</{p}:ToewijzingNummer></{p}:OngewijzigdProduct>"
        for n in ongewijzigd
    )
    body = (
        (f"<{p}:OngewijzigdeProducten>{kept}</{p}:OngewijzigdeProducten>" if kept else "")
        + (f"<{p}:TeWijzigenProducten>{te_wijzigen}</{p}:TeWijzigenProducten>" if te_wijzigen else "")
        + (f"<{p}:NieuweProducten>{nieuw}</{p}:NieuweProducten>" if nieuw else "")
    )

    def render(ident: str) -> str:
        return (
            f"{header('JW317', s.provider, s.gemeente, ident, on)}<{p}:Client>"
            f"<{p}:Bsn>{a.client.bsn}</{p}:Bsn><{p}:Verzoek><{p}:ReferentieAanbieder>{ref}</{p}:ReferentieAanbieder>"
            f"<{p}:RedenVerzoek>1</{p}:RedenVerzoek>{body}</{p}:Verzoek></{p}:Client>{closing('JW317')}"
        )

    s.faulty("JW317", render)
    s.reject(ref, on + timedelta(days=1))


def _to_change(a: Allocation, number: int, wanted: date, volume: int | None = None) -> str:
    p = "jw317"
    omvang = _omvang(p, a if volume is None else dataclasses.replace(a, volume=volume))
    return (
        f"<{p}:TeWijzigenProduct><{p}:ToewijzingNummer>{number}</{p}:ToewijzingNummer>"
        f"<{p}:GewensteIngangsdatum>{wanted.isoformat()}</{p}:GewensteIngangsdatum>"
        f"<{p}:Einddatum>{a.end.isoformat()}</{p}:Einddatum>{omvang}</{p}:TeWijzigenProduct>"
    )


def _change_leaves_out_allocation(s: Sender, a: Allocation) -> bool:
    # After a renewal or a step the previous allocation is still actuele when the new one is decided
    # (OP087): a change request naming only the new one leaves the previous one out.
    previous = s.previous
    if previous is None or previous.end <= a.decided_on or a.decided_on >= _last_quiet_day(s):
        return False
    _change(s, a, te_wijzigen=_to_change(a, a.number, a.start))
    return True


def _unchanged_unknown_allocation(s: Sender, a: Allocation) -> bool:
    if not _requested(s, a):
        return False
    unknown = s.state.unknown_number(s.gemeente)
    _change(s, a, ongewijzigd=(unknown,), te_wijzigen=_to_change(a, a.number, a.start))
    return True


def _change_unknown_allocation(s: Sender, a: Allocation) -> bool:
    if not _requested(s, a) or a.end <= a.start + timedelta(days=7):
        return False
    wanted = a.start + timedelta(days=7)
    unknown = _to_change(a, s.state.unknown_number(s.gemeente), wanted)
    _change(s, a, ongewijzigd=(a.number,), te_wijzigen=unknown)
    return True


def _retroactive_change(s: Sender, a: Allocation) -> bool:
    # Wanted from the request's own day, which is before the allocation's start: not its Ingangsdatum.
    if not _requested(s, a):
        return False
    _change(s, a, te_wijzigen=_to_change(a, a.number, a.decided_on + timedelta(days=1)))
    return True


def _total_changed_mid_term(s: Sender, a: Allocation) -> bool:
    if not _requested(s, a) or a.frequency != TOTAL or a.end <= a.start + timedelta(days=7):
        return False
    wanted = a.start + timedelta(days=7)  # in the future, but not from the Ingangsdatum
    _change(s, a, te_wijzigen=_to_change(a, a.number, wanted, volume=a.volume + 1))
    return True


_MAKERS: dict[str, Callable[[Sender, Allocation], bool]] = {
    "start_without_allocation": _start_without_allocation,
    "start_while_started": _start_while_started,
    "start_sent_twice": _start_sent_twice,
    "identificatie_reused": _identificatie_reused,
    "removal_without_delivery": _removal_without_delivery,
    "start_removed_after_stop": _start_removed_after_stop,
    "stop_other_begin": _stop_other_begin,
    "second_temporary_stop": _second_temporary_stop,
    "stop_before_earlier_stop": _stop_before_earlier_stop,
    "stop_after_definitive_stop": _stop_after_definitive_stop,
    "reference_reused": _reference_reused,
    "request_while_pending": _request_while_pending,
    "change_leaves_out_allocation": _change_leaves_out_allocation,
    "unchanged_unknown_allocation": _unchanged_unknown_allocation,
    "change_unknown_allocation": _change_unknown_allocation,
    "retroactive_change": _retroactive_change,
    "total_changed_mid_term": _total_changed_mid_term,
    "request_dated_in_future": _request_dated_in_future,
    "request_to_unknown_municipality": _request_to_unknown_municipality,
    "request_code_outside_category": _request_code_outside_category,
}
