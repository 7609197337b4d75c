"""OAuth 2.0 Device Authorization Grant (RFC 8628): sign in on a phone or any browser.

`start()` asks for a user code; the caller shows the verification URL, the code (and a QR
code of `verification_uri_complete`); `wait()` polls the token endpoint at the interval the
server gives, slowing down on `slow_down`, and ends with the token response or a
`DeviceFlowError` (`expired_token`, `access_denied`). Cancelling the task cancels the wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from .discovery import SmartConfiguration, form_post
from .models import AuthError, DeviceFlowError

__all__ = ["DEVICE_GRANT", "DeviceCode", "start_device", "wait_for_device"]

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


@dataclass(frozen=True)
class DeviceCode:
    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    expires_in: float
    interval: float


async def start_device(http: httpx.AsyncClient, config: SmartConfiguration, client_id: str, scope: str) -> DeviceCode:
    if not config.device_authorization_endpoint:
        raise AuthError("The server does not offer device sign-in.")
    body = await form_post(http, config.device_authorization_endpoint, {"client_id": client_id, "scope": scope})
    try:
        return DeviceCode(
            device_code=str(body["device_code"]),
            user_code=str(body["user_code"]),
            verification_uri=str(body["verification_uri"]),
            verification_uri_complete=str(body["verification_uri_complete"])
            if body.get("verification_uri_complete")
            else None,
            expires_in=float(body.get("expires_in", 600)),  # type: ignore[arg-type]  # JSON number
            interval=float(body.get("interval", 5)),  # type: ignore[arg-type]  # JSON number
        )
    except (KeyError, TypeError, ValueError):
        raise AuthError("The server's device sign-in answer could not be read.") from None


async def wait_for_device(
    http: httpx.AsyncClient,
    config: SmartConfiguration,
    client_id: str,
    code: DeviceCode,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, object]:
    interval = max(code.interval, 0.0)
    deadline = clock() + code.expires_in
    form = {"grant_type": DEVICE_GRANT, "device_code": code.device_code, "client_id": client_id}
    while True:
        await sleep(interval)
        if clock() > deadline:
            raise DeviceFlowError("The sign-in code expired; start again.", "expired_token")
        try:
            return await form_post(http, config.token_endpoint, form)
        except AuthError as err:
            if err.code == "authorization_pending":
                continue
            if err.code == "slow_down":
                interval += 5  # RFC 8628 §3.5
                continue
            if err.code == "expired_token":
                raise DeviceFlowError("The sign-in code expired; start again.", err.code) from None
            if err.code == "access_denied":
                raise DeviceFlowError("The sign-in was refused.", err.code) from None
            raise
