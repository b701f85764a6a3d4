"""The effect model (effect.py) and `manage.py campaign_effect`: parsing, refusals, estimates."""

import json
import math
import subprocess
import sys
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from trafficking.campaigns import effect
from trafficking.campaigns.effect import (
    DailySeries,
    EffectInputError,
    estimate_effect,
    read_counts_csv,
)
from trafficking.campaigns.effect_plot import effect_svg, weekly_rows

FIRST = date(2024, 1, 1)  # a Monday
JSON_KEYS = {
    "rate_ratio",
    "ci_low",
    "ci_high",
    "p_value",
    "extra_reports",
    "extra_ci_low",
    "extra_ci_high",
    "method",
}


def simulated(
    *,
    days=400,
    window=(200, 229),
    rate_ratio=1.0,
    level=8.0,
    alpha=0.2,
    trend=0.1,
    after_ratio=1.0,
    seed=1,
):
    """Negative-binomial counts with a log-linear trend and a weekly pattern."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    weekday = np.array([0.25, 0.1, 0.05, 0.0, -0.05, -0.3, -0.4])
    mu = level * np.exp(trend * t / 365.25 + weekday[t % 7])
    start, end = window
    mu[start : end + 1] *= rate_ratio
    mu[end + 1 :] *= after_ratio
    lam = rng.gamma(1 / alpha, alpha * mu) if alpha else mu
    counts = rng.poisson(lam)
    return DailySeries(FIRST, tuple(int(c) for c in counts))


def day(index: int) -> date:
    return FIRST + timedelta(days=index)


def as_csv(series: DailySeries, newline="\n") -> str:
    pairs = zip(series.dates(), series.counts, strict=True)
    rows = ["date,count"] + [f"{d.isoformat()},{c}" for d, c in pairs]
    return newline.join(rows) + newline


# --- reading a CSV ----------------------------------------------------------


def test_a_csv_of_days_is_read_in_order():
    series = read_counts_csv("date,count\n2024-01-01,3\n2024-01-02,0\n2024-01-03,12\n")
    assert series.start == date(2024, 1, 1)
    assert series.end == date(2024, 1, 3)
    assert series.counts == (3, 0, 12)


def test_bom_crlf_spaces_blank_lines_and_dutch_header_are_tolerated():
    text = "\ufeffDatum , Aantal\r\n2024-01-01 , 3\r\n\r\n2024-01-02,4\r\n"
    assert read_counts_csv(text).counts == (3, 4)


def test_semicolons_from_a_dutch_spreadsheet_are_read():
    assert read_counts_csv("date;count\n2024-01-01;3\n2024-01-02;4\n").counts == (3, 4)


def test_rows_newest_first_are_sorted():
    series = read_counts_csv("date,count\n2024-01-03,5\n2024-01-01,3\n2024-01-02,4\n")
    assert series.start == date(2024, 1, 1)
    assert series.counts == (3, 4, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "leeg"),
        ("  \n\n", "leeg"),
        ("date,count\n", "alleen een kopregel"),
        ("day,reports\n2024-01-01,1\n", "Regel 1: de kopregel moet date,count"),
        ("date,count\n2024-01-01,1\n2024-01-02,-4\n", "Regel 3: het aantal -4 is negatief"),
        ("date,count\n2024-01-01,veel\n", "Regel 2: het aantal “veel” is geen geheel getal"),
        ("date,count\n2024-01-01,2.5\n", "Regel 2: het aantal “2.5” is geen geheel getal"),
        ("date,count\n2024-01-01,1.000\n", "geen geheel getal"),
        ("date,count\n2024-01-01,\n", "Regel 2: het aantal “” is geen geheel getal"),
        ("date,count\n01-02-2024,1\n", "Regel 2: “01-02-2024” is geen datum"),
        ("date,count\n2024-02-30,1\n", "Regel 2: “2024-02-30” is geen datum"),
        ("date,count\n20240105,1\n", "Regel 2: “20240105” is geen datum"),
        ("date,count\n2024-01-01,1,2\n", "Regel 2: verwacht twee waarden"),
        ("date,count\n2024-01-01\n", "Regel 2: verwacht twee waarden"),
        (
            "date,count\n2024-01-01,1\n2024-01-02,1\n2024-01-01,5\n",
            "Regel 4: de datum 2024-01-01 staat ook op regel 2",
        ),
    ],
)
def test_bad_csv_is_refused_with_the_line(text, expected):
    with pytest.raises(EffectInputError) as raised:
        read_counts_csv(text)
    assert expected in str(raised.value)


def test_missing_days_are_named_not_read_as_zero():
    with pytest.raises(EffectInputError) as raised:
        read_counts_csv("date,count\n2024-01-01,1\n2024-01-02,1\n2024-01-06,2\n2024-01-07,0\n")
    message = str(raised.value)
    assert "2024-01-03 t/m 2024-01-05" in message
    assert "(3, tussen regel 3 en regel 4)" in message
    with pytest.raises(EffectInputError, match="Ontbrekende dag\\(en\\): 2024-01-02 "):
        read_counts_csv("date,count\n2024-01-01,1\n2024-01-03,1\n")


def test_a_series_holds_whole_non_negative_numbers():
    with pytest.raises(EffectInputError):
        DailySeries(FIRST, (1, -1))
    with pytest.raises(EffectInputError):
        DailySeries(FIRST, (1, 2.5))
    with pytest.raises(EffectInputError):
        DailySeries(FIRST, ())


# --- refusing windows the model cannot judge ---------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (day(300), day(299), "ligt vóór het begin"),
        (day(380), day(420), "valt buiten de reeks (2024-01-01 t/m 2025-02-03)"),
        (FIRST - timedelta(days=10), day(20), "valt buiten de reeks"),
        (day(200), day(200), "1 dag(en); er zijn er minstens 7 nodig"),
        (day(200), day(205), "weekpatroon"),
        (day(27), day(60), "27 dag(en) vóór de campagne; er zijn er minstens 28 nodig"),
        (day(10), day(60), "trend niet te scheiden"),
    ],
)
def test_windows_that_cannot_be_judged_are_refused_with_the_reason(start, end, expected):
    with pytest.raises(EffectInputError) as raised:
        estimate_effect(simulated(), start, end)
    assert expected in str(raised.value)


def test_series_without_reports_in_the_places_that_matter_are_refused():
    with pytest.raises(EffectInputError, match="alleen nullen"):
        estimate_effect(DailySeries(FIRST, (0,) * 100), day(50), day(60))
    no_baseline = (0,) * 50 + (3,) * 50
    with pytest.raises(EffectInputError, match="Vóór de campagne is er geen enkele melding"):
        estimate_effect(DailySeries(FIRST, no_baseline), day(50), day(60))
    empty_window = (2,) * 50 + (0,) * 11 + (2,) * 39
    with pytest.raises(EffectInputError, match="In de campagneperiode is er geen enkele"):
        estimate_effect(DailySeries(FIRST, empty_window), day(50), day(60))


def test_the_smallest_allowed_window_and_baseline_are_accepted():
    series = simulated(days=60, window=(28, 34), level=6)
    result = estimate_effect(series, day(28), day(34))
    assert (result.n_days_before, result.n_days_during, result.n_days_after) == (28, 7, 25)
    assert result.ci_low < result.rate_ratio < result.ci_high


# --- estimates ---------------------------------------------------------------


def test_a_strong_effect_is_found_near_the_truth():
    truth = 1.8
    result = estimate_effect(simulated(rate_ratio=truth, seed=3), day(200), day(229))
    assert result.ci_low < truth < result.ci_high
    assert abs(math.log(result.rate_ratio / truth)) < 0.15
    assert result.p_value < 0.01
    assert result.ci_low > 1
    assert result.extra_ci_low > 0


def test_no_effect_is_not_significant():
    result = estimate_effect(simulated(rate_ratio=1.0, seed=5), day(200), day(229))
    assert result.ci_low < 1 < result.ci_high
    assert result.p_value > 0.05
    assert result.extra_ci_low < 0 < result.extra_ci_high


def test_extra_reports_follow_from_the_rate_ratio_and_the_counterfactual():
    series = simulated(rate_ratio=1.5, seed=7)
    result = estimate_effect(series, day(200), day(229))
    window = slice(200, 230)
    expected = sum(result.counterfactual[window])
    assert result.expected_during == pytest.approx(expected)
    assert result.extra_reports == pytest.approx(expected * (result.rate_ratio - 1))
    assert result.extra_ci_low < result.extra_reports < result.extra_ci_high
    assert result.observed_during == sum(series.counts[200:230])
    # The NB fit pins the window's total closely: observed ≈ counterfactual + extra.
    assert result.observed_during == pytest.approx(expected + result.extra_reports, rel=0.05)
    for i in (199, 200, 229, 230):
        inside = 200 <= i <= 229
        ratio = result.fitted[i] / result.counterfactual[i]
        assert ratio == pytest.approx(
            result.rate_ratio if inside else (1.0 if i < 200 else result.after_rate_ratio)
        )


def test_the_after_period_has_its_own_level_and_does_not_move_the_baseline():
    lasting = simulated(rate_ratio=1.6, after_ratio=1.6, seed=11)
    result = estimate_effect(lasting, day(200), day(229))
    assert result.after_ci_low < 1.6 < result.after_ci_high
    assert result.after_ci_low > 1
    assert result.ci_low < 1.6 < result.ci_high
    # Without the after-indicator the lasting rise would be read as trend or
    # baseline; check the window estimate barely depends on the after-period.
    cut = DailySeries(FIRST, lasting.counts[:230])
    alone = estimate_effect(cut, day(200), day(229))
    assert alone.n_days_after == 0 and alone.after_rate_ratio is None
    assert abs(math.log(alone.rate_ratio / result.rate_ratio)) < 0.05


def test_overdispersion_is_estimated_and_widens_the_interval():
    bursty = estimate_effect(simulated(alpha=0.4, level=10, seed=13), day(200), day(229))
    calm = estimate_effect(simulated(alpha=0, level=10, seed=13), day(200), day(229))
    assert 0.2 < bursty.dispersion < 0.7
    assert calm.dispersion < 0.05
    width = math.log(bursty.ci_high / bursty.ci_low)
    assert width > 1.5 * math.log(calm.ci_high / calm.ci_low)


def test_a_trend_is_not_mistaken_for_an_effect():
    # Reports double over the year; the window at the end has no effect of its own.
    series = simulated(days=365, window=(330, 350), trend=math.log(2), alpha=0.1, seed=17)
    result = estimate_effect(series, day(330), day(350))
    assert result.ci_low < 1 < result.ci_high


def test_an_after_period_without_reports_is_left_out_not_fatal():
    counts = simulated(days=260, level=4, seed=19).counts[:230] + (0,) * 30
    result = estimate_effect(DailySeries(FIRST, counts), day(200), day(229))
    assert result.after_rate_ratio == 0.0
    assert result.n_days_after == 30
    assert result.fitted[-1] == 0.0


def test_the_same_input_gives_the_same_figures():
    series = simulated(rate_ratio=1.3, seed=23)
    assert estimate_effect(series, day(200), day(229)) == estimate_effect(
        series, day(200), day(229)
    )


def test_a_fit_leaves_the_bundled_openblas_on_one_thread():
    # Threads and processes: tests/test_blas_threads.py.
    libraries = effect._openblas_libraries()
    assert libraries  # the numpy and scipy wheels bundle OpenBLAS
    estimate_effect(simulated(seed=5), day(200), day(229))
    assert [getter() for getter, _setter in libraries] == [1] * len(libraries)


# --- manage.py campaign_effect ------------------------------------------------


@pytest.fixture
def counts_file(tmp_path):
    series = simulated(rate_ratio=1.8, seed=3)
    path = tmp_path / "counts.csv"
    path.write_text(as_csv(series), encoding="utf-8")
    return path, series


def run(*args):
    out = StringIO()
    call_command("campaign_effect", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_has_exactly_the_agreed_keys_and_the_model_figures(counts_file):
    path, series = counts_file
    printed = json.loads(run(path, "--start", "2024-07-19", "--end", "2024-08-17", "--json"))
    assert set(printed) == JSON_KEYS
    direct = estimate_effect(series, day(200), day(229))
    assert printed["rate_ratio"] == pytest.approx(direct.rate_ratio, abs=1e-4)
    assert printed["ci_low"] == pytest.approx(direct.ci_low, abs=1e-4)
    assert printed["ci_high"] == pytest.approx(direct.ci_high, abs=1e-4)
    assert printed["p_value"] == pytest.approx(direct.p_value, rel=1e-3)
    assert printed["extra_reports"] == pytest.approx(direct.extra_reports, abs=0.05)
    assert printed["extra_ci_low"] == pytest.approx(direct.extra_ci_low, abs=0.05)
    assert printed["extra_ci_high"] == pytest.approx(direct.extra_ci_high, abs=0.05)
    assert printed["method"].startswith("negative binomial GLM")
    assert all(isinstance(printed[k], float) for k in JSON_KEYS - {"method"})


def test_the_summary_reads_as_text(counts_file):
    path, series = counts_file
    text = run(path, "--start", "2024-07-19", "--end", "2024-08-17")
    assert "Campagne 2024-07-19 t/m 2024-08-17 (30 dagen)" in text
    assert f"Meldingen in de periode: {sum(series.counts[200:230])}" in text
    assert "Extra meldingen:" in text and "95%-interval" in text


def test_crlf_and_bom_files_give_the_same_answer(counts_file, tmp_path):
    path, series = counts_file
    windows = tmp_path / "windows.csv"
    windows.write_bytes(("\ufeff" + as_csv(series, "\r\n")).encode("utf-8"))
    args = ("--start", "2024-07-19", "--end", "2024-08-17", "--json")
    assert run(windows, *args) == run(path, *args)


@pytest.mark.parametrize(
    ("content", "start", "end", "expected"),
    [
        (b"date,count\n2024-01-01,1\n2024-01-03,1\n", "2024-01-01", "2024-01-02", "Ontbrekende"),
        (b"date,count\n2024-01-01,-1\n", "2024-01-01", "2024-01-02", "negatief"),
        (b"date,count\n2024-01-01,abc\n", "2024-01-01", "2024-01-02", "geen geheel getal"),
        (b"\xff\xfe\x00d\x00a", "2024-01-01", "2024-01-02", "geen UTF-8"),
        (None, "2024-07-19", "2024-07-19", "minstens 7"),
        (None, "2025-07-19", "2025-08-19", "buiten de reeks"),
        (None, "2024-07-19", "2024-07-01", "vóór het begin"),
        (None, "19-07-2024", "2024-08-01", "--start: “19-07-2024” is geen datum"),
        (None, "2024-07-19", "2024-02-31", "--end: “2024-02-31” is geen datum"),
    ],
)
def test_bad_input_is_a_command_error_with_exit_code_1(
    counts_file, tmp_path, content, start, end, expected
):
    path = counts_file[0]
    if content is not None:
        path = tmp_path / "bad.csv"
        path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        run(path, "--start", start, "--end", end, "--json")
    assert expected in str(raised.value)
    assert raised.value.returncode == 1


def test_an_unreadable_or_huge_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"Kan .*missing\.csv niet lezen"):
        run(tmp_path / "missing.csv", "--start", "2024-07-19", "--end", "2024-08-17")
    with pytest.raises(CommandError, match="niet lezen"):
        run(tmp_path, "--start", "2024-07-19", "--end", "2024-08-17")  # a folder
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"date,count\n" + b"0" * (3 * 1024 * 1024))
    with pytest.raises(CommandError, match="te groot"):
        run(huge, "--start", "2024-07-19", "--end", "2024-08-17")


def test_the_real_command_line_exits_1_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,count\n2024-01-01,1\n2024-01-02,-3\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "campaign_effect",
            str(bad),
            "--start",
            "2024-01-01",
            "--end",
            "2024-01-02",
        ],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Regel 3: het aantal -3 is negatief" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


# --- the figure and its table -------------------------------------------------


def test_weekly_rows_add_up_and_never_straddle_the_window():
    series = simulated(rate_ratio=1.5, seed=29)
    result = estimate_effect(series, day(200), day(229))
    weeks = weekly_rows(series, result)
    assert sum(w.observed for w in weeks) == sum(series.counts)
    assert sum(w.days for w in weeks) == len(series)
    assert sum(w.expected_without for w in weeks) == pytest.approx(sum(result.counterfactual))
    during = [w for w in weeks if w.period == "during"]
    assert during[0].start == day(200) and during[-1].end == day(229)
    assert sum(w.observed for w in during) == result.observed_during
    assert [w.days for w in during] == [7, 7, 7, 7, 2]
    assert all(w.end < day(200) for w in weeks if w.period == "before")
    assert all(w.start > day(229) for w in weeks if w.period == "after")
    before = [w.days for w in weeks if w.period == "before"]
    assert set(before[1:]) == {7} and 1 <= before[0] <= 7


def test_the_svg_is_accessible_self_contained_and_escaped():
    series = simulated(rate_ratio=1.5, seed=29)
    result = estimate_effect(series, day(200), day(229))
    svg = effect_svg(series, result, id_prefix='x"><script>alert(1)</script>')
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output; must be well-formed)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    title, desc = root.find(f"{ns}title"), root.find(f"{ns}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "2024-07-19" in desc.text and str(result.observed_during) in desc.text
    assert "<script" not in svg and root.find(f".//{ns}script") is None
    assert "href" not in svg and "url(" not in svg
    assert svg.count("http") == 1  # the namespace only
    lines = root.findall(f"{ns}polyline")
    assert len(lines) == 2
    assert len(lines[0].get("points").split()) == len(weekly_rows(series, result))
