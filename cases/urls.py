from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_new_view, name="new"),
    path("<case_ref:reference>/", views.case_view, name="case"),
    path("<case_ref:reference>/details/", views.case_details_view, name="details"),
    path("<case_ref:reference>/injury/", views.case_injury_view, name="injury"),
    path(
        "<case_ref:reference>/replacement-vehicle/",
        views.case_replacement_vehicle_view,
        name="replacement_vehicle",
    ),
    path("<case_ref:reference>/losses/", views.case_losses_view, name="losses"),
    path("<case_ref:reference>/notes/", views.case_notes_view, name="notes"),
    path("<case_ref:reference>/history/", views.case_history_view, name="history"),
    path("<case_ref:reference>/options/", views.case_options_view, name="options"),
    path("<case_ref:reference>/options/reassign/", views.case_reassign_view, name="reassign"),
    path("<case_ref:reference>/options/close/", views.case_close_view, name="close"),
    path("<case_ref:reference>/options/reopen/", views.case_reopen_view, name="reopen"),
]
