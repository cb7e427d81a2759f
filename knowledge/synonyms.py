"""Synonyms and acronyms of the trade, so "OOS", "out of specification" and "failing
results" find each other. Each group is one meaning; any member expands to all."""

from __future__ import annotations

import re
from functools import cache, lru_cache

GROUPS: list[tuple[str, ...]] = [
    ("release", "batch release", "disposition", "batch disposition", "qp certification",
     "certify batches", "certification of batches", "qualified person", "release batches"),
    ("oos", "out of specification", "out-of-specification", "failing results", "out of spec",
     "out-of-spec", "off-spec", "does not meet"),
    ("oot", "out of trend", "out-of-trend"),
    ("apr", "pqr", "annual product review", "product quality review", "periodic review"),
    ("capa", "capas", "corrective and preventive action", "corrective and preventive actions"),
    ("coa", "certificate of analysis", "certificates of analysis"),
    ("dmf", "drug master file"),
    ("mbr", "master batch record"),
    ("ebr", "executed batch record", "batch record review"),
    ("fda", "agency", "authority", "health authority", "regulatory authority", "regulator"),
    ("inspection", "regulatory inspection", "authority inspection", "pai"),
    ("recall", "recalls", "market withdrawal", "field action"),
    ("complaint", "complaints", "product complaint"),
    ("deviation", "deviations", "nonconformance", "non-conformance"),
    ("change control", "changes", "change approval", "process change", "modifications"),
    ("stability", "stability testing", "stability study", "stability program"),
    ("raw data", "original data", "electronic data", "source data"),
    ("api", "active substance", "active pharmaceutical ingredient", "drug substance"),
    ("retained samples", "retention samples", "reserve samples", "reference samples"),
    ("artwork", "label text", "labelling", "labeling"),
    ("pay", "pays", "bear the cost", "cost", "costs", "liable"),
    ("audit", "audits", "inspect the facility"),
    ("store", "storage", "warehouse", "warehousing"),
    ("ship", "shipping", "shipment", "deliver", "delivery", "freight", "carrier"),
    ("qualify", "qualification", "qualifies"),
    ("supplier", "vendor"),
    ("filing", "filings", "submission", "regulatory filing", "regulatory filings",
     "marketing authorisation", "marketing authorization", "marketing authorisations",
     "marketing authorizations"),
    ("gmp", "cgmp", "cgmps", "good manufacturing practice", "good manufacturing practices"),
    ("ind", "investigational new drug"),
    ("amend", "amendment", "update", "updating", "revise", "modify"),
    ("notify", "notification", "written notice", "prompt notice", "inform", "communicate"),
    ("approve", "approval", "consent", "sign off", "sign-off"),
    ("waive", "waives", "discharge", "discharges", "remise"),
    ("inability to supply", "unable to supply", "inability to meet", "shortfall",
     "cannot be filled", "can't be filled", "unable to fill"),
    ("po", "pos", "purchase order", "purchase orders"),
    ("forecast", "forecasts", "rolling forecast", "demand forecast"),
    ("project manager", "point of contact", "primary contact", "main contact"),
    ("licence", "licences", "license", "licenses", "permit", "permits"),
    ("safety stock", "buffer stock", "safety inventory", "buffer inventory", "reserve stock"),
    ("components", "parts", "component parts"),
    ("indemnify", "indemnification", "hold harmless", "defend"),
    ("insurance", "insurance policy", "insurance policies", "proof of insurance",
     "evidence of insurance", "certificate of insurance"),
    ("warrant", "warrants", "warranty", "represents and warrants"),
    ("access", "make available", "made available", "make accessible", "made accessible"),
    ("expedite", "speed up", "accelerate", "hurry up"),
    ("resume", "resumption", "restart", "restarted", "restarting"),
    ("for convenience", "without cause", "for any reason", "at will", "for no reason"),
    ("schedule", "scheduling", "reschedule", "rescheduled", "rescheduling"),
]


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def _contains(text: str, phrase: str) -> bool:
    return _pattern((phrase,)).search(text) is not None


@lru_cache(maxsize=4096)
def expand(text: str) -> str:
    """The text followed by the synonyms of every term it contains."""
    lowered = text.lower()
    extra: list[str] = []
    for group in GROUPS:
        if _pattern(group).search(lowered):  # one compiled scan per group
            extra.extend(p for p in group if not _contains(lowered, p))
    return f"{text} ({'; '.join(extra)})" if extra else text
