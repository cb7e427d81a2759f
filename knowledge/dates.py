"""Dates as people write them in notes and agreements: "2026-03-10", "10 March 2026",
"March 10, 2026", "14 Oct" (the year taken from the document), "10/03/2026" (day first)."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_ISO = re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{_MONTH}(?:,?[\s-]+(20\d\d))?\b",
                        re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(20\d\d))?\b",
                        re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](20\d\d)\b")
_DATE_LINE = re.compile(r"^\s*(?:date|meeting date|held on|sent)\s*:?\s*(.{6,60})$",
                        re.IGNORECASE | re.MULTILINE)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, *, default_year: int | None = None) -> date | None:
    """The first date written in text; None when there is none (or no year can be known)."""
    found: list[tuple[int, date]] = []
    if (match := _ISO.search(text)) and (
            value := _make(int(match[1]), int(match[2]), int(match[3]))):
        found.append((match.start(), value))
    if match := _DAY_MONTH.search(text):
        year = int(match[3]) if match[3] else default_year
        if year and (value := _make(year, _MONTHS[match[2][:3].lower()], int(match[1]))):
            found.append((match.start(), value))
    if match := _MONTH_DAY.search(text):
        year = int(match[3]) if match[3] else default_year
        if year and (value := _make(year, _MONTHS[match[1][:3].lower()], int(match[2]))):
            found.append((match.start(), value))
    if (match := _NUMERIC.search(text)) and (
            value := _make(int(match[3]), int(match[2]), int(match[1]))):
        found.append((match.start(), value))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def document_date(file_name: str, head: str, metadata: dict[str, str] | None = None
                  ) -> date | None:
    """When a document was written: an e-mail's Date header, a date in the file name, a
    "Date:" line, else the first date in the opening text."""
    header = (metadata or {}).get("date")
    if header:
        try:
            return parsedate_to_datetime(header).date()
        except (TypeError, ValueError):
            pass
    if value := parse_date(file_name.rsplit(".", 1)[0]):
        return value
    if (line := _DATE_LINE.search(head)) and (value := parse_date(line.group(1))):
        return value
    return parse_date(head[:600])
