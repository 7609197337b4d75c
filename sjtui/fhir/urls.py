"""URL handling: the base URL, resource paths, `next` links, and what may appear in messages.

Two rules. Paging links are followed exactly as the server gave them (servers encode their
cursor in them, and re-encoding breaks some), resolved against the base when relative. And a
link (or attachment URL) pointing at another origin is refused: following it would send our
credentials and the patient's query to a host the user never configured.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from sjtui.fhir.errors import FhirProtocolError, FhirRefusedLinkError, FhirUsageError

__all__ = [
    "check_resource_id",
    "check_resource_type",
    "describe",
    "normalize_base",
    "rebase_link",
    "resolve_link",
    "resource_path",
]

_TYPE_RE = re.compile(r"[A-Z][A-Za-z]{1,63}")
_ID_RE = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def normalize_base(base_url: str) -> str:
    """The base without a trailing slash; must be http(s) with a host."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FhirUsageError("The FHIR server address must start with http:// or https://.")
    if parts.query or parts.fragment:
        raise FhirUsageError("The FHIR server address must not contain '?' or '#'.")
    return base_url.strip().rstrip("/")


def check_resource_type(resource_type: str) -> str:
    if not isinstance(resource_type, str) or not _TYPE_RE.fullmatch(resource_type):
        raise FhirUsageError("Invalid FHIR resource type.")
    return resource_type


def check_resource_id(resource_id: str) -> str:
    if not isinstance(resource_id, str) or not _ID_RE.fullmatch(resource_id):
        raise FhirUsageError("Invalid FHIR resource id.")
    return resource_id


def resource_path(base: str, resource_type: str, resource_id: str | None = None) -> str:
    url = f"{base}/{check_resource_type(resource_type)}"
    if resource_id is not None:
        url += f"/{check_resource_id(resource_id)}"
    return url


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme)
    return scheme, f"{host}:{port}"


def resolve_link(base: str, link: str, *, what: str = "a paging link") -> str:
    """An absolute URL for `link` (relative ones resolve against the base), same origin only."""
    link = link.strip()
    if not link:
        raise FhirProtocolError("The server sent an empty link.")
    absolute = urljoin(base + "/", link)
    if urlsplit(absolute).scheme not in ("http", "https"):
        raise FhirProtocolError(f"The server sent {what} that is not an http(s) address.", detail="bad-link")
    if _origin(absolute) != _origin(base):
        raise FhirRefusedLinkError(
            f"The server sent {what} on a different server; it was not followed.",
            detail="foreign-link",
        )
    return absolute


def rebase_link(base: str, link: str, declared: str | None) -> str | None:
    """A link under the base the server declares for itself (CapabilityStatement
    `implementation.url`, e.g. its address behind a reverse proxy) moved onto the configured
    base; None when there is no declared base or the link is not under it."""
    if not declared:
        return None
    try:
        own = normalize_base(declared)
    except FhirUsageError:
        return None
    absolute = urlsplit(urljoin(base + "/", link.strip()))
    if absolute.scheme not in ("http", "https") or _origin(absolute.geturl()) != _origin(own):
        return None
    own_path = urlsplit(own).path.rstrip("/")
    if absolute.path != own_path and not absolute.path.startswith(own_path + "/"):
        return None
    moved = base + absolute.path[len(own_path) :]
    return f"{moved}?{absolute.query}" if absolute.query else moved


def describe(base: str, url: str) -> str:
    """The resource type a URL is about, for messages (never ids or query strings)."""
    path = urlsplit(url).path
    base_path = urlsplit(base).path.rstrip("/")
    if base_path and path.startswith(base_path):
        path = path[len(base_path) :]
    first = path.strip("/").split("/", 1)[0]
    if first == "metadata":
        return "server capabilities"
    return first if _TYPE_RE.fullmatch(first) else "server"
