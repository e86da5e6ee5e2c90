"""The simulated objects: a client, a trajectory, and the allocations it consists of."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from zorgpad.synth.facts import ProductFacts


class Client(NamedTuple):
    """A young person with youth care in the simulated year (a tuple: made once per client, read often)."""

    bsn: str
    birth: date
    sex: str
    prefix: str
    surname: str
    initials: str
    municipality: str
    house_number: int
    postcode: str


@dataclass(slots=True)
class Allocation:
    """One ToegewezenProduct (JW301) and what happened under it.

    `anomaly` names an allocation-level anomaly (ZP104, ZP106, ZP107, ZP110) whose claim lines are
    labelled in truth.csv; None for clean allocations.
    """

    number: int
    client: Client
    provider: str
    product: ProductFacts
    start: date
    end: date
    monthly_volume: int  # expected volume per full month, whatever the frequency
    decided_on: date
    kind: str  # instroom | verlenging | opschaling | afschaling
    request_ref: str | None = None
    stop_reason: str | None = None  # JZ588 when care under it stops (JW307)
    anomaly: str | None = None
    labelled_from: date | None = None  # first day whose claims carry the anomaly (ZP104)
    frequency: str = "4"  # WMO757 in the Omvang: 4 per month, 2 per week, 6 total within the allocation
    volume: int = 0  # allocated Volume per `frequency`


@dataclass(slots=True)
class Trajectory:
    """Care of one client at one provider from referral to end, possibly stepping between products."""

    ident: str
    client: Client
    provider: str
    referrer: str
    referral_date: date
    referral_term_end: date | None
    domain: str
    complexity: int
    start: date
    end: date
    prior_provision: str = "geen"
    allocations: list[Allocation] = field(default_factory=list)
