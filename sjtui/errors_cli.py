"""Turn any exception into one plain line for the command line (no traceback, no personal data)."""

from __future__ import annotations


def describe(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    if isinstance(exc, OSError):
        return f"file or network error: {exc.strerror or type(exc).__name__}"
    text = str(exc)
    known = ("ConfigError", "KeyUnavailable", "WrongPassphrase", "CacheUnavailable", "AuditWriteError")
    if text and any(cls.__name__ in known for cls in type(exc).__mro__):  # their subclasses too
        return text
    return f"unexpected error ({type(exc).__name__}); nothing was lost. Run `sjtui doctor` for details."
