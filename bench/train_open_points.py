"""Train the learned reading of notes' open points (ingest/extract/learned_reader.py) and
measure it honestly. Prints JSON; with --write, saves the model to
ingest/extract/data/open_point_classifier.json.

Training data: every line of every note in bench/data/roadblocks*/ except the holdout set
(bench/roadblocks_eval.HOLDOUT), as the note reader sees them. A line is an open point when it
holds a labelled `raised` phrase; decoys and every other line are not.

Measured by leaving one labelled set out at a time: trained on the others, the held-out set's
lines are scored. Reported per threshold: line precision and recall, the lines the rules do not
read that it adds (right / wrong), and the roadblocks the rules miss on every line that it
finds. The threshold written is the lowest whose held-out line precision is at least
TARGET_PRECISION.

    python -m bench.train_open_points [--write]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

import numpy as np

from bench.common import ROOT
from bench.roadblocks_eval import DATA, HOLDOUT, _matches
from ingest.extract.learned_reader import MODEL_PATH, OpenPointClassifier, embed_lines, train
from ingest.extract.open_points import note_lines, read_open_points
from ingest.loaders import load
from knowledge.embeddings import SentenceTransformerEmbeddings

THRESHOLDS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
TARGET_PRECISION = 0.89
NOTE_SUFFIXES = {".md", ".txt", ".eml", ".docx", ".pdf", ".vtt", ".csv", ".xlsx"}


@dataclass
class Line:
    labelled_set: str
    text: str
    open_point: bool
    read_by_rules: bool
    roadblocks: list[str]


def labelled_sets() -> list[str]:
    return sorted(p.name for p in DATA.iterdir()
                  if p.is_dir() and p.name.startswith("roadblocks") and p.name != HOLDOUT
                  and (p / "labels.json").exists())


def lines_of(name: str) -> list[Line]:
    spec = json.loads((DATA / name / "labels.json").read_text())
    out = []
    for project, labels in spec["projects"].items():
        for path in sorted((DATA / name / project).iterdir()):
            if path.suffix.lower() not in NOTE_SUFFIXES or path.name == labels.get("qaa_file"):
                continue
            blocks = load(path, max_bytes=10**8).blocks
            read = {" ".join(i.quote.split()) for i in read_open_points(blocks)}
            for line, _ in note_lines(blocks):
                text = " ".join(line.split())
                ids = [r["id"] for r in labels["roadblocks"] for phrase in r["raised"]
                       if phrase["file"] == path.name and _matches(text, phrase["phrase"])]
                out.append(Line(name, text, bool(ids),
                                any(text in q or q in text for q in read), ids))
    return out


def measure(lines: list[Line], probabilities: np.ndarray, threshold: float) -> dict:
    picked = probabilities >= threshold
    right = sum(p and line.open_point for p, line in zip(picked, lines, strict=True))
    wrong = sum(p and not line.open_point for p, line in zip(picked, lines, strict=True))
    positives = sum(line.open_point for line in lines)
    added = [(line.open_point) for p, line in zip(picked, lines, strict=True)
             if p and not line.read_by_rules]
    by_roadblock: dict[str, list[bool]] = {}
    for p, line in zip(picked, lines, strict=True):
        for rid in line.roadblocks:
            seen = by_roadblock.setdefault(f"{line.labelled_set}/{rid}", [False, False])
            seen[0] |= line.read_by_rules
            seen[1] |= bool(p)
    missed = [k for k, (rules, _) in by_roadblock.items() if not rules]
    return {"threshold": threshold,
            "line_precision": round(right / (right + wrong), 3) if right + wrong else None,
            "line_recall": round(right / positives, 3) if positives else None,
            "added_right": sum(added), "added_wrong": len(added) - sum(added),
            "roadblocks_rules_miss": len(missed),
            "of_which_found": sum(by_roadblock[k][1] for k in missed)}


def main() -> None:
    embeddings = SentenceTransformerEmbeddings()
    sets = labelled_sets()
    lines = [line for name in sets for line in lines_of(name)]
    vectors = embed_lines(embeddings, [line.text for line in lines])
    labels = np.array([1.0 if line.open_point else 0.0 for line in lines])
    held_out = np.zeros(len(lines))
    for name in sets:  # leave one labelled set out at a time
        mask = np.array([line.labelled_set == name for line in lines])
        weights, bias = train(vectors[~mask], labels[~mask])
        held_out[mask] = 1.0 / (1.0 + np.exp(-(vectors[mask] @ weights + bias)))
    results = [measure(lines, held_out, t) for t in THRESHOLDS]
    chosen = next((r["threshold"] for r in results
                   if (r["line_precision"] or 0) >= TARGET_PRECISION), THRESHOLDS[-1])
    weights, bias = train(vectors, labels)
    meta = {"sets": sets, "lines": len(lines), "open_point_lines": int(labels.sum()),
            "held_out_at_threshold": next(r for r in results if r["threshold"] == chosen)}
    report = {"benchmark": "open_point_classifier", "sets": sets, "lines": len(lines),
              "open_point_lines": int(labels.sum()), "leave_one_set_out": results,
              "chosen_threshold": chosen}
    if "--write" in sys.argv:
        OpenPointClassifier(weights=weights, bias=bias, threshold=chosen,
                            embedding_model="all-MiniLM-L6-v2", meta=meta).save(MODEL_PATH)
        report["written"] = str(MODEL_PATH.relative_to(ROOT))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
