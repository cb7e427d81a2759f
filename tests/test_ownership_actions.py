"""Ownership ranking details: the action a question and a duty name, redacted owners and
the extra doubt about a duty that names another action."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import Runtime
from knowledge.models import Responsibility
from knowledge.ownership import _leading_actions, head_action
from tests.conftest import make_settings


def _clause(activity: str) -> Responsibility:
    return Responsibility(activity=activity, assignments=[], source="clause", quote=activity)


def test_action_of_a_duty_skips_adverbs_and_reads_light_verbs() -> None:
    assert head_action("promptly notify Aldebaran of any deviation", verb_first=True) == "notify"
    assert head_action("conduct inspections", verb_first=True) == "audit"
    assert head_action("perform release testing of each batch", verb_first=True) == "release"
    assert head_action("provide prompt notice of complaints", verb_first=True) == "notify"
    assert head_action("provide the certificate of analysis", verb_first=True) == "supply"
    assert head_action("comply with all applicable laws", verb_first=True) == "compli"
    # a duty that opens with a noun phrase names its action inside it
    assert head_action("all costs of the recall", verb_first=True) == "pay"
    assert head_action("the final release of Product", verb_first=True) == "release"


def test_every_leading_verb_of_a_duty_counts() -> None:
    actions = _leading_actions(_clause("manufacture, label, test and release the Product"))
    assert {"manufacture", "test", "release"} <= actions
    assert _leading_actions(_clause("ship the Product to the release site")) == {"ship"}


CONTRACT = """# Supply Agreement

This Supply Agreement is made between Aldebaran Bio, Inc. ("Aldebaran" or "Customer") and
Vesta Pharma Services GmbH ("Vesta" or "Manufacturer").

## 3. Shipping

3.1 Vesta shall ship each batch of Product to Aldebaran within ten days of the order.

3.2 [***] shall bear all risk of loss of or damage to the Product during shipment.

## 4. Orders

4.1 Aldebaran agrees to purchase and Vesta to manufacture ten Batches of Product.
"""


@pytest.mark.real_model
def test_redacted_owner_and_another_action_get_no_party(tmp_path: Path,
                                                        real_embeddings) -> None:
    runtime = Runtime(settings=make_settings(tmp_path / "home"), embeddings=real_embeddings)
    source = tmp_path / "Supply Agreement.md"
    source.write_text(CONTRACT)
    runtime.ingestor.run([source], project="acme", kind="contract")
    risk = runtime.owner(project="acme", question="Who bears the risk of loss during shipment?")
    assert risk.status == "not_found" and risk.owners == []
    assert "redacted" in risk.answer and risk.nearest[0].section == "3.2"
    release = runtime.owner(project="acme", question="Who releases the batches?")
    assert release.status == "not_found"
    ships = runtime.owner(project="acme", question="Who ships the batches?")
    assert [o.party for o in ships.owners] == ["Vesta"]
