"""The built-in control rules. Importing a module registers its rules in `zorgpad.control.registry`."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache


@cache
def load_builtin_rules() -> None:
    """Import every rule module once (each registers its rules as a side effect of the import)."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
