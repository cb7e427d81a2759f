"""Narrative duties: "X shall ...", "X is responsible for: 1) ... 2) ...", "... shall be
approved by X", "Each Party shall ...", present-tense "Vesta hosts inspections", and the
precedence clause ("the Quality Agreement shall prevail")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ingest.document import Block
from ingest.extract.parties import Party, party_for
from knowledge.models import Assignment, Responsibility
from knowledge.quotes import sentences

_RIGHTS = (r"shall\s+have\s+the\s+(?:sole\s+)?right\s+to|has\s+the\s+right\s+to|"
           r"reserves\s+the\s+right\s+to|is\s+entitled\s+to|shall\s+be\s+entitled\s+to|may")
_MODALS = (r"shall\s+be\s+(?:solely\s+)?responsible\s+for|is\s+(?:solely\s+)?responsible\s+for|"
           r"will\s+be\s+responsible\s+for|are\s+responsible\s+for|"
           r"shall\s+each|will\s+each|" + _RIGHTS + r"|shall|will|must|"
           r"agrees?\s+to|is\s+required\s+to|undertakes\s+to|is\s+obliged\s+to")
_HELPERS = r"(?:\s+(?:or|and|and/or)\s+its\s+(?:designee|designate|subcontractors?|affiliates?|" \
           r"agents?|contractors?))?"
_LEAD_IN = (r"(?:(?:[^,.;]{0,80}?),\s*|"  # "Upon receipt, "
            r"(?:by|within|upon|on|after|before|no\s+later\s+than|during|following|prior\s+to)"
            r"\s[^,.;]{0,60}?\s)?")  # "By the tenth day of each month "
_PRESENT_STOP = {"is", "has", "was", "does", "means", "includes", "agrees", "acknowledges",
                 "represents", "warrants", "as", "its", "this", "s"}
_PRECEDENCE = re.compile(r"\b(prevail|prevails|take precedence|shall govern|shall control)\b",
                         re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}\)|\(?[a-z]\)|\(?[ivx]{1,4}\)|[-•*·])\s+")
_INLINE_ITEMS = re.compile(r"(?:^|[\s;:])(?:\d{1,2}\)|\([a-z0-9]{1,3}\))\s+")
_NEITHER = re.compile(r"^\s*(neither|no)\s+party\b", re.IGNORECASE)
_BOTH = r"each\s+party|both\s+parties|the\s+parties|each\s+of\s+the\s+parties"


def _party_pattern(parties: list[Party]) -> str:
    names = sorted({n for p in parties for n in p.names() if len(n) >= 2}, key=len, reverse=True)
    words = [re.escape(n) for n in names]
    return "|".join([*words, _BOTH]) if words else _BOTH


def _resolve(name: str, parties: list[Party]) -> list[Party]:
    if re.fullmatch(_BOTH, name.strip(), re.IGNORECASE):
        return parties[:2]
    party = party_for(name, parties)
    return [party] if party else []


def normalise_activity(text: str) -> str:
    text = re.sub(r"^(?:be\s+)?(?:solely\s+)?(?:responsible\s+for|required\s+to)\s+", "", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"^(?:ensure\s+that|ensure|also)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\([^()]{0,160}\)", "", text)  # "(at reasonable intervals, ...)"
    text = re.sub(r"^(?:have|has)\s+the\s+(?:sole\s+|exclusive\s+)?right\s+to\s+", "", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip(" .;:,")
    return text[:220]


def _record(parties: list[Party], activity: str, quote: str, block: Block, *, source: str,
            modality: str) -> Responsibility | None:
    activity = normalise_activity(activity)
    if len(activity) < 4 or not parties:
        return None
    return Responsibility(
        activity=activity, source=source, quote=quote, section=block.section, page=block.page,
        modality=modality,
        assignments=[Assignment(party=p.name, role=p.role, raci=None) for p in parties])


def split_duties(record: Responsibility) -> list[Responsibility]:
    """"responsible for the qualification of equipment and for cleaning validation" -> two
    duties, so each matches a question about it."""
    parts = [p.strip(" ,;") for p in re.split(r"\s+and\s+for\s+|;\s+", record.activity)]
    parts = [p for p in parts if len(p) >= 4]
    if len(parts) < 2:
        return [record]
    return [replace(record, activity=normalise_activity(p)) for p in parts]


_OPENING = re.compile(
    r"^\s*(?:(?:section|article)\s+)?(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+)?"  # 5.1
    r"(?:\(?[a-z0-9ivx]{1,4}\)\s*)?"  # (a)
    r"(?:[A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|of|and|for|the|to|in|on)){0,6}"  # Title
    r"(?:[.:]\s+|\s+(?=\(?[a-z0-9ivx]{1,4}\)\s)))?"
    r"(?:\(?[a-z0-9ivx]{1,4}\)\s*)?")


def strip_opening(sentence: str) -> str:
    """Drop what precedes a clause's subject: "5.1 Release Testing a) Supplier shall ..." ->
    "Supplier shall ..."."""
    stripped = _OPENING.sub("", sentence, count=1)
    return stripped if len(stripped) >= 12 else sentence


def read_sentence(sentence: str, block: Block, parties: list[Party], *,
                  source: str = "clause") -> Responsibility | None:
    """One responsibility from one sentence, or None."""
    quote = sentence
    sentence = strip_opening(sentence)
    if _NEITHER.match(sentence) or len(sentence) < 12:
        return None
    names = _party_pattern(parties)
    duty_of = re.match(rf"^{_LEAD_IN}(?:it\s+)?(?:shall|will)\s+be\s+the\s+(?:sole\s+)?"
                       rf"(?:responsibility|obligation)\s+of\s+(?:the\s+)?(?P<who>{names})"
                       rf"{_HELPERS}\s*,?\s+to\s+(?P<what>.+)$", sentence,
                       re.IGNORECASE | re.DOTALL)
    if duty_of:
        return _record(_resolve(duty_of.group("who"), parties), duty_of.group("what"), quote,
                       block, source=source, modality="shall")
    consent = re.search(rf"\b(?:without|subject\s+to|with)\s+(?:the\s+)?(?:express\s+)?"
                        rf"(?:prior\s+)?(?:express\s+)?(?:written\s+)?(?:consent|approval|"
                        rf"authori[sz]ation|agreement)\s+of\s+(?:the\s+)?(?P<who>{names})\b",
                        sentence, re.IGNORECASE)
    if consent:
        subject = re.match(rf"^{_LEAD_IN}(?:the\s+)?(?:{names}){_HELPERS}\s+(?:shall|will|may|"
                           rf"must)\s+(?:not\s+)?(?P<what>.+?)\s*,?\s*(?:without|subject|with)\b",
                           sentence, re.IGNORECASE | re.DOTALL)
        what = subject.group("what") if subject else sentence[: consent.start()]
        return _record(_resolve(consent.group("who"), parties), f"approve {what}", quote,
                       block, source=source, modality="shall")
    active = re.match(rf"^{_LEAD_IN}(?:the\s+)?(?P<who>(?:{names})(?:\s+and\s+(?:the\s+)?"
                      rf"(?:{names}))?){_HELPERS}\s+(?:(?:also|itself|alone)\s+)?"
                      rf"(?P<modal>{_MODALS})\s+(?P<what>.+)$", sentence,
                      re.IGNORECASE | re.DOTALL)
    if active:
        who = [p for part in re.split(r"\s+and\s+(?:the\s+)?", active.group("who"))
               for p in _resolve(part, parties)]
        who = list({p.name: p for p in who}.values())
        if re.match(r"not\b", active.group("what"), re.IGNORECASE):
            return None
        modal = " ".join(active.group("modal").lower().split())
        modality = "may" if re.fullmatch(_RIGHTS, modal, re.IGNORECASE) else "shall"
        return _record(who, active.group("what"), quote, block, source=source,
                       modality=modality)
    passive = re.match(rf"^(?P<what>.+?)\s+(?:shall|will|must|is\s+to)\s+be\s+(?P<verb>"
                       rf"(?:\w+(?:ed|en|ne))(?:\s+(?:and|or)\s+\w+(?:ed|en|ne))?)\s+"
                       rf"(?:solely\s+)?by\s+(?:the\s+)?(?P<who>{names})(?:’s|'s)?\b", sentence,
                       re.IGNORECASE | re.DOTALL)
    if passive:
        who = _resolve(passive.group("who"), parties)
        activity = f"{passive.group('verb')} {passive.group('what')}"
        return _record(who, activity, quote, block, source=source, modality="shall")
    present = re.match(rf"^(?:the\s+)?(?P<who>{names})\s+(?P<verb>[a-z]+s)\s+(?P<what>.+)$",
                       sentence, re.IGNORECASE | re.DOTALL)
    if present and present.group("verb").lower() not in _PRESENT_STOP:
        who = _resolve(present.group("who"), parties)
        activity = f"{base_form(present.group('verb'))} {present.group('what')}"
        return _record(who, activity, quote, block, source=source, modality="does")
    return None


def base_form(verb: str) -> str:
    """supplies -> supply, approves -> approve, ships -> ship, qualifies -> qualify."""
    lower = verb.lower()
    if lower.endswith("ies"):
        return verb[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z)es$", lower):
        return verb[:-2]
    return verb[:-1] if lower.endswith("s") else verb


def split_compound(record: Responsibility, parties: list[Party]) -> list[Responsibility]:
    """"Vesta drafts and Aldebaran approves the stability protocol" -> two duties."""
    names = _party_pattern(parties)
    m = re.match(rf"^(?P<first>\w+)\s+and\s+(?:the\s+)?(?P<who>{names})\s+"
                 rf"(?:shall\s+)?(?P<verb>\w+)\s+(?P<object>.+)$", record.activity, re.IGNORECASE)
    if not m:
        return [record]
    second = _resolve(m.group("who"), parties)
    if not second:
        return [record]
    verb = m.group("verb")
    verb = base_form(verb) if verb.lower().endswith("s") else verb
    first = replace(record, activity=f"{m.group('first')} {m.group('object')}")
    other = replace(record, activity=f"{verb} {m.group('object')}",
                    assignments=[Assignment(party=p.name, role=p.role) for p in second])
    return [first, other]


def _list_items(text: str) -> list[str]:
    parts = [p.strip(" ;.") for p in _INLINE_ITEMS.split(text) if p and p.strip(" ;.")]
    return parts


def read_clauses(blocks: Iterable[Block], parties: list[Party], *,
                 source: str = "clause") -> list[Responsibility]:
    """Duties from paragraphs, including per-party numbered lists that follow "X shall:"."""
    out: list[Responsibility] = []
    list_owner: tuple[Responsibility, str | None] | None = None
    for block in blocks:
        if block.kind != "paragraph":
            list_owner = None if block.kind == "heading" else list_owner
            continue
        text = block.text.strip()
        if list_owner and _LIST_ITEM.match(text) and block.section == list_owner[1]:
            lead = list_owner[0]
            item = _LIST_ITEM.sub("", text)
            record = _record([], "", "", block, source="list", modality=lead.modality)
            record = Responsibility(
                activity=normalise_activity(item), assignments=lead.assignments, source="list",
                quote=f"{lead.quote} {text}".strip(), section=block.section, page=block.page,
                modality=lead.modality) if len(item) > 3 else record
            if record:
                out.append(record)
            continue
        list_owner = None
        for sentence in sentences(text):
            if _PRECEDENCE.search(sentence):
                out.append(Responsibility(activity="precedence between documents",
                                          assignments=[], source="precedence", quote=sentence,
                                          section=block.section, page=block.page))
                continue
            head, colon, tail = sentence.partition(":")
            if colon and (not tail.strip() or _INLINE_ITEMS.search(tail)):
                lead = read_sentence(head + " the following", block, parties, source=source)
                if lead is not None:
                    lead.quote = sentence
                    for item in _list_items(tail):
                        out.append(Responsibility(
                            activity=normalise_activity(item), assignments=lead.assignments,
                            source="list", quote=sentence, section=block.section,
                            page=block.page, modality=lead.modality))
                    if not tail.strip():
                        list_owner = (lead, block.section)
                    continue
            record = read_sentence(sentence, block, parties, source=source)
            if record is not None:
                for part in split_compound(record, parties):
                    out.extend(split_duties(part))
    return out
