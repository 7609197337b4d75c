"""Who the clinician is and how requests are authorised (client side).

- `settings`: how to sign in, from the selected profile (modes: none, device, backend, static).
- `discovery`: SMART `.well-known/smart-configuration`.
- `device`: OAuth 2.0 Device Authorization Grant (RFC 8628) for terminals.
- `launch`: SMART EHR launch (authorization code + PKCE, loopback redirect).
- `backend_services`: client credentials with a `private_key_jwt` assertion.
- `oidc`: the ID token (verified with joserfc) -> `Identity`.
- `session.AuthSession`: holds the tokens, refreshes before expiry, handles a 401.
- `httpx_auth.SessionAuth`: the httpx hook the FHIR client uses.
- `store.TokenStore`: tokens sealed with the data key (never in clear on disk).

This package is imported lazily: only `settings` is read at start.
"""
