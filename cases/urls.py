from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_new_view, name="new"),
    path("<str:reference>/", views.case_view, name="case"),
    path("<str:reference>/details/", views.case_details_view, name="details"),
    path("<str:reference>/injury/", views.case_injury_view, name="injury"),
    path(
        "<str:reference>/replacement-vehicle/",
        views.case_replacement_vehicle_view,
        name="replacement_vehicle",
    ),
    path("<str:reference>/losses/", views.case_losses_view, name="losses"),
    path("<str:reference>/notes/", views.case_notes_view, name="notes"),
    path("<str:reference>/history/", views.case_history_view, name="history"),
    path("<str:reference>/options/", views.case_options_view, name="options"),
    path("<str:reference>/options/reassign/", views.case_reassign_view, name="reassign"),
    path("<str:reference>/options/close/", views.case_close_view, name="close"),
    path("<str:reference>/options/reopen/", views.case_reopen_view, name="reopen"),
]
