from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView

from awards.verify_views import verify_certificate
from config.health import healthz
from config.metrics import metrics

# The admin demands a verified second factor: a signed-in session without one meets the admin's sign-in
# form again, which asks for the code from the authenticator app.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "vinhdanh – Quản trị thi đua, khen thưởng"
admin.site.site_title = "vinhdanh"
admin.site.index_title = "Danh mục và cấu hình"

handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("verify/<str:code>/", verify_certificate, name="verify-certificate"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("api.urls")),
    path("api/v1/", include("api.scoring_urls")),
    path("api/v1/notifications/", include("api.notifications_urls")),
    path("", include("web.urls")),
]
