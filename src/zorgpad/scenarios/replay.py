"""Replay the granted claim lines under a scenario: per line the baseline and scenario amount and why.

One DuckDB query joins every granted line (`baseline.LINES`) with the tariff tables of the baseline
and the scenario catalogue (`prices.py`) — no Python loop per line. Only what the reform changed is
recomputed, so the identity reform gives every line its granted amount to the cent:

- price: scenario = granted + sign x (paid volume x scenario price - volume x baseline price). A line
  whose declared tariff equals one of the baseline's per-level tariffs keeps that staff level; other
  lines are priced at the blended tariff or the mix-weighted per-level tariff.
- shift of care: a share of the paid volume is paid at the target product's price.
- a new or tighter maximum duration: the part of the line after the trajectory's start (allocation
  start or first claimed period) + N months is not paid.
- a new maximum volume per week/maand (per line) or per jaar/toewijzing (cumulative per trajectory),
  judged on the net volume of a trajectory's period, so a credit line mirrors its original.
- per trajectory (outputgericht): each trajectory (gemeente, aanbieder, ToewijzingNummer) is paid the
  trajectory price once, spread over its lines in proportion to their granted amounts (exact cents).
"""

from __future__ import annotations

import uuid

import duckdb
import pyarrow as pa

from zorgpad.scenarios.baseline import LINES
from zorgpad.scenarios.params import number_nl
from zorgpad.scenarios.prices import PriceTables
from zorgpad.scenarios.state import ScenarioState

_NUM = (
    "CASE WHEN round({0}, 2) = round({0}) THEN CAST(CAST(round({0}) AS BIGINT) AS VARCHAR) "
    "ELSE replace(CAST(round({0}, 2) AS VARCHAR), '.', ',') END"
)


def _entry(tag: str) -> str:
    """The most specific tariff entry of side `tag` for the line's product on the line's date."""
    return f"""
    SELECT l.line_id, e.entry_id, e.blended, e.mixed, e.label
    FROM {LINES} l JOIN {tag}_entries e
      ON e.product_code = l.product_code AND l.p_begin BETWEEN e.valid_from AND e.valid_to
     AND e.aanbieder IN ('', l.aanbieder) AND e.gemeente IN ('', l.gemeente)
    QUALIFY row_number() OVER (PARTITION BY l.line_id ORDER BY e.specificity DESC, e.valid_from DESC) = 1
    """


_VOLUME = """
vg AS (
    SELECT traj_id, p_begin, p_end, any_value(cap_per) AS cap_per, any_value(cap_volume) AS cap_volume,
        any_value(days) AS days, sum(sign * vol * days_in / days) AS net_g
    FROM dur WHERE cap_volume IS NOT NULL GROUP BY traj_id, p_begin, p_end
),
vc AS (
    SELECT *, coalesce(sum(net_g) OVER (
        PARTITION BY traj_id, CASE WHEN cap_per = 'jaar' THEN year(p_begin) ELSE 0 END
        ORDER BY p_begin, p_end ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_g
    FROM vg
),
vf AS (
    SELECT traj_id, p_begin, p_end,
        CASE WHEN net_g <= 0 THEN 1.0
             ELSE least(net_g, greatest(0, CASE cap_per
                    WHEN 'week' THEN cap_volume * days / 7.0
                    WHEN 'maand' THEN cap_volume * (date_diff('month', p_begin, p_end) + 1)
                    ELSE cap_volume - before_g END)) / net_g END AS f_vol
    FROM vc
),
capped AS (
    SELECT d.*, coalesce(vf.f_vol, 1.0) AS f_vol FROM dur d
    LEFT JOIN vf ON vf.traj_id = d.traj_id AND vf.p_begin = d.p_begin AND vf.p_end = d.p_end
),"""
_NO_VOLUME = "capped AS (SELECT *, 1.0 AS f_vol FROM dur),"

_TRAJECTORY = """
tt AS (
    SELECT traj_id, sum(base_cents) AS traj_total, count(*) AS traj_lines,
        arg_min(price_n, (p_begin, line_id)) AS traj_price
    FROM paid WHERE per_trajectory GROUP BY traj_id
),
tc AS (
    SELECT line_id, sum(base_cents) OVER (PARTITION BY traj_id ORDER BY p_begin, line_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_i
    FROM paid WHERE per_trajectory
),
traj AS (
    SELECT p.*, tt.traj_total, tt.traj_lines, tt.traj_price, tc.cum_i FROM paid p
    LEFT JOIN tt ON tt.traj_id = p.traj_id LEFT JOIN tc ON tc.line_id = p.line_id
),"""
_NO_TRAJECTORY = (
    "traj AS (SELECT *, NULL::BIGINT AS traj_total, NULL::BIGINT AS traj_lines, NULL::DOUBLE AS traj_price, "
    "NULL::BIGINT AS cum_i FROM paid),"
)


def _needs(base: PriceTables, new: PriceTables) -> tuple[bool, bool, bool]:
    """(duration, volume, trajectory): which parts of the replay this reform needs at all."""
    old = {(r["product_code"], r["cat_from"]): r for r in base.products.to_pylist()}
    duration = volume = trajectory = False
    for row in new.products.to_pylist():
        was = old.get((row["product_code"], row["cat_from"]), {})
        duration |= row["max_duration_months"] is not None and row["max_duration_months"] != was.get(
            "max_duration_months"
        )
        volume |= row["max_volume"] is not None and (row["max_volume"], row["max_volume_per"]) != (
            was.get("max_volume"),
            was.get("max_volume_per"),
        )
        trajectory |= (
            row["funding_variant"] == "outputgericht" and was.get("funding_variant") != "outputgericht"
        )
    return duration, volume, trajectory


def _sql(t: str, duration: bool, volume: bool, trajectory: bool) -> str:
    cap_end = (
        "(coalesce(l.alloc_start, l.first_day) + to_months(pn.max_duration_months) - INTERVAL 1 DAY)::DATE"
    )
    cap_end = (
        f"CASE WHEN pn.max_duration_months IS NOT NULL AND pn.max_duration_months IS DISTINCT FROM "
        f"pb.max_duration_months THEN {cap_end} END"
        if duration
        else "NULL::DATE"
    )
    return f"""
WITH
eb AS ({_entry(t + "_base")}),
en AS ({_entry(t + "_new")}),
sh AS (SELECT l.line_id, s.target, s.share, s.label AS shift_label
       FROM {LINES} l JOIN {t}_shifts s ON s.source = l.product_code),
tp AS (
    SELECT l.line_id, e.blended, e.mixed, e.label
    FROM {LINES} l JOIN {t}_shifts s ON s.source = l.product_code
    JOIN {t}_new_entries e ON e.product_code = s.target AND l.p_begin BETWEEN e.valid_from AND e.valid_to
     AND e.aanbieder IN ('', l.aanbieder) AND e.gemeente IN ('', l.gemeente)
    QUALIFY row_number() OVER (PARTITION BY l.line_id ORDER BY e.specificity DESC, e.valid_from DESC) = 1
),
kl AS (
    SELECT l.line_id, min(v.level) AS level
    FROM {LINES} l JOIN eb ON eb.line_id = l.line_id
    JOIN {t}_base_levels v ON v.entry_id = eb.entry_id AND v.tarief = l.product_tarief
    GROUP BY l.line_id
),
priced AS (
    SELECT l.*,
        coalesce(vb.tarief, eb.blended, eb.mixed) AS price_b,
        coalesce(vb.label, eb.label) AS label_b,
        coalesce(vn.tarief, en.blended, en.mixed) AS price_n,
        coalesce(vn.label, en.label) AS label_n,
        pb.care_form AS care_form_b, pn.care_form AS care_form_n,
        coalesce(kb.lot, pb.lot) AS lot_b, coalesce(kn.lot, pn.lot) AS lot_n,
        coalesce(kb.purchasing, pb.purchasing) AS purchasing_b,
        coalesce(kn.purchasing, pn.purchasing) AS purchasing_n,
        coalesce(l.complexity, pb.complexity) AS line_complexity,
        coalesce(pn.product_name, pb.product_name) AS product_name,
        pn.funding_variant = 'outputgericht'
            AND pb.funding_variant IS DISTINCT FROM 'outputgericht' AS per_trajectory,
        {cap_end} AS cap_end,
        pn.max_duration_months,
        CASE WHEN pn.max_volume IS NOT NULL AND (pn.max_volume IS DISTINCT FROM pb.max_volume
              OR pn.max_volume_per IS DISTINCT FROM pb.max_volume_per) THEN pn.max_volume END AS cap_volume,
        pn.max_volume_per AS cap_per,
        coalesce(sh.share, 0) * (tp.blended IS NOT NULL OR tp.mixed IS NOT NULL)::INT AS share,
        sh.target, sh.shift_label, coalesce(tp.blended, tp.mixed) AS price_t, tp.label AS label_t,
        tpn.care_form AS care_form_t, tpn.lot AS lot_t, tpn.purchasing AS purchasing_t,
        (l.p_end - l.p_begin + 1) AS days
    FROM {LINES} l
    LEFT JOIN eb USING (line_id) LEFT JOIN en USING (line_id) LEFT JOIN kl USING (line_id)
    LEFT JOIN sh USING (line_id) LEFT JOIN tp USING (line_id)
    LEFT JOIN {t}_base_levels vb ON vb.entry_id = eb.entry_id AND vb.level = kl.level
    LEFT JOIN {t}_new_levels vn ON vn.entry_id = en.entry_id AND vn.level = kl.level
    LEFT JOIN {t}_base_products pb ON pb.product_code = l.product_code
        AND l.p_begin BETWEEN pb.cat_from AND pb.cat_to
    LEFT JOIN {t}_new_products pn ON pn.product_code = l.product_code
        AND l.p_begin BETWEEN pn.cat_from AND pn.cat_to
    LEFT JOIN {t}_new_products tpn ON tpn.product_code = sh.target
        AND l.p_begin BETWEEN tpn.cat_from AND tpn.cat_to
    LEFT JOIN {t}_base_parts kb ON kb.product_code = l.product_code
        AND l.p_begin BETWEEN kb.cat_from AND kb.cat_to
        AND kb.complexity = coalesce(l.complexity, pb.complexity)
    LEFT JOIN {t}_new_parts kn ON kn.product_code = l.product_code
        AND l.p_begin BETWEEN kn.cat_from AND kn.cat_to
        AND kn.complexity = coalesce(l.complexity, pn.complexity, pb.complexity)
),
dur AS (
    SELECT *,
        CASE WHEN cap_end IS NULL THEN days
             ELSE greatest(0, least(p_end, cap_end) - p_begin + 1) END AS days_in
    FROM priced
),
{_VOLUME if volume else _NO_VOLUME}
paid AS (
    SELECT *, vol * days_in / days * f_vol AS vol_paid, vol * days_in / days AS vol_d,
        (1 - share) * price_n + share * coalesce(price_t, 0) AS price_eff
    FROM capped
),
{_TRAJECTORY if trajectory else _NO_TRAJECTORY}
amounts AS (
    SELECT *,
        CASE
          WHEN price_b IS NULL OR price_n IS NULL THEN base_cents
          WHEN per_trajectory THEN CASE WHEN traj_total <= 0 THEN 0 ELSE
              fdiv_(CAST(round(traj_price) AS BIGINT) * cum_i, traj_total)
              - fdiv_(CAST(round(traj_price) AS BIGINT) * (cum_i - base_cents), traj_total) END
          ELSE CAST(round(base_cents + sign * (vol_paid * price_eff - vol * price_b)) AS BIGINT)
        END AS scenario_cents,
        CASE WHEN price_b IS NOT NULL AND price_n IS NOT NULL AND NOT per_trajectory AND share > 0
             THEN CAST(round(sign * vol_paid * share * price_t) AS BIGINT) ELSE 0 END AS moved_cents
    FROM traj
)
SELECT message_id, position, referentie_nummer, gemeente, aanbieder, toewijzing_nummer,
    product_code, product_name,
    strftime(p_begin, '%Y-%m') AS month, debet_credit, vol AS volume, eenheid,
    care_form_b, care_form_n, lot_b, lot_n, purchasing_b, purchasing_n, line_complexity AS complexity,
    target AS target_product, care_form_t, lot_t, purchasing_t,
    price_b AS unit_price_baseline,
    CASE WHEN per_trajectory THEN NULL ELSE price_eff END AS unit_price_scenario,
    base_cents AS baseline_cents, scenario_cents, moved_cents,
    scenario_cents - base_cents AS difference_cents,
    coalesce(nullif(concat_ws('; ',
        CASE WHEN price_b IS NULL OR price_n IS NULL
             THEN 'product of tarief niet in de catalogus: ongewijzigd' END,
        CASE WHEN per_trajectory AND price_b IS NOT NULL AND price_n IS NOT NULL THEN
            label_n || ' per traject i.p.v. ' || label_b || ' per eenheid; verdeeld over '
            || traj_lines || ' declaratieregel(s) van het traject' END,
        CASE WHEN NOT per_trajectory AND price_n IS DISTINCT FROM price_b AND price_b IS NOT NULL THEN
            label_n || ' i.p.v. ' || label_b END,
        CASE WHEN NOT per_trajectory AND share > 0 THEN shift_label || ' (' || label_t || ')' END,
        CASE WHEN NOT per_trajectory AND days_in < days THEN
            'na de maximale duur van ' || max_duration_months || ' maanden: ' || days_in || ' van '
            || days || ' dagen vergoed' END,
        CASE WHEN NOT per_trajectory AND f_vol < 1 THEN
            'boven het maximale volume van ' || cap_volume || ' per ' || cap_per || ': '
            || {_NUM.format("vol_d * f_vol")} || ' van ' || {_NUM.format("vol_d")} || ' vergoed' END,
        CASE WHEN purchasing_n IS DISTINCT FROM purchasing_b THEN
            'inkoop ' || coalesce(purchasing_n, 'geen perceel') || ' i.p.v. '
            || coalesce(purchasing_b, 'geen perceel')
            || coalesce(' (perceel ' || lot_n || ')', '') END
    ), ''), 'ongewijzigd') AS reason
FROM amounts
ORDER BY line_id
"""


_FDIV = "CREATE OR REPLACE TEMP MACRO fdiv_(a, b) AS (a - (((a % b) + b) % b)) // b"


def _shifts(state: ScenarioState) -> pa.Table:
    rows = [
        {"source": s.source, "target": s.target, "share": s.share,
         "label": f"{number_nl(round(s.share * 100, 2))}% van het volume naar {s.target}"}
        for s in state.shifts
    ]  # fmt: skip
    schema = pa.schema(
        [("source", pa.string()), ("target", pa.string()), ("share", pa.float64()), ("label", pa.string())]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def replay(
    con: duckdb.DuckDBPyConnection, base: PriceTables, new: PriceTables, state: ScenarioState
) -> pa.Table:
    """Per granted line: baseline and scenario amount in eurocents, the attributes to group by, and why."""
    tag = f"zp_{uuid.uuid4().hex[:8]}"
    views = {
        f"{tag}_base_entries": base.entries, f"{tag}_base_levels": base.levels,
        f"{tag}_base_products": base.products, f"{tag}_new_entries": new.entries,
        f"{tag}_new_levels": new.levels, f"{tag}_new_products": new.products, f"{tag}_shifts": _shifts(state),
        f"{tag}_base_parts": base.parts, f"{tag}_new_parts": new.parts,
    }  # fmt: skip
    for name, table in views.items():
        con.register(name, table)
    try:
        con.execute(_FDIV)
        return con.execute(_sql(tag, *_needs(base, new))).fetch_arrow_table()
    finally:
        for name in views:
            con.unregister(name)
