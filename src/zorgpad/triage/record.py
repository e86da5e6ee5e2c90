"""Store the triage advice with the referral: one row in the access team's referral file
(`toegang/*.csv`, the format `zorgpad ingest` reads), with the outcome and the advised products.

The referral's recorded care need (`zorgbehoefte_domein`, `complexiteit`) is the outcome's; the product
referred to (`productcode`, what is requested) is given, or else the first advised product. `zorgpad
ingest` keeps `triage_uitkomst` and `advies_producten` in the referral's `extra` columns, where the
indicator `advies-tegen-toewijzing` reads them.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from zorgpad.errors import UserError
from zorgpad.triage.engine import TriageResult

HEADER = (
    "bsn", "gemeente", "verwijsdatum", "verwijzer_type", "productcode", "aanbieder", "zorgbehoefte_domein",
    "complexiteit", "triage_uitkomst", "advies_producten",
)  # fmt: skip
ADVICE_OUTCOME = "triage_uitkomst"
ADVICE_PRODUCTS = "advies_producten"


def record_advice(
    path: Path,
    result: TriageResult,
    *,
    bsn: str,
    gemeente: str,
    referral_date: dt.date,
    referrer_type: str,
    product: str | None = None,
    aanbieder: str | None = None,
) -> dict[str, str]:
    """Append the referral with its advice to `path` (created with a header); returns the row."""
    outcome = result.outcome
    row = {
        "bsn": bsn, "gemeente": gemeente, "verwijsdatum": referral_date.isoformat(),
        "verwijzer_type": referrer_type, "productcode": product or outcome.products[0],
        "aanbieder": aanbieder or "", "zorgbehoefte_domein": outcome.domain,
        "complexiteit": outcome.complexity, ADVICE_OUTCOME: outcome.id,
        ADVICE_PRODUCTS: "+".join(outcome.products),
    }  # fmt: skip
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle), [])
        if tuple(header) != HEADER:
            raise UserError(
                "TRIAGE-VASTLEGGEN-KOP",
                f"{path} heeft andere kolommen dan een verwijzing met advies ({', '.join(HEADER)}); kies een "
                "nieuw bestand.",
                str(path),
            )
    elif not path.parent.is_dir():
        raise UserError("TRIAGE-VASTLEGGEN-MAP", "De map voor het verwijsbestand bestaat niet.", str(path))
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        if not exists:
            writer.writeheader()
        writer.writerow(row)
    return row
