"""The catalogue file format (format version 1) as frozen pydantic models.

These models describe one catalogue version file exactly as a contract manager writes it. They check
structure and types only; the cross-checks between parts (overlapping tariffs, unknown codes, step-down
cycles, ...) live in `zorgpad.catalog.checks`, each with its own stable error code. Every field is
documented in docs/catalog.md (a test keeps that true).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zorgpad.catalog.triage_model import TriageTree

FORMAT_VERSION = "zorgpad-catalogus/1"

FundingVariant = Literal["inspanningsgericht", "outputgericht", "taakgericht"]
Complexity = Literal["laag", "midden", "hoog"]
CareTrack = Literal["jeugd-ggz", "jeugd-en-opvoedhulp", "overig"]
Setting = Literal["individueel", "groep"]
BillableTime = Literal["direct", "direct_en_indirect"]
VolumePeriod = Literal["week", "maand", "jaar", "toewijzing"]
PriorProvisionLaw = Literal["Zvw", "Wlz", "onderwijs", "Wmo"]
Purchasing = Literal["regionaal", "lokaal"]
FundingStream = Literal["jeugdwet", "jeugdbescherming", "jeugdreclassering", "onderwijs-zorg", "pgb"]
CostSharingMethod = Literal["inwoners-0-17", "gebruik", "vaste-verdeling"]

_CODE = r"^[0-9]{2}[A-Z0-9][0-9]{2}$"
_AGB = r"^[0-9]{8}$"
_CBS = r"^[0-9]{4}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Municipality(_Frozen):
    cbs_code: str = Field(pattern=_CBS)
    name: str


class Region(_Frozen):
    id: str
    name: str
    purchasing_body: str
    municipalities: tuple[Municipality, ...] = Field(min_length=1)


class StaffLevel(_Frozen):
    """A staff level a tariff can be set for (MBO, HBO, WO, WO+ regiebehandelaar)."""

    code: str
    name: str
    registration: tuple[str, ...] = ()


class CareNeedDomain(_Frozen):
    """A care-need domain (e.g. psychisch, opvoeding) that triage and the step-down rule match on."""

    code: str
    name: str


class CareForm(_Frozen):
    code: str
    name: str
    description: str = ""


class ReferralPolicy(_Frozen):
    """Who may refer for a product and for how long a referral and an allocation last."""

    allowed_referrers: tuple[str, ...]
    referral_term_months: int = Field(gt=0)
    max_allocation_months: int = Field(gt=0)
    extensions_without_referral: int = Field(default=0, ge=0)
    # How claim control treats care for a client a referrer sent without any referral on record (ZP112).
    missing_referral: Literal["signaal", "afkeur"] = "signaal"


class Tariff(_Frozen):
    """A dated tariff in eurocents per unit: one blended tariff, per staff level, or both."""

    valid_from: dt.date
    valid_to: dt.date | None = None
    blended: int | None = Field(default=None, ge=0)
    by_level: dict[str, int] = Field(default_factory=dict)
    source: str

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Description(_Frozen):
    target_group: str
    care_need: str
    intended_result: str


class GroupSize(_Frozen):
    min: int = Field(ge=1)
    max: int = Field(ge=1)


class MaxVolume(_Frozen):
    amount: int = Field(gt=0)
    per: VolumePeriod


class Qualification(_Frozen):
    min_staff_level: str | None = None
    registration: tuple[str, ...] = ()
    norm_werktoedeling: bool = False


class PriorProvision(_Frozen):
    law: PriorProvisionLaw
    reason: str


class Product(_Frozen):
    code: str = Field(pattern=_CODE)
    category: str
    care_form: str
    name: str
    description: Description
    care_track: CareTrack
    care_need_domains: tuple[str, ...] = Field(min_length=1)
    complexity: Complexity
    funding_variant: FundingVariant
    unit: str | None
    frequencies: tuple[str, ...] = ()
    setting: Setting
    group_size: GroupSize | None = None
    billable_time: BillableTime
    max_duration_months: int | None = Field(default=None, gt=0)
    max_volume: MaxVolume | None = None
    qualification: Qualification = Qualification()
    lighter_alternatives: tuple[str, ...] = ()
    prior_provision: PriorProvision | None = None
    funding_streams: tuple[FundingStream, ...] = ("jeugdwet",)
    referral: ReferralPolicy | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    tariffs: tuple[Tariff, ...] = Field(min_length=1)

    def is_valid_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


class LotPart(_Frozen):
    """One side of the knip: products (and complexity levels) bought regionally or locally."""

    purchasing: Purchasing
    complexity: tuple[Complexity, ...] = ()
    products: tuple[str, ...] = Field(min_length=1)
    description: str = ""


class Lot(_Frozen):
    code: str
    name: str
    parts: tuple[LotPart, ...] = Field(min_length=1)


class CostSharingKey(_Frozen):
    """How the municipalities share the cost of regionally bought care in a period (verdeelsleutel).

    `inwoners-0-17`: in proportion to `weights`, the number of young people aged 0-17 per municipality;
    `vaste-verdeling`: in proportion to `weights`, a fixed table agreed in the regulation; `gebruik`: each
    municipality pays for the care its own young people used (no weights).
    """

    valid_from: dt.date
    valid_to: dt.date | None = None
    method: CostSharingMethod
    weights: dict[str, int] = Field(default_factory=dict)
    source: str

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Provider(_Frozen):
    agb: str = Field(pattern=_AGB)
    name: str


class Budget(_Frozen):
    """A task-based (taakgericht) budget: a provider is paid a sum per year for the task of the products,
    not per claim. `municipality_shares` (CBS code -> weight) says how the municipalities share it;
    left out, they share it by their use of the products that year."""

    id: str
    provider: Provider
    products: tuple[str, ...] = Field(min_length=1)
    year: int = Field(ge=2000, le=2100)
    amount: int = Field(ge=0)
    municipality_shares: dict[str, int] = Field(default_factory=dict)
    source: str


class FundingShare(_Frozen):
    """How funding streams share the cost of products, e.g. an education-care arrangement (OZA) paid
    60% from the Jeugdwet and 40% from education: `shares` in whole percent, adding up to 100."""

    products: tuple[str, ...] = Field(min_length=1)
    shares: dict[FundingStream, int]
    valid_from: dt.date
    valid_to: dt.date | None = None
    source: str

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class ContractedProduct(_Frozen):
    """A product in a contract, with optional contract tariffs that replace the catalogue tariff."""

    code: str
    staff_levels: tuple[str, ...] = ()
    tariffs: tuple[Tariff, ...] = ()


class Subcontractor(_Frozen):
    agb: str = Field(pattern=_AGB)
    name: str
    products: tuple[str, ...] = Field(min_length=1)


class Contract(_Frozen):
    id: str
    provider: Provider
    lot: str | None = None
    valid_from: dt.date
    valid_to: dt.date | None = None
    municipalities: tuple[str, ...] | None = None
    products: tuple[ContractedProduct, ...] = Field(min_length=1)
    subcontractors: tuple[Subcontractor, ...] = ()
    must_deliver_lighter: bool = False
    source: str

    def is_valid_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class CatalogFile(_Frozen):
    """One published catalogue version, as written in its YAML file."""

    format: Literal["zorgpad-catalogus/1"]
    version: str
    published: dt.date
    valid_from: dt.date
    supersedes: str | None = None
    example_data: bool = False
    notice: str = ""
    region: Region
    staff_levels: tuple[StaffLevel, ...] = ()
    referral_policy: ReferralPolicy
    care_need_domains: tuple[CareNeedDomain, ...] = Field(min_length=1)
    care_forms: tuple[CareForm, ...] = Field(min_length=1)
    lots: tuple[Lot, ...] = ()
    products: tuple[Product, ...] = Field(min_length=1)
    contracts: tuple[Contract, ...] = ()
    cost_sharing: tuple[CostSharingKey, ...] = ()
    budgets: tuple[Budget, ...] = ()
    funding_shares: tuple[FundingShare, ...] = ()
    triage: TriageTree | None = None
