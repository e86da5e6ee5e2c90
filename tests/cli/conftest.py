"""Fixtures of the command-line tests."""

from __future__ import annotations

from .entry import zorgpad

__all__ = ["zorgpad"]
