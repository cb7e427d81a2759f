"""Files uploaded to a linked channel are ingested into its project.

Downloaded with the bot token from Slack's file host only, size-limited and type-checked
before anything is written; the threaded reply says what was ingested, which version it
replaced, or why it failed."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import httpx

from bot.render import escape
from bot.runtime import Runtime
from ingest.loaders import LOADERS
from ingest.pipeline import FileResult

log = logging.getLogger("concord.slack")
SLACK_FILE_HOSTS = ("files.slack.com", "slack-files.com")


class UploadRefused(Exception):
    """The file is not fetched: too large, unsupported, or not on Slack's file host."""


def _allowed_host(runtime: Runtime, url: str) -> bool:
    host = urlparse(url).hostname or ""
    if runtime.settings.slack_api_url:  # tests and the local console serve files themselves
        return host == urlparse(runtime.settings.slack_api_url).hostname
    return host in SLACK_FILE_HOSTS or host.endswith(".slack.com")


def download(runtime: Runtime, file: dict, folder: Path) -> Path:
    name = Path(str(file.get("name") or "upload")).name or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in LOADERS:
        raise UploadRefused(f"`{escape(name)}` is not a supported type "
                            f"({', '.join(sorted(LOADERS))})")
    limit = runtime.settings.max_file_bytes
    if int(file.get("size") or 0) > limit:
        raise UploadRefused(f"`{escape(name)}` is larger than the {limit // 1_048_576} MB limit")
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    if not url or not _allowed_host(runtime, url):
        raise UploadRefused(f"`{escape(name)}` has no download address on Slack's file host")
    target = folder / name
    received = 0
    headers = {"Authorization": f"Bearer {runtime.settings.slack_bot_token}"}
    with httpx.stream("GET", url, headers=headers, timeout=60, follow_redirects=False) as resp:
        if resp.status_code != 200:
            raise UploadRefused(f"`{escape(name)}` could not be downloaded "
                                f"(HTTP {resp.status_code})")
        with target.open("wb") as handle:
            for block in resp.iter_bytes():
                received += len(block)
                if received > limit:
                    raise UploadRefused(f"`{escape(name)}` is larger than the "
                                        f"{limit // 1_048_576} MB limit")
                handle.write(block)
    return target


def describe(result: FileResult, name: str) -> str:
    if result.status == "failed":
        return (f"I couldn't read `{escape(name)}`: {escape(result.error or 'unknown error')}. "
                "Nothing else was changed.")
    if result.status == "unchanged":
        return f"`{escape(name)}` is already ingested and unchanged."
    version = f" version {escape(result.version)}," if result.version else ""
    pages = f" {result.pages} pages," if result.pages else ""
    text = (f"Ingested `{escape(name)}`: {escape(result.kind or 'document')},{version}{pages} "
            f"{result.chunks} passages, {result.responsibilities or 0} responsibilities.")
    if result.superseded:
        text += f" It replaces version {escape(', '.join(result.superseded))} as current."
    return text


def ingest_files(runtime: Runtime, *, project: str, audience: str, files: list[dict]) -> str:
    lines = []
    with tempfile.TemporaryDirectory(prefix="concord-upload-") as tmp:
        for file in files:
            name = Path(str(file.get("name") or "upload")).name
            try:
                path = download(runtime, file, Path(tmp))
            except UploadRefused as exc:
                lines.append(f"Skipped {exc}.")
                continue
            except httpx.HTTPError as exc:
                log.warning("download of an uploaded file failed: %s", type(exc).__name__)
                lines.append(f"I couldn't download `{escape(name)}` from Slack; try again.")
                continue
            report = runtime.ingestor.run([path], project=project, audience=audience,
                                          display_names={path: name})
            lines.append(describe(report.files[0], name))
    return "\n".join(lines)
