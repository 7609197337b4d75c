"""The demo backend's fault mode: the `--faults` syntax, and what each fault puts on the wire."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from sjtui.cli import main
from sjtui.demo import create_app
from sjtui.demo.fault_wire import CAPTIVE_PORTAL_PAGE
from sjtui.demo.faults import FaultPlan, FaultSpecError
from sjtui.demo.server import make_server


def test_a_spec_becomes_rules() -> None:
    plan = FaultPlan.from_spec(
        "status=503,retry-after=86400,n=2; html ;reject-param=_sort;deep=5000,path=Observation;"
        "huge=10MB,path=/Binary;stall=30,mid-body=no;behind-proxy=http://in:8080/fhir,declared=no"
    )
    kinds = [(r.kind, r.remaining) for r in plan.rules]
    assert kinds == [
        ("fail", 2),
        ("fail", None),
        ("reject-param", None),
        ("deep", None),
        ("huge", None),
        ("stall", None),
        ("proxy", None),
    ]
    fail, html, reject, deep, huge, stall, proxy = plan.rules
    assert (fail.status, fail.retry_after) == (503, 86400)
    assert (html.status, html.body) == (200, "html")
    assert reject.arg == "_sort" and deep.size == 5000 and deep.path == "/Observation"
    assert huge.size == 10 * 1024 * 1024 and stall.seconds == 30 and not stall.mid_body
    assert proxy.arg == "http://in:8080/fhir" and not proxy.declared


@pytest.mark.parametrize(
    "spec",
    ["", "explode", "status", "status=abc", "status=999", "huge=lots", "deep=5,n=0", "html,colour=red", "stall=5,n"],
)
def test_a_bad_spec_says_what_is_wrong(spec: str) -> None:
    with pytest.raises(FaultSpecError):
        FaultPlan.from_spec(spec)


def test_the_command_refuses_a_bad_spec(capsys) -> None:
    assert main(["demo-server", "--port", "0", "--faults", "explode"]) == 2
    assert "unknown fault 'explode'" in capsys.readouterr().err


def test_the_help_lists_the_faults(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["demo-server", "--help"])
    out = capsys.readouterr().out
    for kind in (
        "status=CODE",
        "reset",
        "gzip-truncated",
        "stall=SECONDS",
        "html",
        "reject-param",
        "endless-paging",
        "huge=SIZE",
        "deep=DEPTH",
        "behind-proxy",
    ):
        assert kind in out


async def _get(app, path: str, **kw) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://demo") as c:
        return await c.get(path, **kw)


async def test_status_with_and_without_retry_after() -> None:
    app = create_app()
    app.state.faults.add_spec("status=503,retry-after=7,n=1;status=500,n=1")
    first = await _get(app, "/Patient", params={"given": "Poul"})
    second = await _get(app, "/Patient", params={"given": "Poul"})
    third = await _get(app, "/Patient", params={"given": "Poul"})
    assert (first.status_code, first.headers.get("retry-after")) == (503, "7")
    assert (second.status_code, second.headers.get("retry-after")) == (500, None)
    assert third.status_code == 200


async def test_html_page_and_truncated_gzip() -> None:
    app = create_app()
    app.state.faults.add_spec("html,n=1;gzip-truncated,n=1")
    page = await _get(app, "/metadata")
    assert page.content == CAPTIVE_PORTAL_PAGE and page.headers["content-type"].startswith("text/html")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as c, c.stream("GET", "/metadata") as r:
        raw = b"".join([chunk async for chunk in r.aiter_raw()])
    assert r.headers["content-encoding"] == "gzip" and int(r.headers["content-length"]) == len(raw)
    with pytest.raises(EOFError):
        gzip.decompress(raw)


async def test_rejected_parameter_inside_a_batch_fails_only_that_entry() -> None:
    app = create_app()
    app.state.faults.reject_param("_sort")
    batch = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {"request": {"method": "GET", "url": "AllergyIntolerance?patient=poul&_sort=-date"}},
            {"request": {"method": "GET", "url": "AllergyIntolerance?patient=poul"}},
        ],
    }
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://demo") as c:
        r = await c.post("/", json=batch)
        direct = await c.get("/AllergyIntolerance", params={"patient": "poul", "_sort": "-date"})
    statuses = [e["response"]["status"] for e in r.json()["entry"]]
    assert statuses[0].startswith("400") and statuses[1].startswith("200")
    assert direct.status_code == 400


async def test_endless_paging_gives_new_next_urls() -> None:
    app = create_app()
    app.state.faults.endless_paging()
    seen: set[str] = set()
    page = (await _get(app, "/Observation", params={"patient": "poul"})).json()
    for _ in range(5):
        nxt = next(link["url"] for link in page["link"] if link["relation"] == "next")
        assert nxt not in seen
        seen.add(nxt)
        page = (await _get(app, nxt.removeprefix("http://demo"))).json()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def faulty_port() -> Iterator[tuple[str, FaultPlan]]:
    app = create_app()
    port = _free_port()
    server = make_server("127.0.0.1", port, app=app, log_level="critical")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", app.state.faults
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def test_reset_mid_body_on_a_port(faulty_port) -> None:
    base, plan = faulty_port
    plan.reset_next(1)
    with httpx.Client(base_url=base, timeout=5) as c:
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("/Patient", params={"given": "Poul"})
        assert c.get("/Patient", params={"given": "Poul"}).status_code == 200


def test_stall_mid_body_on_a_port(faulty_port) -> None:
    base, plan = faulty_port
    plan.stall_next(1, seconds=1.5)
    with httpx.Client(base_url=base, timeout=httpx.Timeout(5, read=0.3)) as c, pytest.raises(httpx.ReadTimeout):
        c.get("/Patient", params={"given": "Poul"})
