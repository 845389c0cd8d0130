"""The demo firm's people: two teams, and users of each role."""

from accounts.models import Team, User
from accounts.services import team_create, user_create
from demo.roster import TEAMS, USERS


def ensure_people(password: str) -> list[User]:
    teams = [Team.objects.filter(name=name).first() or team_create(name=name) for name in TEAMS]
    users = []
    for username, first, last, team_index, role, job_title in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo-law.example",
                team=teams[team_index],
                role=role,
                password=password,
                job_title=job_title,
            )
        users.append(user)
    return users
