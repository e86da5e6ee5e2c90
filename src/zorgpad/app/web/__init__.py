"""The web dashboard and JSON API (`zorgpad serve`); see docs/dashboard.md."""

from zorgpad.app.web.app import create_app

__all__ = ["create_app"]
