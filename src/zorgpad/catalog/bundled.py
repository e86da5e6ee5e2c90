"""Finding catalogues by name: the bundled examples (`name` or `name@version`) or a file path.

Bundled catalogues live in `bundled/<name>/<version>.yaml`. `name` alone means the latest version by
published date. Loaded catalogues are cached per file (path, size, mtime), so repeated loads are free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from zorgpad.catalog.issues import CatalogInvalidError
from zorgpad.catalog.loader import parse_file
from zorgpad.catalog.lookup import Catalog
from zorgpad.errors import UserError


@dataclass(frozen=True)
class BundledVersion:
    name: str
    version: str
    path: Path

    @property
    def address(self) -> str:
        return f"{self.name}@{self.version}"


def bundled_dir() -> Path:
    return Path(str(resources.files("zorgpad.catalog") / "bundled"))


@cache
def bundled_versions() -> tuple[BundledVersion, ...]:
    """Every bundled catalogue version, sorted by name and then oldest first (file name = version)."""
    found = [
        BundledVersion(folder.name, file.stem, file)
        for folder in sorted(bundled_dir().iterdir())
        if folder.is_dir()
        for file in sorted(folder.glob("*.yaml"))
    ]
    return tuple(found)


def bundled_names() -> tuple[str, ...]:
    return tuple(sorted({v.name for v in bundled_versions()}))


def resolve(address: str) -> tuple[Path, str]:
    """(file, display name) for a bundled name, `name@version`, or a path to a YAML file."""
    name, _, version = address.partition("@")
    versions = [v for v in bundled_versions() if v.name == name]
    if versions:
        if not version:
            latest = versions[-1]
            return latest.path, latest.address
        for candidate in versions:
            if candidate.version == version:
                return candidate.path, candidate.address
        known = ", ".join(v.address for v in versions)
        raise UserError(
            "CAT-NAAM-ONBEKEND", f"Catalogus {name} heeft geen versie {version}. Beschikbaar: {known}."
        )
    path = Path(address)
    if path.is_file():
        return path, str(path)
    listing = ", ".join(v.address for v in bundled_versions())
    raise UserError(
        "CAT-NAAM-ONBEKEND",
        f"'{address}' is geen meegeleverde catalogus en geen bestand. Meegeleverd: {listing}.",
    )


def load_versions(address: str | Path) -> tuple[Catalog, ...]:
    """Every version an address means, oldest first: a bundled name without `@` means all versions of
    that region (each valid from its `valid_from`); `name@version` or a path means that one."""
    if isinstance(address, str) and "@" not in address:
        versions = [v for v in bundled_versions() if v.name == address]
        if versions:
            return tuple(load_catalog(v.address) for v in versions)
    return (load_catalog(address),)


def version_on(catalogs: Sequence[Catalog], day: dt.date) -> Catalog:
    """The version in force on `day` (as `windows` cuts them): the newest whose `valid_from` has passed,
    else the oldest."""
    ordered = sorted(catalogs, key=lambda c: c.data.valid_from)
    started = [c for c in ordered if c.data.valid_from <= day]
    return started[-1] if started else ordered[0]


def load_catalog(address: str | Path) -> Catalog:
    """Load and validate a catalogue; raises `CatalogInvalidError` (a UserError with all issues)."""
    path, name = (Path(address), str(address)) if isinstance(address, Path) else resolve(address)
    try:
        stat = path.stat()
    except OSError as error:
        raise UserError("CAT-BESTAND", f"Bestand niet gevonden: {path}", str(path)) from error
    return _load_cached(path.resolve(), name, stat.st_size, stat.st_mtime_ns)


@cache
def _load_cached(path: Path, name: str, size: int, mtime_ns: int) -> Catalog:
    result = parse_file(path)
    if result.issues or result.data is None:
        raise CatalogInvalidError(path, list(result.issues))
    return Catalog(result.data, path, name, path.read_bytes())
