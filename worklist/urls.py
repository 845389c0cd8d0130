from django.urls import path

from worklist import views

app_name = "worklist"
urlpatterns = [
    path("tasks/", views.my_tasks_view, name="mine"),
    path("tasks/team/", views.team_tasks_view, name="team"),
    path("tasks/portal-updates/seen/", views.updates_seen_view, name="updates_seen"),
    path("tasks/<id:pk>/", views.task_open_view, name="open"),
    path("tasks/<id:pk>/done/", views.task_complete_view, name="complete"),
    path("tasks/<id:pk>/reopen/", views.task_reopen_view, name="reopen"),
    path("cases/<case_ref:reference>/tasks/", views.case_tasks_view, name="case_tasks"),
]
