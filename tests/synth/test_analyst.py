"""Trajectories rebuilt from the iJw messages alone, as an analyst would (zorgpad.synth.analyst)."""

from __future__ import annotations

from pathlib import Path

from zorgpad.synth.analyst import measure

NS = 'xmlns:m="urn:m"'


def _jw301(
    folder: Path, name: str, provider: str, bsn: str, products: list[tuple[str, str, str, str]]
) -> None:
    rows = "".join(
        f"<m:ToegewezenProduct><m:ToewijzingNummer>{n}</m:ToewijzingNummer>"
        + (f"<m:ReferentieAanbieder>{ref}</m:ReferentieAanbieder>" if ref else "")
        + f"<m:Toewijzingsdatum>{start}</m:Toewijzingsdatum><m:Ingangsdatum>{start}</m:Ingangsdatum>"
        f"<m:Einddatum>{end}</m:Einddatum></m:ToegewezenProduct>"
        for n, ref, start, end in products
    )
    (folder / "JW301").mkdir(parents=True, exist_ok=True)
    (folder / "JW301" / name).write_text(
        f"<m:Bericht {NS}><m:Header><m:Ontvanger>{provider}</m:Ontvanger></m:Header>"
        f"<m:Client><m:Bsn>{bsn}</m:Bsn><m:ToegewezenProducten>{rows}</m:ToegewezenProducten></m:Client></m:Bericht>"
    )


def _jw315(folder: Path, provider: str, ref: str, kind: str) -> None:
    (folder / "JW315").mkdir(parents=True, exist_ok=True)
    (folder / "JW315" / f"{ref}.xml").write_text(
        f"<m:Bericht {NS}><m:Header><m:Afzender>{provider}</m:Afzender></m:Header><m:AangevraagdProduct>"
        f"<m:ReferentieAanbieder>{ref}</m:ReferentieAanbieder><m:Verwijzer><m:Type>{kind}</m:Type></m:Verwijzer>"
        "</m:AangevraagdProduct></m:Bericht>"
    )


def test_chains_referrers_and_durations(tmp_path: Path) -> None:
    folder = tmp_path / "berichten"
    # Client A at provider 1: two allocations 20 days apart form one trajectory of 2023-01-01..2025-06-30
    # (more than two years), referred by the huisarts (the JW315 the first allocation answers).
    _jw301(
        folder,
        "a.xml",
        "1",
        "A",
        [("1", "V1", "2023-01-01", "2024-12-31"), ("2", None, "2025-01-20", "2025-06-30")],
    )
    _jw315(folder, "1", "V1", "02")
    # Client B at provider 1: 60 days apart, so two trajectories; no request, so the municipality referred.
    _jw301(
        folder,
        "b.xml",
        "1",
        "B",
        [("3", None, "2025-01-01", "2025-02-28"), ("4", None, "2025-05-01", "2026-03-31")],
    )
    figures = measure(tmp_path, 2025)
    assert figures.trajectories == 3
    assert figures.by_municipality == 2 / 3
    assert figures.ended == 2  # A's and B's first; B's second runs into 2026
    assert figures.ended_short == 1 / 2 and figures.ended_long == 1 / 2
