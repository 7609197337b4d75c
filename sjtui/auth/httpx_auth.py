"""The hook between the FHIR client's httpx session and the signed-in session.

`FhirClient(auth=SessionAuth(session))`: each request gets the current bearer token; a 401
asks the session (refresh, or the clinician signs in again) and the request is sent once more
with the new token. The token never appears in a log: the request log and the meter do not
record the Authorization header.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator

import httpx

from .session import AuthSession

__all__ = ["SessionAuth"]


class SessionAuth(httpx.Auth):
    def __init__(self, session: AuthSession) -> None:
        self.session = session

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("SessionAuth works with httpx.AsyncClient only")

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        header = await self.session.authorization()
        if header:
            request.headers["Authorization"] = header
        response = yield request
        if response.status_code != 401:
            return
        if await self.session.unauthorized(header):
            renewed = await self.session.authorization()
            if renewed:
                request.headers["Authorization"] = renewed
                yield request
