"""SMART discovery: `{fhir base}/.well-known/smart-configuration` (SMART App Launch 2.x)."""

from __future__ import annotations

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from .models import AuthError

__all__ = ["SmartConfiguration", "discover", "form_post"]


class SmartConfiguration(BaseModel):
    model_config = ConfigDict(extra="ignore")

    issuer: str = ""
    token_endpoint: str
    authorization_endpoint: str | None = None
    device_authorization_endpoint: str | None = None
    jwks_uri: str | None = None
    revocation_endpoint: str | None = None
    grant_types_supported: list[str] = []
    sjtui_access_decision_endpoint: str | None = None


async def discover(http: httpx.AsyncClient, fhir_base: str) -> SmartConfiguration:
    url = f"{fhir_base.rstrip('/')}/.well-known/smart-configuration"
    try:
        response = await http.get(url, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise AuthError(f"The sign-in server could not be reached ({type(exc).__name__}).") from None
    if response.status_code != 200:
        raise AuthError(f"The server does not describe its sign-in (HTTP {response.status_code}).")
    try:
        return SmartConfiguration.model_validate(response.json())
    except (ValueError, ValidationError):
        raise AuthError("The server's sign-in description could not be read.") from None


async def form_post(http: httpx.AsyncClient, url: str, form: dict[str, str]) -> dict[str, object]:
    """POST an OAuth form; the JSON answer on 200, else AuthError with the OAuth error code."""
    try:
        response = await http.post(url, data=form, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise AuthError(f"The sign-in server could not be reached ({type(exc).__name__}).") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    if response.status_code == 200:
        return body
    code = str(body.get("error", "")) or f"http_{response.status_code}"
    raise AuthError(f"The sign-in server refused ({code}).", code)
