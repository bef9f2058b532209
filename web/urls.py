from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import award_pages, council_pages, editing, notices, views

app_name = "web"

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.dashboard, name="dashboard"),
    path("ho-so/", views.nomination_list, name="nomination-list"),
    path("ho-so/tao-moi/", editing.nomination_create, name="nomination-create"),
    path("ho-so/<uuid:pk>/", views.nomination_detail, name="nomination-detail"),
    path("ho-so/<uuid:pk>/thao-tac/", views.nomination_transition_view, name="nomination-transition"),
    path("ho-so/<uuid:pk>/soan/", editing.nomination_edit, name="nomination-edit"),
    path("ho-so/<uuid:pk>/doi-tuong/", editing.nominee_add, name="nominee-add"),
    path("ho-so/<uuid:pk>/doi-tuong/<int:nominee_id>/xoa/", editing.nominee_remove, name="nominee-remove"),
    path("ho-so/<uuid:pk>/tai-lieu/", editing.attachment_upload, name="attachment-upload"),
    path("hang-doi/", views.queue, name="queue"),
    path("hang-doi/thao-tac/", views.queue_bulk, name="queue-bulk"),
    path("hoi-dong/", council_pages.council_list, name="council-list"),
    path("hoi-dong/<int:session_id>/", council_pages.council_detail, name="council-detail"),
    path("hoi-dong/<int:session_id>/bieu-quyet/", council_pages.council_vote, name="council-vote"),
    path("hoi-dong/<int:session_id>/ket-thuc/", council_pages.council_close, name="council-close"),
    path("quyet-dinh/", award_pages.decision_list, name="decisions"),
    path("quyet-dinh/<int:decision_id>/", award_pages.decision_detail, name="decision-detail"),
    path("quyet-dinh/<int:decision_id>/ky/", award_pages.decision_sign, name="decision-sign"),
    path("quyet-dinh/<int:decision_id>/trao/", award_pages.decision_issue, name="decision-issue"),
    path("phat-thanh/", award_pages.broadcast_list, name="broadcasts"),
    path("phat-thanh/<int:broadcast_id>/da-phat/", award_pages.broadcast_aired, name="broadcast-aired"),
    path("thong-bao/", notices.notification_list, name="notifications"),
    path("thong-bao/<int:notification_id>/da-doc/", notices.notification_read, name="notification-read"),
    path("thong-bao/da-doc-tat-ca/", notices.notification_read_all, name="notifications-read-all"),
]
