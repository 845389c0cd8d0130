import pytest

from accounts.models import Role, User
from tests.factories import PASSWORD

ADMIN_PAGES = ["/accounts/users/", "/accounts/users/new/", "/accounts/teams/", "/value-lists/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_fee_earners_and_supervisors_cannot_reach_administration(client, sign_in, alice, sue, url):
    for user in (alice, sue):
        sign_in(client, user)
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_administrators_reach_administration(client, sign_in, ada, url):
    sign_in(client, ada)
    assert client.get(url).status_code == 200


def test_only_supervisors_and_administrators_see_team_tasks(client, sign_in, alice, sue):
    sign_in(client, alice)
    assert client.get("/tasks/team/").status_code == 403
    sign_in(client, sue)
    assert client.get("/tasks/team/").status_code == 200


def test_an_administrator_creates_a_user_with_a_role(client, sign_in, ada, alpha):
    sign_in(client, ada)
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "newbie",
            "first_name": "New",
            "last_name": "Person",
            "email": "new@firm.example",
            "team": alpha.pk,
            "role": Role.SUPERVISOR,
            "password": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.role == Role.SUPERVISOR
    assert user.has_perm("accounts.view_team_work")
    assert not user.has_perm("accounts.manage_users")


def test_a_weak_password_is_refused_with_a_field_error(client, sign_in, ada, alpha):
    sign_in(client, ada)
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "weak",
            "first_name": "W",
            "last_name": "P",
            "email": "w@firm.example",
            "team": alpha.pk,
            "role": Role.FEE_EARNER,
            "password": "password",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="weak").exists()


def test_a_deactivated_user_cannot_sign_in(client, sign_in, ada, alice, alpha):
    sign_in(client, ada)
    client.post(
        f"/accounts/users/{alice.pk}/",
        {
            "first_name": "Alice",
            "last_name": "T",
            "email": "a@firm.example",
            "team": alpha.pk,
            "role": Role.FEE_EARNER,
        },  # is_active left unticked
    )
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
