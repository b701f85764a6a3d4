"""Pages of a multi-step form kept for Back only (core/step_cache.py, ADR 9)."""

from django.http import HttpResponse

from trafficking.core.step_cache import step_page, steps_finished


def test_steps_finished_drops_every_kept_copy():
    assert step_page(HttpResponse())["Cache-Control"] == "private, no-cache"
    finished = steps_finished(step_page(HttpResponse()))
    assert finished["Cache-Control"] == "no-store, private"
    assert finished["Clear-Site-Data"] == '"cache"'
