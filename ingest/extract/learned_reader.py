"""A learned second reading of meeting notes: which lines state an open point.

The rules in `ingest.extract.open_points` read the phrasings they know ("not agreed", "X
disagrees", "who writes it?"). People find new ones every week ("she expects an OOT
investigation", "our SOP can't run an OOT without limits"). This classifier is a logistic
regression over the bundled sentence embedding of a line, trained on the labelled notes in
`bench/data/roadblocks*` (open-point phrases against decoys and plain lines; the holdout set is
never used). It only adds lines the rules did not read, and only above a high threshold chosen
for precision: a line it picks is quoted as written, like any other open point.

`bench/train_open_points.py` trains it, measures it leaving one labelled set out at a time, and
writes `ingest/extract/data/open_point_classifier.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.extract.open_points import LineReader, clean

MODEL_PATH = Path(__file__).parent / "data" / "open_point_classifier.json"


@dataclass(frozen=True)
class OpenPointClassifier:
    weights: np.ndarray
    bias: float
    threshold: float
    embedding_model: str
    meta: dict[str, Any]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> OpenPointClassifier | None:
        """The shipped classifier, or None when there is none."""
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        return cls(weights=np.asarray(data["weights"], dtype=np.float32),
                   bias=float(data["bias"]), threshold=float(data["threshold"]),
                   embedding_model=data["embedding_model"], meta=data.get("meta", {}))

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps({
            "embedding_model": self.embedding_model, "threshold": self.threshold,
            "bias": round(self.bias, 6), "meta": self.meta,
            "weights": [round(float(w), 6) for w in self.weights]}, indent=1) + "\n")

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """P(open point) per row of L2-normalised line vectors."""
        if vectors.size == 0 or vectors.shape[1] != self.weights.shape[0]:
            return np.zeros(len(vectors), dtype=np.float32)
        return 1.0 / (1.0 + np.exp(-(vectors @ self.weights + self.bias)))


def train(vectors: np.ndarray, labels: np.ndarray, *, l2: float = 0.1,
          iterations: int = 3000, rate: float = 4.0) -> tuple[np.ndarray, float]:
    """Logistic regression by full-batch gradient descent: deterministic, no extra library."""
    weights = np.zeros(vectors.shape[1], dtype=np.float64)
    bias = 0.0
    n = len(labels)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(vectors @ weights + bias)))
        error = p - labels
        weights -= rate * (vectors.T @ error / n + l2 * weights / n)
        bias -= rate * float(error.mean())
    return weights.astype(np.float32), bias


def embed_lines(embeddings: Embeddings, lines: list[str]) -> np.ndarray:
    """Unit vectors of lines as the classifier reads them: list markers and labels cleaned."""
    if not lines:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = np.asarray(embeddings.embed_documents([clean(line)[0] for line in lines]),
                         dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


class LearnedNoteReader:
    """A `LineReader` for `read_open_points`: the numbers of the lines the classifier is sure
    state an open point."""

    def __init__(self, embeddings: Embeddings, classifier: OpenPointClassifier) -> None:
        self.embeddings = embeddings
        self.classifier = classifier

    def __call__(self, lines: list[str]) -> set[int]:
        probabilities = self.classifier.probabilities(embed_lines(self.embeddings, lines))
        return {i for i, p in enumerate(probabilities) if p >= self.classifier.threshold}


class UnionReader:
    """Several line readers at once (the learned one and an LLM): every line any one picks."""

    def __init__(self, *readers: LineReader) -> None:
        self.readers = readers

    def __call__(self, lines: list[str]) -> set[int]:
        return set().union(*(reader(lines) for reader in self.readers))
