"""The report as a person sees it: headless Chromium opens it, the charts are
drawn, markup from articles shows as text and never runs. Screenshots are
saved in the test's temporary folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.report import CSP, write_report
from ledger_fixtures import SEED, seed_ledger
from report_fixtures import chromium, hostile_ledger, injected


def _open(driver, path: Path) -> None:
    driver.get(path.resolve().as_uri())


def test_markup_from_articles_never_runs_in_the_browser(tmp_path):
    out = tmp_path / "report.html"
    write_report(hostile_ledger(tmp_path / "hostile.db"), out)
    # The same page without its Content-Security-Policy: escaping alone must hold.
    bare = tmp_path / "no-csp.html"
    html = out.read_text(encoding="utf-8")
    assert CSP in html
    bare.write_text(html.replace(CSP, "default-src *"), encoding="utf-8")
    with chromium(tmp_path) as driver:
        for page in (out, bare):
            _open(driver, page)
            found = injected(driver)
            assert found == {"pwned": None, "scripts": 0, "handlers": 0, "bad_images": 0,
                             "javascript_links": 0}, page.name
            text = driver.find_element("tag name", "body").text
            # Shown as the text it is.
            assert "<script>window.__pwned = 'script'</script>" in text
            assert "<img src=x onerror=\"window.__pwned = 'onerror'\">" in text
            assert "Evil <script>" in text  # the title whose URL is javascript: is no link
        driver.save_screenshot(str(tmp_path / "hostile.png"))
    assert (tmp_path / "hostile.png").stat().st_size > 10_000


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus/seed")
def test_report_opens_with_its_charts_drawn(tmp_path):
    ledger = seed_ledger(tmp_path / "seed.db")
    out = tmp_path / "report.html"
    result = write_report(ledger, out)
    with chromium(tmp_path, height=3000) as driver:
        _open(driver, out)
        assert driver.title == "Claims ledger: seed.db"
        charts = driver.find_elements("css selector", "svg.timeline")
        assert len(charts) == result.quantities
        # Drawn: each chart has its size on the page and its marks inside it.
        sizes = driver.execute_script(
            "return [...document.querySelectorAll('svg.timeline')].map(s => "
            "[s.getBoundingClientRect().width, s.getBoundingClientRect().height, "
            "s.querySelectorAll('.mark').length])")
        assert all(width >= 700 and height >= 250 and marks >= 1 for width, height, marks in sizes)
        killed = driver.execute_script(
            "return [...document.querySelectorAll('section.quantity')]"
            ".find(s => s.querySelector('h2 code').textContent === 'killed/Ukraine/people@russia-ukraine-war')"
            ".querySelectorAll('svg.timeline .mark').length")
        assert killed == 7
        # A mark links to its claim's row; following it highlights the row.
        target = driver.execute_script(
            "return document.querySelector('section.quantity svg.timeline a.mark')"
            ".getAttribute('href')")[1:]
        driver.get(out.resolve().as_uri() + "#" + target)
        row = driver.find_element("id", target)
        assert row.tag_name == "tr" and row.is_displayed()
        assert driver.execute_script(
            "return getComputedStyle(document.getElementById(arguments[0])).backgroundColor",
            target) != "rgba(0, 0, 0, 0)"
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 50_000


def test_split_pages_open_and_link_back(tmp_path):
    out = tmp_path / "report.html"
    result = write_report(hostile_ledger(tmp_path / "hostile.db"), out, pages="split")
    with chromium(tmp_path) as driver:
        _open(driver, out)
        link = driver.find_element("css selector", "#all + table a")
        link.click()
        assert "report-quantities/" in driver.current_url
        assert driver.find_elements("css selector", "svg.timeline")
        assert injected(driver)["pwned"] is None
        driver.find_element("link text", "← all quantities").click()
        assert driver.current_url == out.resolve().as_uri()
    assert 1 < len(result.files) <= 1 + result.quantities  # the overview and a page per event
