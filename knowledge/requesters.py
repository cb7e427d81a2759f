"""Who asked for it: contracts often put a cost or a duty on the party at whose request the work
is done ("if such changes are carried out at Dexcel's request, the cost shall be assumed by
Dexcel"), next to a default clause that says the opposite. A question that says who asked
("Dexcel asked for the artwork change - who pays?", "if we ask Dexcel for another format, who
pays?") picks the clause whose requester is the same party.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

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


def main_parties(assigned: Iterable[str]) -> list[str]:
    """A document's two parties: those its duties name most."""
    return [party for party, _ in Counter(assigned).most_common(2)]


def resolve(name: str, parties: list[str]) -> str | None:
    """The party of `parties` a written name stands for."""
    lowered = name.lower()
    for party in parties:
        if party.lower() == lowered or party.lower().startswith(lowered) \
                or lowered.startswith(party.lower()):
            return party
    return None


def asked_by(requester: str, question: str, parties: list[str]) -> str | None:
    """The party of a document's two that a question's requester is: "we" is the one the
    question does not name ("if we ask Dexcel ..." is the other party)."""
    if requester != "we":
        return resolve(requester, parties)
    named = [p for p in parties if re.search(rf"\b{re.escape(p)}\b", question, re.IGNORECASE)]
    others = [p for p in parties if p not in named]
    return others[0] if len(parties) == 2 and len(others) == 1 else None
