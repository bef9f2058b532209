from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("auth/token/", views.AuthTokenView.as_view(), name="auth-token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("rounds/", views.RoundListView.as_view(), name="rounds"),
    path("award-kinds/", views.AwardKindListView.as_view(), name="award-kinds"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("nominations/", views.NominationListView.as_view(), name="nominations"),
    path("nominations/<uuid:pk>/", views.NominationDetailView.as_view(), name="nomination"),
    path(
        "nominations/<uuid:pk>/transitions/<slug:name>/", views.TransitionView.as_view(), name="nomination-transition"
    ),
    path("nominations/<uuid:pk>/attachments/", views.AttachmentListView.as_view(), name="nomination-attachments"),
    path(
        "nominations/<uuid:pk>/attachments/<uuid:attachment_id>/",
        views.AttachmentDownloadView.as_view(),
        name="nomination-attachment",
    ),
    path("queue/", views.QueueView.as_view(), name="queue"),
]
