from django.urls import path

from valuation import views

app_name = "valuation"
urlpatterns = [
    path("cases/<case_ref:reference>/valuation/", views.valuation_edit_view, name="edit"),
]
