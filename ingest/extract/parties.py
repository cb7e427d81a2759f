"""Parties of an agreement: defined names from the preamble and which one is the sponsor.

"Aldebaran Bio, Inc., a Delaware corporation ("Aldebaran" or "Customer")" gives the party
"Aldebaran" with aliases "Aldebaran Bio, Inc." and "Customer"; "Customer" makes it the sponsor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.roles import CONTRACT_ORGANIZATION, SPONSOR, other_role, role_from_words

_PAREN = re.compile(r"\(([^()]{2,160})\)")
_QUOTED = re.compile(r"[“\"]([^”\"]{2,40})[”\"]")
_NOT_PARTIES = re.compile(
    r"^(agreement|supply agreement|this agreement|effective date|product|products|parties|party|"
    r"specifications?|territory|quality agreement|facility|term|affiliates?|"
    r"confidential information|minimum volume|batch|batches|amendment.*|manufacturing agreement|"
    r"master agreement|services?|work|site|labels?|vesta basel)$", re.IGNORECASE)
_SUFFIX = (r"(?:S\.[aà]\.? ?r\.l|S[aà]rl|Inc|Corp|Corporation|LLC|L\.L\.C|Ltd|Limited|GmbH|AG|"
           r"S\.A|SA|plc|PLC|B\.V|BV|"
           r"N\.V|NV|Co\., Ltd|Co|S\.p\.A|SAS|KG|UAB|a\.s|s\.r\.o|Oy|AB|ApS|A/S|AS|S\.L|SRL|"
           r"S\.r\.l|Sp\. z o\.o|Pty|KK|K\.K|Bhd|Pte\.? Ltd|EOOD|"
           r"\(Pty\) Ltd)\.?")
_FULL_NAME = re.compile(r"([A-Z][\w&.'’-]*(?:[ ,]+(?:[A-Z&][\w&.'’-]*|of|for|and))*?,?\s+"
                        + "(?i:" + _SUFFIX + r"))(?![\w])")
_CO_DUTY = (r"(manufacture|supply|deliver|ship|produce|perform|test|package|provide the product|"
            r"micronise|micronize|mill|fill|sterilise|sterilize|formulate)")
_SPONSOR_DUTY = r"(pay|purchase|order|forecast|submit (?:a )?forecast|provide forecasts|reimburse)"


@dataclass
class Party:
    name: str  # the defined short name, as the document uses it
    role: str | None = None
    aliases: set[str] = field(default_factory=set)
    inherited: bool = False  # known from the project's other documents, not defined here

    def names(self) -> set[str]:
        return {self.name, *self.aliases}

    def to_json(self) -> dict:
        return {"name": self.name, "role": self.role, "aliases": sorted(self.aliases)}


def _full_name(before: str) -> str | None:
    window = before[-400:]
    tail = window[-220:]
    names = [m.group(1) for m in _FULL_NAME.finditer(tail)
             if not re.search(r"\b(?:a|an)\s+$", tail[: m.start()])]  # "a Delaware corporation"
    if names:  # without a label before it: "Parties. Calivara Consumer Health S.R.L."
        name = re.sub(r"^.*\b(?:and|between|by)\s+", "", names[-1].strip(), flags=re.I | re.S)
        return re.sub(r"^(?:the\s+)?(?:parties|between)\s*[.:]\s*", "", name, flags=re.I)
    for word in ("between", "and", "with"):
        found = list(re.finditer(rf"(?:^|\s){word}\s+", window, re.IGNORECASE))
        if found:  # "between\nSA Pärnakivi Verekeskus (...), Vahtra tee 4, ..."
            lead = re.sub(r"\s*\([^()]*\)", "", window[found[-1].end():].split(",")[0]).strip()
            lead = lead.strip("*_ ")
            return lead if lead[:1].isupper() else None
    return None


def find_parties(text: str, *, body: str | None = None) -> list[Party]:
    """Defined parties in the opening text, with roles where the words tell.

    `body` (the whole document) lets duty verbs decide roles the preamble leaves open:
    the party that "shall manufacture / supply / deliver" is the contract organization,
    the one that "shall pay / purchase / forecast" the sponsor."""
    head = text[:6000]
    parties: list[Party] = []
    for match in _PAREN.finditer(head):
        inside = match.group(1)
        quoted = [q.strip() for q in _QUOTED.findall(inside)]
        if not quoted or _NOT_PARTIES.match(quoted[0]):
            continue
        # (the "Contract Giver" or "Calivara"): the party is known by its name, not its role
        named = [q for q in quoted[1:] if q[:1].isupper() and role_from_words(q) is None
                 and not _NOT_PARTIES.match(q)]
        if named and role_from_words(quoted[0]) is not None:
            quoted = [named[0], *[q for q in quoted if q != named[0]]]
        short = quoted[0]
        if not short[:1].isupper() or len(short.split()) > 4:
            continue
        full = _full_name(head[: match.start()].rstrip(" ,"))
        corporate = bool(full and _FULL_NAME.search(full))
        if parties and len(parties) >= 2 and (not corporate or match.start() > 2500):
            continue  # a third party must be a company named in the preamble
        if re.search(r"\b(materials?|trials?|alert|agreement|products?|data|plan)$", short, re.I):
            continue
        after = head[match.end(): match.end() + 160].split(";")[0]
        # ', the "Manufacturer"', or a bare role right after the name: ', contract
        # manufacturer.', ', product owner and marketing authorisation holder,'
        description = after if re.match(r"\s*,\s*(the|a|an)\s", after) else \
            re.split(r"[,.\n]", after.lstrip(" ,"), maxsplit=1)[0]
        role_hint = role_from_words(" ".join([short, *quoted[1:], _QUOTED.sub(" ", inside)])) \
            or role_from_words(description[:80])
        if full is None and role_hint is None:
            continue
        if any(short == p.name or short in p.aliases for p in parties):
            continue
        if short.isupper() and full and any(full in p.names() for p in parties):
            continue  # "the bremodasone propionate supplied by Kwelanga ("BMP")": a term
        aliases = {q for q in quoted[1:] if not _NOT_PARTIES.match(q)}
        if full and full != short and len(full.split()) <= 10 and \
                not any(full in p.names() for p in parties):  # not the party before's name
            aliases.add(full)
        party = Party(name=short, aliases=aliases)
        party.role = role_hint or role_from_words(description.split(",  ")[0][:120])
        parties.append(party)
        if len(parties) == 3:
            break
    if body:
        _roles_from_duties(parties, body)
    return settle_roles(parties, text)


def _roles_from_duties(parties: list[Party], body: str) -> None:
    """Count duty verbs per party where the preamble left the role open."""
    if all(p.role for p in parties[:2]):
        return
    scores: dict[str, int] = {}
    for party in parties[:2]:
        name = re.escape(party.name)
        co = len(re.findall(rf"\b{name}\s+(?:shall|will|agrees to)\s+(?:\w+\s+){{0,2}}"
                            + _CO_DUTY, body, re.IGNORECASE))
        sponsor = len(re.findall(rf"\b{name}\s+(?:shall|will|agrees to)\s+(?:\w+\s+){{0,2}}"
                                 + _SPONSOR_DUTY, body, re.IGNORECASE))
        sponsor += len(re.findall(rf"\binvoice\s+{name}\b|\bto\s+{name}\s+(?:in|at)\b",
                                  body, re.IGNORECASE)) // 2
        scores[party.name] = co - sponsor
    ranked = sorted(parties[:2], key=lambda p: scores.get(p.name, 0))
    if len(ranked) == 2 and scores[ranked[0].name] < scores[ranked[1].name]:
        if ranked[0].role is None:
            ranked[0].role = SPONSOR if ranked[1].role != SPONSOR else None
        if ranked[1].role is None:
            ranked[1].role = CONTRACT_ORGANIZATION if ranked[0].role != CONTRACT_ORGANIZATION \
                else None


def settle_roles(parties: list[Party], text: str = "") -> list[Party]:
    """Give the remaining party the other role when one role is known; use a role word said
    right after a name ("Vesta (CMO)") when the aliases do not tell."""
    for party in parties:
        if party.role is None and text:
            near = re.search(re.escape(party.name) + r"\s*\(([^)]{2,40})\)", text[:8000])
            if near:
                party.role = role_from_words(near.group(1))
    known = [p for p in parties if p.role]
    unknown = [p for p in parties if not p.role]
    if len(parties) == 2 and len(known) == 1:
        unknown[0].role = other_role(known[0].role)  # type: ignore[arg-type]
    roles = [p.role for p in parties]
    if len(parties) == 2 and roles[0] == roles[1] and roles[0] is not None:
        parties[1].role = None  # both look alike: do not guess
    return parties


def party_for(text: str, parties: list[Party]) -> Party | None:
    """The party a name, alias or role word refers to."""
    cleaned = text.strip().strip("“”\"'").lower()
    for party in parties:
        if any(cleaned == n.lower() for n in party.names()):
            return party
    for party in parties:
        if any(re.search(rf"\b{re.escape(n.lower())}\b", cleaned) for n in party.names()):
            return party
    role = role_from_words(text)
    if role:
        same = [p for p in parties if p.role == role]
        if len(same) == 1:
            return same[0]
        if not parties:
            return Party(name="Sponsor" if role == SPONSOR else "Contract organization",
                         role=role)
    return None


__all__ = ["CONTRACT_ORGANIZATION", "SPONSOR", "Party", "find_parties", "party_for",
           "settle_roles"]
