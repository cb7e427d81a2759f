"""Project names: short, lower-case, safe in file names, URLs and collection names."""

from __future__ import annotations

import re

from knowledge.errors import UsageError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def validate_project(name: str) -> str:
    candidate = (name or "").strip().lower()
    if not _NAME.match(candidate):
        raise UsageError(
            f"Project name '{name}' is not valid: use 1-40 lower-case letters, digits, '-' or '_'"
        )
    return candidate


def validate_audience(audience: str) -> str:
    if audience not in ("internal", "shared"):
        raise UsageError(f"Audience '{audience}' is not valid: use 'internal' or 'shared'")
    return audience
