"""Shared fixtures: the test database holds the real reference data."""

import pytest
from django.core.management import call_command

from trafficking.core.tests.browser_fixtures import (  # noqa: F401 - fixtures for every app
    _site_env,
    browser,
    page,
    page_no_js,
    site,
    site_url,
)
from trafficking.directory.catalogue import reset_catalogue


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_inventory", verbosity=0)
        call_command("load_campaigns", verbosity=0)
        call_command("load_reply_templates", verbosity=0)
    reset_catalogue()


@pytest.fixture
def catalogue(db):
    from trafficking.directory.catalogue import current_catalogue

    reset_catalogue()
    yield current_catalogue()
    reset_catalogue()


@pytest.fixture(autouse=True)
def private_attachment_dir(settings, tmp_path):
    """Each test writes sealed attachments to its own folder."""
    settings.ATTACHMENT_DIR = tmp_path / "attachments"


@pytest.fixture(autouse=True)
def generous_submission_limit(settings):
    """The suite files many reports from one address; tests of the flood
    limit set their own, lower one."""
    settings.SUBMIT_LIMIT = 100_000


class RedisServer:
    """Debian's redis-server on a free loopback port, to start and stop at will."""

    def __init__(self, workdir):
        import shutil
        import socket

        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.fail("redis-server is missing: run scripts/install-system-packages (Debian)")
        self.workdir = workdir
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        import socket
        import subprocess
        import time

        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def dutch_to_start_with():
    """Every test starts in Dutch: a request in another language leaves that
    language active in the thread, and ``reverse`` would follow it."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def no_pages_kept_from_other_tests(settings):
    """Campaign pages a worker kept in memory belong to the test that made them:
    their key holds the data version, and a rolled-back test can leave the same
    version with other report tallies behind."""
    from trafficking.campaigns.page_cache import forget_local_pages

    # Tests change data and look at once; the pages' own tests set a delay.
    settings.CAMPAIGN_PAGE_CHECK_SECONDS = 0
    forget_local_pages()
