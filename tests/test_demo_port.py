"""Demo FHIR server on a real loopback port (uvicorn): one round trip, a dropped connection."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from sjtui.demo import create_app
from sjtui.demo.sample import sample_bundle
from sjtui.demo.server import (
    KEEP_ALIVE_SECONDS,
    RemoteHostRefused,
    is_loopback,
    make_server,
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def running() -> Iterator[tuple[str, object]]:
    app = create_app(bundles=[sample_bundle(n_labs=40)])
    port = _free_port()
    server = make_server("127.0.0.1", port, app=app, log_level="critical")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def test_serves_fhir_on_a_port_with_absolute_next_links(running) -> None:
    base, _app = running
    with httpx.Client(base_url=base, timeout=5) as c:
        r = c.get("/Observation", params={"patient": "poul", "_count": "10"}, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200
        assert r.headers["content-encoding"] == "gzip"
        nxt = next(link["url"] for link in r.json()["link"] if link["relation"] == "next")
        assert nxt.startswith(f"{base}/Observation?")
        assert c.get(nxt).json()["entry"][0]["fullUrl"].startswith(f"{base}/Observation/")


def test_dropped_connection_on_a_port(running) -> None:
    base, app = running
    app.state.faults.drop_after_handling_next(1, method="POST")
    event = {
        "resourceType": "AuditEvent",
        "recorded": "2025-01-01T10:00:00Z",
        "entity": [{"what": {"reference": "Patient/poul"}}],
    }
    with httpx.Client(base_url=base, timeout=5) as c:
        with pytest.raises(httpx.TransportError):
            c.post("/AuditEvent", json=event)
        assert c.get("/AuditEvent", params={"_summary": "count"}).json()["total"] == 2


def test_refuses_non_loopback_hosts_unless_allowed() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    with pytest.raises(RemoteHostRefused):
        make_server("0.0.0.0", 8080, app=create_app(bundles=[]))
    server = make_server("0.0.0.0", 8080, app=create_app(bundles=[]), allow_remote=True)
    assert server.config.timeout_keep_alive == KEEP_ALIVE_SECONDS >= 60
