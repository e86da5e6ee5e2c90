"""Access control: accounts and roles, login and bearer tokens, scoping, audit trail.

The contract other parts code against: `Principal` (who is asking, with role and scope) and the
FastAPI dependency `require_principal` (401 in the app's error shape without a valid session cookie or
`Authorization: Bearer` token). See docs/access-control.md.
"""

from __future__ import annotations

from zorgpad.app.web.auth.gate import require_principal
from zorgpad.app.web.auth.principal import ROLES, Principal

__all__ = ["ROLES", "Principal", "require_principal"]
