"""The embedded demo FHIR R4 server (Starlette) over the synthetic fixtures.

Nothing in the app imports this except the composition root, the CLI, tests and benchmarks:
the client reaches it only over HTTP (in-process through httpx's ASGI transport, or on a
loopback port). FHIR is served at the app's root (see app.py).
"""

from __future__ import annotations

from .app import create_app
from .faults import FaultPlan, SimulatedDrop
from .middleware import RequestLogEntry
from .store import Store

__all__ = ["FaultPlan", "RequestLogEntry", "SimulatedDrop", "Store", "create_app"]
