"""`sjtui demo-server`: the embedded demo FHIR backend on a loopback port."""

from __future__ import annotations

from pathlib import Path


def run_demo_server(host: str, port: int, fixtures: str | None) -> int:
    from sjtui.demo.server import serve

    print(f"sjtui demo FHIR server on http://{host}:{port} (synthetic data only; ctrl+c stops)")
    serve(host, port, Path(fixtures) if fixtures else None)
    return 0
