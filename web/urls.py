from django.contrib.auth import views as auth_views
from django.urls import include, path

from web import awards, council, editing, honour, nominations, notifications, queue, reports, scoring

app_name = "web"

urlpatterns = [
    path("accounts/login/", nominations.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", nominations.dashboard, name="dashboard"),
    path("ho-so/", nominations.nomination_list, name="nomination-list"),
    path("ho-so/tao-moi/", editing.nomination_create, name="nomination-create"),
    path("ho-so/<uuid:pk>/", nominations.nomination_detail, name="nomination-detail"),
    path("ho-so/<uuid:pk>/thao-tac/", nominations.nomination_transition_view, name="nomination-transition"),
    path("ho-so/<uuid:pk>/soan/", editing.nomination_edit, name="nomination-edit"),
    path("ho-so/<uuid:pk>/doi-tuong/", editing.nominee_add, name="nominee-add"),
    path("ho-so/<uuid:pk>/doi-tuong/<int:nominee_id>/xoa/", editing.nominee_remove, name="nominee-remove"),
    path("ho-so/<uuid:pk>/tai-lieu/", editing.attachment_upload, name="attachment-upload"),
    path("ho-so/<uuid:pk>/tai-lieu/<uuid:attachment_id>/xoa/", editing.attachment_delete, name="attachment-remove"),
    path("ho-so/<uuid:pk>/nhap-danh-sach/", editing.nominee_import, name="nominee-import"),
    path("ho-so/<uuid:pk>/cham-diem/", scoring.score_sheet, name="score-sheet"),
    path("hang-doi/", queue.queue, name="queue"),
    path("hang-doi/thao-tac/", queue.queue_bulk, name="queue-bulk"),
    path("hang-doi/<uuid:pk>/nhan/", queue.queue_claim, name="queue-claim"),
    path("hoi-dong/", council.council_list, name="council-list"),
    path("hoi-dong/<int:session_id>/", council.council_detail, name="council-detail"),
    path("hoi-dong/<int:session_id>/bieu-quyet/", council.council_vote, name="council-vote"),
    path("hoi-dong/<int:session_id>/ket-thuc/", council.council_close, name="council-close"),
    path("hoi-dong/<int:session_id>/phieu-viet/", council.council_written_vote, name="council-written-vote"),
    path("hoi-dong/<int:session_id>/khieu-nai/", council.council_vote_dispute, name="council-vote-dispute"),
    path(
        "hoi-dong/<int:session_id>/rut-phieu-viet/", council.council_written_withdraw, name="council-written-withdraw"
    ),
    path("quyet-dinh/", awards.decision_list, name="decisions"),
    path("quyet-dinh/<int:decision_id>/", awards.decision_detail, name="decision-detail"),
    path("quyet-dinh/<int:decision_id>/ky/", awards.decision_sign, name="decision-sign"),
    path("quyet-dinh/<int:decision_id>/trao/", awards.decision_issue, name="decision-issue"),
    path("giay-khen/<int:certificate_id>/huy/", awards.certificate_revoke, name="certificate-revoke"),
    path("phat-thanh/", awards.broadcast_list, name="broadcasts"),
    path("phat-thanh/<int:broadcast_id>/da-phat/", awards.broadcast_aired, name="broadcast-aired"),
    path("thong-bao/", notifications.notification_list, name="notifications"),
    path("thong-bao/<int:notification_id>/da-doc/", notifications.notification_read, name="notification-read"),
    path("thong-bao/da-doc-tat-ca/", notifications.notification_read_all, name="notifications-read-all"),
    path("thong-bao/tuy-chon/", notifications.notification_preferences, name="notification-preferences"),
    path("bao-cao/", reports.round_report, name="reports"),
    path("bao-cao/giai-doan/", reports.phase_report, name="reports-phase"),
    path("vinh-danh/<int:year>/", honour.honour_board, name="honour-board"),
    path("vinh-danh/dong-y/", honour.honour_consents, name="honour-consents"),
    path("vinh-danh/dong-y/ghi-nhan/", honour.honour_consent_change, name="honour-consent-change"),
]
