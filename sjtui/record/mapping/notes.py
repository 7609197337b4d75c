"""Journal: DocumentReference (notes and discharge summaries, "epikriser").

kind "discharge" for LOINC 18842-5 or a type text containing "epikrise"; "note" otherwise.
The body is the inline `attachment.data` (base64, UTF-8 with replacement) when present,
else the referenced Binary when it was fetched with the bundle, else None with `body_url`
set for fetching on demand.
"""

from __future__ import annotations

from sjtui.record.entries import Note
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    arr,
    cc_has_code,
    cc_text,
    check_ref,
    check_resource,
    decode_base64_text,
    obj,
    objs,
    parse_datetime,
    ref_display,
    ref_key,
    string,
)

DISCHARGE_LOINC = "18842-5"


def attachment_body(attachment: dict, ctx: Ctx) -> tuple[str | None, str]:
    """(body, body_url) of an Attachment; the Binary is used when already in the bundle."""
    url = string(attachment, "url", limit=2048)
    if attachment.get("data") is not None:
        return decode_base64_text(attachment["data"]), url
    if url:
        binary = ctx.index.get(ref_key({"reference": url}))
        if binary is not None and binary.get("resourceType") == "Binary":
            data = binary.get("data")
            if isinstance(data, str):
                return decode_base64_text(data), url
    return None, url


def note_kind(doc_type: dict) -> str:
    if cc_has_code(doc_type, DISCHARGE_LOINC) or "epikrise" in cc_text(doc_type).lower():
        return "discharge"
    return "note"


def map_note(resource: dict, ctx: Ctx) -> Note:
    key = check_resource(resource, "DocumentReference")
    doc_type = obj(resource, "type")
    contents = objs(resource, "content")
    if not contents:
        raise MappingError("document without content")
    attachment = obj(contents[0], "attachment")
    if not attachment:
        raise MappingError("document content without attachment")
    title = cc_text(doc_type) or string(attachment, "title")
    body, body_url = attachment_body(attachment, ctx)
    authors = objs(resource, "author")
    author_names = []
    for ref in authors:
        name = ref_display(ref)
        if name:
            author_names.append(name)
    context = obj(resource, "context")
    encounters = arr(context, "encounter")
    date = parse_datetime(resource.get("date"), "date")
    if date is None:
        date = parse_datetime(obj(context, "period").get("start"), "context.period")
    if date is None:
        date = parse_datetime(attachment.get("creation"), "attachment.creation")
    custodian = check_ref(resource.get("custodian"), "custodian")
    source_ref = custodian or (authors[0] if authors else {})
    return Note(
        **entry_fields(
            resource,
            key,
            ctx,
            date=date,
            source=ctx.sources.resolve(source_ref),
            course_ref=encounters[0] if encounters else None,
        ),
        kind=note_kind(doc_type),
        title=title,
        author=", ".join(author_names),
        summary=string(resource, "description", limit=2000),
        body=body,
        body_url="" if attachment.get("data") is not None else body_url,
        content_type=string(attachment, "contentType", limit=128),
    )
