from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("cases/<case_ref:reference>/portal/submit/", views.submit_view, name="submit"),
    path("cases/<case_ref:reference>/portal/complete/", views.complete_view, name="complete"),
    path("cases/<case_ref:reference>/portal/resync/", views.resync_view, name="resync"),
    path("cases/<case_ref:reference>/portal/exit/", views.exit_view, name="exit"),
    path("cases/<case_ref:reference>/portal/manage/", views.manage_view, name="manage"),
    path("cases/<case_ref:reference>/portal/stage/", views.stage_view, name="stage"),
    path("cases/<case_ref:reference>/portal/docs/", views.docs_view, name="docs"),
    path("cases/<case_ref:reference>/portal/docs/fetch/", views.docs_fetch_view, name="docs_fetch"),
    path("cases/<case_ref:reference>/portal/messages/<id:pk>/", views.message_view, name="message"),
    path("cases/<case_ref:reference>/portal/documents/<id:pk>/", views.document_view, name="document"),
    path("cases/<case_ref:reference>/portal/special-edits/", views.special_edits_view, name="special_edits"),
    path("cases/<case_ref:reference>/portal/link/", views.link_view, name="link"),
    path("cases/<case_ref:reference>/portal/unlink/", views.unlink_view, name="unlink"),
    path("cases/<case_ref:reference>/portal/reset/", views.reset_view, name="reset"),
    path("operations/", views.operations_view, name="operations"),
    path("operations/sync-now/", views.operations_sync_now_view, name="operations_sync_now"),
    path("portal-settings/", views.settings_index_view, name="settings_index"),
    path("portal-settings/<slug:portal>/", views.settings_view, name="settings"),
    path("portal-settings/<slug:portal>/test/", views.settings_test_view, name="settings_test"),
    path(
        "portal-settings/<slug:portal>/addresses/", views.settings_addresses_view, name="settings_addresses"
    ),
    path(
        "portal-settings/<slug:portal>/forget-token/",
        views.settings_forget_token_view,
        name="settings_forget_token",
    ),
]
