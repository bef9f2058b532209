from django.urls import path

from api import notifications as api

app_name = "notifications"

urlpatterns = [
    path("", api.NotificationListView.as_view(), name="list"),
    path("unread-count/", api.UnreadCountView.as_view(), name="unread-count"),
    path("<int:pk>/read/", api.NotificationReadView.as_view(), name="read"),
]
