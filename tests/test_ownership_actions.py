"""Ownership ranking details: the action a question and a duty name, redacted owners and
the extra doubt about a duty that names another action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.runtime import Runtime
from knowledge.actions import head_action, leading_actions
from knowledge.causes import cause_of, circumstances
from knowledge.models import Responsibility
from knowledge.ownership import _other_duty, paid_object
from knowledge.questions import (
    activity_and_condition,
    activity_of,
    condition_of,
    excluded_of,
)
from knowledge.requesters import (
    asked_by,
    question_protected,
    question_requester,
    question_subject,
    record_requester,
    right_asked_of,
)
from knowledge.synonyms import expand
from tests.conftest import make_settings


def _clause(activity: str) -> Responsibility:
    return Responsibility(activity=activity, assignments=[], source="clause", quote=activity)


def _contract_runtime(tmp_path: Path, embeddings: Any, name: str, text: str) -> Runtime:
    """A runtime with one contract, written as `name`, ingested into project "acme"."""
    runtime = Runtime(settings=make_settings(tmp_path / "home"), embeddings=embeddings)
    source = tmp_path / name
    source.write_text(text)
    runtime.ingestor.run([source], project="acme", kind="contract")
    return runtime


def test_action_of_a_duty_skips_adverbs_and_reads_light_verbs() -> None:
    assert head_action("promptly notify Aldebaran of any deviation", verb_first=True) == "notify"
    assert head_action("conduct inspections", verb_first=True) == "audit"
    assert head_action("perform release testing of each batch", verb_first=True) == "release"
    assert head_action("provide prompt notice of complaints", verb_first=True) == "notify"
    assert head_action("provide the certificate of analysis", verb_first=True) == "supply"
    # "deliver" notifies only before a notice
    assert head_action("deliver written notice of termination to Supplier",
                       verb_first=True) == "notify"
    assert head_action("deliver the Product to the warehouse", verb_first=True) == "ship"
    assert head_action("comply with all applicable laws", verb_first=True) == "compli"
    # a duty that opens with a noun phrase names its action inside it
    assert head_action("all costs of the recall", verb_first=True) == "pay"
    assert head_action("the final release of Product", verb_first=True) == "release"


def test_a_passive_duty_names_what_is_done_to_its_subject() -> None:
    # "Sanofi will be invoiced" does not make Sanofi the one who invoices
    assert head_action("be invoiced", verb_first=True) != head_action("invoice the fee",
                                                                       verb_first=True)
    assert head_action("be released from its obligations", verb_first=True) != "release"
    passive = head_action("be invoiced", verb_first=True)
    assert head_action("be responsible for release of the batch", verb_first=True) != passive
    assert head_action("be required to notify the Customer", verb_first=True) != passive


def test_efforts_and_undertakings_name_the_act_they_promise() -> None:
    assert head_action("use commercially reasonable efforts to provide written notification",
                       verb_first=True) == "notify"
    assert head_action("undertake to supply the Product", verb_first=True) == "supply"
    assert head_action("agree to purchase the Batches", verb_first=True) == "buy"
    assert head_action("co-operate with FUSION in evaluating any complaint",
                       verb_first=True) == head_action(activity_of(
                           "who has to help answer a complaint?"))


def test_a_message_of_several_sentences_is_read_for_the_one_that_asks() -> None:
    message = ("With the new schedule I'd like progress reports on each batch. Is ADMA actually "
               "required to send us production status updates, or who owns that?")
    assert activity_and_condition(message) == (
        "send us production status updates",
        "With the new schedule I'd like progress reports on each batch.")
    assert activity_and_condition(
        "QA here - for the finished batches, who is supposed to review the executed batch "
        "records, us or Antares? I can't find it.") == (
        "review the executed batch records", "for the finished batches")
    assert activity_of("Quick one: who has to forward a complaint, and is there a deadline?") \
        == "forward a complaint"


def test_which_side_assuming_and_who_foots_the_bill() -> None:
    assert activity_and_condition("A patient is suing over the leaflet. Under our deal, which "
                                  "side has to indemnify the other?") == (
        "indemnify the other", "Under our deal")
    assert activity_and_condition("Assuming they let us attend, who covers the cost of our "
                                  "people being there?") == (
        "pays the cost of our people being there", "Assuming they let us attend")
    assert head_action(activity_of("who picks up the bill for that help?")) == "pay"
    assert activity_of("the batch records - who hands those over?") == \
        "provide the batch records"


def test_a_question_can_rule_a_case_out() -> None:
    question = "who pays the storage costs during the term (not after termination)?"
    assert excluded_of(question) == "after termination"
    assert activity_of(question) == "pays the storage costs during the term"
    assert excluded_of("who keeps the samples (not just the retained ones)?") is None
    # what the asker says they already know is not what they ask
    assert excluded_of("QA question on retains: I know Vesta holds the stability samples, but "
                       "who keeps the reserve samples?") == "the stability samples"
    assert excluded_of("who keeps the reserve samples, but who pays for it?") is None


def test_questions_that_open_with_their_context() -> None:
    assert activity_and_condition(
        "under Amendment #3, which side commits to buying the paste batches?") == \
        ("buying the paste batches", "under Amendment #3")
    assert activity_of("on termination, who pays for the tech transfer?") == \
        "pays for the tech transfer"
    # a pronoun right after the verb stands for the topic named first
    assert activity_of("the starting material - who releases it before use?") == \
        "releases the starting material before use"
    # "finished" is an adjective there, not what happened to the topic
    assert activity_of("CoA for the finished lots - who signs it, AMAG or Antares?") == \
        "signs CoA for the finished lots"
    # a bare verb takes its object from the context
    assert activity_of("if we keep the records off-site, who pays?") == \
        "pays for we keep the records off-site"
    assert activity_of("the artwork change - who approves?") == "approves the artwork change"
    assert activity_of("who has to tell whom about a latent defect?") == \
        "notify about a latent defect"


def test_every_leading_verb_of_a_duty_counts() -> None:
    actions = leading_actions(_clause("manufacture, label, test and release the Product"))
    assert {"manufacture", "test", "release"} <= actions
    assert leading_actions(_clause("ship the Product to the release site")) == {"ship"}
    # purposes listed after "for the development" are not acts of the duty
    purposes = leading_actions(_clause("only use Precursor and reference standards for the "
                                        "development, validation or manufacture of Products"))
    assert "validate" not in purposes and "manufacture" not in purposes


def test_questions_with_an_opening_condition_and_everyday_verbs() -> None:
    question = "If the batch fails, who has to tell the other side?"
    assert activity_of(question) == "notify the other side"
    assert condition_of(question) == "If the batch fails"
    assert activity_of("who has to sign off before a failing batch is released?") == \
        "approve before a failing batch is released"
    assert activity_of("who must agree to the change?") == "approve the change"
    assert activity_of("who fills in the purchase order?") == "complete the purchase order"
    assert activity_of("whose call is it whether the product is fit for use?") == \
        "decide whether the product is fit for use"
    assert activity_of("who gets to audit the plant, and how often?") == "audit the plant"
    assert activity_of("whose duty is it to qualify the supplier?") == "qualify the supplier"
    assert head_action(activity_of("who names the project manager?")) == "decide"
    assert head_action("send the rolling forecast", verb_first=True) == \
        head_action("provide a rolling forecast", verb_first=True)
    assert head_action("provide written notification of excursions", verb_first=True) == "notify"


def test_questions_as_people_type_them_in_slack() -> None:
    topic_first = "planned shutdown at the plant - who owes the other side advance written notice?"
    assert activity_of(topic_first) == "give advance written notice"
    assert condition_of(topic_first) == "planned shutdown at the plant"
    assert activity_of("data loggers in each shipment - is that on them or on us?") == \
        "data loggers in each shipment"
    assert activity_of("an outside packager - who has to approve that?") == \
        "approve an outside packager"
    assert activity_of("who runs stability testing (not just keeping the samples)?") == \
        "runs stability testing"
    assert head_action(activity_of("who runs stability testing?"), verb_first=True) == "test"
    assert activity_of("does Vesta have to insure our plasma?") == "insure our plasma"
    assert activity_of("do we supply the API, or does Vesta buy it?") == "supply the API"
    assert activity_of("who places the POs?") == "provide purchase orders"
    assert activity_of("who makes the Ac-225 doses?") == "manufacture the Ac-225 doses"
    assert activity_of("who makes the call on recalls?") == "makes the call on recalls"
    assert activity_of("the CoA for each lot - who signs it, Vesta or Aldebaran?") == \
        "signs the CoA for each lot"
    assert activity_of("recall costs - us or them?") == "recall costs"
    assert activity_of("once invoiced, who has to settle the invoice?") == "pay the invoice"
    assert activity_and_condition("if the materials get damaged in transit, whose problem is "
                                  "it?") == ("the materials get damaged in transit", None)
    assert paid_object("pays the freight when batches ship") != ()
    assert paid_object("pays the extra cost") == ()
    # a pronoun after a topic that is a whole event: "it" is its subject, "that" the event
    assert activity_of("precursor shows up damaged - who pays to send it back?") == \
        "pays to return precursor"
    assert activity_of("our API shipment is going to be late - who has to flag that?") == \
        "notify our API shipment is going to be late"
    assert activity_of("agreement's ending but there are confirmed orders still in the "
                       "pipeline - who pays for those when they ship?") == \
        "pays for confirmed orders when they ship"
    # "QA question on retains: I know X ..., but who ...?": the ask follows the "but"
    assert activity_and_condition(
        "QA question on retains: I know Vesta holds the stability samples, but who keeps the "
        "reserve samples?") == ("keeps the reserve samples",
                                "I know Vesta holds the stability samples")
    assert head_action(activity_of("who validates the manufacturing process?")) == "validate"
    assert head_action(activity_of("who packs the tablets for shipment?")) == \
        head_action("packaging the Product for shipment", verb_first=True)
    assert activity_of("who owes us a heads-up if an inspection is announced?") == \
        "notify if an inspection is announced"
    assert head_action("advise Customer immediately", verb_first=True) == "notify"
    # "during a recall" says when, not what is paid for
    assert paid_object("pays for the supplier's help during a recall") == paid_object(
        "pays for the supplier's help in a recall")
    assert activity_of("who gets the leftover plasma back to us?") == \
        "return the leftover plasma to us"


def test_a_right_or_a_party_act_is_doubted_for_a_duty_or_an_authority_act() -> None:
    right = Responsibility(activity="inspect the manufacturing facilities", assignments=[],
                           source="clause", quote="Aldebaran may inspect the facilities.",
                           modality="may")
    assert _other_duty(right, "Who has the right to inspect the plant?") == 0.0
    assert _other_duty(right, "Who audits the plant?", same_action=True) == 0.0
    assert _other_duty(right, "Who qualifies the plant's suppliers?") > 0
    assert _other_duty(right, "Who deals with authority inspections of the plant?",
                       same_action=True) > 0
    duty = Responsibility(activity="host inspections by regulatory authorities",
                          assignments=[], source="clause", quote="Vesta shall host inspections "
                          "by regulatory authorities.", modality="shall")
    assert _other_duty(duty, "Who deals with authority inspections of the plant?") == 0.0


CONTRACT = """# Supply Agreement

This Supply Agreement is made between Aldebaran Bio, Inc. ("Aldebaran" or "Customer") and
Vesta Pharma Services GmbH ("Vesta" or "Manufacturer").

## 3. Shipping

3.1 Vesta shall ship each batch of Product to Aldebaran within ten days of the order.

3.2 [***] shall bear all risk of loss of or damage to the Product during shipment.

## 4. Orders

4.1 Aldebaran agrees to purchase and Vesta to manufacture ten Batches of Product.

## 5. Payment and warranty

5.1 Aldebaran shall pay each invoice within thirty days of receipt.

5.2 Vesta warrants that each Batch will conform to the Specifications at delivery.
"""


@pytest.mark.real_model
def test_redacted_owner_and_another_action_get_no_party(tmp_path: Path,
                                                        real_embeddings) -> None:
    runtime = _contract_runtime(tmp_path, real_embeddings, "Supply Agreement.md", CONTRACT)
    risk = runtime.owner(project="acme", question="Who bears the risk of loss during shipment?")
    assert risk.status == "not_found" and risk.owners == []
    assert "redacted" in risk.answer and risk.nearest[0].section == "3.2"
    release = runtime.owner(project="acme", question="Who releases the batches?")
    assert release.status == "not_found"
    ships = runtime.owner(project="acme", question="Who ships the batches?")
    assert [o.party for o in ships.owners] == ["Vesta"]
    # who pays for one thing is not who pays for another
    invoice = runtime.owner(project="acme", question="Once Vesta has invoiced, who has to "
                                                     "settle the invoice?")
    assert [o.party for o in invoice.owners] == ["Aldebaran"]
    freight = runtime.owner(project="acme", question="Who pays the freight for the batches?")
    assert freight.status == "not_found" and freight.owners == []
    # a warranty answers who stands behind something, not who does it
    warranty = runtime.owner(project="acme", question="Who stands behind each batch meeting "
                                                      "the Specifications?")
    assert [o.party for o in warranty.owners] == ["Vesta"]
    testing = runtime.owner(project="acme", question="Who tests each batch against the "
                                                     "Specifications?")
    assert testing.status == "not_found"


PACKAGING = """# Manufacturing Agreement

This Manufacturing Agreement is made between Aldebaran Bio, Inc. ("Aldebaran") and
Vesta Pharma Services GmbH ("Vesta").

## 3. Packaging

3.1 Aldebaran shall fully bear any costs arising from any changes to the packaging, including
the costs of any discarded packaging materials. However, if such changes are required to be
carried out at Vesta's request, the cost for such changes shall be assumed by Vesta.
"""


def test_who_asked_for_the_work_picks_the_default_or_the_exception() -> None:
    assert question_requester("Vesta asked for the artwork change - who pays?") == "Vesta"
    assert question_requester("if we ask Vesta for a new pack format, who pays?") == "we"
    assert question_requester("who pays for testing done at our request?") == "we"
    assert question_requester("Who asked for the OOS report?") is None
    assert record_requester("bear the cost, if the changes are made at Vesta’s request") == \
        "Vesta"
    # "we" is the party the question does not name
    assert asked_by("we", "if we ask Vesta for a new pack format", ["Aldebaran", "Vesta"]) == \
        "Aldebaran"


@pytest.mark.real_model
def test_a_clause_on_work_done_at_one_partys_request(tmp_path: Path, real_embeddings) -> None:
    runtime = _contract_runtime(tmp_path, real_embeddings, "Manufacturing Agreement.md", PACKAGING)
    theirs = runtime.owner(project="acme", question="Vesta asked for the artwork change on the "
                                                    "packaging - who pays for the change?")
    ours = runtime.owner(project="acme", question="if we ask Vesta for a packaging change, who "
                                                  "pays for the change?")
    assert [o.party for o in theirs.owners] == ["Vesta"]
    assert [o.party for o in ours.owners] == ["Aldebaran"]


def test_a_duty_said_first_and_then_asked_whose_it_is() -> None:
    # "somebody has to X. Is that us or them?": the duty is the sentence before the question
    assert activity_and_condition(
        "Before Vesta releases a batch, somebody has to review the executed batch record. "
        "Is that Vesta's QA or ours?") == ("review the executed batch record",
                                           "Before Vesta releases a batch")
    assert activity_of("Every year someone has to invoice the damaged syringes. Is that us or "
                       "Vesta?") == "invoice the damaged syringes"
    # the parties offered after a dash are not part of the duty
    assert activity_of("Whose job is it to speed up the restart - just Vesta's, or are we "
                       "expected to work on it too?") == "speed up the restart"
    # "who" in lower case after a full stop still starts the question
    assert head_action(activity_of("FDA is scheduling an inspection at Vesta. who has to give "
                                   "the heads-up?")) == "notify"
    assert activity_of("Is anyone on the hook for trending the batch results?") == \
        "trending the batch results"
    assert activity_of("Their PM is asking who pays for the extra testing.") == \
        "pays for the extra testing"
    # people who did something to a thing: "them" is the thing
    assert activity_of("One of Vesta's operators wrecked a tray of our syringes through "
                       "carelessness - who pays to replace them?") == \
        "pays to replace a tray of our syringes"


def test_whose_ok_a_plan_needs_and_the_everyday_words_for_contract_verbs() -> None:
    asked = activity_of("Vesta wants to hand some of the starting material over to another "
                        "company. Whose written OK does that need?")
    assert head_action(asked) == "approve" and "transfer some of the starting material" in asked
    assert head_action("specify the final assembly process", verb_first=True) == "decide"
    assert "expedite" in expand("speed up") and "resume" in expand("restart")


MATERIALS = """# Supply Agreement

This Supply Agreement is made between Aldebaran Bio, Inc. ("Aldebaran") and
Vesta Pharma Services GmbH ("Vesta").

## 3. Materials

3.1 Vesta shall use the Aldebaran Materials only for the Manufacture of the Product and shall
not transfer any portion of them to any Third Party without the prior written consent of
Aldebaran.

3.2 Aldebaran shall reimburse Vesta for the storage costs of the syringes. Vesta shall be only
responsible for the replacement costs of the syringes if the damage was caused by the negligent
act or omission of Vesta.

3.3 The Parties shall cooperate to expedite the scheduling of the resumption of Manufacture of
the Product by Vesta when any such inability has been alleviated.
"""


@pytest.mark.real_model
def test_conversational_questions_find_their_clause(tmp_path: Path, real_embeddings) -> None:
    runtime = _contract_runtime(tmp_path, real_embeddings, "Supply Agreement.md", MATERIALS)
    consent = runtime.owner(project="acme", question="Vesta wants to hand some of the materials "
                                                     "we shipped them over to another company. "
                                                     "Whose written OK does that need?")
    assert [o.party for o in consent.owners] == ["Aldebaran"]
    assert consent.citations[0].section == "3.1"
    wrecked = runtime.owner(project="acme", question="One of Vesta's operators wrecked a tray "
                                                     "of our syringes through carelessness on "
                                                     "the line - who pays to replace them?")
    assert [o.party for o in wrecked.owners] == ["Vesta"]
    restart = runtime.owner(project="acme", question="Vesta had an equipment failure. Whose "
                                                     "job is it to speed up getting production "
                                                     "rescheduled and restarted - just Vesta's, "
                                                     "or are we expected to work on it too?")
    assert restart.status == "shared"
    assert {o.party for o in restart.owners} == {"Aldebaran", "Vesta"}


INDEMNITY = """# Supply Agreement

This Supply Agreement is made between Aldebaran Bio, Inc. ("Aldebaran") and
Vesta Pharma Services GmbH ("Vesta").

## 8. Indemnification

8.1 Vesta agrees to defend, indemnify and hold Aldebaran harmless from and against any Claims
arising from (i) any product liability claims related solely to Vesta's actions in the
manufacture of the Product, or (ii) any breach by Vesta of its obligations under this Agreement,
in all cases except to the extent such damages give rise to a claim under Section 8.2 below.

8.2 Aldebaran agrees to defend, indemnify and hold Vesta harmless from and against any Claims
arising from the handling, possession, use, marketing, distribution, promotion or sale of any
Product by Aldebaran or its distributors following delivery of the Product to Aldebaran, in all
cases except to the extent such damages give rise to a claim under Section 8.1 above.
"""


def test_what_a_question_says_happened_and_what_did_not() -> None:
    assert circumstances("the facts point to a mistake Vesta made on the floor - nothing to do "
                         "with our labelling or marketing.") == \
        "the facts point to a mistake Vesta made on the floor."
    assert cause_of("Vesta shall indemnify Aldebaran against Claims arising from Vesta's "
                    "negligence, in all cases except to the extent of Section 8.2.") == \
        "arising from Vesta's negligence"


@pytest.mark.real_model
def test_a_split_clause_answers_the_side_the_circumstances_point_to(
        tmp_path: Path, real_embeddings) -> None:
    runtime = _contract_runtime(tmp_path, real_embeddings, "Supply Agreement.md", INDEMNITY)
    plain = runtime.owner(project="acme", question="Which side has to indemnify Aldebaran or "
                                                   "Vesta against claims?")
    assert plain.status == "shared" and "Split between clauses" in plain.answer
    # the question says what happened: the clause whose cause it matches answers alone
    mix_up = runtime.owner(project="acme", question=(
        "A patient claim: Vesta mixed up two batches at the plant. Which side has to defend, "
        "indemnify and hold the other harmless?"))
    assert mix_up.status == "found" and [o.party for o in mix_up.owners] == ["Vesta"]
    assert [c.section for c in mix_up.citations] == ["8.1", "8.2"]
    assert "Other cases: Supply Agreement, §8.2: Aldebaran" in mix_up.answer
    dropped = runtime.owner(project="acme", question=(
        "Our distributor dropped a pallet in its warehouse. Which side has to defend and "
        "indemnify the other against the claims?"))
    assert [o.party for o in dropped.owners] == ["Aldebaran"]
    # the party to be protected is not the one who protects it
    protect = runtime.owner(project="acme", question="Who has to defend and indemnify Vesta?")
    assert protect.status == "found" and [o.party for o in protect.owners] == ["Aldebaran"]


def test_messages_with_a_role_prefix_a_set_aside_or_a_pronoun_for_their_context() -> None:
    assert activity_of("QA: we have a complaint about misfiring units and want some tested. Is "
                       "that follow-up testing something Vesta has to do, or is it all on us?") \
        == "follow-up testing"
    assert activity_of("Data integrity check from QC: for our batches, whose responsibility is "
                       "it to keep the lab data complete?") == "keep the lab data complete"
    assert activity_of("The building flooded. Beyond telling us, is anyone obliged to work on "
                       "shortening the outage?") == "work on shortening the outage"
    assert head_action(activity_of("Between us and Vesta, who vouched that the precursor is "
                                   "free of patents?")) == "warrant"
    assert activity_of("A lot Vesta shipped us is out of spec. Who has to make us whole?") == \
        "replace or refund"
    # "it" and "them" stand for what the message is about
    assert activity_of("We rejected an API batch, the investigation is closed. It's still "
                       "sitting at the site. Whose job is it to actually destroy it?") == \
        "destroy an API batch"
    assert activity_of("Vesta's chemists came up with a new purification step. Who owns it, "
                       "them or us?") == "own a new purification step"
    # the second alternative asks when it names its own activity
    assert activity_of("can Vesta rework a rejected lot on its own, or who has to approve the "
                       "rework?") == "approve the rework"
    assert activity_of("would Vesta be obliged to hand over the process?") == \
        "provide the process"
    sign_off = activity_of("Vesta thinks they can reprocess a rejected batch. Can they just go "
                           "ahead, or whose sign-off is needed?")
    assert head_action(sign_off) == "approve" and "reprocess a rejected batch" in sign_off
    assert head_action(activity_of("Vesta wants to bring in a patented catalyst. Whose written "
                                   "OK do they need first?")) == "approve"


def test_the_party_a_question_asks_who_protects() -> None:
    assert question_protected("Bachem did nothing wrong here. Who has to defend and indemnify "
                              "Bachem?") == "Bachem"
    assert question_protected("who must hold Kitov harmless?") == "Kitov"
    assert question_protected("who indemnifies us if the API is bad?") == "we"
    assert question_protected("Who defends the claim?") is None
    assert question_protected("Who holds Bachem's retained samples?") is None
    assert question_protected("Which side has to indemnify Aldebaran or Vesta?") is None


def test_the_party_a_yes_no_question_asks_about() -> None:
    assert question_subject("Thinking ahead: would Vesta be obliged to hand it over?") == "Vesta"
    assert question_subject("FDA called. Does Vesta have to tell us?") == "Vesta"
    assert question_subject("Is that testing something Vesta has to do?") == "Vesta"
    assert question_subject("Do we have to pay?") == "we"
    assert question_subject("who releases batches?") is None


def test_which_document_a_second_yes_no_question_and_whose_turn_are_not_the_activity() -> None:
    assert activity_of("Internal audit wants the cost records. Do we have any right under the "
                       "amendment to audit ADMA's books?") == "audit ADMA's books"
    assert activity_of("Who has to get an extension going, and does the amendment give either "
                       "side a renewal option?") == "get an extension going"
    assert activity_of("Is it on Antares to give us a proper VAT invoice?") == \
        "give us a proper VAT invoice"
    # a second question that asks who stays: it is the ownership question
    assert activity_of("When the agreement ends, do we get copies of the batch records, and "
                       "who has to hand them over?").endswith("who has to provide them")
    assert activity_of("who signs the amendment?") == "signs the amendment"


TERMINATION = """# Supply Agreement

This Supply Agreement is made between Aldebaran Bio, Inc. ("Aldebaran") and
Vesta Pharma Services GmbH ("Vesta").

## 7. Termination

7.2 This Agreement may be terminated in its entirety by Aldebaran with immediate effect upon
written notice to Vesta where Vesta becomes insolvent or goes into administration, receivership
or liquidation.

7.3 This Agreement may be terminated in its entirety by Vesta upon written notice to Aldebaran
if Aldebaran becomes insolvent or goes into receivership.
"""


def test_a_right_asked_of_one_party_is_answered_with_that_partys_right(
        tmp_path: Path, real_embeddings) -> None:
    assert right_asked_of("if we went into receivership, could Vesta terminate the deal?") == \
        "Vesta"
    assert right_asked_of("If they say they're winding down, can we end it at once?") == "we"
    assert right_asked_of("can Vesta assign the agreement without our OK?") is None
    assert head_action(activity_of("can we end the supply agreement immediately?")) == \
        "terminate"
    runtime = _contract_runtime(tmp_path, real_embeddings, "Supply Agreement.md", TERMINATION)
    theirs = runtime.owner(project="acme", question="If we went into receivership, could Vesta "
                                                    "terminate the supply agreement on the spot?")
    assert [o.party for o in theirs.owners] == ["Vesta"]
    assert [c.section for c in theirs.citations][:1] == ["7.3"]
    ours = runtime.owner(project="acme", question="Vesta may be closing its doors. Can we end "
                                                  "the supply agreement immediately?")
    assert [o.party for o in ours.owners] == ["Aldebaran"]


def test_what_was_warranted_and_a_right_after_a_long_condition() -> None:
    assert activity_and_condition(
        "ESG questionnaire from an investor: who warranted that our distributors don't use "
        "child labour - Vesta or us?") == (
        "warranted that our distributors don't use child labour",
        "ESG questionnaire from an investor")
    activity, condition = activity_and_condition(
        "If we ever permanently pull the product for safety reasons and it ends up on the "
        "discontinued list, can Vesta terminate the manufacturing agreement from their side?")
    assert activity == "terminate the manufacturing agreement from their side"
    assert condition is not None and condition.startswith("If we ever permanently pull")


WARRANTIES = """# Supply Agreement

This Supply Agreement is made between Aldebaran Bio, Inc. ("Aldebaran") and
Vesta Pharma Services GmbH ("Vesta").

## 7. Term

7.1 Aldebaran may terminate this Agreement without cause by giving Vesta ninety days' written
notice.

7.2 This Agreement may be terminated: 7.2.1 by either Party, if the other Party is in material
breach and fails to remedy the breach within thirty days of written notice; 7.2.2 by Vesta, if
Aldebaran fails to pay any invoice.

## 9. Insurance

9.1 Aldebaran shall maintain product liability insurance during the term of this Agreement.

## 11. Limitation of Liability

11.1 Vesta's maximum liability to Aldebaran under this Agreement for any reason whatsoever
will not exceed the fees paid in the preceding twelve months.

## 13. Representations and Warranties

13.1 Vesta hereby represents, warrants and covenants to Aldebaran as follows: (a) Vesta has
been duly organized and is validly existing; (b) all records and reports required to be
maintained by Vesta under cGMP shall be accurate and complete in all material respects.
"""


@pytest.mark.real_model
def test_warranty_lists_liability_caps_and_termination_for_convenience(
        tmp_path: Path, real_embeddings) -> None:
    runtime = _contract_runtime(tmp_path, real_embeddings, "Supply Agreement.md", WARRANTIES)
    # an item of a list "as follows" is what its lead party warrants, even where the item
    # names that party in the passive ("maintained by Vesta")
    records = runtime.owner(project="acme", question="Who vouched that the cGMP records are "
                                                     "accurate and complete?")
    assert [o.party for o in records.owners] == ["Vesta"]
    assert records.citations[0].section == "13.1"
    cap = runtime.owner(project="acme", question="Is Vesta's total liability to us capped?")
    assert [o.party for o in cap.owners] == ["Vesta"] and cap.citations[0].section == "11.1"
    # a cap is not an answer to who keeps liability insurance
    insurance = runtime.owner(project="acme", question="Does Vesta have to keep liability "
                                                       "cover in place?")
    assert "11.1" not in [c.section for c in insurance.citations]
    convenience = runtime.owner(project="acme", question="Can Aldebaran terminate for "
                                                         "convenience?")
    assert [o.party for o in convenience.owners] == ["Aldebaran"]
    assert convenience.citations[0].section == "7.1"
    # either Party may: asked whether we may, the answer is our own right
    breach = runtime.owner(project="acme", question="Vesta keeps missing the deviation "
                                                    "deadlines and ignored our breach notice. "
                                                    "Can Aldebaran terminate over the breach?")
    assert [o.party for o in breach.owners] == ["Aldebaran"]
    assert breach.citations[0].section == "7.2.1"
