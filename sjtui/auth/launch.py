"""SMART App Launch, EHR launch: the care system starts `sjtui launch --iss URL --launch TOKEN`.

Discovery from `{iss}/.well-known/smart-configuration`, then authorization code with PKCE
(S256) and a loopback redirect (RFC 8252 §7.3: `http://127.0.0.1:{port}/callback`, port chosen
by the OS). The browser is opened when one can be; the URL is always announced too, for a
terminal without one. The token response carries the patient context (`patient`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from .discovery import SmartConfiguration, discover, form_post
from .models import AuthError

__all__ = ["LAUNCH_SCOPE", "LaunchResult", "ehr_launch", "pkce_pair"]

LAUNCH_SCOPE = "launch openid fhirUser offline_access user/*.read user/AuditEvent.write"
_PAGE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
    b"Cache-Control: no-store\r\n\r\n<!doctype html><meta charset='utf-8'>"
    b"<p>sjtui: you may close this window.</p>"
)
_BAD = b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest())
    return verifier, challenge.rstrip(b"=").decode("ascii")


class LaunchResult:
    def __init__(self, body: dict[str, object], nonce: str, config: SmartConfiguration) -> None:
        self.body = body
        self.nonce = nonce
        self.config = config

    @property
    def patient(self) -> str | None:
        value = self.body.get("patient")
        return value if isinstance(value, str) and value else None


async def _receive_code(server_ready: asyncio.Future[int], state: str) -> str:
    """Serve one redirect on 127.0.0.1 and return its `code` (state checked)."""
    done: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        outcome: str | AuthError | None = None
        try:
            line = (await asyncio.wait_for(reader.readline(), 10)).decode("latin-1")
            while (await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b"\n", b""):
                pass
            parts = line.split(" ")
            target = urlsplit(parts[1]) if len(parts) >= 2 else urlsplit("")
            query = dict(parse_qsl(target.query))
            if target.path != "/callback" or done.done():
                writer.write(_BAD)
            elif query.get("state") != state:
                writer.write(_BAD)
                outcome = AuthError("The sign-in answer did not match (state).")
            elif "error" in query:
                writer.write(_PAGE)
                outcome = AuthError("The sign-in was refused.", query.get("error", ""))
            else:
                writer.write(_PAGE)
                outcome = query.get("code", "")
            await writer.drain()
        except (TimeoutError, ConnectionError, UnicodeDecodeError):
            pass
        finally:
            writer.close()
            try:
                await writer.wait_closed()
            except ConnectionError:
                pass
        # Only now: the browser has its page before the launch goes on (and the loop may end).
        if outcome is not None and not done.done():
            if isinstance(outcome, AuthError):
                done.set_exception(outcome)
            else:
                done.set_result(outcome)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    async with server:
        server_ready.set_result(server.sockets[0].getsockname()[1])
        return await done


async def ehr_launch(
    http: httpx.AsyncClient,
    iss: str,
    launch: str,
    *,
    client_id: str = "sjtui",
    scope: str = LAUNCH_SCOPE,
    announce: Callable[[str], None],
    open_browser: Callable[[str], bool] | None = None,
    timeout: float = 600.0,
) -> LaunchResult:
    config = await discover(http, iss)
    if not config.authorization_endpoint:
        raise AuthError("The server does not offer a launch (no authorization endpoint).")
    verifier, challenge = pkce_pair()
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    receiver = asyncio.create_task(_receive_code(ready, state))
    try:
        port = await ready
        redirect = f"http://127.0.0.1:{port}/callback"
        url = (
            config.authorization_endpoint
            + "?"
            + urlencode(
                {
                    "response_type": "code",
                    "client_id": client_id,
                    "redirect_uri": redirect,
                    "scope": scope,
                    "state": state,
                    "aud": iss.rstrip("/"),
                    "launch": launch,
                    "code_challenge": challenge,
                    "code_challenge_method": "S256",
                    "nonce": nonce,
                }
            )
        )
        announce(url)
        if open_browser is not None:
            open_browser(url)
        try:
            code = await asyncio.wait_for(asyncio.shield(receiver), timeout)
        except TimeoutError:
            raise AuthError("No sign-in arrived in time; start the launch again.") from None
    finally:
        receiver.cancel()
    body = await form_post(
        http,
        config.token_endpoint,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect,
            "client_id": client_id,
            "code_verifier": verifier,
        },
    )
    return LaunchResult(body, nonce, config)
