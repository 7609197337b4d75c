"""Serving the demo FHIR server on a port with uvicorn (`sjtui demo-server`).

Loopback only unless the caller passes `allow_remote=True` (see `port.py`, which also serves
the sign-in pages of the in-process demo).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import uvicorn

from .app import create_app
from .port import KEEP_ALIVE_SECONDS, RemoteHostRefused, is_loopback, server_for

__all__ = ["KEEP_ALIVE_SECONDS", "RemoteHostRefused", "is_loopback", "make_server", "serve"]


def make_server(
    host: str = "127.0.0.1",
    port: int = 8080,
    fixtures_dir: Path | None = None,
    *,
    allow_remote: bool = False,
    log_level: str = "warning",
    app: Any = None,
) -> uvicorn.Server:
    """A configured (not yet running) uvicorn server for `app`, or for the demo over `fixtures_dir`."""
    if not allow_remote and not is_loopback(host):  # before building an app
        raise RemoteHostRefused(f"refusing to serve on {host}: not a loopback address (pass allow_remote to override)")
    return server_for(
        app if app is not None else create_app(fixtures_dir), host, port, allow_remote=allow_remote, log_level=log_level
    )


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    fixtures_dir: Path | None = None,
    *,
    allow_remote: bool = False,
    log_level: str = "warning",
) -> None:
    """Run until interrupted (Ctrl+C). Raises RemoteHostRefused for a non-loopback host."""
    make_server(host, port, fixtures_dir, allow_remote=allow_remote, log_level=log_level).run()
