"""`sjtui demo-server`: the embedded demo FHIR backend on a loopback port."""

from __future__ import annotations

from pathlib import Path


def run_demo_server(host: str, port: int, fixtures: str | None, *, auth: bool = False,
                    device_interval: int = 5, workstation_key: str | None = None) -> int:
    from sjtui.demo.server import serve

    mode = "sign-in required" if auth else "no sign-in"
    print(f"sjtui demo FHIR server on http://{host}:{port} ({mode}; synthetic data only; ctrl+c stops)",
          flush=True)
    jwks = None
    if workstation_key:
        import json

        jwks = json.loads(Path(workstation_key).read_text(encoding="utf-8"))
        if isinstance(jwks, dict) and "keys" not in jwks:
            jwks = {"keys": [jwks]}  # one JWK given: a set of one
        jwks = {"keys": [{k: v for k, v in key.items() if k not in ("d", "p", "q", "dp", "dq", "qi")}
                         for key in jwks["keys"]]}  # only ever the public part
    serve(host, port, Path(fixtures) if fixtures else None, auth=auth, device_interval=device_interval,
          workstation_jwks=jwks)
    return 0
