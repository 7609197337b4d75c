"""`sjtui demo-server`: the embedded demo FHIR backend on a loopback port, optionally faulty."""

from __future__ import annotations

import sys
from pathlib import Path

FAULTS_HELP = """\
Faults: rules separated by ';', each KIND[=ARG] then ',key=value' options:
  status=CODE        answer CODE (e.g. 500, 503, 401, 429); option retry-after=SECONDS
  html               a 200 HTML page (a captive portal); option status=CODE
  reset              send half the body, then drop the connection
  gzip-truncated     a gzip body cut in half
  stall=SECONDS      send the headers and part of the body, then wait
  trickle=SECONDS    send the body 64 bytes at a time, SECONDS apart (option chunk=BYTES)
  delay=SECONDS      wait before answering
  reject-param=NAME  searches using NAME (e.g. _sort) get 400, also inside a batch
  endless-paging     searches get next links that never end (each URL new)
  huge=SIZE          Binary reads return SIZE of text (e.g. 10MB); searches get a huge match
  deep=DEPTH         searches get a match nested DEPTH levels deep
  behind-proxy=URL   next links use the internal base URL, as behind a reverse proxy;
                     the CapabilityStatement declares it (option declared=no: it does not)
Options: n=COUNT (default: every request), path=/Prefix, method=GET.
Example: --faults 'status=503,retry-after=86400,n=2;reject-param=_sort;deep=5000,path=/Observation'"""


def _public_keys(path: str) -> dict[str, object]:
    """A JWK or JWK set from a file, only ever its public part."""
    import json

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    keys = data.get("keys", [data]) if isinstance(data, dict) else []
    private = ("d", "p", "q", "dp", "dq", "qi")
    return {"keys": [{k: v for k, v in key.items() if k not in private} for key in keys if isinstance(key, dict)]}


def run_demo_server(
    host: str,
    port: int,
    fixtures: str | None,
    faults: str | None = None,
    *,
    auth: bool = False,
    device_interval: int = 5,
    workstation_key: str | None = None,
) -> int:
    """`auth`: sign-in required (the authorisation server and the access checks of demo.guard);
    `workstation_key`: the public key of the backend-services client `sjtui-workstation`."""
    from sjtui.demo.app import create_app
    from sjtui.demo.faults import FaultSpecError
    from sjtui.demo.server import RemoteHostRefused, make_server

    auth_server = None
    if auth:
        from sjtui.demo.auth import AuthServer

        auth_server = AuthServer(device_interval=device_interval)
        if workstation_key:
            auth_server.register_backend_key("sjtui-workstation", _public_keys(workstation_key))
    app = create_app(Path(fixtures) if fixtures else None, auth=auth_server or False)
    if faults:
        try:
            app.state.faults.add_spec(faults)
        except FaultSpecError as exc:
            print(f"sjtui demo-server: --faults: {exc}", file=sys.stderr)
            return 2
    try:
        server = make_server(host, port, app=app)
    except RemoteHostRefused as exc:
        print(f"sjtui: {exc}", file=sys.stderr)
        return 2
    mode = "sign-in required" if auth else "no sign-in"
    print(f"sjtui demo FHIR server on http://{host}:{port} ({mode}; synthetic data only; ctrl+c stops)", flush=True)
    if faults:
        print(f"faults: {faults}")
    server.run()
    return 0
