from django.urls import path

from lookups import views

app_name = "lookups"
urlpatterns = [
    path("", views.value_list_index_view, name="index"),
    path("<slug:value_list>/", views.value_list_view, name="list"),
    path("values/<id:pk>/", views.value_edit_view, name="edit"),
]
