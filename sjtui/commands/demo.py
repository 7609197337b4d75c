"""`sjtui demo-server`: the embedded demo FHIR backend on a loopback port, optionally faulty.

Serving on a port needs uvicorn, which only this command uses: it comes with the `server`
extra (`pip install 'sjtui[server]'`). The app reaches the demo backend in process without it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

INSTALL_HINT = "sjtui demo-server needs uvicorn: pip install 'sjtui[server]' (or: pip install uvicorn)"

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


def run_demo_server(host: str, port: int, fixtures: str | None, faults: str | None = None) -> int:
    if importlib.util.find_spec("uvicorn") is None:
        print(f"sjtui: {INSTALL_HINT}", file=sys.stderr)
        return 2
    from sjtui.demo.app import create_app
    from sjtui.demo.faults import FaultSpecError
    from sjtui.demo.server import RemoteHostRefused, make_server

    app = create_app(Path(fixtures) if fixtures else None)
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
    print(f"sjtui demo FHIR server on http://{host}:{port} (synthetic data only; ctrl+c stops)")
    if faults:
        print(f"faults: {faults}")
    server.run()
    return 0
