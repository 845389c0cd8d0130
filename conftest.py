"""Shared fixtures: a cast of users in two teams (healthchecks' Alice/Bob/Charlie idea).

- alice, bob: fee earners in team Alpha; sue: Alpha's supervisor; ada: Alpha's administrator
- charlie: a fee earner in team Bravo, who must never see Alpha's cases
"""

import shutil

import pytest
from django.conf import settings

from accounts.models import Role
from tests import factories


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(settings.DOCUMENT_ROOT, ignore_errors=True)
    shutil.rmtree(settings.FILE_UPLOAD_TEMP_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    """Each test stores documents in a fresh folder, so file checks never see another test's files."""
    settings.DOCUMENT_ROOT = tmp_path / "documents"
    return settings.DOCUMENT_ROOT


@pytest.fixture
def alpha(db):
    return factories.make_team("Alpha")


@pytest.fixture
def bravo(db):
    return factories.make_team("Bravo")


@pytest.fixture
def alice(alpha):
    return factories.make_user(team=alpha, username="alice")


@pytest.fixture
def bob(alpha):
    return factories.make_user(team=alpha, username="bob")


@pytest.fixture
def sue(alpha):
    return factories.make_user(team=alpha, role=Role.SUPERVISOR, username="sue")


@pytest.fixture
def ada(alpha):
    return factories.make_user(team=alpha, role=Role.ADMINISTRATOR, username="ada")


@pytest.fixture
def charlie(bravo):
    return factories.make_user(team=bravo, username="charlie")


def _signed_in(client, user):
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302, "test sign-in failed"
    return client


@pytest.fixture
def alice_client(client, alice):
    return _signed_in(client, alice)


@pytest.fixture
def sign_in():
    """sign_in(client, user): a client signed in through the real login view."""
    return _signed_in


@pytest.fixture
def alice_case(alice):
    return factories.make_case(fee_earner=alice, first_name="Jane", last_name="Doe")
