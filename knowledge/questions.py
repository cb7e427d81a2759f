"""Reading a "who owns X?" question as people type it: the activity it asks about, its
opening condition or context, what it rules out, and the everyday words for contract verbs
("sign off" is approving, "a heads-up" a notice). Pure text; the answering is in
knowledge.ownership."""

from __future__ import annotations

import itertools
import re

from knowledge.actions import head_action
from knowledge.lexical import terms

OWNERSHIP_CUE = re.compile(
    r"\b(who|whose|which party|what party|which side|what side|which company|responsible|"
    r"responsibility|in charge|owner|owns|"
    r"accountable|job is it|duty)\b", re.IGNORECASE)
_LEAD = re.compile(
    r"^\s*(?:(?:so|and|but|hey|ok|okay)[, ]+)?(?:who|(?:which|what)\s+(?:party|side|company)|"
    r"whose (?:job|duty|task|responsibility|obligation) (?:is|was)(?: it)?(?: to)?|"
    r"whose call is(?: it)?|who's|who is|(?:is|are)\s+(?:any|some)(?:one|body))\s+",
    re.IGNORECASE)
_RESPONSIBLE = re.compile(
    r"^(?:is\s+|are\s+)?(?:responsible\s+for|in\s+charge\s+of|accountable\s+for|the\s+owner\s+of|"
    r"owns?|handles?|takes?\s+care\s+of|deals?\s+with|does|is\s+supposed\s+to|has\s+to|"
    r"should|must|gets?\s+to|needs?\s+to|"
    r"will|shall|(?:has|have)\s+(?:the|any|a|an)\s+(?:sole\s+)?right\s+to|is\s+entitled\s+to|may|"
    r"can|"
    r"commits?\s+to|undertakes?\s+to|(?:(?:is|are)\s+)?(?:obliged|obligated|bound)\s+to|"
    r"(?:(?:is|are)\s+)?on\s+the\s+hook\s+(?:for|to)|(?:has|have)\s+the\s+(?:obligation|duty)\s+to|"
    r"ends?\s+up|gets?\s+stuck\s+with)"
    r"\s+",
    re.IGNORECASE)


def is_ownership_question(text: str) -> bool:
    return bool(OWNERSHIP_CUE.search(text))


# An opening condition before the question word: "if the batch fails, who ...?"
_CONDITION = re.compile(
    r"^\s*(?P<cond>(?:if|when|once|after|before|where|whenever|while|until|in case|should|"
    r"assuming|provided|given|in the event|"
    r"as soon as|upon|following)\b[^?]{3,200}?|(?:on|under|for|during|at|in|with)\s"
    r"[^?,]{3,60}?),\s*"
    r"(?=(?:who|whose|(?:which|what)\s+(?:party|side|company|one))\b|"
    # "If we pull the product ..., can Antares terminate?"
    r"(?:can|could|may|might|must|does|do|is|are|would|will|should|shall)\s+"
    r"(?:we|they|(?-i:[A-Z][\w-]*))\s)",
    re.IGNORECASE)
# Everyday phrasings of contract verbs: "sign off" is to approve, "a heads-up" a notice.
PARAPHRASES = [
    (r"\bowes?\s+(?:the\s+other\s+(?:side|party)\s+|us\s+|them\s+)?", "give "),
    (r"\b(?:raises?|sounds?)\s+the\s+alarm\b|\bspeaks?\s+up\b|\bflags?\b|"
     r"\bgives?\s+(?:the\s+other\s+(?:side|party)\s+|us\s+|them\s+)?(?:a|the)\s+heads[- ]up\b|"
     r"\btells?\b|"
     r"\balerts?\b|\bwarns?\b|\blets?\s+(?:the\s+other\s+(?:side|party)|\w+)\s+know\b",
     "notify"),
    (r"\bsigns?\s+off(?:\s+on)?\b|\bgives?\s+the\s+(?:go-ahead|green\s+light)\b|"
     r"\b(?:agrees?|consents?)\s+(?:to\s+(?=(?:the|a|an|any|such|this|that)\b)|"
     r"(?=before\b))", "approve "),
    (r"\bfills?\s+(?:in|out)\b", "complete"),
    (r"\b(?:issues?|sends?|raises?)\s+(?:the\s+|an?\s+)?invoices?\b", "invoice"),
    (r"\b(?:carr(?:y|ies)|holds?|takes?\s+out|has|have)\s+(?=(?:[\w-]+\s+){0,3}insurance\b)",
     "maintain "),
    (r"\bplaces?\s+(?:the\s+|any\s+|all\s+)?(?:pos?|purchase\s+orders?|orders?)\b",
     "provide purchase orders"),
    (r"\bkeeps?\s+(?:\w+\s+)?(?:current|up[- ]to[- ]date)\b", "maintain"),
    (r"\bmakes?\s+(?=(?:the\s+|our\s+|their\s+|all\s+)?(?:[\w-]+\s+)?(?:products?|"
     r"batch(?:es)?|drug|tablets?|capsules?|api|vials?|lots?|doses?|units?|kits?|syringes?|"
     r"paste|bulk|drug\s+(?:substance|product))\b)", "manufacture "),
    (r"\bcovers?\s+(?=(?:(?:the|any|such|our|their)\s+)?(?:claims?|loss(?:es)?|damages|"
     r"liabilit(?:y|ies)|lawsuits?|suits?)\b)|\bcovers?\s+(?:us|them)\b", "indemnify "),
    (r"\bsettles?\s+(?=(?:(?:the|an?|any|such|each|their|our)\s+)?(?:invoices?|bills?)\b)",
     "pay "),
    (r"\b(?:picks?\s+up|foots?|covers?)\s+(?=the\s+(?:bill|tab|costs?)\b)", "pays "),
    (r"\bpicks?\b", "select"),
    (r"\bhands?\s+((?:[\w-]+\s+){1,8}?)over\s+to\b", r"transfer \1to"),
    (r"\bhands?\s+(?:(it|them|that|those|this)\s+)?(?:over|back)\b", r"provide \1"),
    (r"\bpass(?:es)?\s+on\b", "provide"),
    (r"\bmakes?\s+(?:us|them|the\s+other\s+(?:side|party))\s+whole\b", "replace or refund"),
    (r"\bvouch(?:es|ed)?(?:\s+for)?\b|\bst(?:ands?|ood)\s+behind\b", "warrant"),
    (r"\b(?:gets?|sends?|ships?|brings?)\s+((?:[\w-]+\s+){0,4}?)back\b", r"return \1"),
    (r"\bnames?\b(?=\s+(?:the|a|an)\b)", "appoint"),
    (r"\b(?:end|cancel|exit|get\s+out\s+of|walk\s+away\s+from|pull\s+out\s+of)\s+"
     r"(?=(?:the|this|our|their)\s+(?:[\w-]+\s+){0,2}(?:agreement|contract|deal|msa)\b)",
     "terminate "),
]


# A topic first, then the question: "planned shutdowns - who gives notice?", "data loggers in
# each shipment: is that on them or on us?"
_TOPIC_FIRST = re.compile(
    r"^\s*(?P<topic>[^?]{3,200}?)(?:\s+[-–—:]|:)\s+(?P<ask>(?:who|whose|which|what\s+party|"
    r"(?:is|are)\s+(?:that|it|this|those|these)|do\s+(?:we|they|i)|does|would|will|must|should|"
    r"(?:us|we|them|they)\s+or\s+(?:us|we|them|they))\b.*)$",
    re.IGNORECASE)
# "... is that on Dexcel or on us?": the topic is the activity
_ON_WHOM = re.compile(r"^(?:(?:is|are)\s+(?:that|it|this|those|these)\s+(?:on|for|with|ours|"
                      r"theirs|us|them|our|their)|(?:us|we|them|they)\s+or\s+(?:us|we|them|"
                      r"they))\b", re.IGNORECASE)


_EXCLUDED = re.compile(r"\s*\((?P<not>not|excluding|except|other\s+than|apart\s+from|besides)"
                       r"\b(?P<what>[^)]*)\)", re.IGNORECASE)


LINKS = frozenset(terms("after before during while when upon following prior"))


def excluded_of(question: str) -> str | None:
    """What a question says it does not ask about: "(not after termination)" -> "after
    termination". "(not just ...)" widens the question instead, so it excludes nothing."""
    m = _EXCLUDED.search(question)
    if not m:
        return _already_known(question)
    if re.match(r"\s*(?:just|only|merely)\b", m.group("what"), re.IGNORECASE):
        return None
    return m.group("what").strip() or None


# "under our deal with Dexcel": the agreement the question is about, not a circumstance
WHICH_DEAL = re.compile(r"\b(?:deal|agreement|contract|msa|qaa|amendment|terms)\b", re.IGNORECASE)


# "I know Bachem holds the stability samples, but ...": what the asker knows is not asked
_KNOWN = re.compile(r"^(?:i|we)\s+(?:know|understand|get|reali[sz]e)\s+(?:that\s+)?"
                    r"(?:[\w'’&.-]+\s+){1,3}?(?:is\s+responsible\s+for|(?-i:[a-z]+s))\s+"
                    r"(?P<what>.+)$", re.IGNORECASE)


def _already_known(question: str) -> str | None:
    """What a question says the asker already knows, before ", but who ...?": "I know Bachem
    holds the stability samples, but who keeps the reserve samples?" -> "the stability
    samples"."""
    sentence = _GREETING.sub("", asking_sentence(question)[0].strip())
    but = _BUT_WHO.match(sentence)
    known = _KNOWN.match(but.group("context")) if but else None
    return known.group("what").strip() if known else None


def _topic_first(question: str) -> tuple[str, str] | None:
    """(topic, question) of a question that names its topic first, else None."""
    m = _TOPIC_FIRST.match(question.strip())
    return (m.group("topic"), m.group("ask")) if m else None


def activity_of(question: str) -> str:
    """The activity a question asks about: "Who is responsible for batch release?" ->
    "batch release"; "Who approves CAPAs?" -> "approves CAPAs" (the verb matters). An opening
    condition moves after the activity ("if X fails, who notifies Y?" -> "notify Y, if X
    fails"), a trailing "and how often?" goes, and everyday verbs become contract verbs.
    An opening condition ("if X fails, who ...?") is left out: see condition_of."""
    someone = _someone_has_to(question)
    if someone:
        return someone[0]
    text, context = asked_with_context(question)
    text = text.rstrip("?.! ")
    topic_first = _topic_first(text)
    if topic_first:
        topic, ask = topic_first
        if _ON_WHOM.match(ask):
            return activity_of(f"who handles {topic}")
        asked = activity_of(ask)
        if re.search(r"\b(?:that|it|this|them|those)$", asked, re.IGNORECASE):
            # "... - who has to approve that?": the topic is what is approved
            if _TOPIC_VERB.search(topic) and re.search(r"\b(?:it|them)$", asked):
                # "a lot got rejected - who pays for shipping it back or scrapping it?": the lot
                return re.sub(r"\b(?:it|them)\b", _subject_of(topic), asked,
                              flags=re.IGNORECASE)
            return re.sub(r"\b(?:that|it|this|them|those)$", topic, asked, flags=re.IGNORECASE)
        if _NEAR_PRONOUN.match(asked) and not _SAYS_THAT.match(asked):
            # "the starting material ... - who releases it before use?"; "precursor shows up
            # damaged - who sends it back?" sends the precursor back
            return _NEAR_PRONOUN.sub(lambda m: f"{m.group(1)}{_subject_of(topic)}", asked,
                                     count=1)
        if _BARE_VERB.match(asked):  # "Dexcel asked for the artwork change - who pays?"
            return _with_object(asked, topic)
        text = ask  # the topic is the question's context: see condition_of
    condition = _CONDITION.match(text)
    if condition:
        text = text[condition.end():]  # matched on its own too: see condition_of
        asked = activity_of(text)
        if _BARE_VERB.match(asked):  # "if we keep the records longer, who pays?"
            return _with_object(asked, condition.group("cond"))
    text = re.sub(r",?\s+and\s+(?:how|when|where|by when|what|why|is there|are there)\b[^?]*$",
                  "", text,
                  flags=re.IGNORECASE)
    # a second yes/no question after a comma: "..., and does the amendment give ...?"
    text = re.sub(r",\s+and\s+(?:does|do|did|is|are|can|could|would|will)\b[^?]*$", "", text,
                  flags=re.IGNORECASE)
    # which document, said in passing: "do we have any right under the amendment to ..."
    text = _WHICH_DOCUMENT.sub("", text)
    # "is it on Antares to give us a proper invoice?"
    text = re.sub(r"^(?:is|was)\s+(?:it|that|this)\s+(?:on|up\s+to)\s+(?:us|them|we|"
                  r"(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*))?)\s+to\s+", "", text,
                  flags=re.IGNORECASE)
    # a purpose says why, not what: "... a buffer stock so supply doesn't stall"
    text = re.sub(r",?\s+(?:so\s+that|in\s+order\s+(?:to|that)|so(?=\s+(?:\w+\s+){1,2}"
                  r"(?:can|could|does|doesn'?t|won'?t|will|is|isn'?t|are|aren'?t|gets?|never|"
                  r"stays?)\b))\b.*$", "", text, flags=re.IGNORECASE)
    # the choice offered at the end is not the activity: "who signs it, AMAG or Antares?"
    text = re.sub(r",\s*(?:(?:the\s+)?[\w-]+\s+or\s+(?:the\s+)?[\w-]+|us\s+or\s+them|"
                  r"them\s+or\s+us)$", "", text, flags=re.IGNORECASE)
    # an aside that says what is not asked: "(not just keeping the samples)"
    text = _EXCLUDED.sub("", text)
    # "... - just Carbogen's, or are we expected to help?": the parties offered after a dash
    text = re.sub(r"\s+[-–—]\s+(?!(?:who|whose|which)\b)[^-–—?]{1,40}?,?\s+or\b.*$", "", text,
                  flags=re.IGNORECASE)
    # "can Bachem rework it on its own, or who has to approve the rework?": the second
    # alternative asks the question when it names its own activity
    alternative = re.search(r",?\s+or\s+(?P<ask>who\b.*)$", text, re.IGNORECASE)
    if alternative and not re.match(r"\s*who\b", text, re.IGNORECASE):
        asked = activity_of(alternative.group("ask"))
        if len(asked.split()) >= 2 and not re.search(r"\b(?:it|that|this|them|those)$", asked,
                                                     re.IGNORECASE):
            return asked
    # "does X have to ...?", "do we ... or does Y ...?": the first alternative is the activity
    text = re.sub(r",?\s+or\s+(?:does|do|is|are|will|should|must|who)\s+\w+.*$", "", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"^(?:is|are)\s+(?:we|they|the\s+\w+|(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*))?)"
                  r"\s+(?:\w+ly\s+)?(?:required|obliged|obligated|supposed|expected|bound)\s+to\s+",
                  "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:does|do|must|should|will|shall|would|could|can)\s+(?:we|they|the\s+\w+|"
                  r"(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*))?)\s+(?:\([^)]*\)\s+)?"
                  r"(?:(?:have|has|need|needs)\s+to\s+|be\s+(?:obliged|obligated|required|expected|"
                  r"bound)\s+to\s+)?", "", text, flags=re.IGNORECASE)
    # "is that follow-up testing something Antares has to do?" asks about the testing
    text = _SOMETHING.sub(r"\g<what>", text)
    text = _SET_ASIDE.sub("", text)
    consent = _WHOSE_CONSENT.search(text)
    if consent and context:  # "Carbogen wants to hand it on. Whose written OK does that need?"
        return activity_of(f"who approves {_WANTS.sub('', context.rstrip('.!'))}")
    if consent and consent.start() > 0:  # "can they go ahead, or whose sign-off is needed?"
        text = text[:consent.start()]
    decides = re.match(r"\s*whose\s+call\b", text, re.IGNORECASE) is not None
    owns = re.match(r"\s*who\s+owns\s+(?:it|them|that|this)$", text, re.IGNORECASE)
    text = _LEAD.sub("", text)
    text = _RESPONSIBLE.sub("", text)
    if decides:  # "whose call is it whether ..." asks who decides
        text = f"decide {text}"
    if owns:  # "... came up with a new step. Who owns it?" asks who owns the step
        text = f"own {text}"
    text = re.sub(r"^(?:has|have|needs?)\s+to\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:actually|really|just|then|still|ultimately|eventually)\s+", "", text,
                  flags=re.IGNORECASE)
    for pattern, verb in PARAPHRASES:
        text = re.sub(pattern, verb, text, flags=re.IGNORECASE)
    text = re.sub(r"\s+whom\b(?:\s+first\b)?", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip()

    text = re.sub(r"\s+(?:under|according to|in|per)\s+the\s+[\w\s]*(?:agreement|qaa|msa)$",
                  "", text, flags=re.IGNORECASE)
    pronoun = _END_PRONOUN.search(text)
    thing = _thing_in(context, plural=pronoun.group(0).lower() == "them") if context and \
        pronoun else None
    if thing:  # "We rejected an API batch. ... Whose job is it to destroy it?"
        text = _END_PRONOUN.sub(thing, text)
    return text.strip() or question.strip()


# "who warranted that our distributors ...": "that" opens what was promised, not a pronoun
_SAYS_THAT = re.compile(r"^(?:[\w-]+\s+){0,2}?(?:warrant|represent|confirm|certif|declar|"
                        r"acknowledg|covenant|promis|guarantee|undert[ao]k)\w*\s+that\b",
                        re.IGNORECASE)
_WHICH_DOCUMENT = re.compile(r"\s+(?:under|according\s+to|per)\s+(?:the|this|our|their)\s+"
                             r"(?:[\w-]+\s+){0,2}(?:amendment|agreement|contract|deal|msa|qaa)"
                             r"(?=\s+to\b|,|$)", re.IGNORECASE)
# "is that testing something Antares has to do?"
_SOMETHING = re.compile(r"^(?:is|are)\s+(?:that\s+|this\s+|the\s+|those\s+|these\s+)?(?P<what>.+?)"
                        r"\s+something\s+(?:that\s+)?(?:[\w'’&.-]+\s+){1,3}?(?:has|have|needs?|"
                        r"(?:is|are)\s+(?:supposed|required|expected))\s+to\s+(?:do|handle|cover|"
                        r"own|take\s+on)\b.*$", re.IGNORECASE)
_END_PRONOUN = re.compile(r"\b(?:it|them)$", re.IGNORECASE)


def _thing_in(context: str, *, plural: bool = False) -> str | None:
    """What a message's context is about, for "it" (or, plural, "them") in its question: "We
    rejected an API batch, ... It's still sitting at Bubendorf." -> "an API batch"."""
    for sentence in _SENTENCES.split(context):
        sentence = _GREETING.sub("", sentence.strip()).rstrip(".!?")
        for clause in re.split(r"[,;:(]|\s+(?:and|but)\s+", sentence):
            thing = _subject_of(clause.strip())
            if thing == clause.strip() or len(thing.split()) > 8 or re.fullmatch(
                    r"(?:it|they|this|that|we|i|there|\w+’?'?s?)", thing, re.IGNORECASE):
                continue  # no verb, a pronoun, or a bare name
            if thing.lower().endswith("s") == plural:
                return thing
    return None


# "whose OK does that need?" asks who approves what was said before it
_WHOSE_CONSENT = re.compile(r"(?:^|,?\s+or\s+)\s*whose\s+(?:prior\s+)?(?:written\s+)?(?:ok|okay|"
                            r"approval|consent|sign[- ]off|go[- ]ahead|permission|agreement)\s+"
                            r"(?:(?:is|are|would\s+be)\s+(?:needed|required)\b|"
                            r"(?:does|do|would|will|is)\s+(?:that|it|this|they|we|he|she)\s+"
                            r"(?:need|require|needed|required))", re.IGNORECASE)
# "Beyond telling us, is anyone ...", "Between us and CPDC, who ...": set aside, not asked
_SET_ASIDE = re.compile(r"^(?:(?:beyond|besides|apart\s+from|aside\s+from|other\s+than)\s+"
                        r"[^,]{3,60}|"
                        r"between\s+(?:us|them|[\w'’&.-]+)\s+and\s+(?:us|them|[\w'’&.-]+)),\s*",
                        re.IGNORECASE)
# "Carbogen wants to hand ...": what a party wants to do is the act to approve
_WANTS = re.compile(r"^(?:[\w'’&.-]+\s+){1,3}(?:(?:wants?|would\s+like|plans?|intends?|proposes?|"
                    r"asked)\s+to|thinks?\s+(?:they|it|he|she|we)\s+(?:can|could))\s+",
                    re.IGNORECASE)


# an object pronoun right after the verb stands for the topic named first
_NEAR_PRONOUN = re.compile(r"^((?:[\w-]+\s+){1,3}?)(?:it|them|that|this|those)\b",
                           re.IGNORECASE)
# an ask that is only a verb ("who pays?", "who decides?") takes its object from the context
_BARE_VERB = re.compile(r"^[a-z-]+$", re.IGNORECASE)


# a finite verb after a topic's first words: "precursor shows up damaged", "a lot got rejected"
_TOPIC_VERB = re.compile(r"\s+(?:is|are|was|were|has|have|had|got|gets|goes|went|comes|came|"
                         r"shows|showed|turns|turned|arrives|arrived|lands|landed|fails|failed|"
                         r"needs|looks|sits|stays|just|(?-i:[a-z]+ed))\b.*$", re.IGNORECASE)


_AGENT = re.compile(r"\b(?:operators?|staff|employees?|technicians?|analysts?|someone|somebody|"
                    r"chemists?|scientists?|engineers?|personnel|workers?|folks|"
                    r"people|team|we|they|he|she|contractors?|carriers?|couriers?)\b",
                    re.IGNORECASE)


_OPEN_END = re.compile(r"\b(?:the|a|an|our|their|its|his|her|each|every|all|any|such|this|these|"
                       r"those|for|of|to|in|on|at|from|with|by)$", re.IGNORECASE)


def _subject_of(topic: str) -> str:
    """What a topic that is a whole clause is about: "precursor shows up damaged" ->
    "precursor"; a noun phrase stays as it is."""
    there = re.search(r"\b(?:there\s+(?:are|is|were|was)|(?:is|are|was|were)\s+there)\s+(.+)$",
                      topic, re.IGNORECASE)
    if there:  # "the deal's ending but there are confirmed orders in the pipeline": the orders
        return re.split(r"\s+(?:still|in|on|at|with|that|which|from|sitting|left)\b",
                        there.group(1))[0]
    subject = _TOPIC_VERB.sub("", topic.strip())
    if _OPEN_END.search(subject):  # "CoA for the finished lots": an adjective, not a verb
        return topic
    if _AGENT.search(subject):  # people did something to a thing: the thing is meant
        done_to = _TOPIC_VERB.search(topic.strip())
        done = re.sub(r"^(?:up|down|out|off|over|back)\s+(?:with\s+)?", "",
                      done_to.group(0).strip().split(" ", 1)[-1]) if done_to else ""
        thing = re.split(r"\s+(?:through|by|on|at|in|during|because|when|while|with|after)\b",
                         done)[0]
        if thing and len(thing.split()) <= 8:
            return thing
    return subject if subject and len(subject.split()) <= 6 else topic


def _without_opener(condition: str) -> str:
    """"if the batch fails" -> "the batch fails"."""
    return re.sub(r"^(?:if|when|once|whenever|in\s+case|should)\s+", "", condition.strip(),
                  flags=re.IGNORECASE)


def _with_object(verb: str, context: str) -> str:
    context = _without_opener(context)
    return f"{verb} for {context}" if head_action(verb) == "pay" else f"{verb} {context}"


# "if the materials get damaged on the way, whose problem is it?": the condition is the topic
_VAGUE = re.compile(r"^(?:whose\s+)?(?:(?:the|a|an)\s+)?(?:problem|issue|risk|responsibility|"
                    r"job|call|headache|fault|liability|loss)?\s*"
                    r"(?:is\s+(?:it|that|this)|(?:it|that|this))?$", re.IGNORECASE)


def activity_and_condition(question: str) -> tuple[str, str | None]:
    """The activity a question asks about and its opening condition, if any; a vague ask
    ("whose problem is it?") takes its condition as the activity."""
    activity, condition = activity_of(question), condition_of(question)
    if condition and _VAGUE.match(activity.strip()):
        return _without_opener(condition), None
    return activity, condition


# "Every year somebody has to invoice the damaged syringes. Is that us or Antares?": the duty is
# said first, and the question only asks whose it is
_SOMEONE = re.compile(r"^(?P<before>[^.?!]*?)\b(?:someone|somebody|some\s+party|one\s+of\s+us|"
                      r"either\s+(?:of\s+us|party|side))\s+(?:has|needs|will\s+have|would\s+have|"
                      r"is\s+going)\s+to\s+(?P<duty>[^.?!]{3,300})[.!]?\s*$", re.IGNORECASE)
_WHOSE_IS_IT = re.compile(r"^(?:(?:so|and|but|ok|okay)[, ]+)?"
                          r"(?:(?:is|was|would\s+be)\s+(?:that|it|this)\b|"
                          r"(?:whose|who)\b[^?]{0,40}\b(?:that|it|this)\??$)", re.IGNORECASE)


def _someone_has_to(question: str) -> tuple[str, str | None] | None:
    """(duty, condition) of a message that says "someone has to <duty>" and then asks only
    whose that is; None for any other message."""
    parts = [p for p in _SENTENCES.split(question.strip()) if p.strip()]
    for said, asks in itertools.pairwise(parts):
        duty = _SOMEONE.match(_GREETING.sub("", said.strip()))
        if duty and _WHOSE_IS_IT.match(asks.strip()):
            before = duty.group("before").strip(" ,;:-–—")
            condition = before if _CONDITION.match(f"{before}, who") else None
            return activity_of(f"who has to {duty.group('duty')}"), condition
    return None


def condition_of(question: str) -> str | None:
    """The opening condition of a question ("if the batch fails, who ...?" -> "if the batch
    fails"): it narrows the duty but shares few words with the clause, so the activity is
    matched with and without it."""
    someone = _someone_has_to(question)
    if someone:
        return someone[1]
    question, context = asked_with_context(question)
    topic_first = _topic_first(question.strip().rstrip("?.! "))
    if topic_first and not _ON_WHOM.match(topic_first[1]):
        return topic_first[0]
    condition = _CONDITION.match(question.strip())
    return condition.group("cond") if condition else context


def asking_sentence(question: str) -> tuple[str, str | None]:
    """The sentence of a message that asks, and what comes before it as its context: "We
    need progress reports on each batch. Is ADMA required to send them, or who owns that?"."""
    parts = [p for p in _SENTENCES.split(question.strip()) if p.strip()]
    if len(parts) < 2:
        return question, None
    asking = [i for i, p in enumerate(parts) if OWNERSHIP_CUE.search(p)]
    asked = [i for i in asking if parts[i].rstrip().endswith("?")] or asking or [
        i for i, p in enumerate(parts) if p.rstrip().endswith("?")][-1:]
    if not asked:
        return question, None
    context = " ".join(parts[:asked[0]]).strip()
    return parts[asked[0]], context or None


def asked_with_context(question: str) -> tuple[str, str | None]:
    """The asking sentence without its greeting, and its context."""
    sentence, context = asking_sentence(question)
    sentence = _GREETING.sub("", sentence.strip())
    sentence = _ASKING_WHO.sub("", sentence)
    but = _BUT_WHO.match(sentence)
    if but:
        context = " ".join(filter(None, [context, but.group("context")]))
        sentence = but.group("ask")
    return sentence, context


# "QA here - ...", "hi all, ...", "quick one: ...": who is asking, not what
_GREETING = re.compile(r"^(?:[\w/&' ]{1,30}\s+here|hi(?:\s+(?:all|team|everyone))?|"
                       r"hey(?:\s+(?:all|team|everyone))?|quick\s+(?:one|question)|"
                       r"[\w/&' ]{1,30}\s+(?:question|q|check|query)(?:\s+(?:on|about|re|from)"
                       r"\s+[\w/&' -]{1,40})?|"
                       r"(?:qa|qc|ra|legal|finance|regulatory|reg\s+affairs|supply\s+chain|quality|"
                       r"procurement|validation|pm|cmc|ops|operations|compliance|logistics|"
                       r"pharmacovigilance|pv|marketing)(?=\s*:))"
                       r"\s*[-–—:,!.]\s*", re.IGNORECASE)
# "I know Bachem holds the stability samples, but who keeps the reserve samples?": what comes
# before ", but who" is context
_BUT_WHO = re.compile(r"^(?P<context>.{10,300}?),?\s+but\s+(?P<ask>(?:who|whose|which|is|are|does|"
                      r"do|must|should|would)\b.*)$", re.IGNORECASE)
# "their PM is asking who covers their time": the question asked is the one after "asking"
_ASKING_WHO = re.compile(r"^[^?]{0,80}?\b(?:asking|wondering|wants?\s+to\s+know|asked(?:\s+me)?)"
                         r"\s+(?=(?:who|whose|which)\b)", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"“(]|(?:who|whose|which)\b)")
