"""The local console: the real Bolt app behind a page that looks like a Slack channel,
driven over HTTP and in a real headless Chromium."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.runtime import Runtime
from bot.web import create_app
from tests.conftest import make_settings
from tests.fakes import HashingEmbeddings
from tests.servers import serve

QAA = ('# Orion Quality Agreement\n\nBetween Aldebaran Bio, Inc. ("Aldebaran", the "Customer") '
       'and Vesta Pharma Services GmbH ("Vesta", the "Manufacturer").\n\n'
       "## 10.2 Recall\n\nAldebaran decides on any recall of the Product.\n")


@pytest.fixture
def console(tmp_path: Path) -> Iterator[str]:
    runtime = Runtime(settings=make_settings(tmp_path / "home"), embeddings=HashingEmbeddings())
    (tmp_path / "qaa.md").write_text(QAA)
    runtime.ingestor.run([tmp_path / "qaa.md"], project="orion")
    with serve(lambda base: create_app(runtime=runtime, warm=False,
                                       console_base_url=base)) as base:
        yield base


def _wait_for(base: str, channel: str, predicate, timeout: float = 20.0) -> list[dict]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        messages = httpx.get(f"{base}/console/messages", params={"channel": channel}).json()
        if predicate(messages["messages"]):
            return messages["messages"]
        time.sleep(0.1)
    raise AssertionError(f"no matching message in {channel}")


def test_console_runs_the_real_slack_path(console: str) -> None:
    health = httpx.get(f"{console}/healthz").json()
    assert health["console"] is True and health["slack"] is False
    sent = httpx.post(f"{console}/console/send",
                      json={"channel": "C0CONSOLE", "text": "/concord owner recall of the product"})
    assert sent.json()["ok"] is True
    messages = _wait_for(console, "C0CONSOLE", lambda ms: any(m["user"] == "Concord" for m in ms))
    reply = next(m for m in messages if m["user"] == "Concord")
    assert "*Aldebaran* (sponsor)" in str(reply["blocks"])
    mention = httpx.post(f"{console}/console/send", json={
        "channel": "C0CONSOLESHARED", "text": "@Concord who decides on any recall of the product?"})
    assert mention.json()["ok"] is True
    shared = _wait_for(console, "C0CONSOLESHARED",
                       lambda ms: any(m["user"] == "Concord" for m in ms))
    answer = str(next(m for m in shared if m["user"] == "Concord"))
    assert "Aldebaran decides" not in answer  # the shared channel sees no internal document
    bad = httpx.post(f"{console}/console/send", json={"channel": "C0ELSEWHERE", "text": "hi"})
    assert bad.status_code == 422


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("Chromium and chromedriver are not installed (Debian packages chromium, "
                    "chromium-driver; .ci/run installs them)")
    return browser, driver


def test_console_in_a_headless_browser(console: str, tmp_path: Path) -> None:
    browser, driver = _chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", f"--user-data-dir={tmp_path / 'chrome'}"):
        options.add_argument(flag)
    page = webdriver.Chrome(service=Service(driver), options=options)
    try:
        page.get(f"{console}/console")
        box = page.find_element(By.ID, "text")
        box.send_keys("/concord owner recall of the product", Keys.ENTER)
        WebDriverWait(page, 30).until(expected_conditions.text_to_be_present_in_element(
            (By.ID, "log"), "Aldebaran"))
        log = page.find_element(By.ID, "log")
        assert "sponsor" in log.text
        bold = log.find_elements(By.CSS_SELECTOR, ".msg b")
        assert any(b.text == "Aldebaran" for b in bold)  # mrkdwn rendered, not raw
        page.save_screenshot(str(tmp_path / "console.png"))
        assert (tmp_path / "console.png").stat().st_size > 1000
    finally:
        page.quit()
