from accounts.middleware import SESSION_TWO_FACTOR


def roles(request):
    """What the navigation may show: computed once per request from the user's permissions."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_ready": False}
    pending = bool(request.session.get(SESSION_TWO_FACTOR)) and not user.is_verified()
    return {
        "nav_ready": not pending,
        "can_manage_users": user.has_perm("accounts.manage_users"),
        "can_view_team_work": user.has_perm("accounts.view_team_work"),
        "can_manage_settings": user.has_perm("accounts.manage_settings"),
        "can_view_operations": user.has_perm("accounts.view_operations"),
    }
