"""`sjtui demo-server`: the embedded demo FHIR backend on a loopback port."""

from __future__ import annotations

from pathlib import Path


def run_demo_server(host: str, port: int, fixtures: str | None, *, auth: bool = False,
                    device_interval: int = 5) -> int:
    from sjtui.demo.server import serve

    mode = "sign-in required" if auth else "no sign-in"
    print(f"sjtui demo FHIR server on http://{host}:{port} ({mode}; synthetic data only; ctrl+c stops)",
          flush=True)
    serve(host, port, Path(fixtures) if fixtures else None, auth=auth, device_interval=device_interval)
    return 0
