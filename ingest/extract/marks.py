"""Cell marks in responsibility matrices: X, check marks, circles, RACI letters, P/S, Both."""

from __future__ import annotations

import re

_FOOTNOTE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+$|\(\d\)$|\[\d\]$|(?<=[A-Za-z✓✔●■☒☑xX])\d$")
_YES = {"X", "✓", "✔", "●", "■", "☒", "☑", "⊠", "YES", "Y", "√", "•", "◉", "⬤", "XX"}
_NO = {"", "-", "–", "—", "N/A", "NA", "N.A.", "NO", "N", "○", "◯", "0"}
RACI = {"R", "A", "C", "I"}


def normalise_mark(cell: str) -> str:
    return _FOOTNOTE.sub("", (cell or "").strip()).strip().upper()


def read_mark(cell: str) -> list[str | None] | None:
    """What a matrix cell says about its party.

    Returns None when the party has no part; otherwise the RACI letters it holds, where a
    plain mark (X, ✓, ●, P) is [None] (responsible, no letter) and S (support) is ["C"].
    """
    mark = normalise_mark(cell)
    if mark in _NO:
        return None
    if mark in _YES or mark in ("P", "PRIMARY", "LEAD", "RESPONSIBLE"):
        return [None]
    if mark in ("S", "SUPPORT", "SUPPORTS"):
        return ["C"]
    letters = [part for part in re.split(r"[/,+ &]+", mark) if part]
    if letters and all(part in RACI for part in letters):
        return list(dict.fromkeys(letters))
    if re.fullmatch(r"[RACI]{2,4}", mark):
        return list(dict.fromkeys(mark))
    return None


def is_mark(cell: str) -> bool:
    """True when a cell looks like a mark rather than a name or a sentence."""
    mark = normalise_mark(cell)
    return mark in _NO or read_mark(cell) is not None or mark in ("BOTH", "JOINT")
