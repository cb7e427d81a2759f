"""Narrative duties: "X shall ...", "X is responsible for: 1) ... 2) ...", "... shall be
approved by X", "Each Party shall ...", present-tense "Vesta hosts inspections", and the
precedence clause ("the Quality Agreement shall prevail").

Contract language hides the owner in many places, so besides the subject of a duty clause
this module reads:

- a subject after an opening condition ("If the batch fails, Supplier shall ...", "Unless
  otherwise agreed ..., Bachem shall ...") or after "that" / "which" ("... it is agreed that
  ADMA shall pay ...", "damages for which ADMA shall be liable");
- consent and approval ("without the prior written consent of X", "obtain X's prior written
  approval", "subject to approval by X", "based on written agreement by both Parties");
- owners in object position ("assist X in investigating ...", "to help X investigate ...",
  "in order for X to release ...", "the right of X to conduct inspections");
- nominal phrases ("release by X's Quality Assurance", "approval of the protocol by X");
- who pays ("... shall be returned, at X's expense" -> X bears the cost of the return);
- indirect duties ("Each shipment shall be accompanied by a certificate of analysis" -> the
  party that ships, named in the sentence or the one before it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from ingest.document import Block
from ingest.extract.liability import liability_limits
from ingest.extract.parties import Party, party_for
from ingest.structure import REDACTED
from knowledge.models import Assignment, Responsibility
from knowledge.quotes import sentences

_RIGHTS = (r"shall\s+have\s+the\s+(?:sole\s+|exclusive\s+)?right(?:,?\s+but\s+not\s+the\s+"
           r"obligation,?)?\s+to|has\s+the\s+right\s+to|"
           r"reserves\s+the\s+right\s+to|is\s+entitled\s+to|shall\s+be\s+entitled\s+to|may")
_MODALS = (r"shall\s+be\s+(?:solely\s+|fully\s+|jointly\s+)?responsible\s+for|"
           r"is\s+(?:solely\s+)?responsible\s+for|"
           r"will\s+be\s+(?:solely\s+)?responsible\s+for|are\s+(?:jointly\s+)?responsible\s+for|"
           r"shall\s+each|will\s+each|" + _RIGHTS + r"|shall|will|must|"
           r"agrees?\s+to|is\s+required\s+to|undertakes\s+to|is\s+obliged\s+to")
_HELPER = (r"(?:designees?|designates?|subcontractors?|affiliates?|agents?|contractors?|"
           r"representatives?|sublicensees?|licensees?)(?:\(s\))?")
# "or its designee", "and its agents and designees", "or, at X's discretion, its designee,"
_HELPERS = (rf"(?:\s*(?:,?\s+(?:or|and|and/or)|,)\s*(?:,\s*[^,;]{{1,50}},\s*)?\s*(?:its|their)\s+"
            rf"(?:permitted\s+)?{_HELPER}(?:\s*(?:,|and|or|and/or)\s+(?:(?:its|their)\s+)?"
            rf"(?:permitted\s+)?{_HELPER})*\s*,?)?")
_CONDITION = r"(?:by|within|upon|on|after|before|no\s+later\s+than|during|following|prior\s+to)"
# ... and before a plain present-tense duty: "Each January X sends ...", "For each bulk lot X
# provides ..."
_TIME_LEAD = (rf"(?:{_CONDITION}|for\s+(?:each|every)|each|every|once\s+(?:a|per)|"
              r"at\s+the\s+(?:end|start|beginning)\s+of)")
# What may precede a clause's subject: an opening phrase ending in a comma ("Upon receipt, "),
# "By the tenth day of each month ", or, further into the sentence, a clause boundary (", ",
# "that ", "then ", "which "). Tried shortest first, so the sentence's own subject wins.
# "Each month X shall ...", "With each load X shall ...": a period or a unit, no comma
_PERIOD_LEAD = (r"(?:(?:with|for|in)\s+)?(?:each|every)\s+(?:month|week|quarter|year|day|load|"
                r"batch|lot|shipment|delivery|consignment|campaign|working\s+day|business\s+day)\b")
_LEAD_IN = (rf"(?:{_CONDITION}\s[^,;]{{0,60}}?\s|{_PERIOD_LEAD}[^,;]{{0,60}}?\s|"
            r"[^;]{0,400}?(?:,\s*|\b(?:that|then|which|whereby)\s+))??")
_COMMA_LEAD = r"(?:[^;]{0,400}?,\s*)??"
_ADVERBS = r"(?:(?:also|itself|alone|further|hereby|each|jointly|solely|in\s+particular)\s+)?"
_PRESENT_STOP = {"is", "has", "was", "does", "means", "includes", "agrees", "acknowledges",
                 "represents", "warrants", "as", "its", "this", "s", "becomes", "receives",
                 "fails", "challenges", "disputes", "wishes", "elects", "desires", "believes",
                 "knows", "discovers", "terminates", "breaches", "ceases", "needs",
                 # nouns, not verbs: "X's rights and obligations are set forth in ..."
                 "rights", "obligations", "responsibilities", "duties", "costs", "employees"}
# what two parties do together, in the present tense: "The Parties review the metrics ..."
_JOINT_VERBS = {"meet", "review", "discuss", "decide", "share", "hold", "sign", "approve",
                "evaluate", "assess", "investigate", "conduct", "perform", "establish",
                "maintain", "monitor", "define", "align", "cooperate", "collaborate", "consult",
                "exchange", "inform", "notify", "set", "track", "trend", "audit",
                "escalate", "resolve", "handle", "manage", "prepare", "write", "update"}
_PRECEDENCE = re.compile(r"\b(prevail|prevails|takes? precedence|shall govern|shall control|"
                         r"(?:agreement|document)\s+governs)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}\)|\(?[a-z]\)|\(?[ivx]{1,4}\)|[-•*·])\s+")
# an item numbered like a clause that carries on the lead's sentence: "Seorin is responsible
# for:" then "B.1 supplying the RCB vials ...;" (each item is a section of its own)
_NUMBERED_ITEM = re.compile(r"^\s*(?:[A-Z]{1,2}\.?)?\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+(?=[a-z])")
# a heading that opens a party's list: "PART II – THE CONTRACT GIVER (LUKAVEC) SHALL"
_HEADING_LEAD = re.compile(r"^(?:(?:part|section|article|chapter)\s+[\w.]{1,6}\s*[-–—:.]\s*|"
                           r"\d{1,2}\.?\s+)?"
                           r"(?P<lead>.{2,80}?\b(?:shall|will|is\s+responsible\s+for|must))\s*:?\s*$",
                           re.IGNORECASE)
_INLINE_ITEMS = re.compile(r"(?:^|[\s;:])(?:\d{1,2}\)|\(?[a-z]\)|\([ivx]{1,4}\)|\(\d{1,2}\))\s+")
_NEITHER = re.compile(r"^\s*(neither|no)\s+party\b", re.IGNORECASE)
_BOTH = (r"each\s+party|both\s+parties|the\s+parties|each\s+of\s+the\s+parties|either\s+party|"
         r"parties|the\s+(?!non-?)[a-z]+ing\s+party|whichever\s+party|"
         # a joint body of both parties' representatives acts for both
         r"the\s+(?:joint\s+)?(?:(?:steering|quality|project|management|supply|operations?|"
         r"governance|development|executive|manufacturing|technical|commercial)\s+)?"
         r"(?:committee|team)")
_PARTICIPLE = (r"(?:\w+(?:ed|en|ne)|made|done|held|kept|sent|paid|borne|taken|given|set|sold|"
               r"bought|brought|met|found|told|run|put|led|read)")
_VERB = re.compile(r"\b(?:shall|will|must|may|agrees?)\b", re.IGNORECASE)
_DUTY_VERBS = ("retain|keep|maintain|store|ship|deliver|provide|supply|notify|inform|test|"
               "release|approve|review|investigate|perform|conduct|prepare|submit|file|"
               "manufacture|package|label|pay|reimburse|invoice|inspect|audit|destroy|return|"
               "dispose|obtain|send|cooperate|assist|permit|allow|implement|execute|coordinate|"
               "handle|manage|qualify|validate|document|record|report|remove|replace|give|"
               "establish|comply|promptly|use|make|advise|update|amend|compile|host|respond")
# "... for X to manufacture, test" + "and release the Product": one list of verbs, not two
# duties of the subject.
_CONTINUED_LIST = re.compile(rf"\bto\s+(?:{_DUTY_VERBS})\b|(?:^|,\s*)(?:{_DUTY_VERBS})$",
                             re.IGNORECASE)
# "represents and warrants", "represents, warrants and covenants", "warrants and represent"
_WARRANTY_VERBS = (r"(?:(?:(?:represents?|covenants?)\s*,?\s*(?:and\s+)?)*warrants?"
                   r"(?:\s*,?\s*(?:and\s+)?(?:represents?|covenants?))*|represents)")
# "... to the other Party that:", "... to Customer as follows:", "... that, to the best of its
# knowledge, it has ...": an empty promise ("as follows" before a list) is a list's lead
_WARRANTY_TAIL = (r"(?:\s+to\s+(?:the\s+)?[\w’']+(?:\s+party)?)?(?:\s*,\s*[^,;]{1,80},)?\s+"
                  r"(?:that|as\s+follows)\s*[,:]?\s*(?:to\s+the\s+best\s+of\s+its\s+"
                  r"knowledge\s*,\s*)?(?P<what>.*)$")
_FOLLOWING = re.compile(r"^(?:the\s+following|as\s+follows)\b\s*", re.IGNORECASE)
_POSSESSIVE = r"(?:’s|'s|’|')"
_NOMINAL = (r"release|approval|review|inspection|investigation|certification|disposition|"
            r"testing|audit|acceptance|rejection|verification|qualification|sign-off|"
            r"evaluation|assessment")
_FUNCTION_WORDS = {"a", "an", "the", "and", "or", "of", "for", "to", "by", "in", "on", "at",
                   "following", "after", "before", "upon", "prior", "until", "with", "its",
                   "their", "such", "any", "all", "each", "from", "during", "subject", "final",
                   "written", "express", "mutual"}


# "rights and obligations with respect to audits are set forth in the Quality Agreement": the
# duty is in another document, this sentence assigns nothing
_DEFERRAL = re.compile(r"^(?:(?:respective|such|its|their)\s+)?(?:rights?|obligations?|"
                       r"responsibilit(?:y|ies)|duties)\b[^.;]{0,120}?\b(?:are|is|shall\s+be|will\s+be)"
                       r"\s+(?:as\s+)?(?:set\s+forth|described|specified|defined|governed|"
                       r"addressed|provided)\s+(?:in|by|for)\b", re.IGNORECASE)


# A party's quality function acting for it: "Quindell QA reviews ...", "The Meridell QP
# certifies ...", "Vesta's QC shall test ..."
_UNIT = r"(?:(?:['’]s)?\s+(?-i:QA|QC|QP|RA|PV|QPs)\b)"


def _party_pattern(parties: list[Party]) -> str:
    names = sorted({n for p in parties for n in p.names() if len(n) >= 2}, key=len, reverse=True)
    words = [re.escape(n) for n in names]
    return f"(?:{'|'.join(words)}){_UNIT}?|" + "|".join([_BOTH, re.escape(REDACTED)])


# Stands for a party whose name the filing blacked out ("[***] shall bear all risk of loss"):
# the clause is kept, as "source": "redacted" without assignments, so that a question it
# answers gets no party rather than the next best guess.
_REDACTED_PARTY = Party(REDACTED)


def _who_pattern(names: str) -> str:
    """One party, or several joined by and / or / and/or ("CPDC or FUSION shall ...")."""
    return (rf"(?:(?:each\s+of|both(?:\s+of)?)\s+(?:the\s+)?)?(?:{names})"
            rf"(?:\s*,?\s+(?:and|or|and/or)\s+(?:the\s+)?(?:{names}))*")


def _resolve(name: str, parties: list[Party]) -> list[Party]:
    name = re.sub(rf"{_UNIT}$", "", name.strip())
    name = re.sub(rf"{_POSSESSIVE}$", "", name)
    if name.lower() == REDACTED:
        return [_REDACTED_PARTY]
    if re.fullmatch(_BOTH, name.strip(), re.IGNORECASE):
        return parties[:2]
    party = party_for(name, parties)
    return [party] if party else []


def _resolve_all(text: str, parties: list[Party]) -> list[Party]:
    text = re.sub(r"^(?:each\s+of|both(?:\s+of)?)\s+(?:the\s+)?(?=\S)", "", text.strip(),
                  flags=re.IGNORECASE)  # "Each of Customer and Supplier shall ..."
    who = [p for part in re.split(r"\s*,?\s+(?:and/or|and|or)\s+(?:the\s+)?", text)
           for p in _resolve(part, parties)]
    return list({p.name: p for p in who}.values())


def normalise_activity(text: str) -> str:
    text = re.sub(r"^in\s+particular\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:be\s+)?(?:solely\s+|fully\s+|jointly\s+|only\s+)?(?:responsible|required)"
                  r"(?:\s*,\s*[^,;]{1,60},)?\s+(?:for|to)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:have|has)\s+(?:the\s+)?(?:sole\s+|exclusive\s+|full\s+)?(?:right|"
                  r"responsibility|obligation)(?:\s+and\s+(?:right|responsibility|obligation))?"
                  r"\s+(?:to|for)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:ensure\s+that|ensure|also|in\s+particular)\s+", "", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\s*\((?![A-Z]{2,8}s?\))[^()]{0,160}\)", "", text)  # keep "(IND)", "(CoA)"
    text = re.sub(r"^(?:have|has)\s+the\s+(?:sole\s+|exclusive\s+)?right\s+to\s+", "", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip(" .;:,")
    return text[:300]


def _record(parties: list[Party], activity: str, quote: str, block: Block, *, source: str,
            modality: str) -> Responsibility | None:
    activity = normalise_activity(activity)
    if len(activity) < 4 or not parties or not re.search(r"[A-Za-z]{3}", activity):
        return None
    if _DEFERRAL.search(activity):
        return None
    if any(p is _REDACTED_PARTY for p in parties):
        return Responsibility(activity=activity, source="redacted", quote=quote,
                              section=block.section, page=block.page, modality=modality,
                              assignments=[])
    return Responsibility(
        activity=activity, source=source, quote=quote, section=block.section, page=block.page,
        modality=modality,
        assignments=[Assignment(party=p.name, role=p.role, raci=None) for p in parties])


def split_duties(record: Responsibility) -> list[Responsibility]:
    """"responsible for the qualification of equipment and for cleaning validation" and
    "make the records available ..., and shall notify X ..." -> two duties each, so each
    matches a question about it."""
    if record.activity.startswith(("bear the cost of ", "approve ")):
        return [record]  # what one party pays for or approves, whatever its verbs
    parts = [p.strip(" ,;") for p in re.split(r"\s+and\s+for\s+|;\s+|,?\s+and\s+shall\s+|"
                                              r",?\s+and\s+will\s+", record.activity)]
    if len(parts) == 1:  # "keep records of the manufacture and retain samples of the Product"
        parts = []
        for piece in re.split(rf",?\s+and\s+(?=(?:{_DUTY_VERBS})\s)", record.activity):
            if parts and (len(parts[-1].split()) < 3 or _CONTINUED_LIST.search(parts[-1])):
                parts[-1] = f"{parts[-1]} and {piece}"  # "pack and label boxes": one duty
            else:
                parts.append(piece.strip(" ,;"))
        if len(parts) > 1 and len(parts[-1].split()) < 3:
            parts[-2:] = [f"{parts[-2]} and {parts[-1]}"]
    parts = [p for p in parts if len(p) >= 4]
    if len(parts) < 2:
        return [record]
    return [replace(record, activity=normalise_activity(p)) for p in parts]


_OPENING = re.compile(
    r"^\s*(?:(?:section|article|§)\s*)?(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+)?"  # 5.1, § 4.1
    r"(?:\(?[a-z0-9ivx]{1,4}[.)]\s*)?"  # (a), i.
    r"(?:[A-Z][\w’'\-/]*(?:\s+(?:[A-Z][\w’'\-/]*|of|and|for|the|to|in|on|by)){0,6}"  # Title
    r"(?:[.:]\s+|\s+(?=\(?[a-z0-9ivx]{1,4}\)\s)))?"
    r"(?:\(?[a-z0-9ivx]{1,4}\)\s*)?")


def strip_opening(sentence: str) -> str:
    """Drop what precedes a clause's subject: "5.1 Release Testing a) Supplier shall ..." ->
    "Supplier shall ..."."""
    stripped = _OPENING.sub("", sentence, count=1)
    return stripped if len(stripped) >= 12 else sentence


def _matchable(sentence: str) -> str:
    """The sentence as the patterns read it: without its numbering, parenthetical asides
    ("(for which Customer is responsible)"; acronyms such as "(IND)" stay) and comma asides
    after a modal ("shall, at its cost, be responsible" -> "shall be responsible")."""
    text = strip_opening(sentence)
    text = re.sub(r"\s*\((?![A-Z]{2,8}s?\))(?![ivx]{1,4}\)|[a-z]\)|\d{1,2}\))[^()]{1,200}\)",
                  "", text)
    text = re.sub(r"\b(shall|will|must|may|agrees?)((?:\s+\w+ly)?)\s*,\s*[^,;]{1,200}?,\s*"
                  r"(?=[a-z])", r"\1\2 ", text)
    return re.sub(r"\s+", " ", text).strip()


def _cost_bearer(sentence: str, names: str,
                 parties: list[Party]) -> tuple[list[Party], re.Match[str] | None]:
    """The party a sentence puts the cost on: "at X's (sole) cost and expense", "under X's
    liability and expenses", "at the expense of X", "for X's account"."""
    m = re.search(rf"\b(?:at|under|for)\s+(?:the\s+)?(?:(?P<who>{names}){_POSSESSIVE}\s+"
                  rf"(?:sole\s+|own\s+)?(?:liability|cost|costs|expense|expenses|account|"
                  rf"charge)(?:\s+and\s+(?:expenses?|costs?))?|(?:sole\s+)?(?:cost|costs|"
                  rf"expense|expenses)\s+of\s+(?:the\s+)?(?P<who2>{names})(?!\w))", sentence,
                  re.IGNORECASE)
    if not m:
        return [], None
    return _resolve(m.group("who") or m.group("who2"), parties), m


def _paid_activity(sentence: str, cost: re.Match[str], found: list[Responsibility],
                   text: str) -> str | None:
    """What the cost phrase pays for: the duty of its own clause ("..., and shall permit X,
    at X's cost, to defend the claim" -> "permit X to defend the claim"), the sentence's
    first duty when it opens with the phrase, or the passive it follows ("the material shall
    be returned to Y, under X's liability" -> "returned the material to Y")."""
    modals = list(re.finditer(r"\b(?:shall|will|must|agrees?\s+to)\s+", sentence[: cost.start()],
                              re.IGNORECASE))
    if not modals:
        return found[0].activity if found else _passive_activity(text)
    window = sentence[modals[-1].end():]
    if re.match(r"(?:\w+ly\s+)?be\s", window, re.IGNORECASE):
        return _passive_activity(text)
    window = window.replace(cost.group(0), " ")
    window = re.split(r",?\s+and\s+(?:shall|will)\s|;\s|,\s+and\s+(?=\w+\s+(?:shall|will)\s)",
                      window)[0]
    return re.sub(r"\s*,\s*,?", ", ", window).strip(" ,.")


def _split_clauses(sentence: str, names: str) -> list[str]:
    """"AMAG shall manage all Recalls and Antares shall cooperate ..." -> two clauses."""
    who = _who_pattern(names)
    parts = re.split(rf"(?:,\s*|\s+)(?:and|but|while|whereas)\s+(?=(?:the\s+)?(?:{who}){_HELPERS}"
                     rf"\s+{_ADVERBS}(?:shall|will|must|may|agrees?\s+to)\b)", sentence,
                     flags=re.IGNORECASE)
    out: list[str] = []
    for part in parts:
        if out and not _VERB.search(out[-1]):
            out[-1] = f"{out[-1]} and {part}"  # "Antares and AMAG shall each ..." is one clause
        elif part.strip():
            out.append(part)
    return out


def read_sentence(sentence: str, block: Block, parties: list[Party], *,
                  source: str = "clause") -> Responsibility | None:
    """One responsibility from one sentence, or None."""
    records = read_sentence_all(sentence, block, parties, source=source)
    return records[0] if records else None


def read_sentence_all(sentence: str, block: Block, parties: list[Party], *,
                      source: str = "clause") -> list[Responsibility]:
    """Every responsibility one sentence states: the duty of each clause's subject first, then
    the owners it names elsewhere (consent, object position, nominal phrases, cost)."""
    main, implied = _read(sentence, block, parties, source)
    return _unique(main + implied)


def _read(sentence: str, block: Block, parties: list[Party],
          source: str) -> tuple[list[Responsibility], list[Responsibility]]:
    """(duties of the sentence's subjects, duties of parties named elsewhere in it)."""
    text = _matchable(sentence)
    if _NEITHER.match(text) or len(text) < 12:
        return [], []
    names = _party_pattern(parties)
    if re.match(r"^(?:if|when|where|as\s+soon\s+as|in\s+the\s+event\s+(?:that\s+)?|should|once|"
                r"upon)\s+(?:either|each|a)\s+party\b", text, re.IGNORECASE):
        # "If either Party discovers ..., it / such Party shall ...": whichever party it is
        text = re.sub(r"(?<=,\s)(?:it|such\s+party|that\s+party)(?=\s+(?:shall|will|must)\s)",
                      "either Party", text, count=1, flags=re.IGNORECASE)
    main: list[Responsibility] = []
    for clause in _split_clauses(text, names):
        record = _read_clause(clause, sentence, block, parties, names, source)
        if record is not None:
            main.append(record)
    return main, _implied(text, sentence, block, parties, names, source, main)


def _unique(records: list[Responsibility]) -> list[Responsibility]:
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for r in records:
        key = (r.activity.lower(), tuple(sorted(a.party for a in r.assignments)))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _read_clause(sentence: str, quote: str, block: Block, parties: list[Party], names: str,
                 source: str) -> Responsibility | None:
    who_pattern = _who_pattern(names)
    duty_of = re.match(rf"^{_LEAD_IN}(?:it\s+)?(?:shall|will|is)\s+(?:(?:be|remain)\s+)?"
                       rf"(?:solely\s+)?the\s+(?:sole\s+)?(?:responsibility|obligation|duty)"
                       rf"(?:\s+and\s+(?:liability|obligation|responsibility))?\s+of\s+"
                       rf"(?:the\s+)?(?P<who>{who_pattern}){_HELPERS}\s*,?\s+to\s+(?P<what>.+)$",
                       sentence, re.IGNORECASE | re.DOTALL)
    if duty_of:
        return _record(_resolve_all(duty_of.group("who"), parties), duty_of.group("what"),
                       quote, block, source=source, modality="shall")
    consent = _consent(sentence, quote, block, parties, names, source)
    if consent is not None:
        return consent
    if _NEITHER.match(sentence):
        return None
    active = re.match(rf"^(?P<lead>{_LEAD_IN})(?:the\s+)?(?P<who>{who_pattern}){_HELPERS}\s+"
                      rf"{_ADVERBS}(?P<modal>{_MODALS})\s+(?P<what>.+)$", sentence,
                      re.IGNORECASE | re.DOTALL)
    if active:
        who = _resolve_all(active.group("who"), parties)
        if re.match(r"not\b|(?:have\s+|has\s+)?no\s+(?:obligation|right|liability|remedy|"
                    r"responsibility)", active.group("what"), re.IGNORECASE):
            return None
        if re.match(r"(?:if|when|where|unless|should|in\s+the\s+event(?:\s+that)?)\s*,",
                    active.group("lead") or "", re.IGNORECASE):
            return None  # "If, due to force majeure, either Party shall be unable ...": a condition
        modal = " ".join(active.group("modal").lower().split())
        modality = "may" if re.fullmatch(_RIGHTS, modal, re.IGNORECASE) else "shall"
        what = active.group("what").rstrip(" .;:,")
        return _record(who, what + _condition(active.group("lead")), quote,
                       block, source=source, modality=modality)
    passive = re.match(rf"^(?P<what>.+?)\s+(?:(?:shall|will|must|is\s+to|are\s+to|may)\s+"
                       rf"(?:(?:only|also|then)\s+)?be|is|are)\s+(?:\w+ly\s+)?"
                       rf"(?P<verb>{_PARTICIPLE}"
                       rf"(?:\s*,?\s+(?:and|or|and/or)\s+{_PARTICIPLE})?)"
                       rf"(?P<as>\s+as\s+(?:the\s+|a\s+|an\s+)?\w+(?:\s+\w+)?)?(?:\s+(?:upon|on))?"
                       # "may be terminated in its entirety by Antares"
                       rf"(?:\s+in\s+(?:its|their)\s+entirety|\s+in\s+whole\s+or\s+in\s+part)?"
                       # "provided to CPDC by FUSION": a recipient before the agent
                       rf"(?P<to>\s+to\s+(?:the\s+)?(?:{names}))?\s+"
                       rf"(?:\w+ly\s+)?(?:in\s+writing\s+)?by\s+(?:the\s+)?(?P<who>{who_pattern})"
                       rf"(?:{_POSSESSIVE})?(?!\w)", sentence, re.IGNORECASE | re.DOTALL)
    if passive:
        who = _resolve_all(passive.group("who"), parties)
        # "In the event of a dispute ..., a sample shall be submitted by X": the subject is
        # what follows the opening condition
        lead, _, what = passive.group("what").rpartition(", ")
        what = re.sub(r"^(?:and|or|then)\s+", "", what, flags=re.IGNORECASE)
        if len(_words(what)) < 2:
            what = passive.group("what")
        # "... shall be submitted by X to an independent laboratory": where to, what for
        after = re.sub(rf"^{_HELPERS}", "", sentence[passive.end():], flags=re.IGNORECASE)
        after = re.split(r"[;,]|\.\s", after, maxsplit=1)[0].strip().rstrip(".:")
        after = f" {after}" if re.match(r"(?:to|for|within|at|in|on|with)\b", after) else ""
        # "However, if the change is made at X's request, its cost shall be assumed by X"
        lead = re.sub(r"^(?:however|but|and)\s*,?\s*", "", lead, flags=re.IGNORECASE)
        verb = passive.group("verb")
        if re.match(r"(?:assumed|absorbed|covered|borne)$", verb, re.IGNORECASE) and \
                re.match(r"(?:the\s+|all\s+|any\s+|such\s+)*(?:costs?|expenses?|fees|charges)\b",
                         what, re.IGNORECASE):
            verb = "bear"  # "the cost shall be assumed by X": X bears the cost
        activity = (f"{verb} {what}{passive.group('as') or ''}"
                    f"{passive.group('to') or ''}{after[:120]}"
                    f"{_condition(lead + ',') if lead else ''}")
        return _record(who, activity, quote, block, source=source, modality="shall")
    # "Packaging, labels and artwork are Galbrook's responsibility"
    theirs = re.match(rf"^(?P<what>[^;]+?)\s+(?:is|are|(?:shall|will)\s+(?:be|remain)|remains?)\s+"
                      rf"(?:the\s+)?(?:sole\s+)?(?P<who>{names}){_POSSESSIVE}\s+(?:sole\s+|own\s+)?"
                      rf"(?:responsibility|obligation|duty|task|job)\b", sentence,
                      re.IGNORECASE | re.DOTALL)
    if theirs:
        return _record(_resolve(theirs.group("who"), parties), theirs.group("what"), quote,
                       block, source=source, modality="shall")
    # "Any information suggesting a safety concern is forwarded to Galbrook's pharmacovigilance
    # contact": a hand-off names the party that takes the matter over
    handed = re.match(rf"^(?P<what>.+?)\s+(?:is|are|(?:shall|will|must)\s+be)\s+(?:\w+ly\s+)?"
                      rf"(?:forwarded|sent|reported|passed(?:\s+on)?|transmitted|referred|"
                      rf"escalated)\s+to\s+(?:the\s+)?(?P<who>{names})(?:{_POSSESSIVE})?(?!\w)",
                      sentence, re.IGNORECASE | re.DOTALL)
    if handed and not re.search(r"\bby\s+(?:the\s+)?(?:" + names + r")", sentence, re.I):
        what = re.sub(r"^(?:any|all|each|every)\s+", "", handed.group("what").strip(),
                      flags=re.IGNORECASE)
        return _record(_resolve(handed.group("who"), parties), f"receive {what}", quote, block,
                       source=source, modality="does")
    warranty = re.match(
        rf"^{_COMMA_LEAD}(?:the\s+)?(?P<who>{who_pattern})\s+(?:hereby\s+)?(?:further\s+)?"
        rf"{_WARRANTY_VERBS}{_WARRANTY_TAIL}", sentence, re.IGNORECASE | re.DOTALL)
    if warranty:  # a promise about a state of affairs: answers "who warrants ...?" only
        return _record(_resolve_all(warranty.group("who"), parties),
                       f"warrant that {warranty.group('what')}", quote, block, source=source,
                       modality="warrants")
    # "Valkenmoor sends ...", also after "By the tenth day of each month " or "Each January "
    present = re.match(rf"^(?:{_TIME_LEAD}\s[^,;]{{0,60}}?\s)??{_COMMA_LEAD}(?:the\s+)?"
                       rf"(?P<who>{names})"
                       rf"(?:\s*,\s*(?:with|in|for|on|at|by)\s[^;]{{1,200}}?,\s*hereby|"
                       rf"\s+hereby)?\s+"
                       rf"(?P<verb>(?-i:[a-z]+s))\s*,?\s+(?P<what>.+)$", sentence,
                       re.IGNORECASE | re.DOTALL)
    if present and present.group("verb").lower() not in _PRESENT_STOP and not re.match(
            r"(?:is|are|was|were|has|have|shall|will|must|may|can)\b", present.group("what"),
            re.IGNORECASE):  # not "Every batch record X reviews is signed"
        who = _resolve(present.group("who"), parties)
        what = re.sub(r"^((?:and|or)\s+)(?-i:([a-z]+s))\b",
                      lambda m: m.group(1) + base_form(m.group(2)), present.group("what"))
        activity = f"{base_form(present.group('verb'))} {what}"
        return _record(who, activity, quote, block, source=source, modality="does")
    # "Brekkvik has handed over the process description", "Montevaz documented the transfer":
    # what a party has done under the agreement (a technology transfer already made)
    done = re.match(rf"^{_COMMA_LEAD}(?:the\s+)?(?P<who>{who_pattern})\s+(?:(?:has|have)\s+"
                    rf"(?:already\s+)?)?(?!been\b|needed\b|used\b)(?P<verb>(?-i:[a-z]{{3,}}ed))"
                    rf"\s+(?P<what>(?!by\b|in\b|on\b|at\b|as\b|to\b|for\b).+)$", sentence,
                    re.IGNORECASE | re.DOTALL)
    if done:
        return _record(_resolve_all(done.group("who"), parties),
                       f"{done.group('verb')} {done.group('what')}", quote,
                       block, source=source, modality="does")
    # "The Parties review the quality metrics every quarter", "Aldebaran and Vesta meet ..."
    together = re.match(rf"^(?:{_TIME_LEAD}\s[^,;]{{0,60}}?\s)??{_COMMA_LEAD}(?:the\s+)?"
                        rf"(?P<who>{who_pattern})\s+(?:jointly\s+|together\s+)?"
                        rf"(?P<verb>(?-i:[a-z]+))\s+(?P<what>.+)$", sentence,
                        re.IGNORECASE | re.DOTALL)
    if together and together.group("verb").lower() in _JOINT_VERBS:
        who = _resolve_all(together.group("who"), parties)
        if len({p.name for p in who}) >= 2:
            return _record(who, f"{together.group('verb')} {together.group('what')}", quote,
                           block, source=source, modality="does")
    return None


def _condition(lead: str) -> str:
    """The opening condition of a clause, kept with its duty because it often names what the
    duty is about: "In the event that Supplier challenges the rejection, the Parties shall
    conduct a joint investigation" -> "conduct a joint investigation, in the event that
    Supplier challenges the rejection"."""
    lead = re.sub(r"\s*,?\s*then\s*$", ",", lead.rstrip())
    if not lead.endswith(","):
        return ""
    lead = lead.strip(" ,")
    if len(lead) > 150:  # a long condition: its first part says what it is about
        lead = lead.split(",")[0] if len(lead.split(",")[0]) <= 150 else ""
    if not re.match(r"(?:if|in\s+the\s+event|in\s+case|should|where|when|whenever|upon|"
                    r"following|after|unless|as\s+soon\s+as|once)\b", lead, re.IGNORECASE):
        return ""
    return f", {lead[0].lower()}{lead[1:]}"


_CONSENT_WORDS = r"(?:consent|approval|authori[sz]ation|(?-i:agreement))"
_CONSENT_LEAD = (r"(?:without|subject\s+to|with|upon|requires?|requiring|obtain(?:s|ing)?|"
                 r"receiv(?:e|es|ing)|seek(?:s|ing)?|based\s+(?:on|upon)|following|after)")


def _consent(sentence: str, quote: str, block: Block, parties: list[Party], names: str,
             source: str) -> Responsibility | None:
    """"... without the prior written consent of X", "obtain X's prior written approval to
    ...", "subject to approval by X", "based on written agreement by both Parties": X
    approves what the sentence's subject would do."""
    qualifiers = r"(?:(?:express|prior|written|mutual|the)\s+)*"
    consent = re.search(rf"\b{_CONSENT_LEAD}\s+{qualifiers}(?:(?P<who1>{names}){_POSSESSIVE}\s+"
                        rf"{qualifiers})?{_CONSENT_WORDS}(?:\s+(?:of|by|from)\s+(?:the\s+)?"
                        rf"(?P<who2>{_who_pattern(names)}))?(?!\w)", sentence, re.IGNORECASE)
    if not consent or not (consent.group("who1") or consent.group("who2")):
        return None
    head = sentence[: consent.start()]
    if consent.group(0).lower().startswith("without") and \
            not re.search(r"\b(?:not|no|never|neither|nor)\b", head, re.IGNORECASE):
        return None  # "X may assign ... without the consent of Y": nothing for Y to approve
    who = _resolve_all(consent.group("who1") or consent.group("who2"), parties)
    subject = re.match(rf"^{_LEAD_IN}(?:the\s+)?(?:{_who_pattern(names)}){_HELPERS}\s+"
                       rf"{_ADVERBS}(?:shall|will|may|must|agrees\s+to)\s+(?:not\s+)?(?P<what>.*)$",
                       head, re.IGNORECASE | re.DOTALL)
    before = (subject.group("what") if subject else head).strip(" ,;")
    # "Supplier shall retain control ... and shall not transfer them without consent": the
    # consent governs the last duty only
    before = re.split(r",?\s+and\s+(?:shall|will|may|must)\s+(?:not\s+)?", before)[-1]
    before = re.sub(r"\s+(?:only|and\s+only)$", "", before)
    rest = sentence[consent.end():]
    after = re.sub(r"^[\s,]*(?:(?:in\s+accordance\s+with|as\s+set\s+forth\s+in|pursuant\s+to)"
                   r"[^,]{0,80},\s*)?(?:to|for)\s+", "", rest)
    after = re.split(r"[,;]\s+(?:such|which|provided)\b", after)[0] if after != rest else ""
    what = before if len(_words(before)) >= 3 else after
    if len(_words(what)) < 2:
        return None  # nothing to approve: read the sentence otherwise
    return _record(who, f"approve {what}", quote, block, source=source, modality="shall")


def _words(text: str) -> list[str]:
    return re.findall(r"\b[a-z]{2,}\b", text.replace(REDACTED, ""), re.IGNORECASE)


def _implied(text: str, quote: str, block: Block, parties: list[Party], names: str,
             source: str, found: list[Responsibility]) -> list[Responsibility]:
    """Owners a sentence names outside the subject position."""
    out: list[Responsibility] = []

    def add(who_text: str, activity: str, modality: str) -> None:
        record = _record(_resolve_all(who_text, parties), activity, quote, block,
                         source=source, modality=modality)
        if record is not None:
            out.append(record)

    who = _who_pattern(names)
    # "the right of X to conduct inspections, and the responsibility of Y to conduct testing"
    for m in re.finditer(rf"\bthe\s+(?:sole\s+)?(?P<kind>right|responsibility|obligation|duty)"
                         rf"\s+of\s+(?:the\s+)?(?P<who>{who}){_HELPERS}\s+to\s+(?P<what>[^;]+?)"
                         rf"(?=,?\s+and\s+the\s+(?:sole\s+)?(?:right|responsibility|obligation|"
                         rf"duty)\b|;|$)", text, re.IGNORECASE):
        if m.start() > 0:  # at the start it is the subject pattern's "duty of"
            add(m.group("who"), m.group("what"),
                "may" if m.group("kind").lower() == "right" else "shall")
    # "Dexcel's responsibility for Product failing to meet the Specifications shall be limited
    # to the replacement of such Product": the remedy is Dexcel's duty
    for m in re.finditer(rf"\b(?P<who>{who}){_POSSESSIVE}\s+(?:sole\s+|entire\s+|only\s+)?"
                         rf"(?:responsibility|liability|obligation)\s+(?:for|with\s+respect\s+to|"
                         rf"in\s+respect\s+of|regarding)\s+(?P<for>[^;]{{3,200}}?)\s+(?:shall|will)"
                         rf"\s+be\s+(?:limited\s+to|solely)\s+(?P<what>[^;]{{3,}})", text,
                         re.IGNORECASE):
        add(m.group("who"), f"{m.group('what')} for {m.group('for')}", "shall")
    # "assist X in investigating ...", "cooperate with X in implementing ..."
    for m in re.finditer(rf"\b(?:assist|help|support|co-?operate\s+with)\s+(?:the\s+)?"
                         rf"(?P<who>{who}){_HELPERS}\s+(?:in|with)\s+(?P<what>(?:the\s+)?\w+ing\b"
                         rf"[^;]*|the\s+\w+(?:ion|ment|al)\b[^;]*)", text, re.IGNORECASE):
        add(m.group("who"), m.group("what"), "shall")
    # "to help X investigate", "to enable X to respond", "in order for X to release"
    for m in re.finditer(rf"\b(?:(?P<verb>help|assist|enable|allow|permit)|(?:in\s+order\s+)?for)"
                         rf"\s+(?:the\s+)?(?P<who>{who}){_HELPERS}\s+(?:to\s+)?"
                         rf"(?P<what>(?!be\b|have\b|in\b|with\b)[a-z][\w-]*\b[^;]*)", text,
                         re.IGNORECASE):
        verb = (m.group("verb") or "").lower()
        if not verb and not re.match(r"\s*to\b", text[m.end("who"):]):
            continue  # "for Customer" without an infinitive is not an owner
        add(m.group("who"), m.group("what"), "shall" if verb in ("help", "assist") else "may")
    # "release by X's Quality Assurance", "approval of the protocol by X"
    for m in re.finditer(rf"\b(?P<noun>{_NOMINAL})\s+(?:of\s+(?P<obj>[^,;()]{{1,80}}?)\s+)?by\s+"
                         rf"(?:the\s+)?(?P<who>{who})(?!\w)", text, re.IGNORECASE):
        head = []
        for word in reversed(text[: m.start()].split()[-4:]):
            if word.lower().strip(",") in _FUNCTION_WORDS or not word[:1].isalnum():
                break
            head.insert(0, word)
        obj = m.group("obj") or " ".join(head)
        add(m.group("who"), f"{m.group('noun')} of {obj}" if obj else m.group("noun"), "shall")
    _owners_further_in(text, found, who, add)
    # "... shall be returned to X, under Y's liability and expenses" -> Y bears the cost
    doers = {a.party for r in found for a in r.assignments}
    payers, cost = _cost_bearer(quote, names, parties)
    for payer in payers:
        if payer.name in doers or cost is None:
            continue
        paid = _paid_activity(quote, cost, found, text)
        if paid:
            record = _record([payer], f"bear the cost of {paid}", quote, block,
                             source=source, modality="shall")
            if record is not None:
                out.append(record)
    return out


def _owners_further_in(text: str, found: list[Responsibility], who: str,
                       add: Callable[[str, str, str], None]) -> None:
    """Owners a sentence names after its main clause: a later passive, a proviso, a decision
    authority."""
    # a passive further into the sentence: "X may change labels, which changes shall be
    # submitted by X to the FDA"; "Y is responsible for the protocols ... and shall be approved
    # by X" (the thing approved is the sentence's own duty)
    for m in re.finditer(rf"(?:,\s*which\s+|\band\s+|,\s+)(?P<what>(?:[\w’'-]+\s+){{0,6}}?)"
                         rf"(?:shall|will|must|to)\s+(?:\w+ly\s+)?be\s+(?:\w+ly\s+)?"
                         rf"(?P<verb>{_PARTICIPLE})\s+(?:in\s+writing\s+)?by\s+(?:the\s+)?"
                         rf"(?P<who>{who})(?!\w)(?P<rest>[^;,.]{{0,100}})", text, re.IGNORECASE):
        what = re.sub(r"^(?:and|or|then)\s+", "", (m.group("what") or "").strip())
        if any(r.activity.lower().startswith(m.group("verb").lower())
               or (what and r.activity.lower().startswith(f"bear {what.lower()}"))
               for r in found):
            continue  # the sentence's own passive, read already
        if not what and found:
            what = re.split(r",?\s+(?:and|which)\s+(?:shall|will|must)\s+be\b",
                            found[0].activity)[0]
        if len(_words(what)) >= 1:
            add(m.group("who"), f"{m.group('verb')} {what}{m.group('rest').rstrip()}", "shall")
    # "..., provided that X pays all costs associated with such storage": X's duty too
    for m in re.finditer(rf"\b(?:provided(?:\s+that)?|on\s+condition\s+that|so\s+long\s+as|"
                         rf"as\s+long\s+as)\s*,?\s+(?:the\s+)?(?P<who>{who}){_HELPERS}\s+"
                         rf"(?:(?:shall|will|must)\s+(?P<verb>[a-z]+)|(?P<present>(?-i:[a-z]+s)))"
                         rf"\s+(?P<what>[^;]+)", text, re.IGNORECASE):
        verb = m.group("verb") or base_form(m.group("present"))
        if verb.lower() not in {"be", "have", "is", "has", "does", "not", "was"} \
                and m.group("present") not in _PRESENT_STOP:
            add(m.group("who"), f"{verb} {m.group('what')}", "shall")
    # "X will have sole decision-making authority regarding the use of a Third Person"
    for m in re.finditer(rf"(?P<who>{who}){_HELPERS}\s+(?:shall|will)\s+(?:have|retain)\s+"
                         r"(?:the\s+)?(?:sole|exclusive|final|full)?\s*(?:and\s+\w+\s+)?"
                         r"(?:decision-making\s+|decision\s+)?(?:authority|discretion|control)"
                         r"\s+(?:regarding|over|with\s+respect\s+to|as\s+to|in\s+respect\s+of|"
                         r"concerning|for|to\s+(?:decide|determine))\s+(?P<what>[^;]+)",
                         text, re.IGNORECASE):
        add(m.group("who"), f"decide {m.group('what')}", "may")


def _passive_activity(text: str) -> str | None:
    """"the remaining Source Plasma shall be immediately returned to X" -> "return the
    remaining Source Plasma to X"."""
    m = re.search(r"^(?:[^,;]{0,80},\s*)?(?P<what>[^,;]+?)\s+(?:shall|will|must)\s+be\s+"
                  rf"(?:\w+ly\s+)?(?P<verb>{_PARTICIPLE})\b(?P<rest>[^,;]*)", text, re.IGNORECASE)
    if not m:
        return None
    return f"{m.group('verb')} {m.group('what')}{m.group('rest')}"


def base_form(verb: str) -> str:
    """supplies -> supply, approves -> approve, ships -> ship, qualifies -> qualify."""
    lower = verb.lower()
    if lower.endswith("ies"):
        return verb[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z)es$", lower):
        return verb[:-2]
    return verb[:-1] if lower.endswith("s") and not lower.endswith("ss") else verb


def participle_base(verb: str) -> str:
    """terminated -> terminate, documented -> document, handed -> hand, supplied -> supply."""
    lower = verb.lower()
    if lower.endswith("ied"):
        return lower[:-3] + "y"
    if lower.endswith("eed") or re.search(r"(?:at|is|iz|ur|os|uc|ov|iv|ag|ir|ud|ut|ib|su|id|"
                                          r"as|et|ei|us)ed$", lower):
        return lower[:-1]  # "approved", "issued", "provided", "released" keep their e
    if re.search(r"([bdgmnprt])\1ed$", lower):
        return lower[:-3]  # "shipped", "transferred"
    return lower[:-2]


def split_compound(record: Responsibility, parties: list[Party]) -> list[Responsibility]:
    """"Vesta drafts and Aldebaran approves the stability protocol" and "X agrees to purchase
    and Y to manufacture the batches" -> two duties."""
    names = _party_pattern(parties)
    m = re.match(rf"^(?P<first>\w+)\s+and\s+(?:the\s+)?(?P<who>{names})\s+"
                 rf"(?:shall\s+|will\s+|to\s+)?(?P<verb>\w+)\s+(?P<object>.+)$", record.activity,
                 re.IGNORECASE)
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
    return [p for p in parts if re.search(r"[A-Za-z]{3}", p)]


def _lead_prefix(lead: Responsibility) -> str:
    """What a list's lead says before the items: "" for "X shall:" or "X is responsible for:",
    "bear the cost of any recall resulting from" for "X shall bear the cost of any recall
    resulting from: (i) ... (ii) ..."."""
    text = re.sub(r"(?:\s*(?:the\s+following|as\s+follows))+$", "", lead.activity, flags=re.I)
    return "" if _FOLLOWING.match(lead.activity) else text.strip(" ,;:")


_SUBSECTION = re.compile(r"(?:^|(?<=[\s;]))(\d{1,2}(?:\.\d{1,2}){1,3})\s+")
_PASSIVE_LEAD = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:[^,;]{0,80},\s*)?"
                           r"(?P<what>(?:this|the)\s+[\w\s-]{1,60}?)\s+"
                           r"(?P<modal>may|shall|will|can)\s+(?:only\s+)?be\s+"
                           r"(?P<verb>\w+ed)\s*$", re.IGNORECASE)


def _passive_lead(head: str, quote: str, block: Block, source: str) -> Responsibility | None:
    """"This Agreement may be terminated:" before items that each name who may do it ("by
    either Party, ...", "..., by the non-breaching Party", "by Dexcel, in the event ...")."""
    m = _PASSIVE_LEAD.match(head.strip())
    if not m:
        return None
    verb = participle_base(m.group("verb"))  # "terminated" -> "terminate"
    return Responsibility(activity=f"{verb} {m.group('what')}", assignments=[], source=source,
                          quote=quote, section=block.section, page=block.page,
                          modality="may" if m.group("modal").lower() in ("may", "can")
                          else "shall")


def _subsections(text: str) -> list[tuple[str, str]]:
    """(number, text) of each numbered subsection in a run of text: "5.2.1 by ...; 5.2.2 ..."."""
    marks = list(_SUBSECTION.finditer(text))
    return [(m.group(1), text[m.end(): nxt.start() if nxt else len(text)].strip(" ;"))
            for m, nxt in zip(marks, [*marks[1:], None], strict=True)]


def _agent_item(lead: Responsibility, item: str, block: Block,
                parties: list[Party], number: str | None = None) -> list[Responsibility]:
    """An item under a lead without a party: the party is the agent it names ("by X")."""
    names = _party_pattern(parties)
    agent = re.search(rf"\bby\s+(?:the\s+)?(?P<who>{_who_pattern(names)}|"
                      rf"non-?(?:breaching|defaulting)\s+party)(?!\w)", item, re.IGNORECASE)
    if not agent:
        return []
    who = parties[:2] if re.match(r"non-?", agent.group("who"), re.IGNORECASE) else \
        _resolve_all(agent.group("who"), parties)
    rest = (item[:agent.start()] + item[agent.end():]).strip(" ,;")
    # the cases it lists are conditions of one right, not duties of their own
    rest = re.sub(r"\s*;\s*", ", ", re.sub(r"\(\s*[ivx\d]{1,4}\s*\)\s*", "", rest))
    record = _record(who, f"{lead.activity} {rest}", f"{lead.quote} {item}".strip(), block,
                     source="list", modality=lead.modality)
    if record and number and number.startswith(f"{block.section}."):
        record.section = number  # "5.2.2" under 5.2
    return [record] if record else []


_OWN_SUBJECT = r"(?:that\s+)?(?:it|they|each\s+party|such\s+party)"


def _warranted(lead: Responsibility, part: str, block: Block,
               parties: list[Party]) -> tuple[Responsibility, bool]:
    """What the lead party promises in one item of "X represents, warrants and covenants as
    follows:", and whether the item opens with its party (then it may state a duty too:
    "Antares shall perform ...", not "records maintained by Supplier shall be accurate").
    What X covenants it will (not) do is X's duty ("(ii) it will not use the services of any
    person debarred"); anything else is a warranty."""
    names = _party_pattern(parties)
    own_subject = bool(re.match(rf"(?:that\s+)?(?:the\s+)?(?:{names})\b|{_OWN_SUBJECT}\b",
                                part, re.IGNORECASE))
    future = re.compile(rf"^{_OWN_SUBJECT}\s+(?:will|shall)\s+", re.IGNORECASE)
    covenant = bool(re.search(r"\bcovenant", lead.quote, re.IGNORECASE) and future.match(part))
    promise = future.sub("", part) if covenant else \
        f"{_lead_prefix(lead) or 'warrant that'} " + re.sub(r"^that\s+", "", part,
                                                            flags=re.IGNORECASE)
    return Responsibility(
        activity=normalise_activity(promise), assignments=lead.assignments, source="list",
        quote=f"{lead.quote} {part}".strip(), section=block.section, page=block.page,
        modality="shall" if covenant else "warrants"), own_subject


def _item_records(lead: Responsibility, item: str, block: Block, quote: str,
                  parties: list[Party], number: str | None = None) -> list[Responsibility]:
    """One list item under a lead ("X shall:"): its first sentence is the lead party's duty
    (unless it names its own subject); later sentences are read on their own, and one without
    a party ("Each shipment shall be accompanied by ...") belongs to the lead party."""
    if not lead.assignments:  # "This Agreement may be terminated:" then "by either Party, ..."
        return _agent_item(lead, item, block, parties, number)
    out: list[Responsibility] = []
    parts = sentences(item) or [item]
    for index, part in enumerate(parts):
        main, implied = _read(part, block, parties, "clause")
        if lead.modality == "warrants" and index == 0:
            promise, own_subject = _warranted(lead, part, block, parties)
            if not own_subject:
                main, implied = [], []
            out.append(promise)
        for record in main + implied:
            record.quote = f"{lead.quote} {part}".strip() if index == 0 else part
            out.extend(split_duties(record))
        # "C.10 keeping a reserve ... used only with Seorin's written agreement": another
        # party's consent inside the item leaves the item the lead party's duty
        theirs = any({a.party for a in lead.assignments} <= {a.party for a in r.assignments}
                     for r in main)
        opens_with_party = re.match(rf"(?:the\s+)?(?:{_party_pattern(parties)})\b", part,
                                    re.IGNORECASE)
        if index == 0 and (not main or not (theirs or opens_with_party)) and \
                lead.modality != "warrants":
            prefix = _lead_prefix(lead)
            activity = normalise_activity(f"{prefix} {part}" if prefix else part)
            if len(activity) > 3:
                out.append(Responsibility(
                    activity=activity, assignments=lead.assignments, source="list",
                    quote=f"{lead.quote} {part}".strip(), section=block.section,
                    page=block.page, modality=lead.modality))
        elif not main and not implied:
            out.extend(_accompanied(part, block, parties, lead.assignments))
    return out


_ACCOMPANIED = re.compile(
    r"^(?:(?:each|every|all|any)\s+)?(?:such\s+)?(?P<thing>shipments?|deliver(?:y|ies)|"
    r"consignments?|batch(?:es)?|lots?)\b(?P<mid>[^.;]{0,120}?)\s+(?:shall|will|must)\s+be\s+"
    r"accompanied\s+by\s+(?P<docs>.+)$", re.IGNORECASE | re.DOTALL)


def _accompanied(sentence: str, block: Block, parties: list[Party],
                 carried: list[Assignment] | None) -> list[Responsibility]:
    """"Each shipment (of X) shall be accompanied by a certificate of analysis": the party that
    ships provides it. It is named in the sentence ("shipment of X", "shipped by X") or is the
    subject of the clause before."""
    m = _ACCOMPANIED.match(strip_opening(sentence))
    if not m:
        return []
    names = _party_pattern(parties)
    named = re.search(rf"\b(?:of|by|from)\s+(?:the\s+)?(?P<who>{names})(?!\w)", m.group("mid"),
                      re.IGNORECASE)
    if named:
        assignments = [Assignment(party=p.name, role=p.role)
                       for p in _resolve(named.group("who"), parties)]
    else:
        assignments = list(carried or [])
    if len(assignments) != 1:
        return []
    activity = normalise_activity(f"provide {m.group('docs')} with each {m.group('thing')}")
    return [Responsibility(activity=activity, assignments=assignments, source="clause",
                           quote=sentence, section=block.section, page=block.page,
                           modality="shall")]


def read_clauses(blocks: Iterable[Block], parties: list[Party], *,
                 source: str = "clause") -> list[Responsibility]:
    """Duties from paragraphs, including per-party numbered lists that follow "X shall:"."""
    out: list[Responsibility] = []
    list_owner: tuple[Responsibility, str | None] | None = None
    tasks = _task_pattern(parties) if parties else None  # "Printer to typeset ..."
    for block in blocks:
        if block.kind == "heading":
            list_owner = _heading_lead(block, parties)
            continue
        if block.kind != "paragraph":
            continue
        text = block.text.strip()
        numbered = list_owner is not None and _NUMBERED_ITEM.match(text) is not None
        listed = _LIST_ITEM.match(text) and block.section == list_owner[1] if list_owner else False
        if list_owner and (numbered or listed):
            lead = list_owner[0]
            for number, item in _list_paragraph_items(text, numbered):
                for record in _item_records(lead, item, block, text, parties):
                    if number and (not record.section or number.startswith(
                            f"{record.section}.")):  # "G1. set ...": cited as G1
                        record.section = number
                    out.append(record)
            continue
        tag, untagged = _owner_tag(text)
        if tag and (_UNNAMED.match(tag) or _tag_owners(tag, parties)):
            text = untagged  # not "[redacted] shall bear ...": that bracket is the subject
        else:
            tag = None
        found, list_owner = _sentence_records(_as_duties(text, tasks), block, parties, source)
        for record in found:
            record.quote = _as_written(record.quote, text)
        out.extend(_tagged(tag, found, text, block, parties) if tag else found)
    return out


_NEXT_NUMBERED = re.compile(r";\s+(?=\d{1,2}(?:\.\d{1,2}){1,3}\s+[a-z])")


def _list_paragraph_items(text: str, numbered: bool) -> list[tuple[str | None, str]]:
    """The items of a list paragraph, each with its number ("G1", "5.2") when numbered: the
    paragraph's inline items ("(a) ...; (b) ..."), or, where a plain-text agreement ran
    numbered items together ("5.1 write ...; 5.2 review ..."), each of those."""
    marker = _NUMBERED_ITEM if numbered else _LIST_ITEM
    parts = _NEXT_NUMBERED.split(text) if numbered else [text]
    out: list[tuple[str | None, str]] = []
    for part in parts:
        label = marker.match(part)
        number = label.group().strip().rstrip(".") if numbered and label else None
        body = marker.sub("", part, count=1)
        items = _list_items(part) if len(parts) == 1 and _INLINE_ITEMS.search(body) else [body]
        out.extend((number, item) for item in items)
    return out


def _task_pattern(parties: list[Party]) -> re.Pattern[str]:
    who = rf"(?:the\s+)?(?:{_party_pattern(parties)})(?:\s+[A-Z]{{2,4}})?"
    return re.compile(rf"(?P<pre>(?:^|[;:]\s+)(?:\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}\.?\s+)?)"
                      rf"(?P<who>{who}(?:\s+and\s+{who})?)\s+to\s+(?=[a-z])")


def _as_duties(text: str, tasks: re.Pattern[str] | None) -> str:
    """A clause written as a task ("7.2 Printer to typeset the approved text; Sponsor to
    approve each proof") read as the duty it states ("Printer shall typeset ...")."""
    if tasks is None:
        return text
    return tasks.sub(lambda m: f"{m.group('pre')}{m.group('who')} shall ", text)


def _as_written(quote: str, text: str) -> str:
    """A quote of a clause read as a duty, in the clause's own words."""
    if quote in text:
        return quote
    restored = quote.replace(" shall ", " to ")
    return restored if restored in text else text


def _heading_lead(block: Block, parties: list[Party]
                  ) -> tuple[Responsibility, str | None] | None:
    """The lead of the list a heading opens ("THE CONTRACT GIVER (LUKAVEC) SHALL" then "G1.
    set the specification ...; G2. ..."), matched to its party however it is capitalised."""
    match = _HEADING_LEAD.match(block.text.strip())
    if not match:
        return None
    lead = match.group("lead")
    named = re.search(r"\(([^)]{2,40})\)", lead)  # "THE CONTRACT GIVER (LUKAVEC)"
    if named and _resolve_all(named.group(1), parties):
        lead = re.sub(r"^.*?\([^)]*\)", named.group(1), lead)
    lead = re.sub(r"\s*\([^)]*\)", "", lead)
    words = [w if any(w.lower() == n.lower() for p in parties for n in p.names()) else w.lower()
             for w in lead.split()]
    found = read_sentence(" ".join(words) + " the following", block, parties)
    if found is None or not found.assignments:
        return None
    found.quote = block.text.strip()
    return found, None


# "1.2 [Gelvona] Gelvona performs ...": a clause that opens with a tag naming its owner
_TAG = re.compile(r"^(?P<number>\s*(?:[A-Z]\.)?\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+)?"
                  r"\[(?P<tag>[^\]\n]{2,40})\]\s*")
_UNNAMED = re.compile(r"^(?:tbd|tba|open|to\s+be\s+(?:agreed|defined|decided|discussed|named)|"
                      r"not\s+(?:yet\s+)?(?:agreed|assigned|named)|n/?a|none)$", re.IGNORECASE)


def _owner_tag(text: str) -> tuple[str | None, str]:
    """The owner tag a clause opens with ("[Gelvona]", "[Both]", "[TBD]") and the clause
    without it."""
    m = _TAG.match(text)
    if not m:
        return None, text
    return m.group("tag").strip(), (m.group("number") or "") + text[m.end():]


def _tagged(tag: str, found: list[Responsibility], text: str, block: Block,
            parties: list[Party]) -> list[Responsibility]:
    """What a tagged clause assigns: nobody under [TBD] (whoever the sentence names), the
    tagged party otherwise, its own words read as that party's duty when they name none."""
    if _UNNAMED.match(tag):
        return []
    owners = _tag_owners(tag, parties)
    names = {p.name for p in owners}
    if any(names <= {a.party for a in r.assignments} for r in found):
        return found
    first = (sentences(text) or [text])[0]
    record = _record(owners, strip_opening(first), first, block, source="clause",
                     modality="shall")
    return [*found, record] if record else found


def _tag_owners(tag: str, parties: list[Party]) -> list[Party]:
    if re.fullmatch(r"both|joint|both\s+parties|shared", tag, re.IGNORECASE):
        return parties[:2]
    return [] if tag.lower() == REDACTED.strip("[]") else _resolve_all(tag, parties)


def _sentence_records(text: str, block: Block, parties: list[Party], source: str
                      ) -> tuple[list[Responsibility], tuple[Responsibility, str | None] | None]:
    """The duties of one paragraph's sentences, and the lead of a list its later paragraphs
    may carry on ("X shall:" before "(a) ...")."""
    out: list[Responsibility] = []
    list_owner: tuple[Responsibility, str | None] | None = None
    carried: list[Assignment] | None = None
    for sentence in sentences(text):
        marker = _SUBSECTION if list_owner and not list_owner[0].assignments else _LIST_ITEM
        if list_owner and marker.match(sentence):
            # the next item of "X warrants as follows: (a) ...; (b) ..." or "This Agreement
            # may be terminated: 5.2.1 ...; 5.2.2 ..."
            number = _SUBSECTION.match(sentence)
            out.extend(_item_records(list_owner[0], marker.sub("", sentence, count=1),
                                     block, sentence, parties,
                                     number.group(1) if number else None))
            continue
        if _PRECEDENCE.search(sentence):
            out.append(Responsibility(activity="precedence between documents",
                                      assignments=[], source="precedence", quote=sentence,
                                      section=block.section, page=block.page))
            continue
        records, lead = _read_with_colon(sentence, block, parties, source)
        records += liability_limits(sentence, block, parties,
                                    _who_pattern(_party_pattern(parties)),
                                    lambda text: _resolve_all(text, parties))
        if lead is not None:
            list_owner = (lead, block.section)
        if not records:
            records = _accompanied(sentence, block, parties, carried)
        for record in records:
            for part in split_compound(record, parties):
                out.extend(split_duties(part))
        if records and len(records[0].assignments) == 1:
            carried = records[0].assignments
    return out, list_owner


def _read_with_colon(sentence: str, block: Block, parties: list[Party],
                     source: str) -> tuple[list[Responsibility], Responsibility | None]:
    """A sentence, or a lead and its items: "X shall be responsible for: 1) ... 2) ..." (the
    items may follow as paragraphs: the lead is returned), "X shall bear the cost of any
    recall resulting from: (i) ... (ii) ...", or "The Parties agree as follows: X agrees to
    ..." (the part after the colon is a clause of its own)."""
    head, colon, tail = sentence.partition(":")
    if not colon:
        return read_sentence_all(sentence, block, parties, source=source), None
    lead = read_sentence(head + " the following", block, parties, source=source) or \
        _passive_lead(head, sentence, block, source)
    if lead is not None:
        lead.quote = sentence
    if not tail.strip():
        return ([replace(lead, activity=_lead_prefix(lead))]
                if lead and _lead_prefix(lead) and lead.modality != "warrants" else []), lead
    if lead is not None and not lead.assignments and _SUBSECTION.match(tail.strip()):
        # "This Agreement may be terminated: 5.2.1 by either Party, ... (i) ...; 5.2.2 ...":
        # one item per numbered subsection, whatever it lists inside
        return [r for number, item in _subsections(tail)
                for r in _item_records(lead, item, block, sentence, parties, number)], lead
    if _INLINE_ITEMS.search(tail):
        out: list[Responsibility] = []  # the items carry the lead's words
        for item in _list_items(tail):
            if lead is not None:
                out.extend(_item_records(lead, item, block, sentence, parties))
            else:
                out.extend(read_sentence_all(item, block, parties, source=source))
        for record in out:
            record.quote = sentence
        return out, lead  # further items may follow ("...; (b) ...", split as a sentence)
    records = read_sentence_all(tail, block, parties, source=source)
    if lead is not None and _lead_prefix(lead) and lead.modality != "warrants":
        records.insert(0, replace(lead, activity=_lead_prefix(lead)))
    elif lead is None:
        records = read_sentence_all(head, block, parties, source=source) + records
    for record in records:
        record.quote = sentence
    return records, None
