"""The bounded answer memo, and that memoised route answers stay correct."""

import pytest

from trafficking.directory.catalogue import reset_catalogue
from trafficking.directory.memo import BoundedMemo
from trafficking.directory.models import Organisation


def test_memo_computes_once_per_key():
    memo = BoundedMemo(maxsize=4)
    calls = []
    for _ in range(3):
        assert memo.get_or_compute("k", lambda: calls.append(1) or "v") == "v"
    assert len(calls) == 1
    assert (memo.hits, memo.misses) == (2, 1)


def test_memo_evicts_the_least_recently_used():
    memo = BoundedMemo(maxsize=2)
    memo.get_or_compute("a", lambda: 1)
    memo.get_or_compute("b", lambda: 2)
    memo.get_or_compute("a", lambda: 1)  # "a" is now the most recent
    memo.get_or_compute("c", lambda: 3)  # evicts "b"
    assert len(memo) == 2
    assert memo.get_or_compute("b", lambda: "recomputed") == "recomputed"
    assert memo.get_or_compute("c", lambda: "stale") == 3


def test_memo_of_size_zero_always_computes():
    memo = BoundedMemo(maxsize=0)
    assert memo.get_or_compute("k", lambda: 1) == 1
    assert memo.get_or_compute("k", lambda: 2) == 2
    assert len(memo) == 0


@pytest.mark.django_db
def test_memoised_route_answer_follows_the_language(client, catalogue):
    question = {"role": "victim", "need": "shelter", "municipality": "Zwolle"}
    dutch = client.get("/api/v1/route", question, HTTP_ACCEPT_LANGUAGE="nl").json()
    english = client.get("/api/v1/route", question, HTTP_ACCEPT_LANGUAGE="en").json()
    dutch_again = client.get("/api/v1/route", question, HTTP_ACCEPT_LANGUAGE="nl").json()
    first_nl = dutch["recommendations"][0]
    assert first_nl["reason"] == first_nl["reason_nl"]
    assert english["recommendations"][0]["reason"] == first_nl["reason_en"]
    assert dutch_again == dutch


@pytest.mark.django_db
def test_route_answer_changes_when_the_directory_is_edited(client, catalogue):
    question = {"role": "victim", "need": "complaint", "municipality": "Zwolle"}
    before = client.get("/api/v1/route", question).json()["recommendations"]
    slug = before[0]["slug"]
    Organisation.objects.filter(slug=slug).update(name="Hernoemd voor de test")
    # Edits through the admin bump updated_at, which the snapshot fingerprint
    # notices within DIRECTORY_SNAPSHOT_TTL; the test skips the wait.
    reset_catalogue()
    after = client.get("/api/v1/route", question).json()["recommendations"]
    assert after[0]["slug"] == slug
    assert after[0]["organisation"] == "Hernoemd voor de test"
