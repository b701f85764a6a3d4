"""Linking through a real queue: Redis (Debian's redis-server) with RQ, the
production task backend, instead of the inline default."""

import pytest
from django_rq import get_queue
from django_tasks_rq import Job
from rq import SimpleWorker

from trafficking.linking.models import LinkKey
from trafficking.linking.tasks import link_report
from trafficking.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_url(redis_server):
    return redis_server.url


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
