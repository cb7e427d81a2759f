"""Optional LLM answers through langchain, grounded and checked.

The model sees only the retrieved passages, numbered, and must cite them as [n]. After
generation every cited number must exist, every quoted phrase must appear in a cited passage,
and no mention syntax may appear; otherwise Concord falls back to the extractive answer and
says why. The party in an ownership answer always comes from the structured records: the
model only phrases the explanation, and must name every owner it was given.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from knowledge.answers import citation_for, extractive_answer
from knowledge.errors import ConfigurationError
from knowledge.models import Answer, Citation, Passage
from knowledge.ownership import OwnerAnswer
from prompts import load_prompt

log = logging.getLogger(__name__)
NOT_IN_DOCUMENTS = "NOT IN THE DOCUMENTS"
_MENTION = re.compile(r"<[!@#]|@(channel|here|everyone)\b", re.IGNORECASE)
_QUOTE = re.compile(r"[“\"]([^”\"]{8,})[”\"]")
_REF = re.compile(r"\[(\d{1,2})\]")


class ModelUnavailable(Exception):
    """The model did not answer in time, or failed, after the retries."""


def make_chat_model(spec: str, *, base_url: str | None = None, api_key: str | None = None,
                    timeout: float = 20.0) -> BaseChatModel:
    """`provider:model` (e.g. `openai:gpt-4.1-mini`, `ollama:llama3.1`) via init_chat_model."""
    from langchain.chat_models import init_chat_model

    provider, _, model = spec.partition(":")
    if not provider or not model:
        raise ConfigurationError(f"CONCORD_LLM='{spec}' must look like provider:model, "
                                 "e.g. openai:gpt-4.1-mini")
    options: dict[str, object] = {"timeout": timeout, "max_retries": 0}
    if base_url:
        options["base_url"] = base_url
    if api_key:
        options["api_key"] = api_key
    try:
        return init_chat_model(model, model_provider=provider, **options)
    except ImportError as exc:
        raise ConfigurationError(
            f"CONCORD_LLM='{spec}' needs the provider package: pip install -e '.[{provider}]'"
        ) from exc
    except ValueError as exc:
        raise ConfigurationError(f"CONCORD_LLM='{spec}': {exc}") from exc


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def check_grounding(text: str, passages: list[str]) -> str | None:
    """None when the text is grounded in the passages, else the reason it is not."""
    if _MENTION.search(text):
        return "the model's answer contained a mention"
    refs = [int(n) for n in _REF.findall(text)]
    if not refs:
        return "the model's answer cited no passage"
    bad = sorted({n for n in refs if not 1 <= n <= len(passages)})
    if bad:
        return f"the model cited passages that do not exist: {bad}"
    cited = [_normal(passages[n - 1]) for n in set(refs)]
    for quote in _QUOTE.findall(text):
        if not any(_normal(quote) in passage for passage in cited):
            return f"a quoted phrase is not in the cited passages: “{quote[:60]}”"
    return None


def number_passages(texts: list[tuple[str, str]]) -> str:
    """[n] (label) <<<text>>>: the delimiters mark document text as data."""
    return "\n\n".join(f"[{i}] ({label})\n<<<\n{text}\n>>>"
                       for i, (label, text) in enumerate(texts, start=1))


class GroundedWriter:
    """Calls the chat model with a hard timeout and retries with exponential backoff."""

    def __init__(self, model: BaseChatModel, *, name: str, timeout: float = 20.0,
                 retries: int = 2, sleep: Callable[[float], None] = time.sleep) -> None:
        self.model = model
        self.name = name
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="concord-llm")

    def write(self, *, project: str, prompt: str) -> str:
        messages = [SystemMessage(load_prompt("system").render(project=project)),
                    HumanMessage(prompt)]
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            future = self._pool.submit(self.model.invoke, messages)
            try:
                reply = future.result(timeout=self.timeout)
                return str(reply.content).strip()
            except FutureTimeout:
                last = TimeoutError(f"no answer within {self.timeout:g} s")
            except Exception as exc:  # provider errors: network, auth, rate limit
                last = exc
            if attempt < self.retries:
                self.sleep(0.5 * 2 ** attempt)
        log.warning("LLM %s unavailable: %s", self.name, type(last).__name__)
        raise ModelUnavailable(str(last) if isinstance(last, TimeoutError)
                               else f"{type(last).__name__}")

    def answer(self, *, project: str, question: str, relevant: list[Passage]) -> Answer:
        """A synthesised answer citing the passages, or the extractive one with the reason."""
        fallback = extractive_answer(project=project, question=question, relevant=relevant)
        if not relevant:
            return fallback
        used = relevant[:5]
        texts = [(f"{p.document.display_name} §{p.chunk.section or '-'}", p.chunk.text)
                 for p in used]
        prompt = load_prompt("answer_synthesis").render(question=question,
                                                        passages=number_passages(texts))
        try:
            text = self.write(project=project, prompt=prompt)
        except ModelUnavailable as exc:
            return replace(fallback, fallback_reason=f"model unavailable: {exc}")
        if NOT_IN_DOCUMENTS in text.upper():
            return replace(fallback, fallback_reason="the model found no answer in the passages")
        problem = check_grounding(text, [t for _, t in texts])
        if problem:
            return replace(fallback, fallback_reason=problem)
        cited = sorted({int(n) for n in _REF.findall(text)})
        citations = [citation_for(used[n - 1], question) for n in cited]
        return Answer(question=question, project=project, status="answered", answer=text,
                      citations=citations, mode="llm")

    def explain_owner(self, *, project: str, answer: OwnerAnswer) -> OwnerAnswer:
        """Phrase an ownership answer; owners and citations stay those of the records."""
        if answer.status == "not_found" or not answer.citations:
            return answer
        sources: list[Citation] = answer.citations[:4]
        texts = [(c.label(), c.quote) for c in sources]
        owners = "; ".join(f"{o.party} ({o.role or 'role unknown'}"
                           f"{', RACI ' + o.raci if o.raci else ''})" for o in answer.owners)
        prompt = load_prompt("ownership_explanation").render(
            question=answer.question, owners=owners, passages=number_passages(texts))
        try:
            text = self.write(project=project, prompt=prompt)
        except ModelUnavailable as exc:
            return replace(answer, fallback_reason=f"model unavailable: {exc}")
        problem = check_grounding(text, [t for _, t in texts])
        missing = [o.party for o in answer.owners if o.party.lower() not in text.lower()]
        if problem is None and missing:
            problem = f"the model's explanation did not name {', '.join(missing)}"
        if problem:
            return replace(answer, fallback_reason=problem)
        return replace(answer, answer=text, mode="llm")
