"""The action a duty or a question names: "investigates", "investigation" and "OOS
investigation" all name investigating; "provide notice" is notifying, "be invoiced" is done
to its subject. Duties and questions are matched on these actions."""

from __future__ import annotations

import re

from knowledge.lexical import terms
from knowledge.models import Responsibility

# Stems of the actions a duty can name, as verbs or nouns ("investigates", "investigation").
ACTIONS = {
    "investig": "investigate", "approv": "approve", "review": "review", "releas": "release",
    "certifi": "release", "disposit": "release", "compil": "prepare", "execut": "execute",
    "decid": "decide", "decis": "decide", "notifi": "notify", "prepar": "prepare",
    "draft": "prepare", "issu": "issue", "qualifi": "qualify", "store": "store",
    "storag": "store", "ship": "ship", "manufactur": "manufacture", "pay": "pay",
    "bear": "pay", "cost": "pay", "payment": "pay", "paid": "pay", "reimburs": "pay",
    "audit": "audit", "host": "host", "maintain": "keep",
    "own": "own", "suppli": "supply", "suppl": "supply", "provid": "supply", "test": "test",
    "perform": "perform", "report": "notify", "sign": "sign", "transfer": "transfer",
    "answer": "respond", "respond": "respond", "writ": "prepare", "write": "prepare",
    "develop": "prepare", "send": "supply", "handl": "handle", "manag": "handle",
    "coordin": "handle", "submit": "submit", "file": "submit", "initi": "decide",
    "keep": "keep", "retain": "keep", "inspect": "audit", "purchas": "buy", "buy": "buy",
    "order": "buy", "hold": "keep", "updat": "amend", "amend": "amend", "modifi": "amend",
    "revis": "amend", "notic": "notify", "give": "supply", "avail": "supply", "choos": "decide",
    "select": "decide", "nomin": "decide", "pick": "decide", "agre": "decide",
    "notif": "notify", "inform": "notify", "tell": "notify", "alert": "notify",
    "warn": "notify", "appoint": "decide", "name": "decide", "determin": "decide",
    "identifi": "identify", "find": "identify", "waiv": "waive", "discharg": "waive",
    "remis": "waive", "warrant": "warrant", "guarante": "warrant", "indemnifi": "indemnify",
    "indemn": "indemnify", "defend": "indemnify", "access": "supply", "complet": "prepare",
    "invoic": "invoice", "insur": "insure", "monitor": "monitor", "track": "monitor",
    "trend": "monitor", "cooper": "cooperate", "co-oper": "cooperate", "assist": "cooperate",
    "help": "cooperate", "support": "cooperate", "ceas": "stop", "stop": "stop",
    "halt": "stop", "suspend": "stop", "valid": "validate", "pack": "package",
    "packag": "package", "repack": "package", "advis": "notify",
    "specifi": "decide",
    "destroy": "destroy", "destruct": "destroy", "dispos": "destroy", "scrap": "destroy",
    "termin": "terminate", "cancel": "terminate", "deliv": "ship", "deliveri": "ship",
}


VERB_FIRST = {"clause", "list", "decision", "action"}
_SKIP = re.compile(r"^(?:(?:(?!(?:sup|ap|com|re|multi)ply\b|rely\b)\w+ly|only|also|then|hereby|"
                   r"further|itself|at\s+all\s+times)\s+)+", re.IGNORECASE)
_DETERMINERS = {"the", "a", "an", "all", "any", "such", "each", "every", "its", "their", "no",
                "this", "these", "those"}
# Verbs that take their meaning from the noun after them: "conduct inspections" is an audit,
# "perform release testing" a release, "provide / deliver notice" a notification.
LIGHT = {"conduct", "perform", "carri", "undertak", "make", "take", "give", "provid", "have",
         "run", "do"}
# ... and verbs that do so only before one noun: "deliver / serve written notice" notifies,
# "deliver the batches to the warehouse" ships; "retain / keep / hold title" owns
NOUN_LIGHT = {"deliv": ("notic", "notif"), "serv": ("notic", "notif"), "retain": ("titl",),
              "keep": ("titl",), "hold": ("titl",), "have": ("titl",)}
_NOUN_ACTIONS = {"notic": "notify", "notif": "notify", "titl": "own"}


# A duty in the passive names what is done to its subject, not what the subject does:
# "Sanofi will be invoiced" does not say Sanofi invoices. Modal passives ("be required to")
# and adjectives ("be responsible") are not meant.
_PASSIVE = re.compile(
    r"^(?:be|been|being)\s+(?!(?:required|obliged|obligated|entitled|permitted|allowed|"
    r"authori[sz]ed|expected|deemed\s+to\s+be\s+responsible)\b)"
    r"(?:\w+ed|paid|made|sent|given|kept|held|sold|borne|done|shown|taken|written|told|"
    r"chosen|known|brought|bought|built|put|set)\b", re.IGNORECASE)
RECEIVES = "receive"
# "use commercially reasonable efforts to notify" notifies; "undertake to supply" supplies
_EFFORTS = re.compile(r"^(?:use|make|exercise)\s+(?:its|their|all|every|his|her)?\s*"
                      r"(?:[\w-]+\s+){0,3}(?:efforts?|endeavou?rs?)\s+to\s+|"
                      r"^(?:undertakes?|endeavou?rs?|strives?|agrees?)\s+to\s+(?!the\b)|"
                      r"^be\s+(?:liable|obliged|obligated|required|bound)\s+to\s+",
                      re.IGNORECASE)


def head_action(text: str, *, verb_first: bool = False) -> str | None:
    """The action a phrase names. A duty clause starts with its verb ("implement approved
    CAPAs" -> implement); a noun phrase names it anywhere ("OOS investigation" -> investigate).
    Adverbs are skipped ("promptly notify"), a duty that opens with a noun phrase ("all costs
    of the recall") is read as one, and a light verb takes the action of the noun after it.
    """
    text = _SKIP.sub("", _EFFORTS.sub("", text.strip()))
    if verb_first and _PASSIVE.match(text):
        return RECEIVES  # "be invoiced", "be released from its obligations": done to them
    first_word = text.split(" ", 1)[0].lower() if text else ""
    words = terms(text)
    if verb_first and words and first_word not in _DETERMINERS:
        index = 0
    else:
        index = next((i for i, term in enumerate(words) if term in ACTIONS), -1)
        if index < 0:
            return None
    noun = next((t for t in words[index + 1: index + 3]
                 if t in NOUN_LIGHT.get(words[index], ())), None)
    if noun:
        return _NOUN_ACTIONS[noun]
    if words[index] in LIGHT:
        after = next((t for t in words[index + 1: index + 4] if t in ACTIONS and t not in LIGHT),
                     None)
        if after:
            return ACTIONS[after]
    return ACTIONS.get(words[index], words[index])


def duty_action(fact: Responsibility) -> str | None:
    return head_action(fact.activity, verb_first=fact.source in VERB_FIRST)


def leading_actions(fact: Responsibility) -> frozenset[str]:
    """Every action of a duty that opens with several verbs: "manufacture, label, test and
    release the Product" names manufacture, test and release. A list that goes on after "for
    the development" names purposes, not acts: "use the Precursor for the development,
    validation or manufacture of Product" does not validate."""
    if fact.source not in VERB_FIRST:
        return frozenset()
    pieces = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|and/or)\s+", fact.activity[:120])
    out = set()
    for piece in pieces:
        bare = _SKIP.sub("", piece).strip()
        if re.match(r"\w+ed\b", bare):
            continue  # "approved artwork" names a thing, not an act
        action = head_action(piece, verb_first=True)
        stem = (terms(bare) or [""])[0]
        if action and (stem in ACTIONS or stem in LIGHT):
            out.add(action)
        if re.search(r"\b(?:for|of|in|during|including)\s+(?:the\s+|any\s+|all\s+)?[\w-]+$",
                     bare, re.IGNORECASE):
            break  # "... for the development": the rest of the list are nouns
    return frozenset(out)


def names_action(own: str | None, leading: frozenset[str], action: str) -> bool:
    """Whether a duty whose action is `own` (opening with `leading`) does what is asked."""
    return own == action or action in leading


# A question about who handles or manages something asks for the owner whatever the verb.
GENERIC_ACTIONS = {"handle"}
