"""Access enforcement for the demo backend, as a national backend would do it.

- `bearer.BearerMiddleware`: every FHIR request but `/metadata` needs a valid access token
  (401 with `WWW-Authenticate: Bearer` otherwise); the token's principal is put in a context
  variable for the handler.
- `gate.GatedHandler`: per request and per batch entry: the token's scopes must cover the
  interaction (403); a citizen's clinical data needs an access decision recorded by this user
  for this citizen within `DECISION_HOURS` (403); private-marked items (meta.security R) need a
  recorded break-the-glass decision (reads: 403; searches: the item is reduced to a stub that
  says only that something private-marked exists); AuditEvents written carry the agent from
  the token, whatever the client put in them.
- `decisions`: the access decisions, recorded by `POST [base]/$access-decision` (see there).
"""

from __future__ import annotations

from .bearer import BearerMiddleware, current_principal
from .decisions import DECISION_HOURS, DecisionStore
from .gate import GatedHandler

__all__ = ["DECISION_HOURS", "BearerMiddleware", "DecisionStore", "GatedHandler", "current_principal"]
