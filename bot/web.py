"""The HTTP server: Slack events, the JSON API (token-protected, OpenAPI docs) and health."""

from __future__ import annotations

import logging
import secrets
import threading
import uuid
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from bot.runtime import Runtime
from knowledge.audit import Actor
from knowledge.errors import ConcordError, ConfigurationError, ProjectNotFound, UsageError
from knowledge.settings import api_token

log = logging.getLogger("concord.web")
API_ACTOR = Actor("api", user="api-token")


class AskRequest(BaseModel):
    project: str = Field(examples=["orion"])
    question: str = Field(min_length=1, max_length=2000,
                          examples=["Who reviews executed batch records?"])
    audience: Literal["internal", "shared"] = "internal"


class CitationOut(BaseModel):
    document: str
    version: str | None
    section: str | None
    page: int | None
    quote: str
    score: float | None
    document_id: str | None = None
    kind: str | None = None


class AskResponse(BaseModel):
    question: str
    project: str
    status: Literal["answered", "nothing_found"]
    answer: str
    citations: list[CitationOut]
    mode: Literal["extractive", "llm"] = "extractive"
    fallback_reason: str | None = None


class OwnerRequest(BaseModel):
    project: str = Field(examples=["orion"])
    question: str = Field(min_length=1, max_length=2000, examples=["Who owns batch release?"])
    audience: Literal["internal", "shared"] = "internal"
    documents: list[str] | None = Field(
        default=None, description="Only documents whose title contains one of these")


class SmeRequest(BaseModel):
    project: str = Field(examples=["orion"])
    text: str = Field(min_length=1, max_length=4000,
                      examples=["FDA announced a pre-approval inspection at Basel"])
    audience: Literal["internal", "shared"] = "internal"


def _oauth_response(bolt, request: Request, body: bytes) -> Response:  # type: ignore[no-untyped-def]
    flow = bolt.oauth_flow
    bolt_request = to_bolt_request(request, body)
    if request.url.path == flow.install_path:
        return to_starlette_response(flow.handle_installation(bolt_request))
    return to_starlette_response(flow.handle_callback(bolt_request))


def _schedule_digests(web: FastAPI, runtime: Runtime) -> None:
    """Post scheduled digests and overdue reminders while the server runs."""
    import os
    import socket

    from bot.digests import DigestLoop, DigestPoster
    from bot.slack_clients import SlackClients

    replica = f"{socket.gethostname()}:{os.getpid()}"
    poster = DigestPoster(runtime, replica=replica, clients=SlackClients.for_runtime(runtime))
    loop = DigestLoop(poster,
                      every=runtime.settings.digest_tick_seconds, clock=runtime.clock)
    web.on_event("startup")(loop.start)
    web.on_event("shutdown")(loop.stop)


def create_app(*, runtime: Runtime, warm: bool = True,
               console_base_url: str | None = None, digests: bool = False) -> FastAPI:
    """The server. Without Slack credentials and with `console_base_url` (this server's own
    loopback address), a local console at /console stands in for a Slack workspace."""
    settings = runtime.settings
    token = api_token(settings)
    console = console_base_url is not None and not settings.slack_configured
    if console:
        from bot.console import console_settings

        console_settings(runtime, console_base_url)
    web = FastAPI(title="Concord API", version="0.1.0",
                  description="Who owns what between sponsor and contract organization, "
                              "answered from the project's documents with citations.")
    state = {"ready": False}
    bolt = None
    if settings.slack_configured:
        from bot.app import build_app

        bolt = build_app(runtime, verify_token=not console)
    else:
        log.warning("Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET): "
                    "serving the API and health only")

    if console:
        from bot.console import console_router, link_console_channels

        web.include_router(console_router(runtime, base_url=console_base_url))

        @web.on_event("startup")
        def _link_console() -> None:
            link_console_channels(runtime)

    if digests and (settings.slack_bot_token or settings.slack_oauth_configured):
        _schedule_digests(web, runtime)

    @web.on_event("startup")
    def _warm() -> None:
        def load() -> None:
            try:
                runtime.warm_up()
            finally:
                state["ready"] = True
        if warm:
            threading.Thread(target=load, daemon=True, name="concord-warm-up").start()
        else:
            state["ready"] = True

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        expected = f"Bearer {token}"
        if authorization is None or not secrets.compare_digest(authorization, expected):
            raise HTTPException(status_code=401, detail="Missing or wrong API token "
                                "(Authorization: Bearer <CONCORD_API_TOKEN>)")

    @web.exception_handler(ConcordError)
    async def _concord_error(_: Request, exc: ConcordError) -> JSONResponse:
        if isinstance(exc, ProjectNotFound):
            status = 404
        elif isinstance(exc, UsageError):
            status = 400
        elif isinstance(exc, ConfigurationError):
            status = 503
        else:
            status = 500
        return JSONResponse(status_code=status, content={"detail": str(exc)})

    @web.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        reference = uuid.uuid4().hex[:12]
        log.error("request failed ref=%s: %s", reference, type(exc).__name__, exc_info=exc)
        return JSONResponse(status_code=500, content={
            "detail": "Internal error; it has been logged.", "reference": reference})

    @web.get("/healthz", tags=["health"])
    def healthz() -> dict:
        return {"status": "ok", "ready": state["ready"], "slack": bolt is not None and not console,
                "console": console}

    @web.post("/api/ask", response_model=AskResponse, tags=["answers"],
              dependencies=[Depends(require_token)])
    def ask(body: AskRequest) -> dict:
        """Answer a question from one project's current documents (extractive, cited)."""
        answer = runtime.ask(project=body.project, question=body.question,
                             audience=body.audience, actor=API_ACTOR)
        return answer.to_json()

    @web.post("/api/owner", tags=["answers"], dependencies=[Depends(require_token)])
    def owner(body: OwnerRequest) -> dict:
        """Who owns an activity: the JSON of `concord owner --json` (one question)."""
        return runtime.owner(project=body.project, question=body.question,
                             audience=body.audience, documents=body.documents,
                             actor=API_ACTOR).to_json()

    @web.post("/api/sme", tags=["answers"], dependencies=[Depends(require_token)])
    def sme(body: SmeRequest) -> dict:
        """Which experts to bring in for a message or topic: the JSON of `concord sme`."""
        return runtime.sme(project=body.project, text=body.text, audience=body.audience,
                           actor=API_ACTOR).to_json()

    @web.get("/api/gaps", tags=["answers"], dependencies=[Depends(require_token)])
    def gaps(project: str, audience: Literal["internal", "shared"] = "internal") -> dict:
        """The quality-agreement gap check: the JSON of `concord gaps --json`."""
        return runtime.gaps(project=project, audience=audience).to_json()

    from bot.web_roadblocks import roadblock_router
    from bot.web_sources import source_router

    web.include_router(roadblock_router(runtime, require_token))
    web.include_router(source_router(runtime))  # signed links, no API token

    @web.get("/slack/install", include_in_schema=False)
    @web.get("/slack/oauth_redirect", include_in_schema=False)
    async def slack_oauth(request: Request) -> Response:
        if bolt is None or bolt.oauth_flow is None:
            return JSONResponse(status_code=404, content={
                "detail": "OAuth installs are not configured: set SLACK_CLIENT_ID, "
                          "SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET"})
        return await run_in_threadpool(_oauth_response, bolt, request, await request.body())

    @web.post("/slack/events", include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        if bolt is None:
            return JSONResponse(status_code=503, content={
                "detail": "Slack is not configured: set SLACK_BOT_TOKEN and "
                          "SLACK_SIGNING_SECRET and restart Concord"})
        body = await request.body()
        bolt_response = await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    return web
