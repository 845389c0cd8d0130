"""State changes for people: users, teams, sign-in throttling and two-factor devices."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginAttempt, LoginThrottleKey, Role, Team, User
from accounts.notify import security_notice_send


@transaction.atomic
def team_create(*, name: str) -> Team:
    team = Team(name=name.strip())
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def team_rename(*, team: Team, name: str) -> Team:
    team.name = name.strip()
    team.full_clean()
    team.save(update_fields=["name"])
    return team


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    team: Team,
    role: str,
    password: str,
    job_title: str = "",
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        team=team,
        job_title=job_title,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user_set_role(user=user, role=role)
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    team: Team,
    role: str,
    is_active: bool,
    job_title: str = "",
) -> User:
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.team, user.is_active, user.job_title = team, is_active, job_title
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "email", "team", "is_active", "job_title"])
    user_set_role(user=user, role=role)
    return user


# The permissions of each role's group (codenames from accounts.Team.Meta.permissions).
ROLE_PERMISSIONS = {
    Role.FEE_EARNER: [],
    Role.SUPERVISOR: ["view_team_work"],
    Role.ADMINISTRATOR: ["view_team_work", "manage_users", "manage_settings", "view_operations"],
}


def role_group(role: str) -> Group:
    """The group of a role, created with its permissions if it is missing."""
    group, created = Group.objects.get_or_create(name=role)
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="accounts", codename__in=ROLE_PERMISSIONS[role])
        )
    return group


@transaction.atomic
def user_password_set(*, user: User, password: str, acting_user: User) -> None:
    """A new password for ``user`` (their own change, or an administrator's); they are told by email."""
    user.set_password(password)
    user.save(update_fields=["password"])
    security_notice_send(to=user, what="Your ClaimDesk password was changed", acting_user=acting_user)


def user_set_role(*, user: User, role: str) -> None:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*role_groups)
    user.groups.add(role_group(role))


# -- Sign-in throttling -------------------------------------------------------------------------


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_blocked_for(*, username: str, ip_address: str) -> int:
    """Seconds until another attempt is allowed for this name or address (0 when allowed).

    Failures count per account name and per address over a sliding window, so the block lifts on
    its own: a stranger cannot lock the firm out for good by typing wrong passwords.
    """
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = LoginAttempt.objects.filter(attempted_at__gte=_window_start())
    waits = []
    for attempts in (recent.filter(username=username.lower()), recent.filter(ip_address=ip_address)):
        times = list(attempts.order_by("-attempted_at").values_list("attempted_at", flat=True)[:limit])
        if len(times) >= limit:
            oldest_counted = times[-1]
            unblocks = oldest_counted + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
            waits.append(max(1, int((unblocks - timezone.now()).total_seconds()) + 1))
    return max(waits, default=0)


class LoginThrottled(Exception):
    """Too many recent attempts for this account name or address: ``wait_seconds`` until the next."""

    def __init__(self, wait_seconds: int):
        super().__init__(f"sign-in throttled for {wait_seconds} s")
        self.wait_seconds = wait_seconds


@transaction.atomic
def login_attempt_record(*, username: str, ip_address: str) -> LoginAttempt:
    """Count a sign-in attempt *before* its password is checked; LoginThrottled when over the limit.

    1. Lock the account name's and the address's rows, in a fixed order (no deadlock), so attempts
       for the same name or address are counted one at a time, across threads and processes.
    2. Count their attempts in the window; at the limit, refuse (and record nothing, so the block
       still lifts on time).
    3. Record this attempt. It counts until the window passes, or until login_attempt_forgive removes
       it because the password was right.
    """
    keys = sorted({f"user:{username.lower()}", f"ip:{ip_address}"})
    # Insert first (a no-op when the rows exist): on SQLite this write takes the database lock at once.
    LoginThrottleKey.objects.bulk_create([LoginThrottleKey(key=key) for key in keys], ignore_conflicts=True)
    list(LoginThrottleKey.objects.select_for_update().filter(key__in=keys).order_by("key"))
    wait = login_blocked_for(username=username, ip_address=ip_address)
    if wait:
        raise LoginThrottled(wait)
    attempt = LoginAttempt.objects.create(
        username=username.lower(), ip_address=ip_address, attempted_at=timezone.now()
    )
    LoginAttempt.objects.filter(attempted_at__lt=_window_start() - dt.timedelta(days=1)).delete()
    return attempt


def login_attempt_forgive(*, attempt: LoginAttempt) -> None:
    """The password was right: this attempt no longer counts against the account or the address."""
    LoginAttempt.objects.filter(pk=attempt.pk).delete()


# -- Two-factor authentication ------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for ``user`` (replacing any unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Turn on the authenticator ``device`` once its first code is right, replacing any earlier one."""
    if not device.verify_token(token):
        return False
    earlier = TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk)
    replaced = earlier.filter(confirmed=True).exists()
    earlier.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    what = (
        "The authenticator app of your ClaimDesk account was replaced"
        if replaced
        else "Two-factor authentication was turned on for your ClaimDesk account"
    )
    security_notice_send(to=device.user, what=what, acting_user=device.user)
    return True


@transaction.atomic
def totp_device_remove(*, user: User) -> None:
    had_two_factor = has_two_factor(user)
    TOTPDevice.objects.filter(user=user).delete()
    if had_two_factor:
        what = "Two-factor authentication was turned off for your ClaimDesk account"
        security_notice_send(to=user, what=what, acting_user=user)


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_required(user: User) -> bool:
    return settings.CLAIMDESK_ENFORCE_ADMIN_2FA and user.has_perm("accounts.manage_users")


def two_factor_step(user: User) -> str | None:
    """What a user who has just given the right password must still do: verify, set up, or nothing."""
    if has_two_factor(user):
        return "verify"
    if two_factor_required(user):
        return "setup"
    return None
