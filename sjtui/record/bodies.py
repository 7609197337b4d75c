"""The full text of a note or report, fetched on demand: from the sealed cache when it holds
it, else from the server (then kept in the cache). The caller audits the view first."""

from __future__ import annotations

from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirTimeoutError
from sjtui.record.cache_glue import CacheGlue
from sjtui.record.errors import OfflineError, ServerError


async def body_text(client: FhirClient, glue: CacheGlue, identity: str, url: str) -> str:
    """The text at `url`; raises OfflineError (no link) or ServerError."""
    cached = glue.load_body(identity, url)
    if cached is not None:
        return cached
    try:
        raw = await client.fetch_attachment(url, content_type="text/plain")
    except (FhirOfflineError, FhirTimeoutError) as exc:
        raise OfflineError("the text cannot be fetched offline", detail=exc.message) from exc
    except FhirError as exc:
        raise ServerError("the text could not be fetched", detail=exc.message) from exc
    text = raw.decode("utf-8", errors="replace")
    glue.store_body(identity, url, text)
    return text
