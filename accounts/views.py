import base64
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required, permission_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import (
    ConfirmForm,
    LoginForm,
    PasswordChangeForm,
    PasswordSetForm,
    TeamForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
)
from accounts.middleware import SESSION_STARTED, SESSION_TWO_FACTOR
from accounts.models import Team, User
from accounts.reauth import reauthentication_mark, reauthentication_required
from lib.http import client_ip, next_url

BAD_LOGIN = "The username or password is not right."


@login_not_required
def login_view(request):
    if request.user.is_authenticated and not request.session.get(SESSION_TWO_FACTOR):
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        username, ip = form.cleaned_data["username"], client_ip(request)
        try:
            attempt = services.login_attempt_record(username=username, ip_address=ip)
        except services.LoginThrottled as exc:
            form.add_error(None, _throttled_message(exc))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                form.add_error(None, BAD_LOGIN)
            else:
                services.login_attempt_forgive(attempt=attempt)
                login(request, user)
                request.session[SESSION_STARTED] = time.time()
                step = services.two_factor_step(user)
                request.session[SESSION_TWO_FACTOR] = step
                if step != "verify":  # the password was all there is to prove (for now)
                    reauthentication_mark(request)
                return redirect(next_url(request, reverse(settings.LOGIN_REDIRECT_URL)))
    expired = request.GET.get("expired") == "1"
    return render(request, "accounts/login.html", {"form": form, "expired": expired})


def _throttled_message(exc) -> str:
    minutes = max(1, round(exc.wait_seconds / 60))
    return f"Too many failed sign-in attempts. Try again in {minutes} minute(s)."


@login_not_required
@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


def verify_view(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is None:
            form.add_error("token", "That code is not right, or it has expired. Try the current one.")
        else:
            otp_login(request, device)
            request.session.pop(SESSION_TWO_FACTOR, None)
            reauthentication_mark(request)
            return redirect(next_url(request, reverse(settings.LOGIN_REDIRECT_URL)))
    return render(request, "accounts/verify.html", {"form": form})


def confirm_view(request):
    """The "Confirm it's you" page: the password (and code) again, then back to the change under way.

    Attempts count towards the sign-in limit, so a stolen session cannot guess the password here.
    """
    needs_code = services.has_two_factor(request.user)
    form = ConfirmForm(request.POST if request.method == "POST" else None, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.login_attempt_record(
                username=request.user.username, ip_address=client_ip(request)
            )
        except services.LoginThrottled as exc:
            form.add_error(None, _throttled_message(exc))
        else:
            if not request.user.check_password(form.cleaned_data["password"]):
                form.add_error("password", "That is not your password.")
            elif needs_code and match_token(request.user, form.cleaned_data["token"]) is None:
                form.add_error("token", "That code is not right, or it has expired. Try the current one.")
            else:
                services.login_attempt_forgive(attempt=attempt)
                reauthentication_mark(request)
                return redirect(next_url(request, reverse("accounts:account")))
    return render(request, "accounts/confirm.html", {"form": form, "needs_code": needs_code})


@reauthentication_required
def two_factor_setup_view(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = services.totp_device_start(user=request.user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            request.session.pop(SESSION_TWO_FACTOR, None)
            messages.success(request, "Two-factor authentication is on for your account.")
            return redirect("accounts:account")
        form.add_error(
            "token", "That code is not right. Check the time on your phone and try the current code."
        )
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
        "required": request.session.get(SESSION_TWO_FACTOR) == "setup",
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@reauthentication_required
def account_view(request):
    form = PasswordChangeForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        services.user_password_set(user=request.user, password=password, acting_user=request.user)
        update_session_auth_hash(request, request.user)
        messages.success(request, "Your password is changed. Other sessions are signed out.")
        return redirect("accounts:account")
    context = {"form": form, "has_two_factor": services.has_two_factor(request.user)}
    return render(request, "accounts/account.html", context)


@require_POST
@reauthentication_required
def two_factor_remove_view(request):
    if services.two_factor_required(request.user):
        messages.error(request, "Administrators must keep two-factor authentication on.")
    else:
        services.totp_device_remove(user=request.user)
        messages.success(request, "Two-factor authentication is off for your account.")
    return redirect("accounts:account")


# -- Administration of users and teams ------------------------------------------------------------


@permission_required("accounts.manage_users", raise_exception=True)
def user_list_view(request):
    users = User.objects.select_related("team").prefetch_related("groups", Prefetch("totpdevice_set"))
    return render(request, "accounts/user_list.html", {"users": users})


@permission_required("accounts.manage_users", raise_exception=True)
def user_create_view(request):
    form = UserCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(**form.cleaned_data)
        messages.success(request, f"{user} can now sign in as {user.username}.")
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "title": "New user"})


@permission_required("accounts.manage_users", raise_exception=True)
def user_edit_view(request, pk):
    user = get_object_or_404(User, pk=pk)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "job_title": user.job_title,
        "team": user.team,
        "role": user.role,
        "is_active": user.is_active,
    }
    form = UserEditForm(request.POST if request.method == "POST" else None, initial=initial)
    password_form = PasswordSetForm(user=user)
    if request.method == "POST" and form.is_valid():
        if user == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", "You cannot deactivate your own account.")
        else:
            services.user_update(user=user, **form.cleaned_data)
            messages.success(request, f"Saved {user}.")
            return redirect("accounts:users")
    context = {"form": form, "password_form": password_form, "edited": user, "title": f"Edit {user}"}
    return render(request, "accounts/user_form.html", context)


@permission_required("accounts.manage_users", raise_exception=True)
@require_POST
@reauthentication_required
def user_password_view(request, pk):
    user = get_object_or_404(User, pk=pk)
    form = PasswordSetForm(request.POST, user=user)
    if form.is_valid():
        services.user_password_set(
            user=user, password=form.cleaned_data["password"], acting_user=request.user
        )
        messages.success(request, f"New password set for {user}.")
        return redirect("accounts:users")
    context = {"form": UserEditForm(initial={"team": user.team, "role": user.role}), "password_form": form}
    context |= {"edited": user, "title": f"Edit {user}"}
    return render(request, "accounts/user_form.html", context, status=400)


@permission_required("accounts.manage_users", raise_exception=True)
def team_list_view(request):
    form = TeamForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        team = services.team_create(name=form.cleaned_data["name"])
        messages.success(request, f"Team {team} created.")
        return redirect("accounts:teams")
    teams = Team.objects.prefetch_related("members")
    return render(request, "accounts/team_list.html", {"teams": teams, "form": form})


@permission_required("accounts.manage_users", raise_exception=True)
def team_edit_view(request, pk):
    team = get_object_or_404(Team, pk=pk)
    form = TeamForm(request.POST if request.method == "POST" else None, instance=team)
    if request.method == "POST" and form.is_valid():
        services.team_rename(team=team, name=form.cleaned_data["name"])
        messages.success(request, f"Team renamed to {team}.")
        return redirect("accounts:teams")
    return render(request, "accounts/team_form.html", {"form": form, "team": team})
