"""Core results -> Slack Block Kit. Document text is escaped so it can never mention people
or channels (<!channel>, <@U123>) and never breaks Slack's size limits."""

from __future__ import annotations

from knowledge.experts import SmeAnswer, Suggestion
from knowledge.gaps import GapReport
from knowledge.models import Answer, Citation
from knowledge.ownership import Owner, OwnerAnswer
from knowledge.roles import role_label

MAX_SECTION = 2900  # Slack allows 3000 characters in a section's text
MAX_CONTEXT = 1900  # and 2000 in a context element
MAX_BLOCKS = 50
LOG_FROM_OWNER = "rb_log_owner"  # "Log as roadblock" on answers no document settles


def escape(text: str) -> str:
    """Slack mrkdwn escaping: &, < and > are the only control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Keep within Slack's limits; say so when something was cut."""
    note = " … (trimmed)"
    return text if len(text) <= limit else text[: limit - len(note)].rstrip() + note


def citation_line(citation: Citation) -> str:
    return clip(f"_{escape(citation.label())}_ — “{escape(citation.quote)}”", MAX_CONTEXT)


def answer_blocks(answer: Answer) -> list[dict]:
    if answer.status == "nothing_found":
        return [
            section_block(f":mag: {escape(answer.answer)}"),
            context_block("Nothing in this project's current documents matched. "
                     "Try other words, or check that the document was ingested."),
        ]
    top = answer.citations[0]
    blocks = [section_block(f"“{escape(top.quote)}”\n_{escape(top.label())}_")]
    for citation in answer.citations[1:]:
        blocks.append(context_block(citation_line(citation)))
    blocks.append(context_block(mode_line(answer.mode, answer.fallback_reason)))
    return blocks[:MAX_BLOCKS]


def mode_line(mode: str, fallback_reason: str | None) -> str:
    """Which mode answered, so readers know what they are trusting."""
    if mode == "llm":
        return "Written by the configured language model from the cited passages; " \
               "citations checked."
    text = "Extractive answer: quoted from the project's current documents."
    if fallback_reason:
        text += f" (Language model not used: {escape(fallback_reason)}.)"
    return text


def answer_fallback_text(answer: Answer) -> str:
    """Plain text for notifications and clients that do not render blocks."""
    return clip(escape(answer.answer), 3000)


def error_blocks(message: str, reference: str | None = None) -> list[dict]:
    text = f":warning: {escape(message)}"
    blocks = [section_block(text)]
    if reference:
        blocks.append(context_block(f"Reference: `{reference}`"))
    return blocks


def section_block(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION)}}


def context_block(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, MAX_CONTEXT)}]}


def _owner_label(owner: Owner) -> str:
    role = f" ({role_label(owner.role)})" if owner.role else ""
    raci = {"R": ", performs", "A": ", approves"}.get(owner.raci or "", "")
    return f"*{escape(owner.party)}*{escape(role)}{raci}"


def owner_blocks(answer: OwnerAnswer) -> list[dict]:
    """Ownership answer: who, the clause, the contact; conflicts and silence said plainly."""
    topic = escape(answer.topic)
    if answer.status == "not_found":
        blocks = [section_block(f":grey_question: No document assigns *{topic}* in this "
                                "project's current documents.")]
        if answer.nearest:
            near = answer.nearest[0]
            blocks.append(context_block(
                f"Closest, but not an assignment: {citation_line(near)}"))
        blocks.append({"type": "actions", "elements": [{
            "type": "button", "action_id": LOG_FROM_OWNER, "value": answer.topic[:300],
            "text": {"type": "plain_text", "text": "Log as roadblock"}}]})
        return blocks
    if answer.status == "conflict":
        lines = [":warning: *Not aligned.* The current documents assign this differently:"]
        for side in answer.conflicts:
            citation = side["citation"]
            label = escape(_label(citation))
            owners = escape(" and ".join(side["owners"])) or "no party"
            lines.append(f"• {label}: *{owners}*")
        blocks = [section_block("\n".join(lines))]
        for citation in answer.citations[:4]:
            blocks.append(context_block(citation_line(citation)))
        if answer.precedence:
            blocks.append(context_block(f"Precedence: {citation_line(answer.precedence)}"))
        return blocks
    who = " and ".join(_owner_label(o) for o in answer.owners)
    lead = f"Shared: {who}" if answer.status == "shared" else who
    top = answer.citations[0]
    body = f"{lead} — {topic}\n“{escape(top.quote)}”\n_{escape(top.label())}_"
    if answer.mode == "llm":
        body = f"{lead} — {topic}\n{escape(answer.answer)}\n_{escape(top.label())}_"
    blocks = [section_block(body)]
    for citation in answer.citations[1:3]:
        blocks.append(context_block(citation_line(citation)))
    contacts = [f"{escape(o.person)} ({escape(o.party)})" for o in answer.owners if o.person]
    if contacts:
        blocks.append(context_block("Contact: " + ", ".join(contacts)))
    if answer.superseded:
        blocks.append(context_block("Changed from " + citation_line(answer.superseded[0])))
    blocks.append(context_block(mode_line(answer.mode, answer.fallback_reason)))
    return blocks


def _label(citation: dict) -> str:
    return Citation(**{k: citation.get(k) for k in ("document", "version", "section", "page",
                                                    "quote")}).label()


def _people_names(suggestion: Suggestion) -> str:
    names = [f"{p['name']}, {p['party']}" if p.get("party") else p["name"]
             for p in suggestion.people[:4]]
    return escape(" · ".join(names))


def suggestion_line(suggestion: Suggestion) -> str:
    who = _people_names(suggestion)
    who = f" ({who})" if who else ""
    return f":bulb: *Consider bringing in {escape(suggestion.label)}*{who}: " \
           f"{escape(suggestion.reason)}."


def sme_blocks(answer: SmeAnswer) -> list[dict]:
    if not answer.suggestions:
        return [section_block("No expert needed for this, as far as Concord can tell.")]
    return [section_block(suggestion_line(s)) for s in answer.suggestions[:5]]


def with_suggestions(blocks: list[dict], answer: SmeAnswer | None) -> list[dict]:
    """Append a short "Consider bringing in ..." context to an answer, when relevant."""
    if answer is None or not answer.suggestions:
        return blocks
    lines = [suggestion_line(s) for s in answer.suggestions[:2]]
    return [*blocks, context_block("\n".join(lines))][:MAX_BLOCKS]


def gaps_blocks(report: GapReport, actions: dict[str, dict] | None = None) -> list[dict]:
    """The topics a quality agreement leaves open, most important first, with where; with
    `actions`, each open topic's roadblock buttons (topic key -> actions block)."""
    open_entries = [e for e in report.entries if e.status != "settled"]
    open_entries.sort(key=lambda e: (not e.matters, e.status != "no_owner", e.key))
    settled = len(report.entries) - len(open_entries)
    blocks = [section_block(f"*Quality-agreement gap check* · {settled} of "
                            f"{len(report.entries)} topics settled, {len(open_entries)} open")]
    for entry in open_entries:
        if len(blocks) >= MAX_BLOCKS - 2:
            break
        what = "no owner" if entry.status == "no_owner" else "not covered"
        line = f"• *{escape(entry.label)}* (`{entry.key}`): {what}"
        if entry.missing and entry.missing != ["an owner"]:
            line += f"; missing: {escape('; '.join(entry.missing))}"
        if entry.citations:
            line += f" — _{escape(entry.citations[0].label())}_"
        blocks.append(section_block(line))
        if actions and entry.key in actions:
            blocks.append(actions[entry.key])
    return blocks
