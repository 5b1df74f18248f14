"""The HTML report as the officer and councillors see it: opened in real headless Chromium."""
import csv
import re
import shutil

import pytest

from analytics.synthetic import write_csv
from bot.cli import main
from bot.redaction import redact

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = re.compile(r"(?:\+44\s?|0)\d(?:[\s-]?\d){8,10}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    if not shutil.which("chromium") and not __import__("os").path.exists(CHROMIUM):
        pytest.fail("Chromium is needed for this test: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("html")
    answers = write_csv(folder / "answers.csv", 500)
    with answers.open("a", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        for number in range(6):  # personal details people really type into feedback
            writer.writerow([f"pii{number}", f"The bus is late, ring me on 07700 900{number:03d} or email "
                             f"mum{number}@example.com. Jack Smith lives at LE11 3AB.", "not_working", "parent",
                             "", "Blaby", "", "2025-05-01", f"p{number}"])
    report = folder / "report.html"
    assert main(["report", "--input", str(answers), "-o", str(report)]) == 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report.as_uri())
        yield page, report, answers, requests
        browser.close()


def test_the_report_renders_with_its_charts_and_sections(report_page):
    page, _report, _answers, requests = report_page
    assert page.locator("h1").inner_text() == "What families told us"
    headings = page.locator("h2").all_inner_texts()
    assert headings[:3] == ["What's working well", "What's not working well", "What needs to happen"]
    assert "How this was made" in headings
    charts = page.locator("svg.chart")
    assert charts.count() >= 6  # a ranking and a monthly trend for each question
    box = charts.first.bounding_box()
    assert box["width"] > 200 and box["height"] > 50
    assert charts.first.locator("rect").count() >= 3
    assert page.locator("blockquote").count() >= 9
    assert all(not url.startswith("http") for url in requests)  # one self-contained file: nothing fetched


def test_no_quote_is_longer_than_what_the_person_wrote(report_page):
    page, _report, answers, _requests = report_page
    with answers.open(encoding="utf-8", newline="") as stream:
        originals = [row["text"] for row in csv.DictReader(stream)]
    redacted = [redact(text) for text in originals]
    for quote in page.locator("blockquote").all_inner_texts():
        quote = quote.strip().strip("\u201c\u201d")
        sources = [original for original, clean in zip(originals, redacted) if quote in clean]
        assert sources, f"not anyone's words: {quote}"
        assert any(len(quote) <= len(original) for original in sources)


def test_no_phone_number_or_email_anywhere(report_page):
    page, report, _answers, _requests = report_page
    visible = page.locator("body").inner_text()
    source = report.read_text(encoding="utf-8")
    for text in (visible, source):
        assert not PHONE.search(text) and not EMAIL.search(text)
        assert "Jack Smith" not in text and "LE11 3AB" not in text
    assert "[phone]" in source  # the quotes kept their shape, with the details taken out


def test_it_reads_on_a_phone_and_prints(report_page):
    page, _report, _answers, _requests = report_page
    page.set_viewport_size({"width": 375, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    assert page.locator("svg.chart").first.bounding_box()["width"] <= 375
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('h2:not(.first)')).breakBefore") == "page"
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details')].every(details => details.open)")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
