"""Who asked for it: contracts often put a cost or a duty on the party at whose request the work
is done ("if such changes are carried out at Dexcel's request, the cost shall be assumed by
Dexcel"), next to a default clause that says the opposite. A question that says who asked
("Dexcel asked for the artwork change - who pays?", "if we ask Dexcel for another format, who
pays?") picks the clause whose requester is the same party.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_NAME = r"(?-i:[A-Z][\w&.-]*)(?:\s+(?-i:[A-Z][\w&.-]*))?"
_POSSESSIVE = r"(?:’s|'s|’|')"
_ASKING_VERB = (r"(?:ask|asks|asked|asking|request|requests|requested|requesting|want|wants|"
                r"wanted|order|orders|ordered|initiate|initiates|initiated)")

# in a duty's text: "at Dexcel's request", "requested by Customer", "if Customer requests"
_RECORD = re.compile(
    rf"\bat\s+(?:the\s+)?(?P<a>{_NAME}){_POSSESSIVE}\s+(?:(?:written|express|reasonable|sole|"
    rf"specific|prior)\s+)*request"
    rf"|\b(?:requested|ordered|initiated)\s+(?:in\s+writing\s+)?by\s+(?:the\s+)?(?P<b>{_NAME})"
    rf"|\b(?:if|where|when|whenever|in\s+the\s+event\s+that)\s+(?:the\s+)?(?P<c>{_NAME})\s+"
    rf"(?:requests|asks|orders)\b", re.IGNORECASE)

# in a question: "Dexcel asked for ...", "if we ask Dexcel ...", "at our request"
_QUESTION = re.compile(
    rf"\b(?P<a>we|I|{_NAME})\s+(?:\w+ly\s+|also\s+|just\s+|ever\s+)?{_ASKING_VERB}\b"
    rf"|\bat\s+(?P<b>our|{_NAME}{_POSSESSIVE})\s+(?:own\s+)?request"
    rf"|\b(?:requested|ordered|initiated)\s+by\s+(?:the\s+)?(?P<c>us|{_NAME})", re.IGNORECASE)
_FIRST_PERSON = {"we", "i", "our", "us"}


def record_requester(activity: str) -> str | None:
    """The name a duty says the work is requested by, as written."""
    m = _RECORD.search(activity)
    return next((g for g in m.groups() if g), None) if m else None


def question_requester(question: str) -> str | None:
    """Who a question says asked for the work: a name as written, or "we"."""
    for m in _QUESTION.finditer(question):
        who = next(g for g in m.groups() if g)
        who = re.sub(rf"{_POSSESSIVE}$", "", who)
        if who.lower() in _FIRST_PERSON:
            return "we"
        if who.lower() not in {"who", "whoever", "someone", "anyone", "nobody", "they"}:
            return who
    return None


# the party a yes/no question asks about: "would CPDC be obliged to ...?", "does Dexcel have
# to ...?", "is that something Antares has to do?"
_SUBJECT = re.compile(
    rf"(?:^|[.?!:]\s+|,\s+)(?i:does|do|must|should|will|shall|would|could|can|is|are)\s+"
    rf"(?P<a>(?i:we)|{_NAME})\s+(?i:(?:\w+ly\s+)?(?:have|has|need|needs|be|supposed|required|"
    rf"obliged|expected))\b|\bsomething\s+(?P<b>(?i:we)|{_NAME})\s+(?i:has|have|needs?|must)"
    rf"\s+to\b")


def question_subject(question: str) -> str | None:
    """The party a yes/no question asks about, as written, or "we"."""
    m = _SUBJECT.search(question)
    if not m:
        return None
    who = m.group("a") or m.group("b")
    return "we" if who.lower() in _FIRST_PERSON else who


# a right asked of one party: "could CPDC terminate ...?", "can we pull out of the MSA?"
# (not "can Carbogen assign it?": that asks whose consent it needs)
_RIGHT_ASKED = re.compile(
    rf"(?:^|[.?!:]\s+|,\s+)(?i:can|could|may|might)\s+(?P<who>(?i:we)|{_NAME})\s+"
    rf"(?i:(?:\w+ly\s+)?(?:terminate|end|cancel|walk|pull|exit|get\s+out|audit|inspect|"
    rf"withhold|set\s+off|offset|refuse|reject|suspend))\b")


def right_asked_of(question: str) -> str | None:
    """The party a question asks whether it may do something, as written, or "we": "could
    CPDC terminate the supply agreement?" asks about CPDC's right, not FUSION's."""
    m = _RIGHT_ASKED.search(question)
    if not m:
        return None
    return "we" if m.group("who").lower() in _FIRST_PERSON else m.group("who")


_PROTECTED = re.compile(
    rf"\b(?:(?i:indemnif(?:y|ies)|defend(?:s)?)\s+(?:(?i:and)\s+(?i:indemnify|defend|hold)\s+)?"
    rf"(?P<who>(?i:us)|{_NAME})(?!\s+(?i:or|and|and/or)\s+[A-Z])|"
    rf"(?i:hold(?:s)?)\s+(?P<held>(?i:us)|{_NAME})\s+(?i:harmless))\b")
# not "indemnify Aldebaran or Vesta" (both are asked), nor "who holds Bachem's samples"


def question_protected(question: str) -> str | None:
    """The party a question asks who protects, as written, or "we": "who has to defend and
    indemnify Bachem?" asks for the party that is not Bachem."""
    m = _PROTECTED.search(question)
    if not m:
        return None
    who = m.group("who") or m.group("held")
    return "we" if who.lower() in (*_FIRST_PERSON, "us") else who


def main_parties(stored: list[dict]) -> tuple[list[str], dict[str, str]]:
    """A document's two parties (those it gives a role, or the only two it defines) and their
    other names: Paratek's agreement calls Carbogen "Supplier" ({"carbogen amcis ag": ...})."""
    parties = [p for p in stored if p.get("role")]
    if len(parties) < 2 and len(stored) == 2:
        parties = stored
    return ([p["name"] for p in parties],
            {alias.lower(): p["name"] for p in parties for alias in p.get("aliases", [])})


def resolve(name: str, parties: list[str], aliases: Mapping[str, str] | None = None
            ) -> str | None:
    """The party of `parties` a written name stands for, by its name or another name."""
    lowered = name.lower()
    for party in parties:
        if party.lower() == lowered or party.lower().startswith(lowered) \
                or lowered.startswith(party.lower()):
            return party
    return next((party for alias, party in (aliases or {}).items()
                 if alias.startswith(lowered)), None)


def asked_by(requester: str, question: str, parties: list[str],
             aliases: Mapping[str, str] | None = None) -> str | None:
    """The party of a document's two that a question's requester is: "we" is the one the
    question does not name ("if we ask Dexcel ..." is the other party)."""
    if requester != "we":
        return resolve(requester, parties, aliases)
    names = {p: [p, *(a.split()[0] for a, q in (aliases or {}).items() if q == p and a.split())]
             for p in parties}
    named = [p for p, said in names.items()
             if any(re.search(rf"\b{re.escape(n)}\b", question, re.IGNORECASE) for n in said)]
    others = [p for p in parties if p not in named]
    return others[0] if len(parties) == 2 and len(others) == 1 else None
