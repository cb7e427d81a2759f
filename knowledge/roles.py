"""Party roles: which words mean the sponsor and which the contract organization."""

from __future__ import annotations

import re

SPONSOR = "sponsor"
CONTRACT_ORGANIZATION = "contract_organization"
ROLES = (SPONSOR, CONTRACT_ORGANIZATION)

_SPONSOR_WORDS = re.compile(
    r"\b(sponsor|customer|client|contract giver|purchaser|buyer|mah|marketing authori[sz]ation"
    r" holder|product owner|nda holder|licensee|company|registration holder|"
    r"holder of the [\w-]+ registration)\b", re.IGNORECASE)
_CO_WORDS = re.compile(
    r"\b(cmo|cdmo|cro|cto|contract acceptor|contract manufacturer|manufacturer|supplier|"
    r"contractor|vendor|service provider|provider|lab|laboratory|laboratories|seller|"
    r"distributor|processor|packager|tester|fractionator|filler|printer|steriliser|sterilizer|"
    r"contract (?!giver)\w+er)\b",
    re.IGNORECASE)


def role_from_words(text: str) -> str | None:
    """sponsor / contract_organization when the text names a role word, else None."""
    sponsor = _SPONSOR_WORDS.search(text)
    co = _CO_WORDS.search(text)
    if sponsor and not co:
        return SPONSOR
    if co and not sponsor:
        return CONTRACT_ORGANIZATION
    if sponsor and co:  # "Vesta (CMO), supplier of Customer": the first one said wins
        return SPONSOR if sponsor.start() < co.start() else CONTRACT_ORGANIZATION
    return None


def role_label(role: str) -> str:
    return "sponsor" if role == SPONSOR else "contract organization"


def other_role(role: str) -> str:
    return CONTRACT_ORGANIZATION if role == SPONSOR else SPONSOR
