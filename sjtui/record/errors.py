"""Errors the record service raises. Each has a stable `code` the UI translates, and a plain
English `message` for logs and the command line. Messages never contain personal data."""

from __future__ import annotations


class ServiceError(Exception):
    code = "error"

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # technical detail shown on request ("details"), no personal data


class OfflineError(ServiceError):
    code = "offline"


class ServerError(ServiceError):
    code = "server"


class AuditFailed(ServiceError):
    """The audit journal could not be written: the record is not shown (fail closed)."""

    code = "audit-failed"


class AuditDamaged(AuditFailed):
    """The audit journal is damaged: no record opens until `sjtui audit repair` (fail closed)."""

    code = "audit-damaged"


class NotAuthorised(ServiceError):
    """No valid grant for this citizen (the record service refuses)."""

    code = "access-denied"
