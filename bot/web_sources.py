"""`/sources/{document_id}`: the passage a roadblock cites, behind a signed link.

Slack users have no API token, so a digest's source links carry their own signature (see
`knowledge/source_links.py`). The page shows the document, its version and status, and the
cited section's passages (or the page's), escaped; nothing else of the document."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse

from bot.runtime import Runtime
from knowledge.models import ChunkRecord
from knowledge.store import audiences_for

MAX_PASSAGES = 12


def _cited(chunks: list[ChunkRecord], section: str, page: str) -> list[ChunkRecord]:
    if section:
        found = [c for c in chunks if section in (c.section, c.section_title)] or [
            c for c in chunks if section in c.text]  # small sections share a passage
        if found:
            return found
    if page.isdigit():
        return [c for c in chunks if c.page == int(page)]
    return []


def _heading(chunk: ChunkRecord) -> str:
    title = " ".join(p for p in (chunk.section or "", chunk.section_title or "") if p)
    return f"{title} (p. {chunk.page})" if chunk.page else title


def source_router(runtime: Runtime) -> APIRouter:
    router = APIRouter(tags=["sources"])

    @router.get("/sources/{document_id}", response_class=HTMLResponse,
                summary="The passage a roadblock cites (signed link from a Slack digest)")
    def source(document_id: str, section: str = "", page: str = "",
               audience: str = Query("internal", pattern="^(internal|shared)$"),
               expires: int = 0, sig: str = "") -> HTMLResponse:
        links = runtime.source_links
        if links is None:
            raise HTTPException(404, "Source links are off: CONCORD_PUBLIC_URL is not set.")
        if not links.verify(document_id, section=section, page=page, audience=audience,
                            expires=expires, sig=sig):
            raise HTTPException(403, "This source link is not valid or has expired. Ask "
                                     "Concord again in Slack for a fresh one.")
        document = runtime.store.records.document(document_id)
        if document is None or document.audience not in audiences_for(audience):
            raise HTTPException(404, "The cited document is no longer here.")
        passages = _cited(runtime.store.records.document_chunks(document_id), section,
                          page)[:MAX_PASSAGES]
        where = ", ".join(p for p in (f"§{section}" if section else "",
                                      f"p. {page}" if page else "") if p)
        status = "" if document.status == "current" else \
            "<p class=note>A newer version of this document has superseded this one.</p>"
        body = "".join(f"<section><h2>{escape(_heading(c))}</h2><p>{escape(c.text)}</p>"
                       f"</section>" for c in passages) or \
            "<p>The cited passage could not be found in this version.</p>"
        title = escape(f"{document.display_name}{' ' + where if where else ''}")
        html = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}"
                f"</title><meta name=robots content=noindex><style>body{{font:16px/1.5 "
                f"system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}}"
                f".note{{color:#8a4b00}}h2{{font-size:1rem;color:#444}}</style></head><body>"
                f"<h1>{escape(document.display_name)}</h1><p>{escape(document.project)} · "
                f"version {escape(document.version_label or '-')} · {escape(where)}</p>"
                f"{status}{body}</body></html>")
        return HTMLResponse(html, headers={"Cache-Control": "no-store",
                                           "Referrer-Policy": "no-referrer"})

    return router
