"""Anomaly kinds, their expected rule codes, and evenly spread selection at configurable rates."""

from __future__ import annotations

import random
from dataclasses import dataclass

# kind -> expected rule or retourcode (docs/synth.md explains each).
RULES: dict[str, str] = {
    "claim_before_allocation": "9307",
    "claim_after_allocation": "9308",
    "volume_above_allocation": "9321",
    "duplicate_claim": "9389",
    "credit_without_debit": "8017",
    "tariff_not_contract": "0611",
    "amount_not_volume_x_tariff": "9346",
    "unknown_allocation": "9338",
    "group_as_individual": "ZP101",
    "beyond_max_duration": "ZP104",
    "beyond_max_volume": "ZP105",
    "expired_referral": "ZP106",
    "prior_provision": "ZP107",
    "lighter_alternative_fits": "ZP110",
    "lighter_never_delivered": "ZP111",
    "malformed_xsd": "XSD",
    "malformed_bsn": "CS002",
    "malformed_total": "TR358",
}
ALLOCATION_KINDS = (
    "beyond_max_duration",
    "beyond_max_volume",
    "expired_referral",
    "prior_provision",
    "lighter_alternative_fits",
)
LINE_KINDS = (
    "claim_before_allocation",
    "claim_after_allocation",
    "volume_above_allocation",
    "duplicate_claim",
    "credit_without_debit",
    "tariff_not_contract",
    "amount_not_volume_x_tariff",
    "unknown_allocation",
)
MALFORMED_KINDS = ("malformed_xsd", "malformed_bsn", "malformed_total")
# Faults in a first attempt of the other messages (301, 305, 307, 315, 317, 319): per message at a
# tenth of the declaration rate, since these messages are far more numerous [I].
MESSAGE_FAULTS = ("malformed_xsd", "malformed_bsn")
MESSAGE_FAULT_SHARE = 0.1


class Quota:
    """Picks eligible objects at `rate`, evenly spread (a seeded phase, then every 1/rate-th one)."""

    def __init__(self, rate: float, rng: random.Random) -> None:
        self.rate = rate
        self.level = rng.random()

    def take(self) -> bool:
        self.level += self.rate
        if self.level >= 1.0:
            self.level -= 1.0
            return True
        return False


@dataclass(frozen=True)
class AnomalyRates:
    """Rate per eligible object: claim lines, allocations, individual sessions, declarations, and
    allocations for the anomalies in starts, stops and requests."""

    line: float = 0.004
    allocation: float = 0.01
    group: float = 0.01
    malformed: float = 0.01
    care: float = 0.01  # per allocation with messages: a faulty extra start, stop or request (care_anomalies)

    @staticmethod
    def uniform(rate: float) -> AnomalyRates:
        return AnomalyRates(line=rate, allocation=rate, group=rate, malformed=rate, care=rate)


class Selector:
    """One quota per kind, all seeded from the run's RNG in a fixed order.

    Claim lines, the most numerous objects, share one quota at `line` x the number of line kinds: a
    line it picks gets the next line kind in turn that fits it (`line_kinds`), so each kind still
    comes at about `line` per claim line, for one check per line instead of eight.
    """

    def __init__(self, rates: AnomalyRates, rng: random.Random) -> None:
        self.quotas: dict[str, Quota] = {}
        self.line = Quota(min(1.0, rates.line * len(LINE_KINDS)), rng)
        self._next_line_kind = 0
        for kind in ALLOCATION_KINDS:
            self.quotas[kind] = Quota(rates.allocation, rng)
        self.group = self.quotas["group_as_individual"] = Quota(rates.group, rng)
        for kind in MALFORMED_KINDS:
            self.quotas[kind] = Quota(rates.malformed / len(MALFORMED_KINDS), rng)
        for kind in MESSAGE_FAULTS:
            share = rates.malformed * MESSAGE_FAULT_SHARE / len(MESSAGE_FAULTS)
            self.quotas[f"bericht:{kind}"] = Quota(share, rng)

    def take(self, kind: str) -> bool:
        return self.quotas[kind].take()

    def line_kinds(self) -> tuple[str, ...]:
        """The line kinds in turn, starting with the one after the last chosen."""
        start = self._next_line_kind
        return LINE_KINDS[start:] + LINE_KINDS[:start]

    def chose(self, kind: str) -> None:
        self._next_line_kind = (LINE_KINDS.index(kind) + 1) % len(LINE_KINDS)
