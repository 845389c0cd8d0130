from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("cases/<case_ref:reference>/documents/", views.case_documents_view, name="case_documents"),
    path("cases/<case_ref:reference>/documents/<id:pk>/", views.document_download_view, name="download"),
]
