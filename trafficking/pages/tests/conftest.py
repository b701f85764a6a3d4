"""A real server for browser tests: gunicorn on its own SQLite database.

The browser tests talk to a separate process, as a visitor would, so they
exercise the production WSGI stack (DEBUG off, WhiteNoise, security headers)
rather than Django's test client.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """The running test server and a way to run management commands on its database."""

    def __init__(self, url: str, env: dict):
        self.url = url
        self.env = env

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout


@pytest.fixture(scope="session")
def site(site_url, _site_env):
    return Site(site_url, _site_env)


@pytest.fixture(scope="session")
def _site_env(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        VAR_DIR=str(workdir),
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


@pytest.fixture(scope="session")
def site_url(_site_env):
    env = _site_env
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--no-input"],
        ["load_geography"],
        ["load_inventory"],
        ["load_reply_templates"],
    ):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-c",
            str(ROOT / "config" / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env={**env, "GUNICORN_ACCESS_LOG": str(Path(env["VAR_DIR"]) / "access.log")},
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/api/v1/health", timeout=1)  # noqa: S310
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        raise RuntimeError("test server did not start")
    yield url
    server.terminate()
    server.wait(timeout=10)


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
