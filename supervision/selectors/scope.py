"""Whose work a supervision page shows, checked once: a supervisor's or administrator's team, or a fee
earner's own cases and tasks. Everything is read through cases_for_user and tasks_for_user, so no
page can ever show another team's case."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import User
from cases.models import Case
from cases.selectors import cases_for_user
from portal.models import PortalClaim
from worklist.models import Task
from worklist.selectors import tasks_for_user


@dataclass(frozen=True)
class Scope:
    user: User
    whole_team: bool

    @property
    def key(self) -> str:
        """Part of a cache key: one set of figures per team, or per fee earner."""
        return f"team{self.user.team_id}" if self.whole_team else f"user{self.user.pk}"

    @property
    def label(self) -> str:
        return str(self.user.team) if self.whole_team else f"{self.user}'s cases"

    @property
    def slug(self) -> str:
        """For file names: the team's or the person's name, plain."""
        words = self.label if self.whole_team else self.user.get_username()
        return "".join(c if c.isalnum() else "-" for c in words.lower()).strip("-") or "team"

    def cases(self) -> QuerySet[Case]:
        cases = cases_for_user(self.user)
        return cases if self.whole_team else cases.filter(fee_earner=self.user)

    def claims(self) -> QuerySet[PortalClaim]:
        """The active portal claims of the scope's cases."""
        return PortalClaim.objects.filter(is_active=True, case__in=self.cases())

    def tasks(self) -> QuerySet[Task]:
        tasks = tasks_for_user(self.user)
        return tasks if self.whole_team else tasks.filter(assignee=self.user)


def scope_for(user: User) -> Scope:
    """Supervisors and administrators see their team; anyone else sees their own work."""
    return Scope(user=user, whole_team=user.has_perm("accounts.view_team_work"))
