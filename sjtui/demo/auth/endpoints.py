"""HTTP endpoints of the demo authorisation server (Starlette routes).

    GET  /.well-known/smart-configuration   SMART discovery
    POST /auth/device                        device authorization (RFC 8628 §3.1)
    GET  /auth/verify  POST /auth/verify     the verification page a user opens on a phone
    GET  /auth/authorize  POST /auth/authorize  authorization code + PKCE (EHR launch)
    POST /auth/token                         device_code, authorization_code, refresh_token,
                                             client_credentials (private_key_jwt)
    GET  /auth/jwks                          the signing keys
    POST /auth/revoke                        RFC 7009
    POST /auth/demo/launch | expire-all | revoke-user   levers for demos and tests (see issuer)

Pages are plain HTML forms, so a test (or a person) completes a sign-in with ordinary form
posts. Every text taken from a request is HTML-escaped.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .issuer import TokenRefused
from .users import DEMO_CLIENTS, DEMO_USERS, user_by_id

if TYPE_CHECKING:
    from . import AuthServer

__all__ = ["auth_routes"]

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


_MAX_FORM = 64 * 1024


async def _form(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (the only kind OAuth endpoints take)."""
    body = await request.body()
    if len(body) > _MAX_FORM:
        return {}
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return {}


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _error(error: str, description: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status, headers=_NO_STORE)


def _scopes(value: str) -> frozenset[str]:
    return frozenset(value.split())


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='da'><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>",
        status_code=status,
        headers=_NO_STORE,
    )


def _user_choices() -> str:
    return "".join(
        f"<label><input type='radio' name='user' value='{u.user_id}'> {html.escape(u.name)}, "
        f"{html.escape(u.organisation)}</label><br>"
        for u in DEMO_USERS
    )


def _loopback_redirect(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


def auth_routes(server: AuthServer) -> list[Route]:
    issuer, grants = server.issuer, server.grants

    async def smart_configuration(request: Request) -> Response:
        base = _base(request)
        return JSONResponse(
            {
                "issuer": base,
                "jwks_uri": f"{base}/auth/jwks",
                "authorization_endpoint": f"{base}/auth/authorize",
                "token_endpoint": f"{base}/auth/token",
                "device_authorization_endpoint": f"{base}/auth/device",
                "revocation_endpoint": f"{base}/auth/revoke",
                "grant_types_supported": ["authorization_code", "refresh_token", DEVICE_GRANT, "client_credentials"],
                "response_types_supported": ["code"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["none", "private_key_jwt"],
                "token_endpoint_auth_signing_alg_values_supported": ["ES384", "RS384", "ES256"],
                "scopes_supported": sorted({s for u in DEMO_USERS for s in u.allowed_scopes}),
                "capabilities": [
                    "launch-ehr",
                    "client-public",
                    "client-confidential-asymmetric",
                    "context-ehr-patient",
                    "sso-openid-connect",
                    "permission-v1",
                    "permission-v2",
                    "permission-offline",
                ],
                # Where the client states its legal basis before reading (see demo/guard).
                "sjtui_access_decision_endpoint": f"{base}/$access-decision",
            }
        )

    async def jwks(request: Request) -> Response:
        return JSONResponse(issuer.jwks())

    async def device(request: Request) -> Response:
        form = await _form(request)
        client_id = str(form.get("client_id", ""))
        client = DEMO_CLIENTS.get(client_id)
        if client is None or not client.public:
            return _error("invalid_client", "unknown client", 401)
        grant = grants.start_device(client_id, _scopes(str(form.get("scope", ""))))
        base = (server.public_base or _base(request)).rstrip("/")
        return JSONResponse(
            {
                "device_code": grant.device_code,
                "user_code": grant.user_code,
                "verification_uri": f"{base}/auth/verify",
                "verification_uri_complete": f"{base}/auth/verify?{urlencode({'user_code': grant.user_code})}",
                "expires_in": int(grant.expires_at - grants.clock()),
                "interval": grant.interval,
            },
            headers=_NO_STORE,
        )

    async def verify_page(request: Request) -> Response:
        code = html.escape(request.query_params.get("user_code", ""))
        return _page(
            "sjtui demo: log ind",
            (
                "<form method='post'><p><label>Kode <input name='user_code' value='"
                f"{code}'></label></p><p>{_user_choices()}</p>"
                "<button name='action' value='approve'>Godkend</button> "
                "<button name='action' value='deny'>Afvis</button></form>"
            ),
        )

    async def verify_submit(request: Request) -> Response:
        form = await _form(request)
        approve = form.get("action", "approve") == "approve"
        user_id = str(form.get("user", "")) if approve else None
        if approve and not user_id:
            return _page("Vælg en bruger", "<p>Ingen bruger valgt.</p>", 400)
        if not grants.decide_device(str(form.get("user_code", "")), user_id):
            return _page("Ukendt kode", "<p>Koden er ukendt eller udløbet.</p>", 400)
        return _page("Færdig" if approve else "Afvist", "<p>Vend tilbage til terminalen.</p>")

    def _authorize_params(params: Any) -> dict[str, str] | Response:
        wanted = (
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "aud",
            "launch",
            "code_challenge",
            "code_challenge_method",
            "nonce",
        )
        values = {k: str(params.get(k, "")) for k in wanted}
        if values["client_id"] not in DEMO_CLIENTS or not _loopback_redirect(values["redirect_uri"]):
            return _page("Ugyldig anmodning", "<p>Ukendt klient eller redirect_uri.</p>", 400)
        if (
            values["response_type"] != "code"
            or values["code_challenge_method"] != "S256"
            or not values["code_challenge"]
        ):
            return _page("Ugyldig anmodning", "<p>Kræver response_type=code og PKCE (S256).</p>", 400)
        return values

    async def authorize_page(request: Request) -> Response:
        values = _authorize_params(request.query_params)
        if isinstance(values, Response):
            return values
        hidden = "".join(
            f"<input type='hidden' name='{k}' value='{html.escape(v, quote=True)}'>" for k, v in values.items()
        )
        return _page(
            "sjtui demo: log ind",
            f"<form method='post'>{hidden}<p>{_user_choices()}</p><button>Log ind</button></form>",
        )

    async def authorize_submit(request: Request) -> Response:
        form = await _form(request)
        values = _authorize_params(form)
        if isinstance(values, Response):
            return values
        user = user_by_id(str(form.get("user", "")))
        if user is None:
            return _page("Vælg en bruger", "<p>Ingen bruger valgt.</p>", 400)
        patient = grants.launch_patient(values["launch"]) if values["launch"] else None
        if values["launch"] and patient is None:
            return _page("Ukendt launch", "<p>Launch-konteksten er ukendt.</p>", 400)
        code = grants.new_code(
            client_id=values["client_id"],
            redirect_uri=values["redirect_uri"],
            scopes=_scopes(values["scope"]),
            code_challenge=values["code_challenge"],
            user=user,
            patient=patient,
            nonce=values["nonce"] or None,
        )
        query = urlencode({"code": code, "state": values["state"]})
        return RedirectResponse(f"{values['redirect_uri']}?{query}", status_code=302)

    async def token(request: Request) -> Response:
        form = await _form(request)
        grant_type = str(form.get("grant_type", ""))
        client_id = str(form.get("client_id", ""))
        base = _base(request)
        try:
            if grant_type == DEVICE_GRANT:
                device_grant = grants.poll_device(str(form.get("device_code", "")), client_id)
                user = user_by_id(device_grant.user_id or "")
                assert user is not None  # noqa: S101 - narrows the type (checked by the caller)
                body = issuer.issue(user, client_id=client_id, scopes=device_grant.scopes, issuer=base)
            elif grant_type == "authorization_code":
                code = grants.redeem_code(
                    str(form.get("code", "")),
                    client_id=client_id,
                    redirect_uri=str(form.get("redirect_uri", "")),
                    verifier=str(form.get("code_verifier", "")),
                )
                user = user_by_id(code.user_id)
                assert user is not None  # noqa: S101 - narrows the type (checked by the caller)
                body = issuer.issue(
                    user, client_id=client_id, scopes=code.scopes, issuer=base, patient=code.patient, nonce=code.nonce
                )
            elif grant_type == "refresh_token":
                body = issuer.refresh(str(form.get("refresh_token", "")), client_id, base)
            elif grant_type == "client_credentials":
                body = _client_credentials(form, base)
            else:
                return _error("unsupported_grant_type", "grant type not supported")
        except TokenRefused as refused:
            return _error(refused.error, str(refused), 401 if refused.error == "invalid_client" else 400)
        return JSONResponse(body, headers=_NO_STORE)

    def _client_credentials(form: Any, base: str) -> dict[str, Any]:
        if form.get("client_assertion_type") != JWT_BEARER:
            raise TokenRefused("invalid_client", "a private_key_jwt client assertion is required")
        assertion = str(form.get("client_assertion", ""))
        client_id = server.assertion_client(assertion)
        client = DEMO_CLIENTS.get(client_id)
        if client is None or client.public or not client.workstation_user:
            raise TokenRefused("invalid_client", "unknown client")
        grants.check_assertion(assertion, client_id=client_id, token_url=f"{base}/auth/token")
        user = user_by_id(client.workstation_user)
        assert user is not None  # noqa: S101 - narrows the type (checked by the caller)
        return issuer.issue(
            user, client_id=client_id, scopes=_scopes(str(form.get("scope", ""))), issuer=base, assurance="workstation"
        )

    async def revoke(request: Request) -> Response:
        form = await _form(request)
        issuer.revoke(str(form.get("token", "")))
        return Response(status_code=200)

    async def demo_launch(request: Request) -> Response:
        form = await _form(request)
        return JSONResponse({"launch": grants.new_launch(str(form.get("patient", "")))})

    async def demo_expire_all(request: Request) -> Response:
        issuer.expire_all()
        return Response(status_code=204)

    async def demo_revoke_user(request: Request) -> Response:
        form = await _form(request)
        return JSONResponse({"ended": issuer.revoke_user(str(form.get("user", "")))})

    return [
        Route("/.well-known/smart-configuration", smart_configuration, methods=["GET"]),
        Route("/auth/jwks", jwks, methods=["GET"]),
        Route("/auth/device", device, methods=["POST"]),
        Route("/auth/verify", verify_page, methods=["GET"]),
        Route("/auth/verify", verify_submit, methods=["POST"]),
        Route("/auth/authorize", authorize_page, methods=["GET"]),
        Route("/auth/authorize", authorize_submit, methods=["POST"]),
        Route("/auth/token", token, methods=["POST"]),
        Route("/auth/revoke", revoke, methods=["POST"]),
        Route("/auth/demo/launch", demo_launch, methods=["POST"]),
        Route("/auth/demo/expire-all", demo_expire_all, methods=["POST"]),
        Route("/auth/demo/revoke-user", demo_revoke_user, methods=["POST"]),
    ]
