"""With the real bundled model: the demo corpus answers its questions with the right clause."""

from __future__ import annotations

import pytest

from bot.runtime import Runtime
from tests.ask_cases import DEMO_ASK_CASES, NOTHING_CASES

pytestmark = pytest.mark.real_model


def test_bundled_model_embeds_meaning(real_embeddings) -> None:
    vectors = real_embeddings.embed_documents([
        "Vesta investigates out-of-specification results.",
        "The contract lab examines OOS test failures.",
        "The football match ended in a draw.",
    ])
    assert len(vectors[0]) == 384

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.2


@pytest.mark.parametrize("question,document,section", DEMO_ASK_CASES)
def test_demo_question_cites_the_right_clause(demo_runtime: Runtime, question: str,
                                             document: str, section: str) -> None:
    answer = demo_runtime.ask(project="orion", question=question)
    assert answer.status == "answered"
    assert (document, section) in [(c.document, c.section) for c in answer.citations]


@pytest.mark.parametrize("question", NOTHING_CASES)
def test_unrelated_questions_find_nothing(demo_runtime: Runtime, question: str) -> None:
    assert demo_runtime.ask(project="orion", question=question).status == "nothing_found"


def test_superseded_qaa_is_never_cited(demo_runtime: Runtime) -> None:
    answer = demo_runtime.ask(project="orion", question="Who compiles the annual product review?")
    assert {c.version for c in answer.citations if c.document == "Orion Quality Agreement"} \
        == {"3.0"}
    assert "Vesta shall compile" in " ".join(c.quote for c in answer.citations)


def test_demo_projects_are_isolated(demo_runtime: Runtime) -> None:
    answer = demo_runtime.ask(project="orion", question="cryogenic shipper validation Norland")
    text = " ".join(c.quote + c.document for c in answer.citations)
    assert "Norland" not in text and "Lyra" not in text and "cryogenic" not in text
    lyra = demo_runtime.ask(project="lyra", question="Who investigates OOS results?")
    assert lyra.status == "answered"
    assert all("Lyra" in c.document or "lyra" in c.document for c in lyra.citations)
