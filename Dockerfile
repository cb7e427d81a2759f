# Concord: the same install steps as `make install`, CPU-only torch, bundled model.
FROM python:3.11-slim

# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 concord
WORKDIR /app
COPY --chown=concord:concord . /app

# CPU wheel of torch from PyTorch's CPU index (a plain `torch` would pull CUDA builds).
ENV VENV=/opt/venv \
    PIP_TORCH_ARGS="--index-url https://download.pytorch.org/whl/cpu" \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    CONCORD_HOME=/data \
    CONCORD_HOST=0.0.0.0 \
    CONCORD_PORT=8000

RUN make install VENV=/opt/venv \
    && mkdir -p /data && chown concord:concord /data /opt/venv/.concord-installed

ENV PATH="/opt/venv/bin:${PATH}"
USER 10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
CMD ["concord", "serve"]
