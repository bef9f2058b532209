from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView

from nominations.verify_views import verify_certificate
from nominations.views import healthz

# The admin demands a verified second factor: a signed-in session without one meets the admin's sign-in
# form again, which asks for the code from the authenticator app.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "vinhdanh – Quản trị thi đua, khen thưởng"
admin.site.site_title = "vinhdanh"
admin.site.index_title = "Danh mục và cấu hình"

handler404 = "nominations.api.errors.page_not_found"
handler500 = "nominations.api.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("verify/<str:code>/", verify_certificate, name="verify-certificate"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("nominations.api.urls")),
    path("api/v1/", include("scoring.urls")),
    path("api/v1/notifications/", include("notifications.urls")),
    path("", include("web.urls")),
]
