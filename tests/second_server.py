"""A second FHIR R4 server for tests: Medplum's FHIR router (npm) with its in-memory repository,
behind our small HTTP glue (`.ci/second-server/server.mjs`), installed by
`.ci/second-server-install` into `.ci/.second-server/` (run by the first test that needs it,
when it is not installed yet, and by `.ci/run`).

`running_second_server()` starts it on a free loopback port, loads every fixture Bundle into
it over plain FHIR (one batch of `PUT Type/id` per file, Organizations first), yields its base
URL and stops it. When it is not installed the test FAILS (never skips) and says what to run.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / ".ci" / "second-server"
INSTALL = REPO / ".ci" / ".second-server"
FIXTURES = REPO / "fixtures"
INSTALL_HINT = "the second FHIR server is not installed: run `bash .ci/second-server-install`"
#: Shared resources first: the citizens' resources refer to them.
LOAD_FIRST = ("organisations.json",)
START_TIMEOUT = 60.0


def fixture_files() -> list[Path]:
    files = sorted(FIXTURES.glob("*.json"))
    return sorted(files, key=lambda p: (p.name not in LOAD_FIRST, p.name))


def batch_of_puts(bundle: dict) -> dict:
    """A collection Bundle as a batch of updates that keep each resource's id."""
    entries = []
    for entry in bundle.get("entry", []):
        resource = entry.get("resource") or {}
        url = f"{resource['resourceType']}/{resource['id']}"
        entries.append({"resource": resource, "request": {"method": "PUT", "url": url}})
    return {"resourceType": "Bundle", "type": "batch", "entry": entries}


def load_fixtures(base_url: str) -> int:
    """PUT every fixture resource; returns how many were stored. Fails on any refusal."""
    stored = 0
    with httpx.Client(timeout=120.0) as http:
        for path in fixture_files():
            batch = batch_of_puts(json.loads(path.read_text(encoding="utf-8")))
            answer = http.post(base_url + "/", json=batch, headers={"Content-Type": "application/fhir+json"})
            answer.raise_for_status()
            statuses = [e.get("response", {}).get("status", "") for e in answer.json().get("entry", [])]
            refused = [s for s in statuses if not s.startswith(("200", "201"))]
            assert not refused and len(statuses) == len(batch["entry"]), (path.name, refused[:3])
            stored += len(statuses)
    return stored


def _installed() -> bool:
    return (INSTALL / "node_modules" / "@medplum" / "fhir-router").is_dir() and shutil.which("node") is not None


def _install() -> None:
    """Run the (idempotent) install script, so the README's one test command needs nothing else."""
    subprocess.run(
        ["bash", str(REPO / ".ci" / "second-server-install")], check=False, stdin=subprocess.DEVNULL, timeout=600
    )


@contextmanager
def running_second_server(tmp_dir: Path) -> Iterator[str]:
    if not _installed():
        _install()
    if not _installed():
        pytest.fail(INSTALL_HINT, pytrace=False)
    # The glue is ours and small: always run the checked-in version next to the installed modules.
    shutil.copyfile(SOURCE / "server.mjs", INSTALL / "server.mjs")
    port_file = tmp_dir / "second-server.port"
    log_file = tmp_dir / "second-server.log"
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            ["node", str(INSTALL / "server.mjs"), str(port_file)], cwd=INSTALL, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "the second FHIR server did not start: " + log_file.read_text(errors="replace")[-2000:],
                    pytrace=False,
                )
            time.sleep(0.1)
        base_url = f"http://127.0.0.1:{int(port_file.read_text())}"
        load_fixtures(base_url)
        yield base_url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
