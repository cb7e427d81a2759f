"""Open points in meeting notes: what is still unaligned, what a meeting settled, which
actions it closed.

An item is an open point when it sits under a heading such as "Open issues", "Parking lot" or
"Pending alignment", when it carries a label ("OPEN ISSUE:", "Risk:", "TBD:"), or when the
sentence itself says so ("we still haven't settled whether ...", "Vesta considers the EM trend
report outside the agreement", "format TBD"). Items under "Decisions" or starting "Agreed:"
are settlements; an action reviewed as "Closed." is a closure."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ingest.document import Block
from ingest.loaders.text_blocks import TIMESTAMP
from knowledge.models import NoteItem

_NUMBERING = re.compile(r"^\s*(?:[-*•▪◦]\s*|\d{1,2}[.)]\s+|\(?[a-z][.)]\s+)")
_REF = re.compile(r"^(?P<ref>[A-Z]{1,3}-?\d{1,3})\s*[.:)\-–]?\s+")
_MARKUP = re.compile(r"\*\*|__|`")
_CHECKBOX = re.compile(r"^\[[ xX✓✔]?\]\s*|^[☐☑☒]\s*")  # "- [x] PQR: ..." in a checklist
_LEAD = re.compile(r"^(?:\s*\d{1,2}[.)]\s+)?\*\*(?P<lead>[^*]{3,60}?)[.:]?\*\*[.:]?\s*")

_HEADING_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
_ISSUE_HEADING = re.compile(
    r"^(?:(?:still|current|remaining|key|new|known|main|other|top)\s+)?"
    r"(?:open\b(?!\s+actions?\b)|pending|unresolved|outstanding|undecided|"
    r"roadblocks?|blockers?|parking\s+lot|risks?|issues?|concerns?|escalations?|"
    r"points?\s+to\s+(?:align|clarify|resolve|agree)|to\s+be\s+(?:agreed|decided|aligned)|"
    r"not\s+(?:yet\s+)?(?:agreed|aligned)|"
    # "On the points that are still open", "Items still open"
    r"(?:on\s+)?(?:the\s+)?(?:points?|items?|questions?|issues?)\s+(?:that\s+(?:are|remain)\s+)?"
    r"(?:still\s+)?open\b|"
    # what one side still needs from the other before it can go on
    r"what\s+(?:i|we)\s+(?:still\s+)?need\s+from\b|still\s+need(?:ed)?\s+from\b|"
    # what went badly, in a write-up's own words
    r"(?:the\s+)?not[- ]so[- ]good\b|sticking\s+points?\b|what\s+went\s+wrong\b)",
    re.IGNORECASE)
_SETTLED_HEADING = re.compile(
    r"^(?:decisions?|agreed|agreements?|resolved|closed|settled|aligned|alignment\s+reached|"
    r"outcomes?)\b(?!\s+(?:needed|required|pending))", re.IGNORECASE)
_ACTION_HEADING = re.compile(r"\baction|\bnext steps\b|\bto-?dos?\b", re.IGNORECASE)

_ISSUE_LABEL = re.compile(
    r"^(?:open\s+(?:issue|point|question|item)|issue|risk|blocker|roadblock|parking\s+lot|"
    r"pending|concern|question|tbd|tbc|unresolved|escalation|to\s+align)"
    r"\s*(?:#?\d{1,3})?\s*[:\-–]\s*", re.IGNORECASE)
_SETTLED_LABEL = re.compile(
    r"^(?:agreed|decision|decided|resolved|settled|aligned|closed|outcome)"
    r"(?:\s+that\b|\s*[:\-–])\s*", re.IGNORECASE)

_NEGATED = r"(?:not|never|yet to be|nothing|n't)"
_ISSUE_CUES = re.compile(
    r"(?<!the )(?<!a )\bTBD\b(?!\s+(?:column|field|placeholders?|row|marker))|"
    r"(?<!the )\bTBC\b|"
    r"\bto be (?:decided|determined|confirmed|agreed|clarified|defined|aligned|resolved|"
    r"settled|sorted(?: out)?|worked out)\b|"
    r"\bpending (?:alignment|agreement|decision|confirmation|clarification|resolution|"
    r"sign-?off|input)\b|"
    r"\b(?:not|never|yet to be) (?:yet )?(?:been )?(?:agreed|aligned|settled|decided|resolved|"
    r"defined|clarified)\b|"
    r"\b(?:haven't|have not|hasn't|has not|hadn't|had not|didn't|did not|don't|do not|"
    r"couldn't|could not|can't|cannot|won't|will not|wouldn't)\s+(?:yet\s+|still\s+|really\s+)?"
    r"(?:settle|agree|align|decide|resolve|commit|define|clarify|reach|sign|concur)|"
    r"\bplease reopen\b|\bnot prepared to\b|\bwho is right\b|\bfull stop\b|"
    r"\b(?:was|were) never (?:asked|consulted|informed|told)\b|\bnot an? approved\b|"
    r"\b(?:won't|will not)\s+(?:\w+\s+){1,6}until\b|"
    r"\bnothing in the (?:\w+ )?(?:agreement|contract|QAA|QTA|SOW)\b|"
    r"\bstill (?:haven't|have not|hasn't|has not|no\b|not\b|open|unclear|undecided|unresolved|"
    r"waiting|pending|disagree|debating|discussing)|"
    r"\bno (?:agreement|alignment|decision|consensus|owner|clear owner|answer|resolution|"
    r"one has (?:confirmed|agreed|decided))\b|"
    r"\b(?:unclear|not clear|undefined|unknown) (?:who|whether|if|what|how|which|when)\b|"
    r"\b(?:nobody|no one|no-one) (?:knows|owns|has|have|is|was|wants|took|takes)\b|"
    r"\b(?:does not|doesn't|do not|don't|did not|didn't) want to (?:own|take|do|pay|sign|"
    r"write|run|be)\b|\bnot sure\b|\b(?:could|might|would|will) block\b|"
    r"\b(?:we|you|they|both sides|the parties) (?:have|need|still need) to agree\b|"
    r"\b(?:does not|doesn't) say\b|\bis silent\b|\bsays nothing\b|"
    r"\b(?:outside|out of|beyond) (?:the |its |our |their )?(?:scope|agreement|contract|"
    r"quality agreement|QAA|SOW|technical agreement)\b|"
    r"\bnot (?:covered|included|addressed|foreseen|defined|specified) (?:by|in) "
    r"(?:the |our )?(?:agreement|contract|QAA|quality agreement|technical agreement|SOW)|"
    r"\b(?:disagrees?|disagreed|disputes?|disputed|objects? to|objected to|rejects?|rejected|"
    r"pushed back|pushes back|refuses|refused|contests?|contested)\b|"
    r"\b(?:open question|open point|open issue|unresolved|undecided|remains open|still open|"
    r"blocker|roadblock|blocked on|blocked by|escalated)\b|"
    r"\b(?:decision|alignment|agreement) (?:needed|required|outstanding)\b|"
    r"\bno agreement (?:was|has been) reached\b|\b(?:left|remains?|still) (?:unresolved|open)\b|"
    r"\b(?:could not|couldn't|can't|cannot) commit\b|\bdisagree for now\b|"
    r"\bdifferent expectations\b|\bno agreed position\b|\bdoes not share (?:that|this|the)\b|"
    r"\b(?:classification|decision|approval|answer|confirmation) (?:is )?pending\b|"
    r"\b(?:no|not an|without an?) agreed\b|"
    r"\bwho (?:\w+ ){0,2}\w+\b[^?]{0,200}\?|"
    r"\bunowned\b|\bnot written down\b|\beach side (?:expected|assumed|thought|wants)\b|"
    r"\bwhose (?:signature|job|call|responsibility|task)\b|\bfalls? between\b|"
    r"\bno (?:meeting of minds|route|escalation route|process|one picking|reply|response)\b|"
    r"\b(?:heard nothing|talking past|still waiting|waiting (?:for|on) (?:an? )?(?:answer|reply|"
    r"decision|feedback))\b|"
    # idioms of a point nobody has settled, said without the usual words
    r"\bgoing (?:a?round|back and forth) in circles\b|"
    r"\b(?:not|isn't|aren't|am not|'m not) (?:yet )?comfortable\b|"
    r"\b(?:still|back) on the table\b|\bagreed to disagree\b|\bjury(?:'s| is) (?:still )?out\b|"
    r"\b(?:isn't|is not|wasn't|was not|not) (?:at all )?clear (?:who|whose|whether|what|how|which|"
    r"if)\b|"
    r"\b(?:doesn't|does not|won't|will not|wouldn't) work for (?:us|them)\b|"
    r"\bnot acceptable (?:to|for) (?:us|them)\b|"
    r"\b(?:can't|cannot|won't|will not) (?:accept|have|live with|sign)\b|"
    r"\b(?:nobody|no one|no-one|hasn't|has not|haven't|have not|not been) (?:has )?(?:yet )?"
    r"picked (?:it |this |that )?up\b|\bpicked up by (?:nobody|no one)\b|"
    r"\b(?:view|position|stance) (?:hasn't|has not|haven't|have not) (?:changed|moved)\b|"
    r"\bneither side (?:moved|budged|agreed)\b|\b(?:we|they) think it'?s (?:ours|theirs|yours)\b|"
    r"\bregards? (?:\w+ ){1,6}as (?:its|their|our) own\b|"
    r"\bwhere it was (?:in|last|at)\b|\b(?:parked|park it|park this)\b|"
    r"\bawaiting (?:their|our|its) (?:legal|answer|position|reply|decision)\b|"
    r"\blet'?s revisit\b|\bto be revisited\b|\bnot (?:yet )?(?:signed up|bought in)\b|"
    r"\b(?:does not|doesn't|did not|didn't|do not|don't) want to (?:promise|commit|agree|"
    r"accept|go|move|change)\b|"
    r"\b(?:won't|will not|can't|cannot)\s+(?:\w+\s+){1,5}without\b|"
    r"\bboth positions stand\b|\b(?:positions?|views?) (?:still )?differ\b|"
    r"\b(?:somebody|someone) (?:has|needs) to\b|\b(?:doesn't|does not|don't|do not) exist\b|"
    r"\b(?:doesn't|does not|won't|will not) let us\b|"
    r"\b(?:we're|we are|they're|they are) not (?:paying|doing|signing|accepting|taking|"
    r"putting)\b|\b(?:i'm|i am) not (?:putting|signing|accepting|releasing|certifying)\b|"
    r"\bnot something we (?:quoted|signed up|agreed|budgeted)\b|"
    r"\b(?:haven't|have not|hasn't|has not) seen (?:that|this|it) in\b|"
    r"\bin our book\b|"
    r"\bwho(?:'s| is| will) (?:going to )?\w+\b[^?]{0,200}\?|"
    r"\bhas had no (?:reply|answer|response)\b|\bno reply (?:yet|so far)\b|"
    r"\bunanswered\b|\b(?:we|i) (?:don't|do not|can't|cannot|fail to) see how\b|"
    r"\b(?:none of us|nobody|no one|no-one)\b[^.;]{0,40}\bknew (?:who|whether|what|how|which)\b|"
    r"\b(?:we|they) (?:still )?stand by (?:the|our|its|their|that|this)\b|"
    r"\b(?:nobody|no one|no-one)\b[^.;]{0,30}\b(?:could|can|would) say\b|"
    r"\bunclear to (?:both|either|all|us|them)\b|\bstill (?:don't|do not) know\b|"
    r"\b(?:is not|isn't|will not be|won't be|not) enough (?:for|to)\b|\bleft it there\b|"
    r"\b(?:we|they) (?:had )?assumed (?:it|that|they|we)\b|"
    r"\bnot in (?:\w+'s |our |their |the )?(?:quote|scope|sow|budget|contract|price)\b|"
    r"\bwould expect to (?:approve|see|be asked|be consulted)\b|\bnot the same as\b|"
    # a house rule said as a refusal, a reading of the contract, a condition, a deferral
    r"\bwe (?:do not|don't|never) (?:export|share|send|host|give out|release|hand over|"
    r"allow|accept)\b|\bour reading of\b|\bwe read (?:clause|section|\d|it|this|that)\b|"
    r"\bwill only (?:approve|accept|agree|sign|release|certify)\b[^.;]{0,80}\b(?:after|once|"
    r"if|when|until)\b|\bwithout (?:a |any )?(?:result|resolution|outcome|conclusion)\b|"
    r"\bpark (?:it|this|that|the)\b|\bnot for today\b|\bno idea (?:who|whether|what|how|if)\b|"
    r"\bneither (?:side|party|of us|company) (?:has|have|is|was|wants|will)\b|\bdeadlock\b|"
    r"\bneed to (?:settle|sort out|clarify|work out|figure out) (?:who|whether|what|how|which)\b|"
    r"\bassumed (?:that )?(?:[\w-]+ ){1,3}would\b|"
    # polite pushback: "we'd rather not", "isn't something our LIMS supports"
    r"\b(?:we'd|we would|i'd|i would) rather\b|"
    r"\b(?:isn't|is not|wasn't|was not) something (?:we|our|they|their|i)\b|"
    r"\b(?:won't|will not|can't|cannot) (?:release|certify|approve|host|take on|take over|"
    r"ship|sign)\b|\b(?:isn't|is not|aren't|are not|wasn't) in (?:\w+ )?scope\b|"
    r"\b(?:doesn't|does not|won't|will not|wouldn't) (?:really |quite )?work for (?:us|them)\b|"
    # asking again, reading the contract differently, a claim the other side cannot back
    r"\basked (?:twice|again|repeatedly|(?:three|several) times)\b|\bchased (?:again|twice)\b|"
    r"\bread (?:\w+ ){0,3}differently\b|\bdifferent (?:readings?|interpretations?) of\b|"
    r"\b(?:can't|cannot|won't|will not|doesn't|does not) (?:carry|support|justify) "
    r"(?:it|that|this)\b|"
    r"\bexpects? (?:\w+ ){1,3}to (?:pay|cover|bear|own|carry)\b|\basked whether\b|"
    r",\s*not the \d+\b|"
    r"\b(?:i|we) (?:don't|do not) know (?:where|who|whether|how|what|if|which)\b|"
    r"\b(?:ours|mine) (?:to \w+ )?or (?:yours|theirs)\b|\b(?:yours|theirs) or ours\b|"
    r"\b(?:hard|red) line\b|\bnon-negotiable\b|\bdeal-?breaker\b|"
    r"\b(?:don't|do not|doesn't|does not) normally\b|"
    r"\b(?:nobody|no one|no-one) (?:agreed|approved|decided|signed)\b|"
    r"\b(?:won't|will not|can't|cannot) disposition\b|"
    # conditional acceptance, a position that stands, a refusal said plainly
    r"\bcould (?:live with|accept)\b|"
    r"\b(?:live with|accept)\b[^.;]{0,80}\b(?:provided|only if|as long as|on condition)\b|"
    r"\b(?:proposal|position|offer|requirement|limit|answer)\b[^.;]{0,40}\b(?:still )?stands\b|"
    r"\bnot going to (?:pay|accept|sign|agree|do|release|cover|book|take)\b|"
    r"\b(?:we|they) (?:don't|do not|won't|will not) (?:book|offer|provide|do|run|perform|"
    r"cover|pay for)\b[^.;]{0,60}\bfor (?:anybody|anyone|any customer|customers)\b",
    re.IGNORECASE)
_SETTLED_CUES = re.compile(
    r"(?:->|→|=>)\s*(?:closed|agreed|resolved|settled|aligned|done)\b|"
    r"\b(?:is|was|are|were|now)\s+(?:closed|resolved|settled)\b|"
    r"\b(?:agreed|decided|resolved|settled|aligned on|closed out|signed off|"
    r"confirmed (?:that|in writing|the|on|with)|is now (?:covered|defined|agreed))\b|"
    # acceptance said in passing: "thank you for agreeing that ...", "we can live with 0.15%"
    r"\bthank(?:s| you) for (?:agreeing|confirming|accepting)\b|"
    r"\b(?:that|this) closes (?:the|this|that|it)\b|\b(?:can|could) live with\b|"
    r"\b(?:both|all) (?:sides|parties|teams|(?:QA )?heads) (?:are )?(?:happy|fine|on board)\b|"
    r"\b(?:that|this) works for (?:us|them|me|both)\b|"
    r"(?:^|[-–:]\s*)(?:fine|ok|okay)\s*,\s*we (?:can|will)\b|"
    r":\s*(?:agreed|aligned|settled|resolved)\s*[-–:]|\balso (?:closed|settled|agreed)\s*:|"
    r"\b(?:is|was|were) accepted\b|\b(?:committee|board|both sides) (?:accepted|approved)\b|"
    r"\baccepted (?:that|the|our|their|it|this|these)\b|\b(?:i|we) can accept\b|"
    # a side giving way, or the need gone: "Jannik conceded over coffee", "so no working
    # standard is needed at our end", "confirmed this will be done from PM6003 onward"
    r"\b(?:conceded|gave way|backed down)\b|"
    r"\bso no (?:\w+ ){0,3}(?:is|are) (?:needed|required)\b|"
    r"\bconfirmed (?:this|it) will\b|"
    r"\baccepts (?:the|our|your|their|that|it)\b|\bcompromise (?:was )?reached\b|"
    r"\bwe accept (?:the|your|their|that|it|this)\b|"
    # an outcome told as the new way of working: "I'm accepting their set-up as it is",
    # "X accepts samples up to 32 h old", "client services now telephones me within two hours"
    r"\b(?:i'?m|i am|we'?re|we are|they'?re|they are) accepting\b|"
    r"(?<!\bnot )(?<!\bnever )\baccepts (?!no\b|none\b)|\b(?:from now on|going forward)\b|"
    r"\bnow (?!(?:says|claims|thinks|wants|asks|needs|seems|looks|refuses|insists|disputes|"
    r"questions|doubts|objects|argues)\b)[a-z]+s\b|"
    r"\b(?:fine|ok|okay|agreed|accepted) as (?:\w+ ){0,2}(?:proposed|suggested|discussed)\b",
    re.IGNORECASE)
_NEGATED_SETTLEMENT = re.compile(r"\b(?:no|not an|without an?) agreed\b|"
                                 rf"\b{_NEGATED}\s+(?:yet\s+|been\s+)*(?:agreed|decided|"
                                 r"resolved|settled|aligned|signed off|confirmed|accepted|"
                                 r"approved)\b|"
                                 r"n't\s+(?:\w+\s+)?(?:agree|decide|resolve|settle|align)",
                                 re.IGNORECASE)
_NOTHING_OPEN = re.compile(
    r":\s*(?:empty|none|nil|nothing(?: new| open)?)\.?$|"
    r"^(?:none|n/?a|nil|-+|no (?:new )?(?:open )?(?:issues|points|risks|blockers|questions)"
    r"\b.*|nothing (?:new|open|to report)\b.*)\.?$|\b(?:nothing new|no new (?:issues|points|"
    r"risks|blockers))\b|\bno (?:unresolved|open|outstanding) (?:questions|issues|points)\b|"
    r"\bnothing (?:is )?(?:pending|open|outstanding)\b", re.IGNORECASE)
_CLOSED = re.compile(r"(?:[:.;,\-–(]\s*|\b)(?:closed|done|completed|complete)\s*\)?\.?\s*$",
                     re.IGNORECASE)
# "... who answers on the day? Open." A reviewed action's status ("in progress. Open.") is not.
_OPEN_VERDICT = re.compile(r"(?:^|[.;,:?]\s*|\s)(?:still )?open\.?$", re.IGNORECASE)
_MITIGATED = re.compile(r"\bmitigated\b|\bno longer (?:a|an) (?:risk|issue|concern)\b|"
                        r":\s*low\b|\blow (?:risk|likelihood)\b|\bon track\b",
                        re.IGNORECASE)
_PLAIN_ACTION = re.compile(r"^(?:AI|Action)?\s*:?\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?"
                          r"(?:\s*\([^)]{1,40}\))?\s+"
                          r"(?:will|to|shall)\s+(?:send|share|provide|circulate|prepare|"
                          r"draft|update|check|confirm|schedule|review|set up|follow up)\b")
# A firm undertaking stated later: "Korrin will cap the resin at 80 cycles until ...", "we'll
# buy the low-peroxide grade". It settles an open point only when it is about that point (see
# knowledge.roadblock_mining.COMMITS); what is still to be done or looked at does not count.
_COMMITMENT = re.compile(
    r"^(?:(?:so|ok(?:ay)?|fine|then|from now on|going forward|in future)[,:]?\s+)?"
    r"(?:we|i|(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*))?)(?:\s+(?:will|shall)|['’]ll)\s+"
    r"(?:now\s+|also\s+|instead\s+)?"
    r"(?!not\b|need\b|have\b|try\b|check\b|look\b|come\b|revert\b|review\b|consider\b|"
    r"think\b|ask\b|confirm\b|get\b|discuss\b|propose\b|send\b|circulate\b|share\b|"
    r"follow\b|update\b|prepare\b|draft\b|schedule\b|set\b|see\b|chase\b|escalate\b|"
    r"raise\b|take\b|be\b|probably\b|likely\b|possibly\b|only\b)[a-z]+\b", re.IGNORECASE)
_TENTATIVE = re.compile(r"\?|\b(?:if|unless|would|could|might|maybe|perhaps|propos\w*|"
                        r"suggest\w*|by\s+(?:mon|tue|wed|thu|fri|next|end|the\s+\d)\w*|"
                        r"before\s+the\s+next|first)\b", re.IGNORECASE)
_FYI = re.compile(r"^(?:fyi|for (?:your )?info(?:rmation)?|note|info)\b\W", re.IGNORECASE)
_SIGN_OFF = re.compile(r"^(?:(?:our |the )?next (?:\w+ )?(?:meeting|call|jpt|jsc|review|sync)\b|"
                       r"kind regards|"
                       r"best regards|regards|"
                       r"thanks|thank you|best|cheers)\b", re.IGNORECASE)
MAX_POINT_CHARS = 600
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])")


# A transcript's or chat export's turn: "[00:08:12] Rajiv Menon (Nerissa): ..."
_SPEAKER = re.compile(rf"^(?:{TIMESTAMP}\s+(?:[-–]\s+)?"
                      r"(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
                      r"(?:\s*\([^)]{1,40}\))?\s*:\s*)?"
                      # a Slack export: "Gareth Pryce (Halvren)  08:51 AM" above the message
                      r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*\([^)]{1,40}\))?"
                      r"\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\s+"
                      # a caption file: "12 00:00:03.120 --> 00:00:14.800 Name (Org): ..."
                      r"|(?:\d+\s+)?[\d:.,]{8,12}\s+-->\s+[\d:.,]{8,12}\s+"
                      r"(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*\([^)]{1,40}\))?"
                      r"\s*:\s*)?"
                      # a ticket comment: "---- Signe Kjaerulff (Nordvik QA) - 17-Feb-2026 ----"
                      r"|-{3,}\s+[A-Z][^\n]{2,80}?\s+-{3,}\s+)")
MAX_LINE_CHARS = 300  # a longer line with 3+ semicolons is read clause by clause


def clean(text: str) -> tuple[str, str | None]:
    """The item's text without list numbering, markup or its own label, and the label."""
    text = _MARKUP.sub("", " ".join(text.split()))
    text = _SPEAKER.sub("", text)
    text = _CHECKBOX.sub("", _NUMBERING.sub("", text))
    ref = None
    if match := _REF.match(text):
        ref, text = match.group("ref"), text[match.end():]
    return text.strip(), ref


def _heading_kind(title: str | None) -> str | None:
    """What the items under a heading are: issue | settled | action | None."""
    if not title:
        return None
    title = _MARKUP.sub("", _HEADING_NUMBER.sub("", title)).strip(" #:[]")  # "[AGREED ...]"
    if len(title) > 45:
        return None
    # "Settled since January – no action needed" lists settled points, not actions
    if _ACTION_HEADING.search(re.sub(r"\bno\s+(?:further\s+)?actions?\s+(?:needed|required)\b",
                                     "", title, flags=re.IGNORECASE)):
        return "action"
    if _SETTLED_HEADING.match(title):
        return "settled"
    if _ISSUE_HEADING.match(title):
        return "issue"
    return None


_EMAIL_HEADER = re.compile(r"^(?:subject|from|to|cc|bcc|date|sent|message-id|in-reply-to|"
                           r"references|mime-version|content-type)\s*:", re.IGNORECASE)
_SHORT_HEADING = re.compile(r"^[A-Z][\w/&'’ -]{1,40}:?$")


def _hard_wrapped(lines: list[str]) -> bool:
    """Plain-text mail wrapped at a fixed width: most lines are long and nearly equal."""
    if len(lines) < 3:
        return False
    long = [line for line in lines[:-1] if 55 <= len(line) <= 80]
    return len(long) >= 0.7 * (len(lines) - 1)


def _logical_lines(text: str) -> list[str]:
    """A paragraph's lines, with hard-wrapped sentences joined again."""
    raw = [line.strip() for line in text.split("\n") if line.strip()]
    wrapped = _hard_wrapped(raw)
    lines: list[str] = []
    for line in raw:
        continues = line[0].islower() or (wrapped and not _NUMBERING.match(line))
        if lines and continues and not lines[-1].endswith((".", ":", "?", "!", ";")):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _split_long(lines: list[str]) -> list[str]:
    """A run-on line (a one-paragraph e-mail) read as its clauses between semicolons."""
    out: list[str] = []
    for line in lines:
        if len(line) > MAX_LINE_CHARS and line.count(";") >= 3:
            out.extend(part.strip() for part in line.split(";") if part.strip())
        else:
            out.append(line)
    return out


def _is_pseudo_heading(line: str) -> bool:
    """A short line that titles what follows ("Still open", "Decisions:") in plain text."""
    words = len(line.split())
    titled = bool(_SHORT_HEADING.match(line)) and (
        words <= 3 or (words <= 5 and not _ISSUE_CUES.search(line.rstrip(":"))))
    return titled or (len(line) <= 45 and line.endswith(":") and _heading_kind(line) is not None)


# Two sides taking positions: "Halvorsen wants the raw exports; Pellucid only gives copies",
# "Lunvale had assumed Kestrel books the transport", "Rajiv thinks ..., Ciaran says ...".
_POSITION = re.compile(
    r"\b(?:wants?|wanted|expects?|assumed|assumes|thinks|thought|insists?|prefers?|"
    r"proposes?|offers?|considers?|argues?|believes?|asks? for|asked for|asked to|"
    r"replied that|responded that|countered|treats? it as|reads? (?:\w+ ){0,3}as\b|"
    r"(?:your|their|his|her) (?:note|e-?mail|message|letter|reply|team) says|"
    r"logged it as|sees? it as|reads? it as|would rather)\b", re.IGNORECASE)
_CONTRAST = re.compile(r"\b(?:but|while|whereas|however|instead|only|not theirs|for us|vs|"
                       r"versus|"
                       r"on the other hand|rather than)\b|;", re.IGNORECASE)


def two_positions(text: str) -> bool:
    """Positions of two sides stated against each other: a disagreement, said or not."""
    if re.match(r"(?:actions?|ai|to ?do)\s*:", text, re.IGNORECASE):
        return False
    positions = len(_POSITION.findall(text))
    return positions >= 2 or (positions == 1 and bool(_CONTRAST.search(text)))


_QUOTED = re.compile(r"[\"“][^\"”]{1,40}[\"”]")


def _classify_line(text: str, *, actions: bool = False) -> str | None:
    """issue | settled | None, for a sentence outside any telling heading (`actions`: under
    an action-items heading, where "Open." is an action's status). Words in quotes are names
    ("the "disputed" flag"), not statements."""
    text = _QUOTED.sub('""', text)
    if _NOTHING_OPEN.search(text):
        return None
    if _ISSUE_CUES.search(text) or (not actions and _OPEN_VERDICT.search(text)):
        return "issue"
    if _SETTLED_CUES.search(text) and not _NEGATED_SETTLEMENT.search(text):
        return "settled"
    return None


def _item(kind: str, text: str, quote: str, ref: str | None, block: Block) -> NoteItem:
    return NoteItem(kind=kind, text=text.strip(" -–:;"), quote=" ".join(quote.split()), ref=ref,
                    section=block.section, section_title=block.section_title, page=block.page)


# What a note says about itself, not a point: its purpose ("PURPOSE. To record what was
# agreed and what was left open ..."), or what its status words mean ("Rejected means the
# other side has said no", "Open = positions differ")
_ABOUT_THE_NOTE = re.compile(
    r"^(?:purpose|scope|objective|aim)\s*[.:]\s|"
    r"^(?:open|closed|agreed|aligned|rejected|proposed|pending|superseded|settled|parked|"
    r"accepted|resolved|escalated|partly)\s+(?:means|=|:=|stands for)\s|"
    # a legend of several values: "Yes = both parties accept the row; Partly = ...; No = ..."
    r"^.{0,40}?\b\w+\s+=\s+[^=;]{3,80};\s*\w+\s+=\s", re.IGNORECASE)


def _from_line(raw: str, block: Block, heading: str | None) -> list[NoteItem]:
    text, ref = clean(raw)
    if len(text) < 8 or _ABOUT_THE_NOTE.match(text):
        return []
    if label := _ISSUE_LABEL.match(text):
        if _MITIGATED.search(text):
            return []  # "Risk: vial shortage. Mitigated, safety stock secured."
        return [_item("issue", text[label.end():], raw, ref, block)]
    if label := _SETTLED_LABEL.match(text):
        rest = text[label.end():]
        kind = "issue" if _NEGATED_SETTLEMENT.search(rest) else "settled"
        return [_item(kind, rest, raw, ref, block)]
    if (label := _VERDICT_LABEL.match(text)) and _VERDICT.match(text[label.end():]) \
            and not _NEGATED_SETTLEMENT.search(text):
        return [_item("settled", text, raw, ref, block)]  # "Minor deviations: fine as proposed"
    if _CLOSED.search(text) and (ref or heading == "action" or "due" in text.lower()):
        return [_item("closed", text, raw, ref, block)]
    if heading == "settled":
        return [_item("settled", text, raw, ref, block)]
    if heading == "issue":
        if _NOTHING_OPEN.search(text) or _MITIGATED.search(text):
            return []
        if (_PLAIN_ACTION.match(text) or _FYI.match(text)) and not _ISSUE_CUES.search(text):
            return []  # "Paul will send a note before the next call": an action, not a point
        if _CLOSED.search(text) or (_SETTLED_CUES.search(text)
                                    and not _NEGATED_SETTLEMENT.search(text)
                                    and not _ISSUE_CUES.search(text)):
            return [_item("settled", text, raw, ref, block)]
        return [_item("issue", text, raw, ref, block)]
    lead = _LEAD.match(raw)  # "3. **Environmental monitoring.** Sam asked ..."
    sentences = _SENTENCE.split(text)
    kinds = [_classify_line(sentence, actions=heading == "action") for sentence in sentences]
    if heading != "action" and not any(kinds) and two_positions(text) \
            and not _SETTLED_CUES.search(text):
        kinds[-1] = "issue"  # the whole item states two positions that do not meet
    if heading == "action":
        kinds = [k if k == "issue" else None for k in kinds]
    if heading != "action" and not any(kinds):
        kinds = ["commitment" if _COMMITMENT.match(sentence) and not _TENTATIVE.search(sentence)
                 else None for sentence in sentences]
    for kind in ("issue", "settled", "commitment"):
        found = [i for i, k in enumerate(kinds) if k == kind]
        if not found:
            continue
        # the point is what leads up to the words that say it is open (or settled): "Reserve
        # samples: the QAA says nothing. Shandri keeps 1 year ... Quantities also not agreed."
        start, end = 0, found[-1] + 1
        while start < found[0] and len(" ".join(sentences[start:end])) > MAX_POINT_CHARS:
            start += 1
        # ... and what follows it in the same item, room permitting: the other side's
        # position often comes after ("We want the raw export. Their answer: summaries only.")
        while end < len(sentences) and len(" ".join(sentences[start:end + 1])) <= MAX_POINT_CHARS \
                and _goes_on(sentences[end]):
            end += 1
        said = " ".join(sentences[start:end])
        quote = said
        if lead and not said.startswith(lead.group("lead")):
            said = f"{lead.group('lead')}: {said}"
        return [_item(kind, said, quote, ref, block)]
    return []


# a labelled item whose first words settle it: "Open deviations at release: fine as Marijke
# proposed. The QP may sign with minor deviations still open ..."
_VERDICT_LABEL = re.compile(r"^[A-Z][\w/&'’ ,()-]{1,50}:\s")
_VERDICT = re.compile(r"(?:fine|ok|okay|agreed|accepted|approved|settled|resolved|closed|"
                      r"done)\b(?!\s+(?:by|with|to|on|for|at|before|after)\b)", re.IGNORECASE)
_REPLY_HEADER = re.compile(r"^(?:On\s.{5,120}\swrote:?$|-+\s*Original Message|From:\s)",
                           re.IGNORECASE)
_SHORT_LABEL = re.compile(r"^[A-Z][\w/&' -]{1,30}:\s")  # "Stoppers: ..." opens another item
_NEW_TOPIC = re.compile(r"^(?:next|moving on|separately|finally|other business|aob|then|"
                        r"on (?:the )?(?:next|other)|turning to)\b", re.IGNORECASE)


def _goes_on(sentence: str) -> bool:
    """Whether a sentence after a point still speaks of it: it does not turn to the next
    topic ("Next topic was the audit."), open another labelled item or start a reply."""
    return not (_NEW_TOPIC.match(sentence) or _SHORT_LABEL.match(sentence)
                or _REPLY_HEADER.match(sentence))


_TABLE_SETTLED = re.compile(r"closed|resolved|agreed|done|aligned|settled|complete|accepted")
_TABLE_OPEN = re.compile(r"open|pending|tbd|tbc|not agreed|disagree|disputed|blocked|"
                         r"unresolved|escalat|waiting|outstanding|no answer|undecided|"
                         r"no (?:[\w-]+ )?owner|unassigned|unclear|not accepted|rejected|"
                         r"declined|apart|parked|parking lot|on hold|no agreement|needs both|"
                         r"^\s*proposed\b|"
                         r"needs (?:a )?(?:decision|alignment|discussion)|"
                         r"^\s*to (?:the )?(?:jpt|jsc|jst|jsg|steerco|steering|escalation)\b")
# "Same page?" / "Agreed?": a yes or no says whether the row is settled
_AGREEMENT_QUESTION = re.compile(r"(?:same page|agreed|aligned|resolved|settled|closed|"
                                 r"consensus)\W*\?\s*$", re.IGNORECASE)


def status_kind(status: str, header: str = "") -> str | None:
    """open | settled | None, from a table's status cell ("Still apart", "Not accepted",
    "To JPT" are open; "Accepted", "Done" settled), read against its column's name."""
    status = status.strip().lower()
    if _AGREEMENT_QUESTION.search(header) and status in ("yes", "no", "y", "n"):
        return "settled" if status.startswith("y") else "open"
    if _TABLE_OPEN.search(status):
        return "open"
    return "settled" if _TABLE_SETTLED.search(status) else None


_HEADER_CELL = re.compile(r"status|type|item|issue|description|risk|owner|topic|subject|"
                          r"comment|response|position|where it stands|disposition|observation|"
                          r"finding|what we saw|\?\s*$", re.I)


def _header_row(rows: list[list[str]]) -> int:
    """The row that names the columns: a tracker sheet often opens with a title row."""
    for index, row in enumerate(rows[:5]):
        cells = [c for c in row if c and c.strip()]
        if len(cells) >= 3 and sum(bool(_HEADER_CELL.search(c)) for c in cells) >= 2:
            return index
    return 0


def _from_header(block: Block) -> Block:
    """The table from its header row on (a title row above it dropped)."""
    if block.rows and (start := _header_row(block.rows)):
        return Block(kind="table", rows=block.rows[start:], section=block.section,
                     section_title=block.section_title, page=block.page)
    return block


_ISSUE_COLUMN = re.compile(r"issue|risk|open point|question|topic|item|blocker|point|subject|"
                           r"^\s*(?:card|card name|task name|content)\s*$", re.IGNORECASE)
# a review sheet: the reviewer's comment is the point, the other side's response its detail
_COMMENT_COLUMN = re.compile(r"comment|observation|finding|request|concern|query|"
                             r"what we saw|observed", re.I)
_DETAIL_COLUMN = re.compile(r"where\s+it\s+stands|position|situation|description|response|"
                            r"reply|answer|what was said|view|\bneeds?\b|\bwants?\b",
                            re.IGNORECASE)
# a RAID log's types (a board export's "sticky_note" / "text" is no such type)
_RAID_TYPE = re.compile(r"\s*(?:issue|risk|blocker|open point|action|decision|assumption|"
                        r"dependenc|note\b|info)", re.IGNORECASE)
_PROPOSAL_COLUMN = re.compile(r"^\s*(?:recommended|requested|proposed)\s+actions?\b", re.I)
# a revision workbook: "Clause (v1.0) | What we need | Their position | Status"
_CLAUSE_COLUMN = re.compile(r"^\s*(?:clause|section|requirement)\b", re.IGNORECASE)


_AGREED_STATUS = re.compile(r"^\s*(?:agreed|resolved|settled|aligned|accepted)\b", re.IGNORECASE)


def _from_table(block: Block, heading: str | None) -> list[NoteItem]:
    block = _from_header(block)
    header = [h.lower() for h in block.rows[0]] if block.rows else []
    issue_col = _column(header, _ISSUE_COLUMN)
    status_col = status_column(block)
    type_col = _column(header, _TYPE_COLUMN)
    text_col = next((i for i, h in enumerate(header) if re.search(
        r"description|detail|summary|title", h)), issue_col)
    if type_col is not None and text_col is not None and any(
            type_col < len(row) and _RAID_TYPE.match(row[type_col]) for row in block.rows[1:]):
        # a RAID log or tracker: risks and issues are points; actions, assumptions,
        # dependencies, decisions and notes are not
        rows = [row for row in block.rows[1:] if type_col < len(row)
                and re.match(r"\s*(?:issue|risk|blocker|open point)", row[type_col], re.I)]
        return _rows(Block(kind="table", rows=[block.rows[0], *rows], section=block.section,
                           section_title=block.section_title, page=block.page),
                     text_col, status_col)
    # a status board: some rows say open or disputed, whatever the heading above it says
    tracking = status_col is not None and any(
        status_col < len(row) and status_kind(row[status_col], header[status_col]) == "open"
        for row in block.rows[1:])
    if issue_col is None and tracking:  # a review sheet: "Comment | Response | Disposition"
        issue_col = _column(header, _COMMENT_COLUMN)
        if issue_col is None:
            issue_col = _column(header, _CLAUSE_COLUMN)
        if issue_col is None:  # an FMEA: "Recommended action | Other party's view | Agreed?"
            issue_col = _column(header, _PROPOSAL_COLUMN)
    # ... or says which points the parties agreed ("No | Item | Status: Agreed | Comment")
    agreeing = status_col is not None and any(
        status_col < len(row) and _AGREED_STATUS.search(row[status_col])
        for row in block.rows[1:])
    if issue_col is None or (heading != "issue" and not tracking and not agreeing and not re.search(
            r"issue|risk|open point|blocker", header[issue_col])):
        # minutes kept as a table ("Topic | Discussion | Outcome"): its prose is read like
        # the note's paragraphs
        return [item for line, cell in _prose_cells(block)
                for item in _from_line(line, cell, heading)] if heading != "action" else []
    # "Subject | Where it stands | State", "Topic | Our position | Their position | Same
    # page?": the subject is a title, the columns beside it say what is open about it (a
    # settled row is matched by its subject; its quote has the rest)
    details = [i for i, h in enumerate(header) if i not in (issue_col, status_col)
               and _DETAIL_COLUMN.search(h)]
    return _rows(block, issue_col, status_col, details, heading=heading)


def _rows(block: Block, issue_col: int, status_col: int | None,
          details: list[int] | None = None, *, heading: str | None = None) -> list[NoteItem]:
    """Open points of a table by its status column (or, without one, by what they say)."""
    items = []
    status_header = block.rows[0][status_col] if status_col is not None else ""
    for row in block.rows[1:]:
        said = " ".join(cell for col in details or [] if (cell := _cell(row, col)))
        if issue_col >= len(row) or len(row[issue_col].strip()) < (3 if said else 8):
            continue  # a short topic ("IND", "Change") stands with its description
        status = row[status_col] if status_col is not None and status_col < len(row) else ""
        verdict = status_kind(status, status_header)
        said = "" if verdict == "settled" else said
        text, ref = clean(f"{row[issue_col]}: {said}" if said else row[issue_col])
        if ref and issue_col > 0:  # "TL-44 testing on receipt" is a subject, not a label;
            text = f"{ref} {text}"  # the row's label is in its own column ("DR-01")
            ref = None
        if ref is None and issue_col > 0 and (label := _REF.match(f"{row[0].strip()} ")):
            ref = label.group("ref")
        if _MITIGATED.search(text):
            kind: str | None = None  # a risk dealt with
        elif verdict == "open":
            kind = "issue"
        elif verdict == "settled" or any(_SETTLED_LABEL.match(c.strip()) for c in row[1:] if c) \
                or (not verdict and heading == "settled"):
            kind = "settled"  # a status, a cell that opens "Settled: ...", or a log of closed
            # points ("Closed this quarter")
        elif not status or _ISSUE_CUES.search(text):
            kind = "issue"
        else:
            kind = None  # "in progress", "on track": work under way, not a disagreement
        if kind:
            items.append(_item(kind, text, "; ".join(c for c in row if c), ref, block))
    return items


def _cell(row: list[str], col: int | None) -> str:
    """A cell that says something ("See outcome." does not)."""
    text = row[col].strip() if col is not None and col < len(row) else ""
    return text if len(text) >= 20 else ""


# Picks the numbers of a note's lines that state open points (an optional LLM reader).
LineReader = Callable[[list[str]], set[int]]


_PROSE_COLUMN = re.compile(r"discussion|notes?$|comments?|minutes|remarks|what was said|"
                           r"outcome|conclusion", re.IGNORECASE)


_STATUS_COLUMN = re.compile(r"status|^\s*state\s*$|where\s+it\s+stands|disposition|"
                            r"^\s*(?:rag|verdict|outcome status)\s*$|"
                            # a board's columns (Trello, Planner): "List Name", "Bucket Name"
                            r"^\s*(?:list|list name|bucket|bucket name|lane|column|frame)\s*$",
                            re.IGNORECASE)
_TYPE_COLUMN = re.compile(r"^\s*(?:type|category|kind|raid)\s*$", re.IGNORECASE)
MAX_STATUS_WORDS = 4  # a status cell is a word or two ("Still apart"), not a sentence


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, h in enumerate(header) if pattern.search(h)), None)


def status_column(block: Block) -> int | None:
    """The column that says whether a row is open: named so, and (when several are) the one
    whose cells are a word or two: "Where it stands" is a status in one log ("Still apart")
    and the point's detail in another, beside a "State" column."""
    header = block.rows[0] if block.rows else []
    named = [i for i, h in enumerate(header) if _STATUS_COLUMN.search(h.strip())
             or _AGREEMENT_QUESTION.search(h)]  # not any question: "GMP impact?" is no status

    def short(col: int) -> bool:
        cells = [row[col] for row in block.rows[1:] if col < len(row) and row[col].strip()]
        return bool(cells) and sum(len(c.split()) <= MAX_STATUS_WORDS for c in cells) \
            >= 0.7 * len(cells)

    return next((i for i in named if short(i)), named[0] if named else None)


def _is_tracker(block: Block) -> bool:
    """A table with a status or type column: read by its status, not as prose."""
    block = _from_header(block)
    header = block.rows[0] if block.rows else []
    return status_column(block) is not None or _column(header, _TYPE_COLUMN) is not None


def _prose_cells(block: Block) -> list[tuple[str, Block]]:
    """The lines of a table's prose columns ("Discussion", "Outcome"), each with a paragraph
    block of its cell; [] for a table that is not minutes (a tracker, a matrix)."""
    if fields := _form_fields(block):  # a form: "Customer comment 1 | Thalysia rejects ..."
        return [(f"{name}: {value}", Block(kind="paragraph", text=value, section=block.section,
                                           section_title=block.section_title, page=block.page))
                for name, value in fields if len(value) >= 20]
    header = block.rows[0] if block.rows else []
    prose = [i for i, h in enumerate(header) if _PROSE_COLUMN.search(h.strip())]
    out = []
    for row in block.rows[1:] if prose else []:
        for i in prose:
            if i < len(row) and len(row[i].strip()) >= 20:
                cell = Block(kind="paragraph", text=row[i], section=block.section,
                             section_title=block.section_title, page=block.page)
                out += [(line, cell) for line in _split_long(_logical_lines(row[i]))]
    return out


def _form_fields(block: Block) -> list[tuple[str, str]]:
    """A form's fields, when the table is one: every row a short field name and its value
    (merged cells repeat a value; a form has no header row of column names)."""
    fields = []
    for row in block.rows:
        cells = list(dict.fromkeys(c.strip() for c in row if c and c.strip()))
        if len(cells) != 2:
            return []
        fields.append((cells[0], cells[1]))
    names = [name for name, _ in fields]
    if sum(status_kind(n) is not None for n in names) >= 2:
        return []  # a legend: "Open | Positions differ or no owner", "Escalated | ..."
    if len(fields) < 3 or any(len(n.split()) > 8 or ". " in n for n in names) \
            or _header_row(block.rows) or _HEADER_CELL.search(fields[0][1]):
        return []
    return fields


MAX_TOPIC_CHARS = 100  # a longer parent bullet or quoted line is a point, not a topic


def _unquoted(text: str) -> str:
    """Quoted e-mail history without its markers; its lines may have been joined: "> a > b"."""
    return re.sub(r"(?:^|\s+)(?:>\s?)+", "\n", text).strip()


def _quoted_lines(block: Block) -> list[str]:
    return [line for line in _logical_lines(_unquoted(block.text)) if line]


def _as_topic(text: str) -> str | None:
    """A line that names what the lines under it (or replying to it) speak of: its label
    ("Retain samples: ..."), or the whole line when it is short."""
    text = clean(text)[0]
    if label := _SHORT_LABEL.match(text):
        return label.group(0).strip(" :")
    text = text.rstrip(" :.;")
    return text if 3 <= len(text) <= MAX_TOPIC_CHARS else None


def block_topics(blocks: list[Block]) -> dict[int, str]:
    """What a paragraph speaks of when it does not say so itself, by the block's id():
    a nested bullet speaks of its top-level bullet ("- Deviation trending report" /
    "  - still nobody owns it"), and an answer written under a short quoted line of an
    e-mail speaks of that line ("> 2. PQR: who writes it?" / "We assumed you would")."""
    topics: dict[int, str] = {}
    root: str | None = None  # the last top-level bullet's topic
    parents: list[tuple[int, str | None]] = []  # (depth, topic) of the bullets above
    replying: str | None = None
    for block in blocks:
        if block.kind != "paragraph":
            root, parents, replying = None, [], None
            continue
        if block.text.lstrip().startswith(">"):
            quoted = _quoted_lines(block)
            replying = _as_topic(quoted[-1]) if len(quoted) == 1 else None
            continue
        if block.depth:
            while parents and parents[-1][0] >= block.depth:
                parents.pop()
            above = [topic for _, topic in parents if topic]
            if block.depth > 1 and (topic := (root or (above[-1] if above else None))):
                topics[id(block)] = topic
            parents.append((block.depth, _as_topic(block.text)))
            if block.depth == 1:
                root = parents[-1][1]
        else:
            root, parents = None, []
        if replying and id(block) not in topics:
            topics[id(block)] = replying
    return topics


def _on_topic(item: NoteItem, topic: str | None) -> NoteItem:
    """The item with its topic in front, unless it names it already."""
    if not topic or topic.lower() in item.text.lower():
        return item
    return replace(item, text=f"{topic}: {item.text}")


def note_lines(blocks: list[Block]) -> list[tuple[str, Block]]:
    """The note's own lines, as the rules read them (quoted history and headers left out)."""
    return _own_lines(records_as_tables(blocks))


def _own_lines(blocks: list[Block]) -> list[tuple[str, Block]]:
    """`note_lines` of blocks whose records were already made tables."""
    out = []
    for block in blocks:
        if block.kind == "table" and not _is_tracker(block):
            out += [(line, cell) for line, cell in _prose_cells(block)
                    if len(clean(line)[0]) >= 20]
            continue
        if block.kind != "paragraph" or block.text.lstrip().startswith(">"):
            continue
        for line in _split_long(_logical_lines(block.text)):
            if not _EMAIL_HEADER.match(line) and len(clean(line)[0]) >= 20:
                out.append((line, block))
    return out


_FIELD = re.compile(r"^\*{0,2}(?P<name>[A-Z][\w /-]{1,25}?)\s*:\s*\*{0,2}\s*(?P<value>\S.*)$", re.S)


def records_as_tables(blocks: list[Block]) -> list[Block]:
    """A log kept as one record per heading ("## D-15 EU reference samples" then "- Status:
    Rejected by Poyrazli", "- Position: ...") as the one-row tables it is: the heading the
    subject, the fields its columns, so its status says whether the point is open."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block, fields, j = blocks[i], [], i + 1
        while block.kind == "heading" and j < len(blocks) and blocks[j].kind == "paragraph" \
                and blocks[j].depth and (field := _FIELD.match(blocks[j].text.strip())):
            fields.append((field.group("name").strip(), field.group("value").strip()))
            j += 1
        if len(fields) >= 2 and any(_STATUS_COLUMN.search(name) for name, _ in fields):
            out.append(block)
            out.append(Block(kind="table", rows=[["Subject", *(n for n, _ in fields)],
                                                 [block.text, *(v for _, v in fields)]],
                             section=blocks[i + 1].section, page=blocks[i + 1].page,
                             section_title=blocks[i + 1].section_title))
            i = j
            continue
        out.append(block)
        i += 1
    return out


def read_open_points(blocks: list[Block], reader: LineReader | None = None) -> list[NoteItem]:
    """Every open point, settlement and closed action in a meeting note, in order. With a
    `reader` (the learned classifier, an LLM), lines it picks that the rules did not read
    become open points too (kind "picked": a second reading, merged more readily);
    each is quoted as written, so nothing the model says reaches the tracker but a line
    number."""
    blocks = records_as_tables(blocks)
    topics = block_topics(blocks)  # read once, for the rules and for the reader's picks
    items = _read_by_rules(blocks, topics)
    if reader is None:
        return items
    lines = _own_lines(blocks)
    read = {" ".join(i.quote.split()) for i in items}
    for index in sorted(reader([line for line, _ in lines])):
        if not 0 <= index < len(lines):
            continue  # a number the note does not have
        line, block = lines[index]
        if any(" ".join(line.split()) in quote or quote in " ".join(line.split())
               for quote in read):
            continue  # the rules read it already (as open, settled or closed)
        text, ref = clean(line)
        if _ABOUT_THE_NOTE.match(text):
            continue
        items.append(_on_topic(_item("picked", text, line, ref, block), topics.get(id(block))))
    return items


def _read_by_rules(blocks: list[Block], topics: dict[int, str]) -> list[NoteItem]:
    items: list[NoteItem] = []
    last_heading: str | None = None
    for block in blocks:
        if block.kind == "heading":
            last_heading = block.text
            continue
        if block.kind == "table":
            items.extend(_from_table(block, _heading_kind(last_heading or block.section_title)))
            continue
        if block.kind != "paragraph":
            continue
        # quoted e-mail history is the earlier message, often the only copy of it
        text = block.text
        if text.lstrip().startswith(">"):
            text = _unquoted(text)
        for line in _split_long(_logical_lines(text)):
            if _EMAIL_HEADER.match(line):
                continue
            if _is_pseudo_heading(line) or _SIGN_OFF.match(line):
                last_heading = line
                continue
            # numbered list items can look like numbered sections: the heading above rules
            heading = _heading_kind(last_heading or block.section_title)
            items.extend(_on_topic(item, topics.get(id(block)))
                         for item in _from_line(line, block, heading))
    return [i for i in items if len(i.text) >= 8]
