"""Who is asking: a `Principal` (name, role and scope) and the roles zorgpad knows."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES: dict[str, str] = {
    "regio": "regio (alles van de regio)",
    "gemeente": "gemeente (alleen de eigen gemeenten)",
    "aanbieder": "aanbieder (alleen de eigen AGB-codes)",
    "toegang": "toegangsteam (werklijst en status van cliënten van de eigen gemeenten)",
    "beheer": "beheer (accounts en audit; geen cliëntgegevens)",
}


@dataclass(frozen=True)
class Principal:
    """An authenticated user or API client. `gemeenten` (CBS codes) scope the roles `gemeente` and
    `toegang`; `aanbieders` (AGB codes) scope the role `aanbieder`; `regio` sees the whole region;
    `beheer` sees no client data."""

    name: str
    role: str
    gemeenten: frozenset[str] = field(default_factory=frozenset)
    aanbieders: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")

    @property
    def whole_region(self) -> bool:
        return self.role == "regio"

    @property
    def scope_text(self) -> str:
        """The scope as one line for the audit trail and the page header: `gemeente:0202,0228`."""
        if self.role in ("gemeente", "toegang"):
            return f"gemeente:{','.join(sorted(self.gemeenten))}"
        if self.role == "aanbieder":
            return f"aanbieder:{','.join(sorted(self.aanbieders))}"
        return self.role
