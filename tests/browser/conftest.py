"""Browser tests: Playwright driving Debian's Chromium against a live ClaimDesk server.

If Chromium is missing they are skipped locally — but CI sets CLAIMDESK_REQUIRE_BROWSER=1, which
turns a missing browser into a failure, so a browser test can never be silently skipped there.

The ``axe`` fixture audits a page with axe-core (WCAG 2.1 A and AA rules) and fails on any
violation. axe-core comes from the npm registry at the version package-lock.json pins (``make test``
runs ``npm ci``); if it is missing the audit fails, it never skips.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.claims_portal_sim import claims_portal, cp_control, cp_sim  # noqa: F401 - fixtures for the journeys
from tests.simulator import _fresh_breaker, oic, restored_value_lists, sim, sim_control  # noqa: F401 - fixtures for the journeys

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the test
# itself (set-up, assertions) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CLAIMDESK_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# `make screenshots` points this at docs/screenshots; ordinary test runs leave the docs alone.
SCREENSHOTS = Path(
    os.environ.get("CLAIMDESK_SCREENSHOT_DIR", "") or tempfile.gettempdir() + "/claimdesk-screenshots"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _shipped_value_lists(request):
    """Browser tests are transactional: each starts with the shipped value lists restored."""
    request.getfixturevalue("restored_value_lists")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CLAIMDESK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1366, "height": 900},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = console_errors
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, "name"): save a full-page PNG (to docs/screenshots under `make screenshots`)."""

    def take(page, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run `npm ci` (`make test` does it)")
    return AXE.read_text()


@pytest.fixture
def axe(axe_source):
    """axe(page, "what it is"): audit the page as it is now; any WCAG 2.1 AA violation fails the test."""

    def audit(page, what: str) -> None:
        # Evaluated rather than added as a <script> tag: ClaimDesk's CSP (rightly) refuses inline scripts.
        page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_21_AA,
        )
        problems = [
            f"- {v['id']} ({v['impact']}): {v['help']}\n"
            + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert not problems, f"axe-core found WCAG 2.1 AA violations on {what} ({page.url}):\n" + "\n".join(
            problems
        )

    return audit


def sign_in_browser(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/cases/")
