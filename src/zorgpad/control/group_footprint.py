"""Group billing on the data a region has: precision and recall of the group rules per data situation.

Three situations are measured on a synthetic region (`benchmarks/group_detector.py`, docs/insights.md):

- with delivery records: ZP101 (one staff member, several clients, same date and start time in the
  providers' sessions) against the group sessions synth labels (`group_as_individual`);
- iJw only, the claims as synth writes them: ZP102 (identical, varying monthly volumes of several
  clients under one individual product) against the same labels. Synth bills a group member exactly as
  individual care, so the claims carry no trace of the group;
- iJw only, with a realistic footprint: groups as they show in claims when a provider runs a weekly
  group and bills every member as individual care — the same hours per month for every member, varying
  with the number of group weeks in the month (fewer in the summer holidays). `inject_footprint`
  rewrites the claims of chosen cohorts that way (amounts follow: volume x the line's tariff) and
  returns them as the truth; ZP102 is measured against it.

Scores count clients per provider and product (a flagged line counts its client once).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import duckdb

Member = tuple[str, str, str]  # (aanbieder, product_code, client_key)
GROUP_SIZE = 4
MIN_MONTHS = 4
HOURS_PER_SESSION = 2
SUMMER = {7: 2, 8: 2}  # group weeks in the summer holidays


@dataclass(frozen=True)
class Score:
    flagged: int
    true: int
    hits: int

    @property
    def precision(self) -> float | None:
        return self.hits / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.true if self.true else None


def score(flagged: set[Member], truth: set[Member]) -> Score:
    return Score(len(flagged), len(truth), len(flagged & truth))


def group_hours(month: dt.date) -> int:
    """Hours a weekly group (on Tuesdays) meets in a month: weeks x hours per session."""
    weeks = SUMMER.get(month.month)
    if weeks is None:
        weeks = sum(1 for week in calendar.monthcalendar(month.year, month.month) if week[calendar.TUESDAY])
    return weeks * HOURS_PER_SESSION


_CANDIDATES = """
WITH single AS (
    SELECT aanbieder, product_code, client_key, product_periode_begin AS month
    FROM claim_lines WHERE eenheid = '04' AND list_contains(?, product_code)
    GROUP BY ALL HAVING count(*) = 1 AND bool_and(debet_credit = 'D')
)
SELECT aanbieder, product_code, client_key, list(month ORDER BY month) AS months
FROM single GROUP BY ALL HAVING count(*) >= ?
ORDER BY aanbieder, product_code, client_key
"""


def inject_footprint(
    con: duckdb.DuckDBPyConnection, individual_products: list[str], groups: int, seed: int = 1
) -> set[Member]:
    """Rewrite the claims of up to `groups` cohorts of GROUP_SIZE clients (same provider, same individual
    product, at least MIN_MONTHS months in common with one debet line each) as a weekly group's footprint;
    returns the members."""
    rows = con.execute(_CANDIDATES, [individual_products, MIN_MONTHS]).fetchall()
    by_pair: dict[tuple[str, str], list[tuple[str, set[dt.date]]]] = {}
    for aanbieder, product, client, months in rows:
        by_pair.setdefault((aanbieder, product), []).append((client, set(months)))
    rng = random.Random(seed)
    pairs = sorted(by_pair)
    rng.shuffle(pairs)
    truth: set[Member] = set()
    made = 0
    for aanbieder, product in pairs:
        clients = by_pair[(aanbieder, product)]
        while len(clients) >= GROUP_SIZE and made < groups:
            first, months = clients[0]
            cohort = [first]
            for client, theirs in clients[1:]:
                if len(cohort) < GROUP_SIZE and len(months & theirs) >= MIN_MONTHS:
                    cohort.append(client)
                    months = months & theirs
            clients = [c for c in clients if c[0] not in cohort]
            if len(cohort) < GROUP_SIZE:
                continue
            for month in sorted(months):
                con.execute(
                    "UPDATE claim_lines SET geleverd_volume = ?, ingediend_bedrag = ? * product_tarief, "
                    "signed_bedrag = ? * product_tarief WHERE aanbieder = ? AND product_code = ? "
                    "AND product_periode_begin = ? AND list_contains(?, client_key)",
                    [group_hours(month)] * 3 + [aanbieder, product, month, cohort],
                )
            truth |= {(aanbieder, product, client) for client in cohort}
            made += 1
        if made >= groups:
            break
    return truth


def flagged(con: duckdb.DuckDBPyConnection, findings: object, rule: str) -> set[Member]:
    """The (provider, product, client) of the claim lines a rule flagged."""
    con.register("zp_group_findings", findings)
    try:
        rows = con.execute(
            "SELECT DISTINCT c.aanbieder, c.product_code, c.client_key FROM zp_group_findings f "
            "JOIN claim_lines c ON c.message_id = f.message_id AND c.position = f.position WHERE f.rule = ?",
            [rule],
        ).fetchall()
    finally:
        con.unregister("zp_group_findings")
    return {(str(a), str(p), str(c)) for a, p, c in rows}


def labelled(con: duckdb.DuckDBPyConnection, labels: list[tuple[str, str]], root: Path) -> set[Member]:
    """The (provider, product, client) of the claim lines synth labelled: (file, ReferentieNummer) pairs,
    the file relative to the synth folder as in truth.csv."""
    from zorgpad.control.recall import _relative

    paths = {
        str(m): _relative(str(p), root)
        for m, p in con.execute("SELECT message_id, path FROM messages").fetchall()
    }
    wanted = set(labels)
    rows = con.execute(
        "SELECT message_id, referentie_nummer, aanbieder, product_code, client_key FROM claim_lines "
        "WHERE debet_credit = 'D' AND list_contains(?, referentie_nummer)",
        [sorted({key for _, key in labels})],
    ).fetchall()
    return {(str(a), str(p), str(c)) for m, ref, a, p, c in rows if (paths.get(str(m)), str(ref)) in wanted}


def evaluate(work: Path, scale: float, seed: int, groups: int) -> dict[str, Score]:
    """Synth a Centraal Gelderland year in `work`, ingest it, and score the group rules per situation."""
    import csv
    import os
    import shutil

    from zorgpad.catalog import load_catalog
    from zorgpad.control.cli_support import load_policy
    from zorgpad.control.run import check
    from zorgpad.store import Store, ingest
    from zorgpad.synth.from_catalog import region_facts
    from zorgpad.synth.run import generate

    folder = work
    out, db, edited = folder / "synth", folder / "db.duckdb", folder / "footprint.duckdb"
    catalog = "centraal-gelderland"
    if not db.exists():
        generate(region_facts(load_catalog(catalog), 2025), out, 2025, seed=seed, scale=scale)
        os.environ.setdefault("ZORGPAD_PSEUDONYM_KEY", "group-footprint-evaluation-key-0123456789")
        ingest(out, db)
    with (out / "truth.csv").open(encoding="utf-8") as handle:
        labels = [(row["file"], row["key"]) for row in csv.DictReader(handle) if row["rule"] == "ZP101"]
    policy = load_policy(catalog)
    results: dict[str, Score] = {}
    with Store.open(db, read_only=True) as store:
        found = check(store.backend, store.present_tables(), policy).findings
        truth = labelled(store.connection, labels, out)
        results["leveringsgegevens (ZP101)"] = score(flagged(store.connection, found, "ZP101"), truth)
        results["alleen iJw, declaraties zoals synth ze schrijft (ZP102)"] = score(
            flagged(store.connection, found, "ZP102"), truth
        )
    shutil.copyfile(db, edited)
    individual = [
        p.code for p in load_catalog(catalog).products if p.setting == "individueel" and p.unit == "04"
    ]
    with Store.open(edited) as store:
        injected = inject_footprint(store.connection, individual, groups, seed)
        store.connection.execute("CHECKPOINT")
    with Store.open(edited, read_only=True) as store:
        found = check(store.backend, store.present_tables(), policy).findings
        results["alleen iJw, met een realistische groepsvoetafdruk (ZP102)"] = score(
            flagged(store.connection, found, "ZP102"), injected
        )
    return results
