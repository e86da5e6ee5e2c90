"""The state threaded through one run: RNG, facts, counters, output writers and tallies."""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import IO, Any

from zorgpad.cells import safe_cell, safe_row
from zorgpad.synth.anomalies import MESSAGE_FAULTS, RULES, AnomalyRates, Selector
from zorgpad.synth.care_anomalies import CareAnomalies
from zorgpad.synth.facts import ProductFacts, RegionFacts
from zorgpad.synth.messages_xml import broken
from zorgpad.synth.spool import Declaration
from zorgpad.synth.xmlbase import Outbox

REFERRAL_COLUMNS = (
    "traject", "gemeente", "bsn", "aanbieder", "toewijzingnummer", "productcode", "soort",
    "verwijzer_type", "verwijsdatum", "geldig_tot", "zorgbehoefte_domein", "complexiteit",
    "voorliggende_voorziening", "ingangsdatum", "einddatum",
)  # fmt: skip
TRUTH_COLUMNS = ("file", "key", "kind", "rule")
# Identifiers per simulated year (Context.start_ids): BSN indices stay below 12.8 M (eight digits), so
# three blocks fit; ToewijzingNummer stays far below LDT_Nummer's 999,999,999.
ID_BLOCK = 4_000_000
MESSAGE_CODES = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323")


@dataclass
class Tally:
    """Counts for summary.md and the calibration tests."""

    clients: Counter[str] = field(default_factory=Counter)  # per municipality
    youth: Counter[str] = field(default_factory=Counter)
    prevalence: dict[str, float] = field(default_factory=dict)  # per municipality: the share drawn
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
    frequencies: Counter[str] = field(default_factory=Counter)  # allocations per Frequentie
    claim_lines: int = 0
    open_requests: int = 0  # JW315s received at the end of the year without an answer yet


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month of the simulated year, with its ISO dates and day ordinals precomputed."""

    number: int
    first: date
    last: date
    first_iso: str
    last_iso: str
    days: int
    first_ord: int
    last_ord: int


def months_of(year: int) -> tuple[Month, ...]:
    """Index 0 is unused, so that `months[m]` is month m."""
    result = [Month(0, date(year, 1, 1), date(year, 1, 1), "", "", 0, 0, 0)]
    for m in range(1, 13):
        first = date(year, m, 1)
        last = date(year + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        result.append(
            Month(
                m,
                first,
                last,
                first.isoformat(),
                last.isoformat(),
                last.day,
                first.toordinal(),
                last.toordinal(),
            )
        )
    return tuple(result)


class Context:
    """One run's mutable state. Identifiers come from counters, so runs are reproducible."""

    def __init__(
        self, out: Path, facts: RegionFacts, year: int, seed: int, scale: float, rates: AnomalyRates
    ) -> None:
        self.out = out
        self.facts = facts
        self.year = year
        self.scale = scale
        self.year_start, self.year_end = date(year, 1, 1), date(year, 12, 31)
        self.year_start_ord, self.year_end_ord = self.year_start.toordinal(), self.year_end.toordinal()
        self.mid_year = date(year, 7, 1)
        self.months = months_of(year)
        self.rng = random.Random(seed)
        self.selector = Selector(rates, self.rng)
        self.care = CareAnomalies(rates.care, seed)
        self.tally = Tally()
        self.write_messages = True
        self._idents: Counter[tuple[str, str]] = Counter()
        self._allocation_numbers: Counter[str] = Counter()
        self.refs: Counter[str] = Counter()  # per provider: the last ReferentieNummer/-Aanbieder number
        self.client_index = 0
        self.trajectory_index = 0
        self.id_base = 0  # see start_ids: another year of the same region numbers apart
        self.rr_index: Counter[tuple[str, str]] = Counter()
        for folder in ("sessies", "toegang", ".spool"):
            (out / folder).mkdir(parents=True, exist_ok=True)
        self.spool_folder = out / ".spool"
        self.outbox = Outbox(out, MESSAGE_CODES)
        self._files: list[IO[str]] = []
        # Access rows are rendered by delivery.py (csv_field quotes what needs it): one write per row.
        self.referrals = self._text(out / "toegang" / "verwijzingen.csv", REFERRAL_COLUMNS)
        self.truth = self._csv(out / "truth.csv", TRUTH_COLUMNS)
        self.session_files: dict[str, IO[str]] = {}
        # Filled per municipality by claims.py/emit.py: open declarations and their delivery records.
        self.municipality = ""  # CBS code of the municipality being simulated
        self.declarations: dict[tuple[str, int], Declaration] = {}
        self.by_provider: dict[str, list[Declaration | None]] = {}  # the same, per provider by month 1-12
        self.product_parts: dict[str, tuple[str, str]] = {}  # code -> (product_part, unit_part)
        # (gemeente, verwijzer) -> the products that referrer may refer to there, and the one-allocation
        # limits (days) among them; (gemeente, verwijzer, limits passed) -> (without, with stay) pools
        self.referable: dict[tuple[str, str], tuple[ProductFacts, ...]] = {}
        self.limits: dict[tuple[str, str], tuple[int, ...]] = {}
        self.pools: dict[
            tuple[str, str, int], tuple[tuple[ProductFacts, ...], tuple[ProductFacts, ...]] | None
        ] = {}
        self.never_light_codes: frozenset[str] = frozenset()  # ZP111: products the provider never gets

    def _csv(self, path: Path, columns: tuple[str, ...]) -> Any:
        handle = path.open("w", encoding="utf-8", newline="", buffering=1 << 16)
        self._files.append(handle)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        return writer

    def _text(self, path: Path, columns: tuple[str, ...]) -> IO[str]:
        handle = path.open("w", encoding="utf-8", newline="", buffering=1 << 16)
        self._files.append(handle)
        handle.write(",".join(columns) + "\n")
        return handle

    def session_file(self, agb: str) -> IO[str]:
        handle = self.session_files.get(agb)
        if handle is None:
            handle = (self.out / "sessies" / f"{agb}.csv").open("w", encoding="utf-8", buffering=1 << 16)
            handle.write(",".join(_SESSION_HEADER) + "\n")
            self.session_files[agb] = handle
            self._files.append(handle)
        return handle

    def start_ids(self, block: int) -> None:
        """Number this run's identifiers (BSN index, message Identificatie, ToewijzingNummer, references)
        from block `block` of ID_BLOCK, so several years of one region in one store never share one."""
        self.id_base = block * ID_BLOCK
        self.client_index = self.trajectory_index = self.id_base
        # Counters per key that start at the block (claims.py formats ctx.refs itself, in its hot loop).
        self._idents = _From(self.id_base)
        self._allocation_numbers = _From(self.id_base)
        self.refs = _From(self.id_base)
        self.care.start_ids(self.id_base)

    def ident(self, code: str, sender: str) -> str:
        """BerichtIdentificatie, unique per message type per sender (TR056)."""
        key = (code, sender)
        self._idents[key] += 1
        return f"{code[2:]}{self._idents[key]:09d}"

    def last_ident(self, code: str, sender: str) -> str:
        """The BerichtIdentificatie `ident` gave last for this message type and sender."""
        return f"{code[2:]}{self._idents[(code, sender)]:09d}"

    def allocation_number(self, municipality: str) -> int:
        """ToewijzingNummer, unique per municipality (TR332)."""
        self._allocation_numbers[municipality] += 1
        return 100_000 + self._allocation_numbers[municipality]

    def reference(self, provider: str, prefix: str) -> str:
        """ReferentieAanbieder or ReferentieNummer, unique per provider (TR347, TR314)."""
        self.refs[provider] += 1
        return f"{prefix}{self.refs[provider]:010d}"

    def label(self, name: str, key: str, kind: str, rule: str) -> None:
        """A truth row; `name` is the message file relative to the output folder."""
        self.truth.writerow(safe_row((name, key, kind, rule)))
        self.tally.anomalies[kind] += 1

    def send(self, code: str, sender: str, receiver: str, render: Callable[[str], str]) -> None:
        """Write one small message (rendered for its Identificatie); now and then a broken attempt first."""
        has_bsn = code != "JW319"
        for kind in MESSAGE_FAULTS:
            if (has_bsn or kind == "malformed_xsd") and self.selector.take(f"bericht:{kind}"):
                ident = self.ident(code, sender)
                name = f"{sender}_{receiver}_{ident}.xml"
                self.outbox.write(code, name, broken(code, render(ident), RULES[kind]))
                self.label(f"berichten/{code}/{name}", ident, kind, RULES[kind])
                self.tally.messages[code] += 1
                break
        ident = self.ident(code, sender)
        self.outbox.write(code, f"{sender}_{receiver}_{ident}.xml", render(ident))
        self.tally.messages[code] += 1

    def close(self) -> None:
        for handle in self._files:
            handle.close()
        self._files.clear()
        self.outbox.close()


class _From(Counter[Any]):
    """A Counter whose every key starts at `start` instead of 0."""

    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start

    def __missing__(self, key: Any) -> int:
        return self.start


@cache
def csv_field(value: str) -> str:
    """`value` as one CSV field, quoted as `csv.writer` would; cached (values come from the catalogue)."""
    value = safe_cell(value)
    if any(char in value for char in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


_SESSION_HEADER = ("aanbieder", "medewerker", "bsn", "datum", "begintijd", "minuten", "setting")
