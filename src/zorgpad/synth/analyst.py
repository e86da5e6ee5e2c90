"""The synthetic region measured from its written iJw messages, as an analyst would, not from the
generator's internal model.

A trajectory is a chain of allocations (JW301, the latest version of each ToewijzingNummer) for one
client at one provider, where the next allocation starts within `CHAIN_DAYS` days of the end of the one
before. Its referrer is the Verwijzer/Type of the JW315 the first allocation answers (same provider and
ReferentieAanbieder), else the municipality (01: an allocation without a request is the municipality's
own decision). A trajectory has ended in the year when its last allocation ends on or before 31 December.
The figures compare with CBS (`zorgpad.synth.calibration`): referrer shares and duration bands of ended
trajectories.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

CHAIN_DAYS = 31
MUNICIPALITY = "01"
SHORT_DAYS = 91  # 0-3 months, as calibration.DURATION_BANDS
LONG_DAYS = 730  # more than two years


@dataclass(frozen=True)
class _Allocation:
    client: str
    provider: str
    reference: str | None
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class AnalystFigures:
    """What the messages of one year show."""

    trajectories: int
    by_municipality: float  # share of trajectories active in the year with the municipality as referrer
    ended: int
    ended_short: float  # share of the ended trajectories that lasted 0-3 months
    ended_long: float  # share that lasted more than two years


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    return found.text.strip() if found is not None and found.text else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _allocations(folder: Path) -> list[_Allocation]:
    latest: dict[tuple[str, str], tuple[str, _Allocation]] = {}
    for path in sorted((folder / "JW301").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        provider = _text(root, "{*}Header/{*}Ontvanger") or ""
        for client in root.iter("{*}Client"):
            bsn = _text(client, "{*}Bsn") or ""
            for product in client.iter("{*}ToegewezenProduct"):
                start = _date(_text(product, "{*}Ingangsdatum"))
                if start is None or _text(product, "{*}RedenWijziging") == "13":
                    continue
                number = _text(product, "{*}ToewijzingNummer") or ""
                version = (_text(product, "{*}Toewijzingsdatum") or "") + (
                    _text(product, "{*}Toewijzingstijd") or ""
                )
                allocation = _Allocation(
                    bsn, provider, _text(product, "{*}ReferentieAanbieder"), start,
                    _date(_text(product, "{*}Einddatum")),
                )  # fmt: skip
                key = (provider, number)
                if key not in latest or latest[key][0] <= version:
                    latest[key] = (version, allocation)
    return [allocation for _, allocation in latest.values()]


def _referrers(folder: Path) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for path in sorted((folder / "JW315").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        provider = _text(root, "{*}Header/{*}Afzender") or ""
        for product in root.iter("{*}AangevraagdProduct"):
            reference = _text(product, "{*}ReferentieAanbieder")
            kind = _text(product, "{*}Verwijzer/{*}Type")
            if reference and kind:
                found[(provider, reference)] = kind
    return found


def measure(out: Path, year: int) -> AnalystFigures:
    """The figures of `year` from the messages under `out/berichten` (a `zorgpad synth` output)."""
    folder = out / "berichten"
    referrers = _referrers(folder)
    chains: dict[tuple[str, str], list[_Allocation]] = defaultdict(list)
    for allocation in _allocations(folder):
        chains[(allocation.client, allocation.provider)].append(allocation)
    first_day, last_day = dt.date(year, 1, 1), dt.date(year, 12, 31)
    active = by_municipality = ended = short = long = 0
    trajectories: list[list[_Allocation]] = []
    for allocations in chains.values():
        allocations.sort(key=lambda a: a.start)
        current: list[_Allocation] = []
        reach: dt.date | None = None  # the latest end in the current chain (None: open)
        for allocation in allocations:
            if current and (reach is None or allocation.start <= reach + dt.timedelta(CHAIN_DAYS)):
                current.append(allocation)
                reach = None if reach is None or allocation.end is None else max(reach, allocation.end)
                continue
            if current:
                trajectories.append(current)
            current, reach = [allocation], allocation.end
        trajectories.append(current)
    for trajectory in trajectories:
        start = trajectory[0].start
        ends = [a.end for a in trajectory]
        stop = None if None in ends else max(e for e in ends if e is not None)
        if start > last_day or (stop is not None and stop < first_day):
            continue
        active += 1
        first = trajectory[0]
        by_municipality += (
            referrers.get((first.provider, first.reference or ""), MUNICIPALITY) == MUNICIPALITY
        )
        if stop is not None and stop <= last_day:
            ended += 1
            days = (stop - start).days + 1
            short += days <= SHORT_DAYS
            long += days > LONG_DAYS
    return AnalystFigures(
        trajectories=active,
        by_municipality=by_municipality / active if active else 0.0,
        ended=ended,
        ended_short=short / ended if ended else 0.0,
        ended_long=long / ended if ended else 0.0,
    )
