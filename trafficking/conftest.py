"""Shared fixtures: the test database holds the real reference data."""

import pytest
from django.core.management import call_command

from trafficking.directory.catalogue import reset_catalogue


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_inventory", verbosity=0)
        call_command("load_reply_templates", verbosity=0)
    reset_catalogue()


@pytest.fixture
def catalogue(db):
    from trafficking.directory.catalogue import current_catalogue

    reset_catalogue()
    yield current_catalogue()
    reset_catalogue()


@pytest.fixture(autouse=True)
def private_attachment_dir(settings, tmp_path):
    """Each test writes sealed attachments to its own folder."""
    settings.ATTACHMENT_DIR = tmp_path / "attachments"
