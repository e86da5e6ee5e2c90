"""The state threaded through one run: RNG, facts, counters, output writers and tallies."""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zorgpad.synth.anomalies import AnomalyRates, Selector
from zorgpad.synth.facts import RegionFacts
from zorgpad.synth.spool import Spool

REFERRAL_COLUMNS = (
    "traject", "gemeente", "bsn", "aanbieder", "toewijzingnummer", "productcode", "soort",
    "verwijzer_type", "verwijsdatum", "geldig_tot", "zorgbehoefte_domein", "complexiteit",
    "voorliggende_voorziening", "ingangsdatum", "einddatum",
)  # fmt: skip
TRUTH_COLUMNS = ("file", "key", "kind", "rule")
MESSAGE_CODES = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323")


@dataclass
class Tally:
    """Counts for summary.md and the calibration tests."""

    clients: Counter[str] = field(default_factory=Counter)  # per municipality
    youth: Counter[str] = field(default_factory=Counter)
    trajectories: Counter[str] = field(default_factory=Counter)
    referrers: Counter[str] = field(default_factory=Counter)
    with_stay: int = 0
    ended_bands: Counter[str] = field(default_factory=Counter)
    lines_by_product: Counter[str] = field(default_factory=Counter)
    amount_by_product: Counter[str] = field(default_factory=Counter)
    lines_by_provider: Counter[str] = field(default_factory=Counter)
    amount_by_provider: Counter[str] = field(default_factory=Counter)
    amount_by_municipality: Counter[str] = field(default_factory=Counter)
    messages: Counter[str] = field(default_factory=Counter)
    anomalies: Counter[str] = field(default_factory=Counter)
    claim_lines: int = 0


class Context:
    """One run's mutable state. Identifiers come from counters, so runs are reproducible."""

    def __init__(
        self, out: Path, facts: RegionFacts, year: int, seed: int, scale: float, rates: AnomalyRates
    ) -> None:
        self.out = out
        self.facts = facts
        self.year = year
        self.scale = scale
        self.rng = random.Random(seed)
        self.selector = Selector(rates, self.rng)
        self.spool = Spool(out / ".spool")
        self.tally = Tally()
        self.write_messages = True
        self._idents: Counter[tuple[str, str]] = Counter()
        self._allocation_numbers: Counter[str] = Counter()
        self._refs: Counter[str] = Counter()
        self.client_index = 0
        self.trajectory_index = 0
        self.rr_index: Counter[tuple[str, str]] = Counter()
        for folder in ("sessies", "toegang", *(f"berichten/{c}" for c in MESSAGE_CODES)):
            (out / folder).mkdir(parents=True, exist_ok=True)
        self._files: list[Any] = []
        self.referrals = self._csv(out / "toegang" / "verwijzingen.csv", REFERRAL_COLUMNS)
        self.truth = self._csv(out / "truth.csv", TRUTH_COLUMNS)

    def _csv(self, path: Path, columns: tuple[str, ...]) -> Any:
        handle = path.open("w", encoding="utf-8", newline="")
        self._files.append(handle)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        return writer

    def ident(self, code: str, sender: str) -> str:
        """BerichtIdentificatie, unique per message type per sender (TR056)."""
        self._idents[(code, sender)] += 1
        return f"{code[2:]}{self._idents[(code, sender)]:09d}"

    def allocation_number(self, municipality: str) -> int:
        """ToewijzingNummer, unique per municipality (TR332)."""
        self._allocation_numbers[municipality] += 1
        return 100_000 + self._allocation_numbers[municipality]

    def reference(self, provider: str, prefix: str) -> str:
        """ReferentieAanbieder or ReferentieNummer, unique per provider (TR347, TR314)."""
        self._refs[provider] += 1
        return f"{prefix}{self._refs[provider]:010d}"

    def label(self, file: Path, key: str, kind: str, rule: str) -> None:
        self.truth.writerow((file.relative_to(self.out).as_posix(), key, kind, rule))
        self.tally.anomalies[kind] += 1

    def close(self) -> None:
        for handle in self._files:
            handle.close()
        self._files.clear()
