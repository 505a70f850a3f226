"""Shared by the report and serve tests: a ledger with hostile text in every
field, and a headless Chromium driven through Selenium and Debian's chromedriver."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ledger_fixtures import make_ledger

# Flags for this closed network: no background connections, no sandbox (root in a container).
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage")

# Each would set window.__pwned if it ran.
SCRIPT = "<script>window.__pwned = 'script'</script>"
ONERROR = "<img src=x onerror=\"window.__pwned = 'onerror'\">"
ONLOAD = "<svg onload=\"window.__pwned = 'onload'\">"
HOSTILE_SENTENCE = f"Officials said 1,200 soldiers died. {SCRIPT} {ONERROR}"


def hostile_ledger(path: Path) -> Path:
    """Two documents whose titles, URLs, speakers, groups and sentences carry markup."""
    documents = [
        {"id": "evil", "title": f"Evil {SCRIPT}", "published": "2024-03-10",
         "url": "javascript:window.__pwned='link'"},
        {"id": "fine", "title": "A plain report", "published": "2024-04-02",
         "url": "https://example.org/plain"},
    ]
    claims = [
        {"doc": "evil", "start": 15, "end": 20, "text": "1,200", "value": 1200.0,
         "measure": "killed", "group": "Ukraine", "speaker": f"Officials {ONERROR}",
         "speaker_kind": "anonymous", "via": f"Wire {ONLOAD}", "as_of": "2024-03",
         "sentence": HOSTILE_SENTENCE},
        {"doc": "evil", "start": 40, "end": 45, "text": "9,000", "value": 9000.0,
         "measure": "killed", "group": "Ukraine", "speaker": "Critic", "speaker_kind": "person",
         "disputed_by": f"Officials {SCRIPT}", "as_of": "2024-03",
         "sentence": f"The critic said 9,000. {ONLOAD}"},
        {"doc": "fine", "start": 10, "end": 15, "text": "2,000", "value": 2000.0, "approx": True,
         "measure": "killed", "group": "Ukraine", "speaker": "Ministry", "speaker_kind": "organization",
         "as_of": "2024-04", "sentence": "The ministry said about 2,000 had died."},
        {"doc": "fine", "start": 30, "end": 45, "text": "1,000-3,000", "low": 1000.0, "high": 3000.0,
         "measure": "killed", "group": "Ukraine", "speaker": "Monitors", "speaker_kind": "organization",
         "as_of": "2024", "sentence": "Monitors put it at 1,000-3,000."},
        {"doc": "fine", "start": 50, "end": 60, "text": "at least 500", "value": 500.0, "low": 500.0,
         "measure": "wounded", "group": f"Side {ONERROR}", "speaker": "Ministry",
         "speaker_kind": "organization", "as_of": "2024-04-01",
         "sentence": "At least 500 were wounded."},
        {"doc": "fine", "start": 70, "end": 80, "text": "5,000", "value": 5000.0,
         "measure": "killed", "group": "Ukraine", "speaker": "Ministry", "speaker_kind": "organization",
         "projected": True, "as_of": "2024-12", "sentence": "It could reach 5,000 by December."},
    ]
    return make_ledger(path, documents, claims)


def browser_available() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


@contextmanager
def chromium(tmp_path: Path, width: int = 1280, height: int = 1600) -> Iterator[object]:
    """A headless Chromium (Debian's, through its chromedriver), closed afterwards.
    Skipped where it is not installed, except in CI, where .ci/run installs it."""
    found = browser_available()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are missing: .ci/run installs them")
        pytest.skip("chromium and chromedriver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(service=Service(executable_path=found[1]), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def injected(driver: object) -> dict:
    """What injected markup could have done in the page: whether any of it ran,
    and the elements and attributes it would have needed."""
    return driver.execute_script("""
        return {
            pwned: window.__pwned === undefined ? null : window.__pwned,
            scripts: document.querySelectorAll('script').length,
            handlers: document.querySelectorAll('[onerror],[onload],[onmouseover],[onclick]').length,
            bad_images: document.querySelectorAll('img[src="x"]').length,
            javascript_links: document.querySelectorAll('a[href^="javascript" i]').length,
        };""")
