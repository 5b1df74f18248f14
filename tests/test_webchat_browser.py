"""The web chat in real headless Chromium against the real running assistant: a young person's conversation,
keyboard use, 400% zoom, reload, "Start again", HTML injection, and an axe-core accessibility check."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
# As root, in a sandbox with no network: no Chrome sandbox, no GPU, and no background calls to Google.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WELCOME = "the council's chat helper"
HELP_REPLY = "I can tell you about SEND help"
BOT_REPLY = "computer assistant"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("!!! BROWSER TESTS SKIPPED: /usr/bin/chromium is missing and `make test` could not install "
                    "Debian's chromium package (apt-get install -y chromium). The web chat is NOT tested. !!!")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, assistant):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{assistant.url}/webhooks/webchat/")
    yield page
    context.close()


def bot_messages(page):
    return page.locator("#earlier .message-bot, #log .message-bot")


def wait_for_bot_text(page, text: str):
    page.locator(".message-bot", has_text=text).last.wait_for()


def test_young_person_picks_a_quick_reply_types_an_answer_and_reads_the_reply(page):
    wait_for_bot_text(page, WELCOME)
    page.get_by_role("button", name="What can you do?").click()
    wait_for_bot_text(page, HELP_REPLY)
    assert page.locator(".message-user").first.inner_text().endswith("What can you do?")
    assert page.get_by_role("button", name="What can you do?").count() == 0  # used choices go away

    page.get_by_label("Your message").fill("are u a robot")
    page.get_by_role("button", name="Send").click()
    wait_for_bot_text(page, BOT_REPLY)
    assert "are u a robot" in page.locator(".message-user").last.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)  # let the smooth scroll to the newest message finish before the picture
    page.screenshot(path=str(ARTIFACTS / "webchat.png"), full_page=True)


def test_new_messages_are_announced_in_a_log_and_nothing_steals_focus(page):
    log = page.get_by_role("log")
    assert log.get_attribute("aria-live") == "polite"
    wait_for_bot_text(page, WELCOME)
    assert log.locator(".message-bot").count() == 1
    assert page.evaluate("document.activeElement === document.body")  # arriving messages moved no focus

    page.get_by_role("button", name="Start again").focus()
    page.get_by_label("Your message").fill("hello")
    page.get_by_role("button", name="Start again").focus()
    page.evaluate("document.getElementById('composer').requestSubmit()")
    wait_for_bot_text(page, "Hi, I'm SEND Voice")
    assert page.evaluate("document.activeElement.id") == "start-again"


def test_keyboard_alone_with_a_visible_focus_ring(page):
    wait_for_bot_text(page, WELCOME)
    focused = []
    for _ in range(8):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id")
        focused.append(name)
        if name == "What can you do?":
            style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                                  " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()")
            assert style[0] != "none" and style[1] != "0px" and style[2] != "none"
            break
    assert "What can you do?" in focused, focused
    page.keyboard.press("Enter")
    wait_for_bot_text(page, HELP_REPLY)
    assert page.evaluate("document.activeElement.id") == "message"  # the pressed button is gone
    page.keyboard.type("are you a bot")
    page.keyboard.press("Enter")
    wait_for_bot_text(page, BOT_REPLY)


def test_reload_keeps_the_conversation_without_reading_it_out_again(page):
    wait_for_bot_text(page, WELCOME)
    page.get_by_role("button", name="What can you do?").click()
    wait_for_bot_text(page, HELP_REPLY)
    session_before = page.evaluate("JSON.parse(sessionStorage.getItem('sendvoice-webchat')).sessionId")

    page.reload()
    page.locator("#earlier .message-bot", has_text=HELP_REPLY).wait_for()
    assert page.get_by_role("log").locator(".message").count() == 0  # restored, not announced as new
    page.get_by_label("Your message").fill("are you a bot")
    page.keyboard.press("Enter")
    page.get_by_role("log").locator(".message-bot", has_text=BOT_REPLY).wait_for()
    assert page.evaluate("JSON.parse(sessionStorage.getItem('sendvoice-webchat')).sessionId") == session_before
    assert bot_messages(page).filter(has_text=WELCOME).count() == 1  # no second welcome: same conversation


def test_start_again_clears_the_chat_and_begins_a_new_conversation(page):
    wait_for_bot_text(page, WELCOME)
    page.get_by_label("Your message").fill("are you a bot")
    page.keyboard.press("Enter")
    wait_for_bot_text(page, BOT_REPLY)
    session_before = page.evaluate("JSON.parse(sessionStorage.getItem('sendvoice-webchat')).sessionId")

    page.get_by_role("button", name="Start again").click()
    wait_for_bot_text(page, WELCOME)
    assert page.locator(".message", has_text=BOT_REPLY).count() == 0
    assert "new chat" in page.get_by_role("status").inner_text()
    session_after = page.evaluate("JSON.parse(sessionStorage.getItem('sendvoice-webchat')).sessionId")
    assert session_after != session_before and session_after.startswith("web-")


def test_typed_html_is_shown_as_text_and_never_runs(page):
    wait_for_bot_text(page, WELCOME)
    attack = '<img src=x onerror="window.pwned=1"><b id="bold">hi</b><script>window.pwned=2</script>'
    page.get_by_label("Your message").fill(attack)
    page.keyboard.press("Enter")
    page.locator(".message-user", has_text="<img src=x").wait_for()
    bot_messages(page).nth(1).wait_for()  # the bot answered it
    assert page.locator("#log img, #log script, #bold").count() == 0
    assert page.evaluate("window.pwned === undefined")
    assert attack in page.locator(".message-user").last.inner_text()


def test_at_400_percent_zoom_nothing_scrolls_sideways_and_targets_stay_large(browser, assistant):
    # 1280 x 1024 CSS pixels at 400% zoom is a 320 x 256 viewport (WCAG 1.4.10 Reflow).
    context = browser.new_context(viewport={"width": 320, "height": 256})
    page = context.new_page()
    page.goto(f"{assistant.url}/webhooks/webchat/")
    wait_for_bot_text(page, WELCOME)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for control in page.locator("button, input").all():
        box = control.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, control.inner_text()
    page.get_by_role("button", name="What can you do?").click()
    wait_for_bot_text(page, HELP_REPLY)
    input_box = page.get_by_label("Your message")
    input_box.focus()
    input_box.scroll_into_view_if_needed()
    assert input_box.is_visible()
    page.screenshot(path=str(ARTIFACTS / "webchat-400-percent.png"), full_page=True)
    context.close()


def test_axe_finds_no_serious_or_critical_accessibility_violations(browser, assistant):
    assert AXE.exists(), "axe-core is missing: `make test` runs `npm ci` first"
    # axe is injected as a script, which the page's own Content-Security-Policy rightly forbids.
    context = browser.new_context(viewport={"width": 1024, "height": 768}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{assistant.url}/webhooks/webchat/")
    wait_for_bot_text(page, WELCOME)
    page.get_by_label("Your message").fill("are you a bot")
    page.keyboard.press("Enter")
    wait_for_bot_text(page, BOT_REPLY)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
    })""")
    context.close()
    serious = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]]}
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=2)
    assert len(results["passes"]) > 20  # axe really ran its rules over the page


def test_page_is_served_with_a_strict_content_security_policy(assistant):
    import requests

    response = requests.get(f"{assistant.url}/webhooks/webchat/", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert 'role="log"' in response.text
    assert requests.get(f"{assistant.url}/webhooks/webchat/static/../../credentials.yml", timeout=10).status_code == 404
    without_slash = requests.get(f"{assistant.url}/webhooks/webchat", timeout=10)
    assert without_slash.url == f"{assistant.url}/webhooks/webchat/" and 'role="log"' in without_slash.text


def test_vendored_socketio_client_is_the_one_npm_installed():
    installed = PROJECT_ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
    vendored = PROJECT_ROOT / "channels" / "webchat_static" / "vendor" / "socket.io.min.js"
    if not installed.exists():
        pytest.fail("node_modules is missing: `make test` runs `npm ci` first")
    assert vendored.read_bytes() == installed.read_bytes(), "run `make vendor-js` after changing package.json"
    assert shutil.which("node") is not None
