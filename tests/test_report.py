"""The HTML report: what it shows, that it needs nothing from outside, and
that article text is escaped (the browser test proves it in Chromium)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger import charts
from claimledger.cli import cli
from claimledger.quantities import list_quantities, open_ledger
from claimledger.report import SINGLE_PAGE_CLAIMS, UnknownQuantity, safe_url, slug, write_report
from ledger_fixtures import SEED, seed_ledger
from report_fixtures import ONERROR, ONLOAD, SCRIPT, hostile_ledger

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus/seed")


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    return seed_ledger(tmp_path / "seed.db")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_ledger(tmp_path / "hostile.db")


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="quantity" id="([^"]+)">', html)


@needs_seed
def test_seed_report_shows_every_quantity_with_its_chart_conflicts_and_claims(seed, tmp_path):
    out = tmp_path / "report.html"
    result = write_report(seed, out)
    html = out.read_text(encoding="utf-8")
    quantities = list_quantities(open_ledger(seed))
    assert result.files == [out] and result.quantities == len(quantities)
    assert len(sections(html)) == len(quantities)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"') == len(quantities)
    # Every claim has its row, found by its id.
    assert len(re.findall(r'<tr id="c\d+">', html)) == 18 == result.claims
    # The seed's story: Zelensky disputes Putin, Macgregor is out of line, US officials' 70,000 falls.
    assert "One source rejects another&#x27;s figure." in html
    assert "Sources contradict each other." in html and "A running total falls." in html
    assert "Volodymyr Zelensky rejects Vladimir Putin" in html
    # Who said it, through whom, and where.
    assert "US officials <span class=\"meta\">via New York Times</span>" in html
    assert "disputed by Volodymyr Zelensky" in html
    assert "paris-summit:1483-1489" in html
    # The overview comes first: the widest spread and most voices, then the quantities.
    assert html.index('id="widest"') < html.index('id="voices"') < html.index('class="quantity"')


@needs_seed
def test_report_needs_nothing_from_outside(seed, tmp_path):
    out = tmp_path / "report.html"
    write_report(seed, out)
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and "<iframe" not in html
    assert not re.search(r'\ssrc="(?!data:)', html), "nothing is loaded from anywhere"
    assert "@import" not in html and "url(" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # Links go within the page, or out to an article (the seed gives none a URL).
    links = re.findall(r'href="([^"]*)"', html)
    assert links and all(link.startswith(("#", "https://", "http://")) for link in links)


def test_markup_in_the_ledger_is_escaped_everywhere(hostile, tmp_path):
    out = tmp_path / "report.html"
    write_report(hostile, out)
    html = out.read_text(encoding="utf-8")
    for markup in (SCRIPT, ONERROR, ONLOAD):
        assert markup not in html
    assert "&lt;script&gt;window.__pwned = &#x27;script&#x27;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;window.__pwned = &#x27;onerror&#x27;&quot;&gt;" in html
    assert "<script" not in html and "onerror=\"" not in html and "onload=\"" not in html
    assert 'href="javascript' not in html  # the title of the document with a javascript: URL is plain text
    assert "Evil &lt;script&gt;" in html


def test_only_web_urls_become_links():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url(" http://example.org ") == "http://example.org"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x",
                "//example.org", "https://example.org/\"onmouseover=x", None, ""):
        assert safe_url(bad) is None


@needs_seed
def test_one_quantity_only(seed, tmp_path):
    out = tmp_path / "one.html"
    result = write_report(seed, out, quantity_ids=["killed/Ukraine/people@russia-ukraine-war"])
    html = out.read_text(encoding="utf-8")
    assert result.quantities == 1 and result.claims == 7
    assert sections(html) == [f"q-{slug('killed/Ukraine/people@russia-ukraine-war')}"]
    with pytest.raises(UnknownQuantity, match="no quantity 'killed/Mars/people'"):
        write_report(seed, out, quantity_ids=["killed/Mars/people"])


@needs_seed
def test_split_report_has_one_self_contained_page_per_event(seed, tmp_path):
    out = tmp_path / "site" / "report.html"
    out.parent.mkdir()
    result = write_report(seed, out, pages="split")
    folder = tmp_path / "site" / "report-quantities"
    pages = sorted(folder.glob("*.html"))
    assert len(pages) == len(result.files) - 1 < result.quantities
    overview = out.read_text(encoding="utf-8")
    assert not sections(overview), "the overview holds no quantity section when split"
    shown = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and 'href="../report.html"' in html
        for anchor in sections(html):
            assert anchor not in shown, "each quantity on one page only"
            shown[anchor] = page.name
            assert f'href="report-quantities/{page.name}#{anchor}"' in overview
    assert len(shown) == result.quantities
    # The war's quantities share its page, titled by the event's label.
    war = {a for a, name in shown.items() if "russia-ukraine-war" in a}
    assert len(war) >= 2 and len({shown[a] for a in war}) == 1
    war_page = (folder / shown[war.pop()]).read_text(encoding="utf-8")
    assert re.search(r"<h1>[^<]*war[^<]*</h1>", war_page, re.I)
    # A conflict names claims of other quantities on the same page by anchor alone.
    assert re.search(r'href="#c\d+"', war_page)


def test_auto_splits_beyond_the_single_page_size(hostile, tmp_path, monkeypatch):
    monkeypatch.setattr("claimledger.report.SINGLE_PAGE_CLAIMS", 3)
    result = write_report(hostile, tmp_path / "r.html")
    pages = result.files[1:]
    assert pages, "split beyond the single-page size"
    for page in pages:  # no page holds more than the limit, unless one quantity alone does
        html = page.read_text(encoding="utf-8")
        rows = len(re.findall(r'<tr id="c\d+"', html))
        assert rows <= 3 or len(sections(html)) == 1
    assert sum(len(sections(p.read_text(encoding="utf-8"))) for p in pages) == result.quantities
    assert SINGLE_PAGE_CLAIMS >= 1000


def test_pages_group_quantities_by_event():
    from claimledger.quantities import Quantity
    from claimledger.quantities import event_of
    from claimledger.report import QuantityView, paginate

    assert event_of("killed/-/people@quake-2024-06-01/in-Malatya") == "quake-2024-06-01"
    assert event_of("killed/-/people@doc:story-17") is None and event_of("killed/-/people") is None
    views = [QuantityView(Quantity(qid, n, [], None, None, None, None), [object()] * n) for qid, n in (
        ("killed/Ukraine/people@war", 4), ("killed/-/people@quake/in-Malatya", 2),
        ("wounded/Ukraine/people@war", 3), ("killed/-/people@doc:a", 1), ("cost/-/USD@doc:b", 1),
        ("killed/-/people@quake/in-Hatay", 2))]
    pages = paginate(views, "r-quantities", {"war": "The war"}, most_claims=5)
    titles = [(p.title, [v.quantity.id.split("@")[0] for v in p.views]) for p in pages]
    assert titles == [("The war (1)", ["killed/Ukraine/people"]), ("The war (2)", ["wounded/Ukraine/people"]),
                      ("quake", ["killed/-/people", "killed/-/people"]), ("killed, no event", ["killed/-/people"]),
                      ("cost, no event", ["cost/-/USD"])]
    assert all(v.page == p.name and p.name.startswith("r-quantities/") for p in pages for v in p.views)
    assert len({p.name for p in pages}) == len(pages)


def test_chart_draws_each_kind_of_claim_as_such(hostile, tmp_path):
    out = tmp_path / "report.html"
    write_report(hostile, out, quantity_ids=["killed/Ukraine/people@story"])
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="timeline".*?</svg>',
                    out.read_text(encoding="utf-8")).group(0)
    marks = re.findall(r'<a href="#c\d+" class="mark">.*?</a>', svg)
    assert len(marks) == 5  # five claims with a time and a figure
    assert '<circle' in svg and 'fill="#fff"' in svg  # a stated figure, and an approximate one (a ring)
    assert 'fill-opacity="0.8"' in svg  # the range 1,000-3,000 as a bar
    assert charts.DISPUTED_COLOUR in svg  # the disputed 9,000 crossed out
    assert "projected (not in the band)" in svg  # the projection in its own panel
    assert '<g class="band">' in svg  # the fused low/best/high of a month
    assert 'stroke-opacity="0.55"' in svg  # "2024" and "2024-03": the month or year they cover


def test_chart_scales():
    assert charts.date_span("2024-02") == (charts.date(2024, 2, 1).toordinal(),
                                           charts.date(2024, 2, 29).toordinal())
    assert charts.date_span("2024")[1] - charts.date_span("2024")[0] == 365
    assert charts.date_span("2024-13") is None and charts.date_span(None) is None
    assert charts.nice_ticks(0, 95) == [0, 20, 40, 60, 80]
    assert charts.log_ticks(10, 1000) == [10, 20, 50, 100, 200, 500, 1000]
    assert [charts.short_number(x) for x in (950, 1200, 31000, 1.5e6, 2e9)] == \
        ["950", "1.2k", "31k", "1.5M", "2B"]
    # Tolls that differ by factors get a log scale; close ones a linear one from zero.
    assert charts._y_scale([31_000, 1_000_000], 0, 100)[2] is True
    assert charts._y_scale([31_000, 70_000], 0, 100)[2] is False


@needs_seed
def test_report_command(seed, tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(seed), "-o", str(out),
                                      "--quantity", "killed/Ukraine/people@russia-ukraine-war", "--pages", "one"])
    assert result.exit_code == 0, result.output
    assert "1 quantities, 7 claims" in result.output and out.exists()
    missing = CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "none.db"), "-o", str(out)])
    assert missing.exit_code != 0 and "none.db" in missing.output and "Traceback" not in missing.output
    unknown = CliRunner().invoke(cli, ["report", "--db", str(seed), "--quantity", "nope"])
    assert unknown.exit_code != 0 and "no quantity 'nope'" in unknown.output
