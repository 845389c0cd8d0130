from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("verify/", views.verify_view, name="verify"),
    path("confirm/", views.confirm_view, name="confirm"),
    path("two-factor/setup/", views.two_factor_setup_view, name="two_factor_setup"),
    path("two-factor/remove/", views.two_factor_remove_view, name="two_factor_remove"),
    path("account/", views.account_view, name="account"),
    path("users/", views.user_list_view, name="users"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("users/<id:pk>/", views.user_edit_view, name="user_edit"),
    path("users/<id:pk>/password/", views.user_password_view, name="user_password"),
    path("teams/", views.team_list_view, name="teams"),
    path("teams/<id:pk>/", views.team_edit_view, name="team_edit"),
]
