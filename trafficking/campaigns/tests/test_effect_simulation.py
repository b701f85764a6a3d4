"""The effect model's intervals are honest: checked by simulation (issue 12, point 5).

Each replicate draws its own world with a fixed seed: a level of 1 to 30
reports a day, overdispersion (negative binomial, alpha 0 to 0.5), a log-linear
trend of -30% to +30% a year, a weekly pattern of up to ±50%, 28 to 730 days
before the campaign, a window of 7 to 60 days, 0 to 180 days after it with a
lasting effect of 0.9 to 1.2. With a true rate ratio of 1.3 the 95% interval
must cover it about 95% of the time (and the extra-reports interval the true
expected extra count); with no effect the test must reject about 5% of the
time. "About" is three binomial standard errors of the replicate count.

A plain Poisson GLM on the same series serves as the negative control: its
intervals ignore the overdispersion, and this simulation must catch that.
"""

import math
import warnings
from datetime import date, timedelta

import numpy as np
import pytest

from trafficking.campaigns.effect import DailySeries, _design, estimate_effect

REPLICATES = 400
TRUE_RATE_RATIO = 1.3
NOMINAL = 0.95
SE = math.sqrt(NOMINAL * (1 - NOMINAL) / REPLICATES)  # ≈ 0.011
TOLERANCE = 3 * SE
NAIVE_REPLICATES = 200  # the control fails by far; half the replicates show it


def world(rng: np.random.Generator, rate_ratio: float):
    """One simulated series, its window and the true expected extra reports in it."""
    before = int(rng.integers(28, 731))
    during = int(rng.integers(7, 61))
    after = int(rng.integers(0, 181))
    n = before + during + after
    level = math.exp(rng.uniform(math.log(1.0), math.log(30.0)))
    trend = rng.uniform(-0.3, 0.3)
    weekly = rng.uniform(0, 0.5) * np.sin(2 * np.pi * (np.arange(7) + rng.uniform(0, 7)) / 7)
    alpha = rng.uniform(0.0, 0.5)
    after_ratio = rng.uniform(0.9, 1.2)
    first = date(2021, 1, 4) + timedelta(days=int(rng.integers(0, 7)))

    t = np.arange(n)
    baseline = level * np.exp(trend * (t - before) / 365.25 + weekly[(t + first.weekday()) % 7])
    mu = baseline.copy()
    mu[before : before + during] *= rate_ratio
    mu[before + during :] *= after_ratio
    lam = rng.gamma(1 / alpha, alpha * mu) if alpha > 0 else mu
    counts = rng.poisson(lam)
    start = first + timedelta(days=before)
    end = start + timedelta(days=during - 1)
    true_extra = float(baseline[before : before + during].sum() * (rate_ratio - 1))
    return DailySeries(first, tuple(int(c) for c in counts)), start, end, true_extra


def poisson_interval(series: DailySeries, start: date, end: date) -> tuple[float, float]:
    """The naive model: the same design, Poisson variance, no dispersion."""
    import statsmodels.api as sm

    i_start, i_end = (start - series.start).days, (end - series.start).days
    y = np.asarray(series.counts, dtype=float)
    with_after = i_end + 1 < len(y) and y[i_end + 1 :].any()
    used = len(y) if with_after else i_end + 1
    X = _design(used, series.start, i_start, i_end, with_after)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(y[:used], X, family=sm.families.Poisson()).fit()
    low, high = fit.conf_int()[8]
    return math.exp(low), math.exp(high)


def run(rate_ratio: float, seed: int, naive: bool = False) -> dict:
    rng = np.random.default_rng(seed)
    covered = extra_covered = rejected = naive_covered = 0
    for i in range(REPLICATES):
        series, start, end, true_extra = world(rng, rate_ratio)
        result = estimate_effect(series, start, end)  # a refusal would fail the test
        covered += result.ci_low <= rate_ratio <= result.ci_high
        extra_covered += result.extra_ci_low <= true_extra <= result.extra_ci_high
        rejected += result.p_value < 0.05
        if naive and i < NAIVE_REPLICATES:
            low, high = poisson_interval(series, start, end)
            naive_covered += low <= rate_ratio <= high
    return {
        "coverage": covered / REPLICATES,
        "extra_coverage": extra_covered / REPLICATES,
        "rejection": rejected / REPLICATES,
        "naive_coverage": naive_covered / NAIVE_REPLICATES,
    }


@pytest.fixture(scope="module")
def with_effect():
    return run(TRUE_RATE_RATIO, seed=20261129, naive=True)


@pytest.fixture(scope="module")
def without_effect():
    return run(1.0, seed=1129)


def test_the_interval_covers_a_true_effect_about_95_percent_of_the_time(with_effect):
    assert abs(with_effect["coverage"] - NOMINAL) <= TOLERANCE


def test_the_extra_reports_interval_covers_the_true_extra_count(with_effect):
    assert abs(with_effect["extra_coverage"] - NOMINAL) <= TOLERANCE


def test_a_true_effect_is_found_more_often_than_chance(with_effect):
    # Power varies with the world; it must at least be far above the 5% of chance.
    assert with_effect["rejection"] > 0.25


def test_a_campaign_without_effect_is_called_significant_about_5_percent_of_the_time(
    without_effect,
):
    assert abs(without_effect["rejection"] - (1 - NOMINAL)) <= TOLERANCE
    assert abs(without_effect["coverage"] - NOMINAL) <= TOLERANCE
    # With no effect the true extra count is 0.
    assert abs(without_effect["extra_coverage"] - NOMINAL) <= TOLERANCE


def test_the_simulation_catches_an_interval_that_ignores_overdispersion(with_effect):
    assert with_effect["naive_coverage"] < NOMINAL - 3 * TOLERANCE
