"""The measured effect of a campaign on the number of reports (issue 12, point 5).

Plain Python (numpy and statsmodels, no Django models; Django only translates
the error messages), so the command, the pages, the API and the benchmark all
run the same code.

The model, for the daily count ``y_t`` of reports in one region and form:

    log E[y_t] = b0 + b1·trend_t + day-of-week_t + g·during_t + h·after_t

a negative-binomial GLM (NB2: Var = μ + α·μ²) with a log link. ``during`` is 1
on the days of the campaign window (both ends included), ``after`` is 1 on every
day after it: the after-period gets its own level, so a lasting effect does not
pollute the baseline (the trend and the weekday pattern are learnt from the days
before the window) and is reported too. The rate ratio is ``exp(g)``.

Why this model (chosen by simulation, see ``tests/test_effect_simulation.py``):
a plain Poisson GLM gives intervals that are far too narrow when reports come
in bursts (overdispersion: ~75% coverage); quasi-Poisson (Poisson with a Pearson
scale) covered the true effect only ~93% of the time in 2,000 replicates,
because its variance grows like μ while bursty counts grow like μ²;
statsmodels' maximum-likelihood ``NegativeBinomial`` often failed to converge
on short or sparse series. The negative-binomial GLM with α estimated by
moments (the Pearson statistic set equal to its degrees of freedom, iterated
with the fit) covered 95.2% with a true effect and rejected 5.2% without one
in 2,500 replicates each, needs two or three IRLS fits, and takes 10-30 ms for
five years of days on the 2-core sandbox (see bench/effect_bench.py).

The interval for the extra reports propagates the uncertainty of all
coefficients (the counterfactual level and the rate ratio are estimated
together and are strongly correlated) by drawing from their estimated normal
distribution; the draws use a fixed seed, so the same input always gives the
same figures.

Known limits: days are assumed independent given the trend and weekday pattern
(no autocorrelation term), the trend is log-linear over the whole series (pass
a sensible span, e.g. one or two years around the campaign), and other events
in the same window (news, a second campaign) are attributed to this campaign.
"""

from __future__ import annotations

import csv
import ctypes
import functools
import importlib.util
import itertools
import re
import threading
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _
from scipy import stats
from scipy.optimize import brentq

__all__ = [
    "MIN_DAYS_BEFORE",
    "MIN_WINDOW_DAYS",
    "DailySeries",
    "EffectInputError",
    "EffectResult",
    "estimate_effect",
    "read_counts_csv",
]

MIN_WINDOW_DAYS = 7
MIN_DAYS_BEFORE = 28
# Twenty years of days: far more than any report series, small enough to fit fast.
MAX_DAYS = 20 * 366
MAX_DAILY_COUNT = 10_000_000
EXTRA_DRAWS = 4000
METHOD = (
    "negative binomial GLM (NB2, log link): trend, day of week, window, after; alpha by moments"
)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNT = re.compile(r"[0-9]{1,15}")  # ASCII digits; longer is refused below
_HEADERS = {("date", "count"), ("datum", "aantal")}


class EffectInputError(ValueError):
    """Input the effect model cannot use; the message says why, in the user's language."""


@dataclass(frozen=True)
class DailySeries:
    """Counts for consecutive days from ``start``, one per day, none missing."""

    start: date
    counts: tuple[int, ...]

    def __post_init__(self):
        if not self.counts:
            raise EffectInputError(_("De reeks bevat geen dagen."))
        if len(self.counts) > MAX_DAYS:
            raise EffectInputError(
                _("De reeks is te lang: %(n)d dagen, ten hoogste %(max)d.")
                % {"n": len(self.counts), "max": MAX_DAYS}
            )
        for count in self.counts:
            if not isinstance(count, int | np.integer) or isinstance(count, bool):
                raise EffectInputError(_("Elk aantal moet een geheel getal zijn."))
            if count < 0:
                raise EffectInputError(_("Een aantal kan niet negatief zijn."))

    @property
    def end(self) -> date:
        return self.start + timedelta(days=len(self.counts) - 1)

    def __len__(self) -> int:
        return len(self.counts)

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(len(self.counts))]

    def index_of(self, day: date) -> int:
        return (day - self.start).days


def _line_error(line: int, message: str) -> EffectInputError:
    return EffectInputError(_("Regel %(line)d: %(message)s") % {"line": line, "message": message})


def read_counts_csv(text: str) -> DailySeries:
    """Parse a CSV with the header ``date,count`` and one row per day.

    Dates are ISO (YYYY-MM-DD), counts whole numbers ≥ 0. A byte-order mark,
    Windows line ends, blank lines, spaces around values and a semicolon as
    separator (Dutch spreadsheet exports) are tolerated; ``datum,aantal`` is
    accepted as header. Rows may come in any order (exports often put the
    newest day first) and are sorted, but every day between the first and the
    last must be present exactly once: a missing day is not a day without
    reports, so it is refused rather than read as 0. Errors name the line.
    """
    text = text.removeprefix("\ufeff")
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise EffectInputError(_("Het bestand is leeg: verwacht een kopregel date,count."))
    header_number, header = lines[0]
    delimiter = ";" if ";" in header and "," not in header else ","
    fields = [field.strip().lower() for field in _split(header, header_number, delimiter)]
    if tuple(fields) not in _HEADERS:
        raise _line_error(
            header_number,
            _("de kopregel moet date,count zijn (gevonden: %(found)s).") % {"found": header[:80]},
        )
    if len(lines) == 1:
        raise EffectInputError(_("Het bestand bevat alleen een kopregel en geen dagen."))
    if len(lines) - 1 > MAX_DAYS:
        raise EffectInputError(_("Te veel regels: ten hoogste %(max)d dagen.") % {"max": MAX_DAYS})

    rows: dict[date, tuple[int, int]] = {}
    for number, line in lines[1:]:
        values = [value.strip() for value in _split(line, number, delimiter)]
        if len(values) != 2:
            raise _line_error(
                number,
                _("verwacht twee waarden (datum en aantal), gevonden %(n)d.") % {"n": len(values)},
            )
        raw_date, raw_count = values
        day = _parse_date(raw_date)
        if day is None:
            raise _line_error(
                number,
                _("“%(value)s” is geen datum in de vorm JJJJ-MM-DD.") % {"value": raw_date[:40]},
            )
        if raw_count.isascii() and raw_count.isdigit() and len(raw_count) > 15:
            raise _line_error(number, _("het aantal is onwaarschijnlijk groot."))
        if not _COUNT.fullmatch(raw_count):
            if raw_count.startswith("-") and _COUNT.fullmatch(raw_count[1:]):
                message = _("het aantal %(value)s is negatief; een aantal meldingen is 0 of meer.")
            else:
                message = _("het aantal “%(value)s” is geen geheel getal (0 of meer).")
            raise _line_error(number, message % {"value": raw_count[:40]})
        count = int(raw_count)
        if count > MAX_DAILY_COUNT:
            raise _line_error(
                number, _("het aantal %(value)d is onwaarschijnlijk groot.") % {"value": count}
            )
        if day in rows:
            raise _line_error(
                number,
                _("de datum %(day)s staat ook op regel %(other)d; geef elke dag één keer.")
                % {"day": day.isoformat(), "other": rows[day][0]},
            )
        rows[day] = (number, count)

    days = sorted(rows)
    first, last = days[0], days[-1]
    if (last - first).days + 1 > MAX_DAYS:
        raise EffectInputError(
            _("De reeks is te lang: ten hoogste %(max)d dagen.") % {"max": MAX_DAYS}
        )
    for before, after in itertools.pairwise(days):
        gap = (after - before).days - 1
        if gap:
            missing_from = before + timedelta(days=1)
            missing_to = after - timedelta(days=1)
            span = (
                missing_from.isoformat()
                if gap == 1
                else _("%(first)s t/m %(last)s")
                % {
                    "first": missing_from.isoformat(),
                    "last": missing_to.isoformat(),
                }
            )
            raise EffectInputError(
                _(
                    "Ontbrekende dag(en): %(span)s (%(n)d, tussen regel %(a)d en regel %(b)d). "
                    "Geef elke dag een regel, ook een dag met 0 meldingen."
                )
                % {"span": span, "n": gap, "a": rows[before][0], "b": rows[after][0]}
            )
    return DailySeries(start=first, counts=tuple(rows[day][1] for day in days))


def _split(line: str, number: int, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except csv.Error as error:
        raise _line_error(number, _("onleesbare regel (%(error)s).") % {"error": error}) from error


def _parse_date(value: str) -> date | None:
    # fromisoformat alone accepts "20240105" and week dates too; one form only.
    if not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class EffectResult:
    """The effect of one campaign window; ``counterfactual`` and ``fitted`` are per day."""

    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    extra_reports: float
    extra_ci_low: float
    extra_ci_high: float
    method: str
    start: date
    end: date
    series_start: date
    n_days_before: int
    n_days_during: int
    n_days_after: int
    observed_during: int
    expected_during: float  # without the campaign (the counterfactual), summed over the window
    after_rate_ratio: float | None
    after_ci_low: float | None
    after_ci_high: float | None
    dispersion: float  # alpha of NB2; 0 means no overdispersion beyond Poisson
    counterfactual: tuple[float, ...]  # expected reports per day without the campaign
    fitted: tuple[float, ...]  # expected reports per day with the window and after effects

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05

    def summary(self) -> dict:
        """The figures of ``campaign_effect --json``, rounded for people and programs."""
        return {
            "rate_ratio": round(self.rate_ratio, 4),
            "ci_low": round(self.ci_low, 4),
            "ci_high": round(self.ci_high, 4),
            "p_value": float(f"{self.p_value:.4g}"),
            "extra_reports": round(self.extra_reports, 1),
            "extra_ci_low": round(self.extra_ci_low, 1),
            "extra_ci_high": round(self.extra_ci_high, 1),
            "method": self.method,
        }


def _check_window(series: DailySeries, start: date, end: date) -> None:
    if end < start:
        raise EffectInputError(
            _("Het einde van de campagne (%(end)s) ligt vóór het begin (%(start)s).")
            % {"end": end.isoformat(), "start": start.isoformat()}
        )
    if start < series.start or end > series.end:
        raise EffectInputError(
            _(
                "De campagneperiode %(start)s t/m %(end)s valt buiten de reeks "
                "(%(first)s t/m %(last)s)."
            )
            % {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "first": series.start.isoformat(),
                "last": series.end.isoformat(),
            }
        )
    days = (end - start).days + 1
    if days < MIN_WINDOW_DAYS:
        raise EffectInputError(
            _(
                "De campagneperiode is %(n)d dag(en); er zijn er minstens %(min)d nodig. "
                "In een kortere periode valt het effect niet te scheiden van het weekpatroon "
                "(op sommige weekdagen komen meer meldingen binnen dan op andere)."
            )
            % {"n": days, "min": MIN_WINDOW_DAYS}
        )
    before = (start - series.start).days
    if before < MIN_DAYS_BEFORE:
        raise EffectInputError(
            _(
                "Er zijn %(n)d dag(en) vóór de campagne; er zijn er minstens %(min)d nodig. "
                "Met minder dagen zijn het weekpatroon en de trend niet te scheiden van het "
                "effect van de campagne."
            )
            % {"n": before, "min": MIN_DAYS_BEFORE}
        )


def _design(n: int, first: date, start: int, end: int, with_after: bool) -> np.ndarray:
    """Columns: intercept, trend (years, 0 at the window start), Tue..Sun, during, after."""
    t = np.arange(n)
    weekday = (t + first.weekday()) % 7
    columns = [np.ones(n), (t - start) / 365.25]
    columns += [(weekday == day).astype(float) for day in range(1, 7)]
    columns.append(((t >= start) & (t <= end)).astype(float))
    if with_after:
        columns.append((t > end).astype(float))
    return np.column_stack(columns)


def _pearson_alpha(y: np.ndarray, mu: np.ndarray, df: int) -> float:
    """The α for which the Pearson statistic equals its degrees of freedom (0 if none)."""

    def excess(alpha: float) -> float:
        return float(np.sum((y - mu) ** 2 / (mu + alpha * mu * mu))) - df

    if excess(0.0) <= 0:
        return 0.0
    high = 1.0
    while excess(high) > 0:
        high *= 10
        if high > 1e6:
            return high
    return float(brentq(excess, 0.0, high, xtol=1e-6, rtol=1e-6))


@functools.cache
def _openblas_libraries() -> tuple:
    """The OpenBLAS copies bundled with numpy and scipy wheels, as (get, set) pairs."""
    found = []
    for package in ("numpy", "scipy"):
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        folder = Path(spec.origin).resolve().parents[1] / f"{package}.libs"
        for path in sorted(folder.glob("libscipy_openblas*.so*")):
            try:
                library = ctypes.CDLL(str(path))  # already loaded: the same handle
            except OSError:
                continue
            for suffix in ("64_", ""):
                getter = getattr(library, f"scipy_openblas_get_num_threads{suffix}", None)
                setter = getattr(library, f"scipy_openblas_set_num_threads{suffix}", None)
                if getter and setter:
                    getter.restype = ctypes.c_int
                    setter.argtypes = [ctypes.c_int]
                    found.append((getter, setter))
                    break
    return tuple(found)


_blas_settled = threading.Lock()
_blas_single = False


def _single_blas_thread() -> None:
    """Put the bundled OpenBLAS on one thread for the rest of the process.

    The matrices of a fit are tall and thin (days × 10); OpenBLAS splits them
    over all cores anyway, and on a busy machine (web workers, a test run) its
    threads wait for each other: we measured a single SVD go from 0.3 ms to
    200 ms. The thread count is one setting for the whole process, so it is
    set once and never restored: a fit that put the old value back when it
    ended would do so in the middle of another thread's fit (gunicorn threads,
    the calendar measuring while an API call fits). config/settings.py sets
    OPENBLAS_NUM_THREADS=1 before numpy loads, which covers the web workers;
    this covers processes that imported numpy first (bench scripts, a test
    run). With any other BLAS it does nothing.
    """
    global _blas_single
    if _blas_single:
        return
    with _blas_settled:
        if not _blas_single:
            for _getter, setter in _openblas_libraries():
                setter(1)
            _blas_single = True


@functools.cache
def _statsmodels():
    """statsmodels, imported on first use: it takes a second, and most requests never fit.

    statsmodels installs warning filters of its own when imported; they are
    left in place.
    """
    import statsmodels.api as sm
    from statsmodels.genmod.families import NegativeBinomial, Poisson
    from statsmodels.tools.sm_exceptions import ModelWarning

    # Non-convergence and separation are checked after each fit and refused
    # with a message; statsmodels' own warnings about them only fill the logs.
    # Set once for the process: only this module fits models.
    warnings.filterwarnings("ignore", category=ModelWarning)
    return sm.GLM, NegativeBinomial, Poisson


def _fit(y: np.ndarray, X: np.ndarray):
    GLM, NegativeBinomial, Poisson = _statsmodels()
    df = len(y) - X.shape[1]
    try:
        poisson = result = GLM(y, X, family=Poisson()).fit()
    except (np.linalg.LinAlgError, ValueError, FloatingPointError, OverflowError) as error:
        raise EffectInputError(
            _("Het model convergeert niet op deze reeks; de reeks is te grillig of te kort.")
        ) from error
    alpha = 0.0
    for _round in range(5):
        new_alpha = _pearson_alpha(y, result.mu, df)
        if _round and abs(new_alpha - alpha) <= 1e-3 * max(alpha, 1e-2):
            alpha = new_alpha
            break
        alpha = new_alpha
        if alpha == 0.0:
            break
        try:
            result = GLM(y, X, family=NegativeBinomial(alpha=alpha)).fit(start_params=result.params)
        except (np.linalg.LinAlgError, ValueError, FloatingPointError, OverflowError) as error:
            raise EffectInputError(
                _("Het model convergeert niet op deze reeks; de reeks is te grillig of te kort.")
            ) from error
    return (poisson if alpha == 0.0 else result), alpha


def _extra_interval(
    params: np.ndarray, cov: np.ndarray, base_window: np.ndarray, w: int
) -> tuple[float, float]:
    """95% interval of the extra reports in the window, over draws of all coefficients.

    The counterfactual level and the rate ratio are estimated together and are
    strongly correlated (the window's observed total pins down their product),
    so both are drawn jointly. The seed is fixed: the same input, the same figures.
    """
    rng = np.random.default_rng(20261129)
    draws = rng.multivariate_normal(params, cov, size=EXTRA_DRAWS, method="cholesky")
    with np.errstate(over="ignore", invalid="ignore"):
        levels = np.exp(base_window @ draws[:, :w].T).sum(axis=0)
        extra = levels * np.expm1(draws[:, w])
    low, high = np.quantile(extra, [0.025, 0.975])
    return float(low), float(high)


def estimate_effect(series: DailySeries, start: date, end: date) -> EffectResult:
    """Fit the model of this module for the window ``start``..``end`` (both included).

    Raises EffectInputError when the window or the series cannot give an honest
    estimate (see the messages).
    """
    _check_window(series, start, end)
    y_all = np.asarray(series.counts, dtype=float)
    n = len(y_all)
    i_start, i_end = series.index_of(start), series.index_of(end)
    if not y_all.any():
        raise EffectInputError(_("De reeks bevat alleen nullen: er is niets te schatten."))
    if not y_all[:i_start].any():
        raise EffectInputError(
            _(
                "Vóór de campagne is er geen enkele melding: zonder basisniveau is geen "
                "effect te schatten."
            )
        )
    if not y_all[i_start : i_end + 1].any():
        raise EffectInputError(
            _(
                "In de campagneperiode is er geen enkele melding: de verhouding is dan 0 "
                "en er is geen eerlijk interval te geven. Kies een langere periode of een "
                "ruimere reeks (meer regio's of vormen samen)."
            )
        )
    n_after = n - i_end - 1
    # An after-period without any report would send its coefficient to minus
    # infinity; leaving those days out gives the same estimates of the rest.
    with_after = n_after > 0 and bool(y_all[i_end + 1 :].any())
    used = n if with_after else i_end + 1
    y = y_all[:used]
    X = _design(used, series.start, i_start, i_end, with_after)

    w = 8  # the window's column
    window = slice(i_start, i_end + 1)
    base_cols = _design(n, series.start, i_start, i_end, with_after=False)[:, :w]
    _statsmodels()
    _single_blas_thread()
    # Floating-point trouble (overflow in exp on a wild series) is checked
    # below and refused with a message. np.errstate is per thread (a context
    # variable), unlike warnings.catch_warnings, which swaps the process-wide
    # filters and so races with a fit in another thread.
    with np.errstate(all="ignore"):
        result, alpha = _fit(y, X)
        params = np.asarray(result.params)
        cov = np.asarray(result.cov_params())
        usable = result.converged and np.all(np.isfinite(params)) and np.all(np.isfinite(cov))
        if usable:
            try:
                extra_low, extra_high = _extra_interval(params, cov, base_cols[window], w)
            except np.linalg.LinAlgError:
                usable = False
    if not usable:
        raise EffectInputError(
            _("Het model convergeert niet op deze reeks; de reeks is te grillig of te kort.")
        )

    z = stats.norm.ppf(0.975)
    g, se = params[w], float(np.sqrt(cov[w, w]))
    p_value = float(2 * stats.norm.sf(abs(g) / se))

    # Counterfactual: the same days without the window and after indicators.
    counterfactual = np.exp(base_cols @ params[:w])
    fitted = counterfactual.copy()
    fitted[window] *= np.exp(g)
    # Without an after column the after-days (all 0) were left out: fitted 0.
    fitted[i_end + 1 :] *= np.exp(params[w + 1]) if with_after else 0.0

    expected = float(counterfactual[window].sum())
    extra = expected * (np.exp(g) - 1.0)

    after_rr = after_low = after_high = None
    if with_after:
        h, se_h = params[w + 1], float(np.sqrt(cov[w + 1, w + 1]))
        after_rr, after_low, after_high = (
            float(np.exp(h)),
            float(np.exp(h - z * se_h)),
            float(np.exp(h + z * se_h)),
        )
    elif n_after:
        after_rr = 0.0

    return EffectResult(
        rate_ratio=float(np.exp(g)),
        ci_low=float(np.exp(g - z * se)),
        ci_high=float(np.exp(g + z * se)),
        p_value=p_value,
        extra_reports=float(extra),
        extra_ci_low=float(extra_low),
        extra_ci_high=float(extra_high),
        method=METHOD,
        start=start,
        end=end,
        series_start=series.start,
        n_days_before=i_start,
        n_days_during=i_end - i_start + 1,
        n_days_after=n_after,
        observed_during=int(y_all[window].sum()),
        expected_during=expected,
        after_rate_ratio=after_rr,
        after_ci_low=after_low,
        after_ci_high=after_high,
        dispersion=float(alpha),
        counterfactual=tuple(counterfactual.tolist()),
        fitted=tuple(fitted.tolist()),
    )
