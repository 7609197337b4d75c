"""Helpers for tests of sign-in and access checks: drive the demo authorisation server the
way a user's browser would (form posts), and record access decisions."""

from __future__ import annotations

from typing import Any

import httpx

CLINICAL_SEARCHES = (
    "Condition",
    "Observation",
    "DiagnosticReport",
    "DocumentReference",
    "MedicationStatement",
    "MedicationRequest",
    "Immunization",
    "AllergyIntolerance",
    "Consent",  # the living will and organ donor registrations (issue #13)
    "Flag",
    "Encounter",
    "EpisodeOfCare",
    "Appointment",
    "RelatedPerson",
    "Device",
    "AuditEvent",
)
SCOPE = "openid fhirUser offline_access user/*.read user/AuditEvent.write"


async def approve_device(client: httpx.AsyncClient, user_code: str, user: str = "hjemmesyg01", base: str = "") -> None:
    """What the user does on the phone: open the verification page, pick a user, approve."""
    page = await client.get(f"{base}/auth/verify", params={"user_code": user_code})
    assert page.status_code == 200
    done = await client.post(f"{base}/auth/verify", data={"user_code": user_code, "user": user, "action": "approve"})
    assert done.status_code == 200, done.text


async def device_sign_in(client: httpx.AsyncClient, user: str = "hjemmesyg01", scope: str = SCOPE) -> dict[str, Any]:
    start = (await client.post("/auth/device", data={"client_id": "sjtui", "scope": scope})).json()
    await approve_device(client, start["user_code"], user)
    answer = await client.post(
        "/auth/token",
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "device_code": start["device_code"],
            "client_id": "sjtui",
        },
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def decision(
    patient: str, basis: str = "consent", reason: str = "Hjemmebesøg, KOL", break_glass: str | None = None
) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": "patient", "valueReference": {"reference": f"Patient/{patient}"}},
        {"name": "basis", "valueCode": basis},
        {"name": "reason", "valueString": reason},
    ]
    if break_glass:
        params += [
            {"name": "breakGlass", "valueBoolean": True},
            {"name": "breakGlassReason", "valueString": break_glass},
        ]
    return {"resourceType": "Parameters", "parameter": params}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- a `sjtui demo-server --auth` in a subprocess (for CLI and pty tests) --------------------
import contextlib  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
USER_CODE = re.compile(r"\b([B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4})\b")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSH_", "TEXTUAL", "SJTUI_"))}
    env.update(
        {
            "SJTUI_HOME": str(home),
            "SJTUI_PASSPHRASE": "test-passphrase",
            "SJTUI_NO_BROWSER": "1",
            # No empty entry (it would put the child's working directory on its path).
            "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
        }
    )
    return env


@contextlib.contextmanager
def demo_server_process(tmp: Path, *extra: str) -> Iterator[str]:
    """`sjtui demo-server --auth` on a free loopback port; yields its base URL; stopped after."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sjtui", "demo-server", "--auth", "--port", str(port), "--device-interval", "1", *extra],
        env=child_env(tmp),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/metadata", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("demo server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def write_config(home: Path, base: str, extra: str = "") -> Path:
    config = home / "config.toml"
    config.write_text(
        f'profile = "demo"\n{extra}\n[profiles.demo]\nserver = "{base}"\nauth = "device"\nclient_id = "sjtui"\n',
        encoding="utf-8",
    )
    return config


def approve_on_port(base: str, user_code: str, user: str = "hjemmesyg01") -> None:
    with httpx.Client(base_url=base, timeout=10) as c:
        assert c.get("/auth/verify", params={"user_code": user_code}).status_code == 200
        r = c.post("/auth/verify", data={"user_code": user_code, "user": user, "action": "approve"})
        assert r.status_code == 200, r.text


# --- a pty screen reader (as in test_pty_open_poul.py) -----------------------------------------
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]|\x1b[=>78]")


class PtyScreen:
    """Collects a pexpect child's output and answers "has this text appeared yet?"."""

    def __init__(self, child: object) -> None:
        self.child = child
        self.seen = ""

    def wait_for(self, needle: str | re.Pattern[str], timeout: float = 45.0) -> str:
        import pexpect

        deadline = time.monotonic() + timeout
        while True:
            found = needle.search(self.seen) if isinstance(needle, re.Pattern) else (needle in self.seen)
            if found:
                return found.group(1) if isinstance(found, re.Match) else str(needle)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{needle!r} did not appear; last output: {self.seen[-800:]!r}")
            try:
                chunk = self.child.read_nonblocking(65536, timeout=min(1.0, remaining))
            except pexpect.TIMEOUT:
                continue
            self.seen += ANSI.sub("", chunk)

    def forget(self) -> None:
        """Only output from now on counts."""
        self.seen = ""


def spawn_sjtui(home: Path, args: list[str], extra_env: dict[str, str] | None = None) -> object:
    import pexpect

    env = child_env(home)
    env.update({"TERM": "xterm-256color", "LANG": "da_DK.UTF-8", "COLUMNS": "120", "LINES": "40"})
    env.update(extra_env or {})
    return pexpect.spawn(
        sys.executable,
        ["-m", "sjtui", *args],
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        codec_errors="replace",
        cwd=str(home),
    )
