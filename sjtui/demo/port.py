"""A uvicorn server for an ASGI app on a loopback port (the demo server, its sign-in pages).

Loopback only unless the caller passes `allow_remote=True`: it is synthetic data, but a demo
server that quietly listens on every interface is a bad habit. A generous keep-alive (75 s,
like common reverse proxies) spares slow-link clients the stale-connection retries they would
otherwise hit after an idle pause.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import uvicorn

__all__ = ["KEEP_ALIVE_SECONDS", "RemoteHostRefused", "is_loopback", "server_for"]

KEEP_ALIVE_SECONDS = 75


class RemoteHostRefused(ValueError):
    """The host is not a loopback address and remote serving was not allowed."""


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def server_for(
    app: Any,
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    allow_remote: bool = False,
    log_level: str = "warning",
) -> uvicorn.Server:
    """A configured (not yet running) uvicorn server; `server.run()` blocks, `should_exit` stops."""
    if not allow_remote and not is_loopback(host):
        raise RemoteHostRefused(f"refusing to serve on {host}: not a loopback address (pass allow_remote to override)")
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        access_log=False,
        server_header=False,
        lifespan="off",
    )
    return uvicorn.Server(config)
