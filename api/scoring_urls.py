from django.urls import path

from api import scoring as api

app_name = "scoring-api"

urlpatterns = [
    path("nominations/<uuid:pk>/scores/", api.ScoresView.as_view(), name="nomination-scores"),
]
