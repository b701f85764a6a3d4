"""Linking through a real queue: Redis (Debian's redis-server) with RQ, the
production task backend, instead of the inline default."""

import shutil
import socket
import subprocess
import time

import pytest
from django_rq import get_queue
from django_tasks_rq import Job
from rq import SimpleWorker

from trafficking.linking.models import LinkKey
from trafficking.linking.tasks import link_report
from trafficking.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture
def redis_url(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: run scripts/install-system-packages (Debian)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def test_a_report_is_linked_by_a_worker_from_the_queue(settings, redis_url):
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    report, _code = make_report()
    result = link_report.enqueue(report.pk)
    assert LinkKey.objects.filter(report=report).count() == 0  # not run inline
    queue = get_queue("default", job_class=Job)
    assert queue.count == 1
    # A worker in this process (SimpleWorker: no fork), so it sees the test database;
    # in production: manage.py rqworker --job-class django_tasks_rq.Job default
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    assert LinkKey.objects.filter(report=report, key_type="phone").exists()
    result.refresh()
    assert result.status == "SUCCESSFUL"
