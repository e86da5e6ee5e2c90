"""Every number the synthetic region is calibrated on, with the source key of ../shared/calibration.md.

Keys such as [CBS-85096] resolve in the source list of that file (section S); [I] marks an inference
or arithmetic on sourced numbers. Changing a number here changes the generator; the tests compare the
generated volumes with these same targets.
"""

from __future__ import annotations

# Young people 0-22 are roughly a quarter of the inhabitants: 4.47 M of ~17.9 M [CBS-JM24][I].
YOUTH_SHARE_OF_INHABITANTS = 0.25

# Share of 0-22 year olds with youth care in a year, per municipality between ~5 % and ~20 %,
# national 10.6 % (2023) [CBS-JM24][NIEUWS-2024][NHNIEUWS]; B9 suggests drawing in this range.
PREVALENCE_MIN = 0.05
PREVALENCE_MODE = 0.106
PREVALENCE_MAX = 0.20

# Trajectories per young person per year ~1.36-1.41 (2019-2021) [CBS-JH21-2][I]. Our mix of
# 1, 2 or 3 active trajectories gives a mean of 1.40.
TRAJECTORY_COUNT_WEIGHTS: tuple[tuple[int, float], ...] = ((1, 0.68), (2, 0.24), (3, 0.08))
TRAJECTORIES_PER_CLIENT_TARGET = 1.40

# Duration of ended trajectories 2021 (n = 292,825) [CBS-85096]: band (from, to in days) and share.
DURATION_BANDS: tuple[tuple[str, int, int, float], ...] = (
    ("0-3 maanden", 1, 91, 0.161),
    ("3-6 maanden", 92, 182, 0.172),
    ("6-12 maanden", 183, 365, 0.296),
    ("1-2 jaar", 366, 730, 0.233),
    ("2-3 jaar", 731, 1095, 0.067),
    ("3-4 jaar", 1096, 1460, 0.031),
    ("4 jaar of langer", 1461, 2190, 0.039),  # open band closed at 6 years [I]
)

# Referrer (COD327) per trajectory, all trajectories 2021 [CBS-85096]; normalised over the known
# referrers (the 0.8 % "onbekend" is left out) [I].
REFERRER_SHARES: tuple[tuple[str, str, float], ...] = (
    ("02", "Huisarts", 0.355),
    ("01", "Gemeentelijke toegang", 0.313),
    ("06", "Geen verwijzer (vrij toegankelijk)", 0.151),
    ("04", "Gecertificeerde instelling", 0.093),
    ("05", "Medisch specialist", 0.048),
    ("03", "Jeugdarts", 0.028),
    ("08", "Rechter / OvJ / JJI", 0.004),
)

# Share of trajectories with stay (verblijf): 6.1 % of begun trajectories in 2021 [CBS-JH21-2];
# 4.4 % of persons in 2021 [CBS-JH21-1]; B9 suggests ~94 % without stay.
STAY_SHARE = 0.061
WITHOUT_STAY_TARGET = 0.94

# Cost per young person with youth care per year, all forms incl. JB/JR and overhead:
# EUR 12.4 k (2019) to EUR 13.0 k (2022) [I from CBS-NWS2020, AEF, BB-2022].
COST_PER_CLIENT_LOW_CENTS = 1_240_000
COST_PER_CLIENT_HIGH_CENTS = 1_300_000

# Wait from referral to start of care. No national dataset [TROUW-WACHT]; provider examples 4-20
# weeks to intake plus up to 10 weeks to treatment [TWENTE]; historic norm 9 weeks [NRC-2007].
# We draw weeks from a triangular distribution (min, mode, max) [I].
WAIT_WEEKS_MIN = 0.0
WAIT_WEEKS_MODE = 6.0
WAIT_WEEKS_MAX = 22.0

# Term of a referral when the catalogue gives none: seeds ask for a maximum term "as health insurers
# do" (seed 000, knelpunt 9); we take 26 weeks [I].
DEFAULT_REFERRAL_TERM_DAYS = 182

# iJw deadlines used for message dates [BRIEF §1.1]: a 301 within 5 working days of a 315 (OP274),
# a 305/307 within 5 working days of the start/stop (OP271/OP272).
ANSWER_DAYS = 7
REGIE_DAYS = 7

# Share of requests (315) first put "in onderzoek" by a 319 before the 301 [I].
REQUEST_INVESTIGATED_SHARE = 0.05
# Requests still open at the end of the year: a JW315 is answered within 5 working days (OP274), so
# what arrives in the last days of December is unanswered on 31 December. The simulation sends about
# 0.45 JW315 per client per year (measured: centraal-gelderland 2025, scale 0.3, seed 1); over the last
# 5 days that is 0.45 x 5 / 365 = 0.6 % of the clients [I].
OPEN_REQUEST_DAYS = 5
OPEN_REQUEST_SHARE = 0.006
# Share of change requests (317) rejected by a 319 [I].
CHANGE_REJECTED_SHARE = 0.15
# Share of trajectories that step up or down to another product during care [I; seed 000 knelpunt 6/8].
STEP_SHARE = 0.12

# Allocated volume per month by unit (WJ756) before the product's maxima [I]: ambulant care about
# 3 hours a week incl. indirect time (GGZ tariffs cover both, B6 [DOCPLAYER-TARIEF]); day treatment about
# 4 dagdelen a week (the catalogue allows 5-10 a week for 41A00/41A03), with a ride (unit 84) each; a
# stay every night. Calibrated so that the declared cost per client approaches B5 with the catalogue's
# B6-based tariffs (B9: "calibrate unit volumes to B6 tariffs"); summary.md reports the outcome.
# An outputgericht product (82) delivers one output: per month, or once per allocation.
MONTHLY_VOLUME: dict[str, int] = {"01": 720, "04": 12, "14": 31, "16": 16, "84": 16, "82": 1}

# Share of allocations of a product that allows Frequentie 2 written per week instead of per month [I].
WEEKLY_SHARE = 0.25

# Delivered volume per month as a share of the allocated monthly volume (providers rarely use the
# whole allocation) [I]; calibrated so that cost per client lands near B5 for the two seed regions.
DELIVERY_SHARE_MIN = 0.55
DELIVERY_SHARE_MAX = 0.95

# How a stop ends (JZ588) when care ends as planned or early [I; CBS-EINDE21 has the categories].
STOP_REASONS: tuple[tuple[str, float], ...] = (
    ("31", 0.70),  # volgens plan
    ("32", 0.08),  # eenzijdig door de client
    ("33", 0.04),  # eenzijdig door de aanbieder
    ("34", 0.12),  # in overeenstemming
    ("35", 0.06),  # externe omstandigheden
)
