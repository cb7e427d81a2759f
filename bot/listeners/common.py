"""Shared helpers for listeners: project lookup, question parsing, safe error replies."""

from __future__ import annotations

import logging
import re
import uuid

from bot import render
from bot.runtime import Runtime
from knowledge.audit import Actor
from knowledge.errors import ConcordError, ProjectNotFound, UsageError
from knowledge.experts import gaps_from_ownership
from knowledge.questions import is_ownership_question

log = logging.getLogger("concord.slack")
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")

HELP = (
    "*Concord* answers from this project's contracts, quality agreements and meeting notes.\n"
    "• `/concord owner <activity>` — e.g. `/concord owner batch release`\n"
    "• `/concord sme <topic>` — which experts to bring in, e.g. `/concord sme FDA 483 response`\n"
    "• `/concord gaps` — the topics the quality agreement leaves open\n"
    "• `/concord roadblocks` — what is not aligned yet, with buttons to align, assign, "
    "snooze · `/concord roadblock add <text>` · `/concord digest [now|status|schedule|on|off]`"
    "\n"
    "• `/concord status` · `/concord link <project>` · `/concord unlink` · "
    "`/concord listen on|off` (admins: suggest experts on messages here)\n"
    "• `/concord ask <question>` — e.g. `/concord ask how fast must deviations be reported?`\n"
    "• Mention me in a channel: `@Concord who approves CAPA?` — I answer in the thread."
)


def strip_mentions(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text or "").split())


def unbound_message(channel: str | None) -> str:
    return ("This channel is not linked to a project yet. A workspace admin or a Concord "
            "project admin can link it with `/concord link <project>`.")


def user_message(exc: Exception) -> tuple[str, str | None]:
    """A short human message for an error, plus a reference logged with the details."""
    if isinstance(exc, ProjectNotFound):
        return "This channel's project has no documents yet; ingest some first.", None
    if isinstance(exc, UsageError | ConcordError):
        return str(exc), None
    reference = uuid.uuid4().hex[:12]
    log.error("slack request failed ref=%s: %s", reference, type(exc).__name__, exc_info=exc)
    return "Sorry, something went wrong while answering. It has been logged.", reference


def answer_blocks_for(runtime: Runtime, *, project: str, question: str, audience: str,
                      actor: Actor, mode: str = "auto") -> tuple[list, str]:
    """Blocks answering a question: ownership questions ("who owns ...") get the owner
    answer, everything else the cited passages; only documents fit for the audience."""
    if mode == "gaps":
        from bot.render_roadblocks import item_actions

        report = runtime.gaps(project=project, audience=audience)
        counts = report.to_json()
        tracked = {r.topic: item_actions(r) for r in runtime.roadblocks(
            project=project, audience=audience).roadblocks if r.origin == "gap" and r.topic}
        return render.gaps_blocks(report, tracked), (
            f"{counts['no_owner']} topics without an owner, {counts['absent']} not covered")
    if mode == "sme":
        sme = runtime.sme(project=project, text=question, audience=audience, actor=actor)
        lines = [f"{s.label}: {s.reason}" for s in sme.suggestions]
        return render.sme_blocks(sme), render.escape("; ".join(lines) or "No expert needed.")
    if mode == "owner" or (mode == "auto" and is_ownership_question(question)):
        owner = runtime.owner(project=project, question=question, audience=audience,
                              actor=actor)
        blocks = render.owner_blocks(owner)
        gaps = gaps_from_ownership(owner.status, owner.topic_key, owner.topic)
        if gaps:
            sme = runtime.experts.suggest(project=project, text=question, audience=audience,
                                          gaps=gaps)
            blocks = render.with_suggestions(blocks, sme)
        return blocks, render.clip(render.escape(owner.answer), 3000)
    answer = runtime.ask(project=project, question=question, audience=audience, actor=actor)
    blocks = render.answer_blocks(answer)
    if answer.status != "nothing_found":  # a question that calls for an expert says whom
        blocks = render.with_suggestions(blocks, runtime.experts.suggest(
            project=project, text=question, audience=audience))
    return blocks, render.answer_fallback_text(answer)
