"""Document kind, version label and family key, from the file name and the opening text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.loaders.text_blocks import is_turn

KINDS = ("contract", "qaa", "notes", "directory", "other")

_QAA = re.compile(r"\b(quality|technical)\s+(assurance\s+)?agreement\b|\bQAA\b|\bGMP agreement\b",
                  re.IGNORECASE)
_NOTES = re.compile(
    r"\b(minutes|meeting notes|weekly call|kick-?off|attendees|action items?|agenda|"
    r"JSC|JPT|call notes|participants|notes|meeting|sync|call summary|steering committee|"
    r"workshop|teleconference|telecon|debrief|stand-?up|open issues|"
    # conversations kept as text: chat exports, transcripts, trackers, round-ups
    r"slack|teams chat|chat export|channel export|transcript|whatsapp|chat|conversation|"
    r"(?:issues?|actions?|open items?|risks?|decisions?|RAID)\s+(?:log|tracker|list|register)|"
    r"tracker|RAID|round-?up|status report|visit notes|log|recap|handover|"
    r"(?:call|visit|contact|trip) report|(?:quarterly )?business review|QBR|memo)\b",
    re.IGNORECASE,
)
_DATED = re.compile(r"^\s*(?:19|20)\d\d[-.]?\d\d[-.]?\d\d\b")
_CONTRACT = re.compile(
    r"\b(agreement|amendment|statement of work|SOW|MSA|contract|addendum)\b", re.IGNORECASE
)
_DIRECTORY = re.compile(r"\b(contacts?|directory|raci|people)\b", re.IGNORECASE)

_AMENDMENT = re.compile(r"\bamendment\s*(?:no\.?|number|#)?\s*(\d{1,3})\b", re.IGNORECASE)
_VERSION = re.compile(
    r"(?:\bversion|\bver\.?|\brev(?:ision)?\.?|(?<![a-z])v)\s*[:#]?\s*(\d{1,3}(?:\.\d{1,3}){0,2})\b",
    re.IGNORECASE,
)
_ORDINAL_AMENDMENT = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_ORDINAL_RE = re.compile(r"\b(" + "|".join(_ORDINAL_AMENDMENT) + r")\s+amendment\b", re.IGNORECASE)


@dataclass(frozen=True)
class Version:
    label: str | None  # "3.0", "Amendment 2"; None when nothing says
    key: tuple[int, ...]  # orderable; () when unknown


def detect_kind(file_name: str, head: str) -> str:
    """Quality/technical agreement vs contract vs meeting notes vs contact directory."""
    name = file_name.replace("_", " ").replace("-", " ")
    opening = head[:1500]
    if file_name.lower().endswith((".eml", ".msg")):
        return "notes"  # correspondence is never the agreement itself
    if _QAA.search(name):
        return "qaa"
    if _NOTES.search(name):
        return "notes"
    if _DATED.match(file_name) and not _CONTRACT.search(name) and not _DIRECTORY.search(name):
        # "2026-03-26 TA-THL-MST-001 v1.1 clause workbook": a dated working paper, even
        # when it opens with the agreement's title (an agreement's file name says so, above)
        return "notes"
    if _QAA.search(opening[:600]) and not _NOTES.search(opening[:400]):
        return "qaa"
    if _CONTRACT.search(name):
        return "contract"
    if _DIRECTORY.search(name) and not _CONTRACT.search(opening[:300]):
        return "directory"
    if _NOTES.search(opening[:800]) and not _CONTRACT.search(opening[:200]):
        return "notes"
    if sum(is_turn(line.strip()) for line in opening.splitlines()) >= 3:
        return "notes"  # a chat export or transcript, whatever its name
    if _CONTRACT.search(opening):
        return "contract"
    return "other"


_TEXT_VERSION = re.compile(
    r"\b(?:version|rev(?:ision)?\.?)\s*[:#]?\s*(\d{1,3}(?:\.\d{1,3}){0,2})\b", re.IGNORECASE
)
_TITLE_AMENDMENT = re.compile(
    r"^\W*(?:amendment\s*(?:no\.?|number|#)?\s*(\d{1,3})|("
    + "|".join(_ORDINAL_AMENDMENT) + r")\s+amendment)\b", re.IGNORECASE | re.MULTILINE
)


def _version_in_text(head: str) -> Version | None:
    """Only what a title page says: a line opening with "Amendment No. 2" or "Third
    Amendment" near the top, or "Version 3.0" / "Revision 4" in the opening text."""
    amendment = _TITLE_AMENDMENT.search(head[:600])
    if amendment:
        number = int(amendment.group(1)) if amendment.group(1) else \
            _ORDINAL_AMENDMENT[amendment.group(2).lower()]
        return Version(f"Amendment {number}", (number,))
    version = _TEXT_VERSION.search(head[:2000])
    if version:
        label = version.group(1)
        return Version(label, tuple(int(part) for part in label.split(".")))
    return None


def _parse_version(text: str) -> Version | None:
    amendment = _AMENDMENT.search(text)
    if amendment:
        number = int(amendment.group(1))
        return Version(f"Amendment {number}", (number,))
    ordinal = _ORDINAL_RE.search(text)
    if ordinal:
        number = _ORDINAL_AMENDMENT[ordinal.group(1).lower()]
        return Version(f"Amendment {number}", (number,))
    version = _VERSION.search(text)
    if version:
        label = version.group(1)
        return Version(label, tuple(int(part) for part in label.split(".")))
    return None


def detect_version(file_name: str, head: str) -> Version:
    """The version the file name says, else the one the opening text says."""
    stem = file_name.rsplit(".", 1)[0].replace("_", " ")
    from_name = _parse_version(stem)
    from_text = _version_in_text(head)
    if from_name and from_text and from_text.key[: len(from_name.key)] == from_name.key:
        return from_text  # "v3" in the name, "Version 3.0" on the title page
    return from_name or from_text or Version(None, ())


_STRIP_FROM_FAMILY = re.compile(
    r"\bamendment\s*(?:no\.?|number|#)?\s*\d{1,3}\b|"
    r"(?:\bversion|\bver\.?|\brev(?:ision)?\.?|(?<![a-z])v)\s*[:#]?\s*\d{1,3}(?:\.\d{1,3}){0,2}\b|"
    r"\b(draft|final|signed|executed|clean|redline|copy)\b",
    re.IGNORECASE,
)


def family_key(file_name: str) -> str:
    """Name shared by all versions of one document: "Orion QAA v3.docx" -> "orion qaa"."""
    stem = file_name.rsplit(".", 1)[0]
    stem = _STRIP_FROM_FAMILY.sub(" ", stem.replace("_", " "))
    stem = _ORDINAL_RE.sub(" amendment ", stem)
    words = re.findall(r"[a-z0-9]+", stem.lower())
    return " ".join(words) or "document"


_VERSION_ONLY = re.compile(
    r"[\s_-]*(?:\bversion|\bver\.?|\brev(?:ision)?\.?|(?<![a-z])v)\s*[:#]?\s*\d{1,3}(?:\.\d{1,3}){0,2}\b",
    re.IGNORECASE,
)


def display_title(file_name: str) -> str:
    """The file name as people say it, without extension or version: "Orion QAA v3.docx" ->
    "Orion QAA" (the version is shown separately)."""
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    stem = _VERSION_ONLY.sub("", stem.replace("_", " "))
    return " ".join(stem.split()).strip(" -") or file_name
