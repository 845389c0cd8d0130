from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("refresh/", views.dashboard_refresh_view, name="refresh"),
    path("lists/<slug:key>/", views.list_view, name="list"),
    path("drift/", views.drift_view, name="drift"),
    path("drift/run/", views.drift_run_view, name="drift_run"),
    path("drift/<id:pk>/review/", views.drift_review_view, name="drift_review"),
    path("cases/<case_ref:reference>/limitation/", views.limitation_view, name="limitation"),
]
