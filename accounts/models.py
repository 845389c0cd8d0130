"""People: users of the firm, their teams and roles.

A role is a Django group (Fee earner, Supervisor, Administrator) carrying permissions; access to
cases is by team (see cases.selectors).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        permissions = [
            ("manage_users", "Can manage users and teams"),
            ("view_team_work", "Can see the whole team's tasks"),
            ("manage_settings", "Can manage value lists and portal settings"),
            ("view_operations", "Can see the operations page"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    FEE_EARNER = "Fee earner"
    SUPERVISOR = "Supervisor"
    ADMINISTRATOR = "Administrator"


class User(AbstractUser):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    job_title = models.CharField(
        max_length=100, blank=True, help_text="Signs portal statements of truth, e.g. Solicitor or Paralegal"
    )

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def role(self) -> str:
        names = {g.name for g in self.groups.all()}
        for role in (Role.ADMINISTRATOR, Role.SUPERVISOR, Role.FEE_EARNER):
            if role in names:
                return role
        return ""


class LoginAttempt(models.Model):
    """One sign-in attempt, kept for the throttling window (keyed by the name typed and the address).

    Recorded before its password is checked, so parallel attempts cannot race past the limit; a
    successful sign-in removes its own (accounts.services.login_attempt_record / _forgive).
    """

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(db_index=True)
    attempted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-attempted_at"]

    def __str__(self):
        return f"{self.username} from {self.ip_address} at {self.attempted_at:%H:%M:%S}"


class LoginThrottleKey(models.Model):
    """A row per account name and per address, locked while an attempt is counted (one at a time)."""

    key = models.CharField(max_length=200, unique=True)

    def __str__(self):
        return self.key
