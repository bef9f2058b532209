from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config.metrics import metrics
from nominations.verify_views import verify_certificate
from nominations.views import healthz

admin.site.site_header = "vinhdanh – Quản trị thi đua, khen thưởng"
admin.site.site_title = "vinhdanh"
admin.site.index_title = "Danh mục và cấu hình"

handler404 = "nominations.api.errors.page_not_found"
handler500 = "nominations.api.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("verify/<str:code>/", verify_certificate, name="verify-certificate"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("nominations.api.urls")),
    path("api/v1/", include("scoring.urls")),
    path("api/v1/notifications/", include("notifications.urls")),
    path("", include("web.urls")),
]
