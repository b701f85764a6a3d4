"""Secrets that stand alone: production refuses to start unless the receipt
pepper and the linking key are set, long, and different from SECRET_KEY and
from each other (derived from SECRET_KEY, every Dutch mobile number in the
linking index would fall to brute force in minutes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
KEY = "k" * 50
PEPPER = "p" * 48
LINK = "l" * 48


def _production_env() -> dict:
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": KEY,
        "REPORT_MASTER_KEYS": "k1:" + "A" * 43 + "=",
        "RECEIPT_PEPPER": PEPPER,
        "LINK_SECRET": LINK,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def start_production(**overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"RECEIPT_PEPPER", "LINK_SECRET"}}
    env.update(_production_env())
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_starts_with_three_separate_secrets():
    result = start_production()
    assert result.returncode == 0, result.stderr[-2000:]
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"LINK_SECRET": ""}, "LINK_SECRET"),
        ({"RECEIPT_PEPPER": ""}, "RECEIPT_PEPPER"),
        ({"LINK_SECRET": "short"}, "LINK_SECRET"),
        ({"LINK_SECRET": KEY}, "three different values"),
        ({"RECEIPT_PEPPER": LINK}, "three different values"),
    ],
)
def test_production_refuses_a_missing_short_or_shared_secret(overrides, named):
    result = start_production(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_development_never_derives_them_from_secret_key(settings):
    from django.conf import settings as live

    assert live.SECRET_KEY not in live.LINK_SECRET
    assert live.SECRET_KEY not in live.RECEIPT_PEPPER
    assert len({live.SECRET_KEY, live.LINK_SECRET, live.RECEIPT_PEPPER}) == 3


def test_production_warns_when_clients_would_share_one_rate_limit():
    env = {"CLIENT_IP_HEADER": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**os.environ, **_production_env(), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "core.W001" in result.stdout + result.stderr
    with_header = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**os.environ, **_production_env(), "CLIENT_IP_HEADER": "X-Forwarded-For"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "core.W001" not in with_header.stdout + with_header.stderr
