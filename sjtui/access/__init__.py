"""Access rules: the grant (legal basis) and the rule for private-marked data. No Textual."""

from sjtui.access.grant import (
    AccessDenied,
    Basis,
    BreakGlass,
    Clinician,
    Grant,
    make_grant,
    may_reveal_private,
    require_grant,
)

__all__ = [
    "AccessDenied",
    "Basis",
    "BreakGlass",
    "Clinician",
    "Grant",
    "make_grant",
    "may_reveal_private",
    "require_grant",
]
