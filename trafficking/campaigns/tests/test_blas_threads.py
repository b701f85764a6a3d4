"""One OpenBLAS thread for the whole process, set once and never put back.

The thread count of OpenBLAS is one setting per process. effect.py used to set
it to 1 for each fit and restore the old value afterwards, so with two fits
in one process (gunicorn threads, the calendar measuring while an API call
fits) one fit restored the other's multithreaded setting in its middle.

The first two tests run in a fresh interpreter: in this one an earlier fit
has already made the one-time setting, and pytest's plugins may have loaded
numpy before the settings did.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from trafficking.campaigns import effect
from trafficking.campaigns.effect import DailySeries, estimate_effect

ROOT = Path(__file__).resolve().parents[3]
FIRST = date(2024, 1, 1)

needs_two_cores = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2,
    reason="OpenBLAS starts on one thread on a single core: nothing to take back",
)


def series(seed: int, *, days=400, ratio=1.5) -> DailySeries:
    """Overdispersed counts with a weekly pattern; the window 200..229 times ``ratio``."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    weekday = np.array([0.25, 0.1, 0.05, 0.0, -0.05, -0.3, -0.4])
    mu = 8.0 * np.exp(0.1 * t / 365.25 + weekday[t % 7])
    mu[200:230] *= ratio
    counts = rng.poisson(rng.gamma(5.0, mu / 5.0))
    return DailySeries(FIRST, tuple(int(c) for c in counts))


WINDOW = (FIRST + timedelta(days=200), FIRST + timedelta(days=229))


def run_python(code: str, **env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    environment.update(env)
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


FIT_IN_A_THREAD = """
import json, threading
from datetime import date, timedelta
import numpy  # first, as a bench script does: OpenBLAS starts on every core
from django.conf import settings
settings.configure(USE_I18N=False)
from trafficking.campaigns import effect
from trafficking.campaigns.tests.test_blas_threads import WINDOW, series

libraries = effect._openblas_libraries()
for _getter, setter in libraries:
    setter(2)
before = [getter() for getter, _setter in libraries]
worker = threading.Thread(target=effect.estimate_effect, args=(series(1), *WINDOW))
worker.start()
worker.join()
after = [getter() for getter, _setter in libraries]
print(json.dumps({"before": before, "after": after}))
"""


@needs_two_cores
def test_after_a_fit_in_a_worker_thread_openblas_stays_on_one_thread():
    threads = run_python(FIT_IN_A_THREAD)
    assert threads["before"] and set(threads["before"]) == {2}
    # Not put back to 2: another thread's fit could be in the middle of its algebra.
    assert threads["after"] == [1] * len(threads["before"])


SETTINGS_THEN_NUMPY = """
import json
import config.settings  # what a web worker or manage.py loads first
from trafficking.campaigns import effect  # imports numpy, which loads OpenBLAS
print(json.dumps([getter() for getter, _setter in effect._openblas_libraries()]))
"""


@needs_two_cores
def test_the_settings_start_openblas_on_one_thread_unless_the_operator_says_otherwise():
    assert run_python(SETTINGS_THEN_NUMPY) == [1, 1]
    assert run_python(SETTINGS_THEN_NUMPY, OPENBLAS_NUM_THREADS="2") == [2, 2]


def test_concurrent_fits_give_the_sequential_figures():
    seeds = range(11, 17)
    sequential = [estimate_effect(series(seed), *WINDOW) for seed in seeds]
    with ThreadPoolExecutor(max_workers=3) as pool:
        concurrent = list(pool.map(lambda seed: estimate_effect(series(seed), *WINDOW), seeds))
    assert concurrent == sequential
    libraries = effect._openblas_libraries()
    assert [getter() for getter, _setter in libraries] == [1] * len(libraries)


def test_fits_never_silence_warnings_for_the_rest_of_the_process():
    import warnings

    estimate_effect(series(3), *WINDOW)  # statsmodels imported, its filters set once
    before = list(warnings.filters)
    blanket = ("ignore", None, Warning, None, 0)
    done = threading.Event()

    def fit_many():
        for seed in range(20, 28):
            estimate_effect(series(seed), *WINDOW)
        done.set()

    fitter = threading.Thread(target=fit_many)
    fitter.start()
    # While another thread fits, this one looks at the process-wide filters: a
    # catch_warnings block in a fit would show its "ignore everything" here.
    seen = []
    while not done.is_set():
        seen.append(blanket in warnings.filters)
    fitter.join()
    assert seen and not any(seen)
    assert warnings.filters == before
