"""The in-process demo with sign-in (`demo_auth = true`), made usable by a person: the demo
app is also served on a free loopback port, so the verification page the sign-in screen names
opens in a browser on this machine. Loopback only; a daemon thread that ends with the app."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

__all__ = ["serve_in_background"]


def serve_in_background(app: Any, *, start_timeout: float = 10.0) -> str | None:
    """Serve `app` on 127.0.0.1 (a free port); its base URL, or None if it did not start."""
    from sjtui.demo.port import server_for

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = server_for(app, "127.0.0.1", port, log_level="critical")
    thread = threading.Thread(target=server.run, name="sjtui-demo-pages", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            return None
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}"
