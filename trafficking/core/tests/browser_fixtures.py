"""A real server and browser for browser tests: gunicorn on its own SQLite database.

Imported by ``trafficking/conftest.py`` so that every app's browser tests share
one session-scoped server and one Chromium (two sync Playwright sessions
cannot run in one process).

The browser tests talk to a separate process, as a visitor would, so they
exercise the production WSGI stack (DEBUG off, WhiteNoise, security headers)
rather than Django's test client.
"""

from __future__ import annotations

import os

import pytest

from trafficking.core.tests import live_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Site:
    """The running test server and a way to run management commands on its database."""

    def __init__(self, url: str, env: dict):
        self.url = url
        self.env = env

    def manage(self, *args: str) -> str:
        return live_site.manage(self.env, *args)


@pytest.fixture(scope="session")
def site(site_url, _site_env):
    return Site(site_url, _site_env)


@pytest.fixture(scope="session")
def _site_env(tmp_path_factory):
    # Every browser test files from 127.0.0.1: no flood limit here.
    return live_site.site_env(tmp_path_factory.mktemp("site"), SUBMIT_LIMIT="100000")


@pytest.fixture(scope="session")
def site_url(_site_env):
    live_site.prepare_database(_site_env)
    with live_site.serving(_site_env) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    # bypass_csp lets the test inject axe-core; the site's own pages are
    # still served with their CSP header, which other tests check.
    context = browser.new_context(bypass_csp=True, base_url=site_url, locale="nl-NL")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.requests = requests
    yield page
    context.close()


@pytest.fixture
def page_no_js(browser, site_url):
    context = browser.new_context(java_script_enabled=False, base_url=site_url, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()
