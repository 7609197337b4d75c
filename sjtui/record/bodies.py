"""A note's or imaging report's full text, fetched on demand: from the encrypted cache when
it holds it, else from the server (then cached). The caller checks the grant and audits the
view first (`RecordService.load_body`)."""

from __future__ import annotations

import asyncio

from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirTimeoutError
from sjtui.record.cache_glue import CacheGlue
from sjtui.record.errors import OfflineError, ServerError


async def body_text(client: FhirClient, cache: CacheGlue, identity: str, url: str) -> str:
    """The text at `url` (decoded as UTF-8, bad bytes replaced). Raises `OfflineError` when the
    server cannot be reached, `ServerError` when it fails. The cache is read and written in
    threads (decryption and the disk never stall the event loop)."""
    cached = await asyncio.to_thread(cache.load_body, identity, url)
    if cached is not None:
        return cached
    try:
        raw = await client.fetch_attachment(url, content_type="text/plain")
    except (FhirOfflineError, FhirTimeoutError) as exc:
        raise OfflineError("the text cannot be fetched offline", detail=exc.message) from exc
    except FhirError as exc:
        raise ServerError("the text could not be fetched", detail=exc.message) from exc
    text = raw.decode("utf-8", errors="replace")
    await asyncio.to_thread(cache.store_body, identity, url, text)
    return text


__all__ = ["body_text"]
