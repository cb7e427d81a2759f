"""Cell marks in responsibility matrices: X, check marks, circles, RACI letters, P/S, Both."""

from __future__ import annotations

import re

_FOOTNOTE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+$|\(\d\)$|\[\d\]$|(?<=[A-Za-z✓✔●■☒☑xX])\d$")
_YES = {"X", "✓", "✔", "●", "■", "☒", "☑", "⊠", "YES", "Y", "√", "•", "◉", "⬤", "XX"}
_NO = {"", "-", "–", "—", "N/A", "NA", "N.A.", "NO", "N", "○", "◯", "0"}
RACI = {"R", "A", "C", "I"}


def normalise_mark(cell: str) -> str:
    return _FOOTNOTE.sub("", (cell or "").strip()).strip().upper()


# What a legend says a mark means: "◎ = responsible / decides · ○ = performs or contributes ·
# △ = receives information · 要協議 = to be discussed · — = not assigned"
_LEGEND_PAIR = re.compile(r"(?:^|[·;|,\n]|\s{2,}|\s)\s*(?P<mark>[^\s=:·;|]{1,6})\s*(?:=|:)\s*"
                          r"(?P<meaning>[^·;|\n=]{3,80}?)(?=\s*(?:[·;|\n]|$|\s[^\s=:·;|]{1,6}"
                          r"\s*(?:=|:)\s))")
_UNDECIDED = re.compile(r"\b(?:to\s+be\s+(?:discussed|agreed|defined|decided|confirmed)|tbd|"
                        r"tba|not\s+(?:assigned|applicable|involved)|open|undecided|none|n/?a)\b",
                        re.IGNORECASE)
_MEANINGS = (
    (re.compile(r"\b(?:inform\w*|receives?\s+information|notified|kept\s+informed|copy)\b",
                re.IGNORECASE), ["I"]),
    (re.compile(r"\b(?:consult\w*|contribut\w*|supports?|support(?:ing)?|assists?|"
                r"secondary|participat\w*|input|performs?\s+or\s+contribut\w*)\b",
                re.IGNORECASE), ["C"]),
    (re.compile(r"\baccountable\b", re.IGNORECASE), ["A"]),
    (re.compile(r"\b(?:responsible|decides?|lead|owner|owns|primary|performs?|executes?|"
                r"approves?)\b", re.IGNORECASE), [None]),
)
Legend = dict[str, list[str | None] | None]


def read_legend(text: str) -> Legend:
    """The marks a legend line defines, as read_mark reads them: {"◎": [None], "○": ["C"],
    "△": ["I"], "要協議": None}. Fewer than two definitions is not a legend."""
    legend: Legend = {}
    for m in _LEGEND_PAIR.finditer(text):
        mark, meaning = normalise_mark(m.group("mark")), m.group("meaning").strip()
        if (len(mark) > 4 and mark.isascii()) or mark in RACI:
            continue  # a word ("Note: ..."), not a mark; RACI letters keep their letter
        if _UNDECIDED.search(meaning):
            legend[mark] = None
            continue
        letters = next((found for pattern, found in _MEANINGS if pattern.search(meaning)), False)
        if letters is not False:
            legend[mark] = letters
    return legend if len(legend) >= 2 else {}


def read_mark(cell: str, legend: Legend | None = None) -> list[str | None] | None:
    """What a matrix cell says about its party.

    Returns None when the party has no part; otherwise the RACI letters it holds, where a
    plain mark (X, ✓, ●, P) is [None] (responsible, no letter) and S (support) is ["C"]. A
    legend printed with the table says what its own marks mean, and it wins.
    """
    mark = normalise_mark(cell)
    if legend and mark in legend:
        return legend[mark]
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


def is_mark(cell: str, legend: Legend | None = None) -> bool:
    """True when a cell looks like a mark rather than a name or a sentence."""
    mark = normalise_mark(cell)
    return mark in _NO or bool(legend and mark in legend) or read_mark(cell) is not None or \
        mark in ("BOTH", "JOINT")
