"""Concord's exception tree. Everything Concord raises on purpose derives from ConcordError.

Edges translate them: the CLI into exit codes (UsageError -> 2, others -> 1), the HTTP API into
status codes, Slack into a short human message. Messages are written for the user: they name the
file or request and the reason, and never contain document text or secrets.

ConcordError
├── ConfigurationError      settings missing, invalid or placeholders
├── UsageError              a bad argument: unknown project, invalid name, bad audience
│   └── ProjectNotFound
├── DocumentError           one input file cannot be ingested (carries the path)
│   ├── UnsupportedFormat
│   ├── EncryptedDocument
│   ├── EmptyDocument       no text at all, or no text layer (scanned PDF)
│   ├── OversizeDocument
│   └── CorruptDocument
└── StoreError              the vector store or records database failed
"""

from __future__ import annotations

from pathlib import Path


class ConcordError(Exception):
    """Base of every error Concord raises deliberately."""


class ConfigurationError(ConcordError):
    """Settings are missing, invalid or placeholders."""


class UsageError(ConcordError):
    """The request itself is wrong (exit status 2 on the CLI, HTTP 400/404)."""


class ProjectNotFound(UsageError):
    def __init__(self, project: str) -> None:
        super().__init__(
            f"Project '{project}' has no documents yet. "
            f"Ingest some with: concord ingest PATH --project {project}"
        )
        self.project = project


class DocumentError(ConcordError):
    """One file cannot be ingested. The batch goes on without it."""

    reason = "cannot be read"

    def __init__(self, path: Path | str, detail: str | None = None) -> None:
        self.path = Path(path)
        self.detail = detail or self.reason
        super().__init__(f"{self.path.name}: {self.detail}")


class UnsupportedFormat(DocumentError):
    reason = "unsupported file type"


class EncryptedDocument(DocumentError):
    reason = "the file is encrypted or password-protected; upload an unprotected copy"


class EmptyDocument(DocumentError):
    reason = "the file contains no text"


class OversizeDocument(DocumentError):
    reason = "the file is larger than the configured limit"


class CorruptDocument(DocumentError):
    reason = "the file is damaged or not what its extension says"


class StoreError(ConcordError):
    """The vector store or records database failed; nothing was half-written."""
