"""One settings object for every face of Concord.

Values come from the environment (prefix ``CONCORD_``), from a ``.env`` file, and, for Slack,
from Slack's usual variable names (``SLACK_BOT_TOKEN`` ...). Empty variables are ignored so a
blank line in ``.env`` never overrides a default.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.errors import ConfigurationError

AUDIENCES = ("internal", "shared")
PLACEHOLDER_SECRETS = {"changeme", "change-me", "xxx", "your-token-here", "secret", "todo"}


def _slack(name: str) -> AliasChoices:
    return AliasChoices(name, f"CONCORD_{name}")


class Settings(BaseSettings):
    """Runtime configuration. Construct with keyword overrides in tests."""

    model_config = SettingsConfigDict(
        env_prefix="CONCORD_",
        env_file=".env",
        env_ignore_empty=True,
        extra="ignore",
        populate_by_name=True,
    )

    home: Path = Path(".concord")
    database_url: str | None = None
    chroma_url: str | None = None
    embedding_model: str | None = Field(
        default=None, description="Path or sentence-transformers name; default: bundled model"
    )
    embedding_batch_size: int = 64
    api_token: str | None = None
    max_file_mb: float = 50.0
    chunk_chars: int = 1000
    channel_projects: dict[str, str] = Field(default_factory=dict)
    party_roles: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description='Per project, party name -> sponsor|contract_organization, e.g. '
                    '{"orion": {"Vesta": "contract_organization"}}')
    default_project: str | None = None
    followup_disabled_channels: list[str] = Field(
        default_factory=list,
        description="Channels where follow-ups in a Concord thread need a new mention")
    project_admins: list[str] = Field(
        default_factory=list,
        description="Slack user ids allowed to /concord link and unlink (besides workspace admins)")
    host: str = "127.0.0.1"
    port: int = 8000
    min_similarity: float = 0.30
    llm: str | None = Field(default=None, description="provider:model, e.g. openai:gpt-4.1-mini")
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 20.0
    llm_retries: int = 2
    learned_notes: bool = Field(default=True, description="also read meeting notes' open "
                                "points with the learned classifier (bundled model only; "
                                "see bench/train_open_points.py)")
    llm_notes: bool = Field(default=False, description="also let the LLM pick open points in "
                            "meeting notes at ingest (one call per note; quotes stay verbatim)")
    digest_cron: str = Field(default="0 9 * * 1",
                             description="Default digest schedule per linked channel (cron)")
    digest_timezone: str = "UTC"
    digest_grace_minutes: int = Field(
        default=120, description="A digest missed by less than this goes out as usual; "
                                 "later, once with a note")
    digest_tick_seconds: float = 30.0
    aging_days: int = Field(default=14, description="Open roadblocks older than this are aging")
    reminder_interval_days: int = Field(
        default=7, description="Overdue items remind their owner at most once per interval")
    roadblock_reaction: str = Field(default="construction",
                                    description="Reacting with this emoji logs a roadblock")

    slack_bot_token: str | None = Field(default=None, validation_alias=_slack("SLACK_BOT_TOKEN"))
    slack_signing_secret: str | None = Field(
        default=None, validation_alias=_slack("SLACK_SIGNING_SECRET")
    )
    slack_app_token: str | None = Field(default=None, validation_alias=_slack("SLACK_APP_TOKEN"))
    slack_client_id: str | None = Field(default=None, validation_alias=_slack("SLACK_CLIENT_ID"))
    slack_client_secret: str | None = Field(
        default=None, validation_alias=_slack("SLACK_CLIENT_SECRET")
    )
    slack_api_url: str | None = None
    public_url: str | None = Field(
        default=None, description="Where people reach this server (https://concord.example): "
        "when set, roadblock sources in Slack link to a signed view of the cited passage")
    source_link_days: int = 90

    @field_validator("api_token", "slack_bot_token", "slack_signing_secret", "slack_app_token",
                     "slack_client_secret", "llm_api_key")
    @classmethod
    def _no_placeholder(cls, value: str | None) -> str | None:
        if value is not None and value.strip().lower() in PLACEHOLDER_SECRETS:
            raise ValueError("is a placeholder; set the real secret or leave it empty")
        return value

    @field_validator("party_roles")
    @classmethod
    def _known_roles(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for project, roles in value.items():
            for party, role in roles.items():
                if role not in ("sponsor", "contract_organization"):
                    raise ValueError(f"party_roles[{project}][{party}] must be 'sponsor' or "
                                     f"'contract_organization', not '{role}'")
        return value

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'concord.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def slack_oauth_configured(self) -> bool:
        """Multi-workspace install: OAuth client id and secret (and the signing secret)."""
        return bool(self.slack_client_id and self.slack_client_secret
                    and self.slack_signing_secret)

    @property
    def slack_configured(self) -> bool:
        return bool(self.slack_signing_secret and (self.slack_bot_token
                                                   or self.slack_oauth_configured))

    def project_for_channel(self, channel_id: str | None) -> str | None:
        """The project a Slack channel is bound to by configuration."""
        if channel_id and channel_id in self.channel_projects:
            return self.channel_projects[channel_id]
        return self.default_project


def api_token(settings: Settings) -> str:
    """CONCORD_API_TOKEN, or a random token kept in CONCORD_HOME/api_token (mode 600)."""
    import secrets

    if settings.api_token:
        return settings.api_token
    path = Path(settings.home) / "api_token"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path.touch(mode=0o600)
    path.write_text(token)
    return token


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning validation problems into one readable ConfigurationError."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ConfigurationError(f"Invalid configuration: {exc}") from exc
