"""Precision and recall of group-billing detection per data situation (docs/insights.md).

    .venv/bin/python benchmarks/group_detector.py --scale 0.02 [--groups 12] [--work DIR]

Not a speed benchmark: it measures what the group rules find with delivery records, with iJw claims as
synth writes them, and with iJw claims that carry a weekly group's footprint
(zorgpad.control.group_footprint).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from zorgpad.control.group_footprint import evaluate


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--groups", type=int, default=12)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="zp-groups-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"| gegevens | gemarkeerd | echt | terecht | precisie | recall |  "
        f"(schaal {args.scale}, seed {args.seed})"
    )
    print("|---|---|---|---|---|---|")
    for name, s in evaluate(work, args.scale, args.seed, args.groups).items():
        print(f"| {name} | {s.flagged} | {s.true} | {s.hits} | {_pct(s.precision)} | {_pct(s.recall)} |")


if __name__ == "__main__":
    main()
