"""Background work of the reporting point, on the swappable task API.

With the default immediate backend these run inline; with a queue backend
(TASKS_BACKEND) they run in a worker. Tasks take ids, never content.
"""

from django_tasks import task

from trafficking.core import ratelimit

from .retention import purge_expired
from .sources import forget_old_salts
from .submission import forget_spent_tokens


@task()
def purge_expired_reports() -> int:
    forget_spent_tokens()
    forget_old_salts()
    ratelimit.purge_expired()
    return purge_expired().reports
