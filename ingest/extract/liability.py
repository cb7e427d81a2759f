"""Limits of liability: whose liability a contract caps ("CPDC's maximum liability to FUSION
... will not exceed [***]", "aggregate damages for which ADMA shall be liable ... shall not
exceed", "the maximum total liability of either Party ... shall be limited to") and who is
spared indirect or consequential damages ("Neither Party shall be liable for any indirect,
incidental, special or consequential damages").

Neither is a duty to act, but both answer what a user asks: "is CPDC's liability capped?",
"can we recover lost profits from them, and they from us?". The record names the party whose
liability is limited; a mutual limit names both.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.document import Block
from ingest.extract.parties import Party
from knowledge.models import LIABILITY_CAP, NOT_LIABLE, Assignment, Responsibility

_KIND = r"(?:(?:maximum|aggregate|total|cumulative|entire|overall)\s+)*"
_LIMIT = r"\b(?:shall|will|may)\s+(?:not\s+(?:in\s+the\s+aggregate\s+)?exceed|be\s+limited\s+to)\b"
_SPAN = r"(?P<rest>[^;]{0,400}?)"
_POSSESSIVE = r"(?:’s|'s|’|')"
_CONSEQUENTIAL = re.compile(
    r"\b(?:indirect|incidental|special|consequential|punitive|exemplary)\s+(?:or\s+\w+\s+)?"
    r"damages\b|\blost\s+profits?\b|\bloss\s+of\s+(?:profits?|revenue|business)\b",
    re.IGNORECASE)


def _caps(who: str) -> list[re.Pattern[str]]:
    flags = re.IGNORECASE | re.DOTALL
    return [
        # "CPDC's maximum liability to FUSION ... will not exceed"
        re.compile(rf"(?P<who>{who}){_POSSESSIVE}\s+{_KIND}liability\b{_SPAN}{_LIMIT}", flags),
        # "the maximum total liability of either Party ... shall be limited to"
        re.compile(rf"\b{_KIND}liability\s+of\s+(?:the\s+)?(?P<who>{who}){_SPAN}{_LIMIT}", flags),
        # "aggregate damages for which ADMA shall be liable ... shall not exceed"
        re.compile(rf"\b{_KIND}damages\s+for\s+which\s+(?P<who>{who})\s+(?:shall|will|may)\s+be\s+"
                   rf"liable{_SPAN}{_LIMIT}", flags),
        # "in no event shall Supplier's aggregate liability ... exceed"
        re.compile(rf"\bin\s+no\s+event\s+shall\s+(?:the\s+)?(?P<who>{who}){_POSSESSIVE}\s+{_KIND}"
                   rf"liability\b{_SPAN}\bexceed\b", flags),
    ]


def _exclusion(who: str) -> re.Pattern[str]:
    """"Neither Party shall be liable ... for consequential damages", "in no event shall
    either party be liable for ... lost profits"."""
    return re.compile(rf"^(?:[^;]{{0,200}}?\b)?(?:(?P<neither>neither\s+party)|in\s+no\s+event\s+"
                      rf"shall\s+(?:the\s+)?(?P<who>{who}))\s+(?:shall\s+|will\s+)?be\s+liable\b"
                      rf"(?P<rest>[^;]{{0,400}})", re.IGNORECASE | re.DOTALL)


def liability_limits(sentence: str, block: Block, parties: list[Party], who: str,
                     resolve: Callable[[str], list[Party]]) -> list[Responsibility]:
    """The limits of liability one sentence states, as records of the parties they protect.
    `who` is the pattern of one or several party names; `resolve` turns a match into parties
    ("either Party" into both)."""
    def record(limited: list[Party], activity: str) -> Responsibility:
        return Responsibility(
            activity=activity, source="clause", quote=sentence, section=block.section,
            page=block.page, modality="does",
            assignments=[Assignment(party=p.name, role=p.role) for p in limited])

    out: list[Responsibility] = []
    for pattern in _caps(who):
        cap = pattern.search(sentence)
        if cap and (limited := resolve(cap.group("who"))):
            whose = " / ".join(p.name for p in limited)
            out.append(record(limited, f"{LIABILITY_CAP}{whose}'s total liability for damages "
                                       f"is limited to a maximum amount"))
            break
    exclusion = _exclusion(who).search(sentence)
    if exclusion and _CONSEQUENTIAL.search(exclusion.group("rest")):
        limited = parties[:2] if exclusion.group("neither") else resolve(exclusion.group("who"))
        if limited:
            out.append(record(limited, f"{NOT_LIABLE}, incidental, special, "
                                       "consequential damages, lost profits"))
    return out
