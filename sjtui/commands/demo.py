"""`sjtui demo-server`: the embedded demo FHIR backend on a loopback port.

Serving on a port needs uvicorn, which only this command uses: it comes with the `server`
extra (`pip install 'sjtui[server]'`). The app reaches the demo backend in process without it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

INSTALL_HINT = "sjtui demo-server needs uvicorn: pip install 'sjtui[server]' (or: pip install uvicorn)"


def run_demo_server(host: str, port: int, fixtures: str | None) -> int:
    if importlib.util.find_spec("uvicorn") is None:
        print(f"sjtui: {INSTALL_HINT}", file=sys.stderr)
        return 2
    from sjtui.demo.server import RemoteHostRefused, serve

    try:
        print(f"sjtui demo FHIR server on http://{host}:{port} (synthetic data only; ctrl+c stops)")
        serve(host, port, Path(fixtures) if fixtures else None)
    except RemoteHostRefused as exc:
        print(f"sjtui: {exc}", file=sys.stderr)
        return 2
    return 0
