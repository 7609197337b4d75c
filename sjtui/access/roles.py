"""Who may do what beyond opening a record: the audit review is the auditor's.

The role comes from the signed-in identity (the token's claims, built by `sjtui.auth`): an
object with `roles` (a collection of role names). While no identity is known (the embedded
demo, a configuration without sign-in) the review covers the local journal only and the
organisation's events are not fetched; once an identity is known, only an auditor may open
the review at all.
"""

from __future__ import annotations

from collections.abc import Collection

AUDITOR_ROLE = "auditor"


def roles_of(identity: object | None) -> frozenset[str]:
    roles = getattr(identity, "roles", None)
    if isinstance(roles, str):
        return frozenset({roles})
    if isinstance(roles, Collection):
        return frozenset(str(r) for r in roles)
    return frozenset()


def may_review_audit(identity: object | None) -> bool:
    """The review screen (F10) and `audit export --from-server`: refused to a signed-in user
    without the auditor role; allowed (local journal only) when no identity is known."""
    return identity is None or AUDITOR_ROLE in roles_of(identity)


def may_read_organisation_audit(identity: object | None) -> bool:
    """The organisation's AuditEvents from the server: a signed-in auditor only."""
    return identity is not None and AUDITOR_ROLE in roles_of(identity)
