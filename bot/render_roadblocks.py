"""Roadblocks and digests -> Slack Block Kit, with the buttons that act on each item:
Mark aligned, Assign owner (user picker), Snooze (1 or 2 weeks), Bring in an expert."""

from __future__ import annotations

from datetime import datetime

from bot.render import (
    LOG_FROM_OWNER,
    MAX_BLOCKS,
    MAX_SECTION,
    clip,
    context_block,
    escape,
    section_block,
)
from knowledge.action_items import ActionItem
from knowledge.digest import Digest
from knowledge.models import Citation
from knowledge.tracker import Roadblock

ALIGN, ASSIGN, SNOOZE, EXPERT = "rb_align", "rb_assign", "rb_snooze", "rb_expert"
__all__ = ["ALIGN", "ASSIGN", "EXPERT", "LOG_FROM_OWNER", "SNOOZE"]
PER_SECTION = 5  # a digest stays short; /concord roadblocks lists everything


def source_label(source: dict) -> str:
    """Where a roadblock comes from: a Slack message link, or a document citation."""
    if source.get("link") and not source.get("document_id"):
        return f"<{source['link']}|{escape(source.get('document') or 'Slack message')}>"
    citation = Citation(**{k: source.get(k) for k in ("document", "version", "section",
                                                      "page", "quote")})
    label = citation.label()
    if source.get("date") and source["date"] not in label:
        label += f", {source['date']}"
    if source.get("link"):  # a signed link to the cited passage (CONCORD_PUBLIC_URL)
        return f"<{source['link']}|{escape(label)}>"
    return escape(label)


def _owner(roadblock: Roadblock) -> str:
    if roadblock.ownerless:
        return "*no owner*"
    parts = [f"<@{roadblock.owner_user}>" if roadblock.owner_user else None,
             escape(roadblock.owner_person or "") or None, escape(roadblock.owner_party or "")
             or None]
    return "owner " + ", ".join(p for p in parts if p)


def item_line(roadblock: Roadblock, now: datetime) -> str:
    facts = [f"open {roadblock.age_days(now)} d", _owner(roadblock)]
    if roadblock.due:
        facts.append(f"due {roadblock.due}")
    if roadblock.topic:
        facts.append(f"`{roadblock.topic}`")
    where = " · ".join(source_label(s) for s in roadblock.sources[:2])
    text = f"*#{roadblock.id}* {escape(roadblock.title)}\n{' · '.join(facts)}"
    if where:
        text += f"\n_{where}_"
    return clip(text, MAX_SECTION)


def item_actions(roadblock: Roadblock) -> dict:
    value = str(roadblock.id)
    return {"type": "actions", "block_id": f"rb_{roadblock.id}", "elements": [
        {"type": "button", "action_id": ALIGN, "value": value, "style": "primary",
         "text": {"type": "plain_text", "text": "Mark aligned"}},
        {"type": "users_select", "action_id": ASSIGN,
         "placeholder": {"type": "plain_text", "text": "Assign owner"}},
        {"type": "static_select", "action_id": SNOOZE,
         "placeholder": {"type": "plain_text", "text": "Snooze"},
         "options": [{"text": {"type": "plain_text", "text": text},
                      "value": f"{value}:{days}"}
                     for text, days in (("1 week", 7), ("2 weeks", 14))]},
        {"type": "button", "action_id": EXPERT, "value": value,
         "text": {"type": "plain_text", "text": "Bring in an expert"}},
    ]}


def roadblock_from_block_id(block_id: str | None) -> int | None:
    if block_id and block_id.startswith("rb_") and block_id[3:].isdigit():
        return int(block_id[3:])
    return None


def list_blocks(project: str, roadblocks: list[Roadblock], now: datetime, *,
                status: str | None = "open") -> list[dict]:
    what = f"{status} roadblocks" if status else "roadblocks"
    if not roadblocks:
        return [section_block(f"No {what} in *{escape(project)}*.")]
    blocks = [section_block(f"*{len(roadblocks)} {what} in {escape(project)}* "
                            "(ownerless first, then oldest)")]
    room = (MAX_BLOCKS - 2) // 2
    for roadblock in roadblocks[:room]:
        blocks.append(section_block(item_line(roadblock, now)))
        if roadblock.status == "open":
            blocks.append(item_actions(roadblock))
    if len(roadblocks) > room:
        blocks.append(context_block(f"… and {len(roadblocks) - room} more: "
                                    f"`concord roadblocks --project {escape(project)}`"))
    return blocks


def one_roadblock_blocks(roadblock: Roadblock, now: datetime, heading: str) -> list[dict]:
    blocks = [section_block(f"{heading}\n{item_line(roadblock, now)}")]
    if roadblock.status == "open":
        blocks.append(item_actions(roadblock))
    return blocks


def _action_line(item: ActionItem, today) -> str:  # type: ignore[no-untyped-def]
    who = f"<@{item.slack_user}>" if item.slack_user else escape(item.person or "no owner")
    late = item.days_overdue(today)
    when = f"*overdue {late} d* (due {item.due})" if late else f"due {item.due}"
    return f"• {escape(item.action)} — {who}, {when} · _{escape(item.source.label())}_"


def digest_blocks(digest: Digest) -> list[dict]:
    now = digest.generated_at
    header = f":clipboard: *Weekly digest · {escape(digest.project)}* · {now:%d %b %Y}"
    blocks: list[dict] = [section_block(header)]
    if digest.late_note:
        blocks.append(context_block(f":hourglass: {escape(digest.late_note)}"))
    if digest.empty:
        blocks.append(section_block("Nothing new, aging or unaligned. :white_check_mark:"))
        return blocks
    sections = [("New roadblocks", digest.new), ("Conflicting ownership", digest.conflicts),
                ("Aging", digest.aging), ("Without an owner", digest.ownerless),
                ("Quality-agreement gaps", digest.gaps)]
    budget = MAX_BLOCKS - 6
    for title, items in sections:
        if not items or budget <= 2:
            continue
        blocks.append(section_block(f"*{title}* ({len(items)})"))
        budget -= 1
        for roadblock in items[:PER_SECTION]:
            if budget < 2:
                break
            blocks += [section_block(item_line(roadblock, now)), item_actions(roadblock)]
            budget -= 2
        if len(items) > PER_SECTION:
            blocks.append(context_block(f"… {len(items) - PER_SECTION} more: "
                                        "`/concord roadblocks`"))
            budget -= 1
    if digest.actions:
        lines = [_action_line(a, digest.today) for a in digest.actions[:10]]
        blocks.append(section_block(clip("*Action items due or overdue*\n" + "\n".join(lines),
                                         MAX_SECTION)))
    if digest.experts:
        lines = []
        for expert in digest.experts[:4]:
            names = ", ".join(escape(p["name"]) for p in expert.people[:3]) or "nobody listed"
            lines.append(f":bulb: Consider bringing in *{expert.function}* ({names}): "
                         f"{escape(expert.reason)}.")
        blocks.append(context_block(clip("\n".join(lines), 1900)))
    if digest.other_open:
        blocks.append(context_block(f"{digest.other_open} other open roadblocks have an owner "
                                    "and are recent."))
    return blocks[:MAX_BLOCKS]


def digest_text(digest: Digest) -> str:
    counts = digest.to_json()["counts"]
    return (f"Concord digest for {digest.project}: {counts['new']} new, {counts['aging']} "
            f"aging, {counts['ownerless']} without owner, {counts['conflicts']} conflicts, "
            f"{counts['gaps']} QAA gaps, {counts['actions']} actions due")
