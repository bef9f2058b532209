from django.urls import path

from api import absences as absence_views
from api import annual as annual_views
from api import bulk as import_views
from api import council as council_views
from api import decisions as decision_views
from api import nominations as views
from api import nominee_decisions as nominee_views
from api import payments as payment_views
from api import records as record_views
from api import reports as report_views
from api import review as review_views
from api import statistics as statistics_views
from api import tokens as token_views

app_name = "api"

urlpatterns = [
    path("auth/token/", token_views.AuthTokenView.as_view(), name="auth-token"),
    path("auth/logout/", token_views.LogoutView.as_view(), name="auth-logout"),
    path("auth/tokens/", token_views.TokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<str:token_id>/", token_views.TokenRevokeView.as_view(), name="auth-token-revoke"),
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
    path(
        "nominations/<uuid:pk>/nominees/<int:nominee_id>/exclude/",
        nominee_views.NomineeExcludeView.as_view(),
        name="nominee-exclude",
    ),
    path(
        "nominations/<uuid:pk>/nominees/<int:nominee_id>/restore/",
        nominee_views.NomineeRestoreView.as_view(),
        name="nominee-restore",
    ),
    path("nominations/<uuid:pk>/task/reassign/", absence_views.TaskReassignView.as_view(), name="nomination-reassign"),
    path("nominations/<uuid:pk>/review/assign/", review_views.ReviewAssignView.as_view(), name="review-assign"),
    path("nominations/<uuid:pk>/review/propose/", review_views.ReviewProposeView.as_view(), name="review-propose"),
    path("nominations/<uuid:pk>/review/decide/", review_views.ReviewDecideView.as_view(), name="review-decide"),
    path("absences/", absence_views.AbsenceListView.as_view(), name="absences"),
    path("absences/<int:pk>/cancel/", absence_views.AbsenceCancelView.as_view(), name="absence-cancel"),
    path("nominations/<uuid:pk>/escalate/", views.EscalateView.as_view(), name="nomination-escalate"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("queue/counts/", review_views.QueueCountsView.as_view(), name="queue-counts"),
    path("nominations/<uuid:pk>/tasks/", review_views.TaskHistoryView.as_view(), name="nomination-tasks"),
    path("award-kinds/<slug:code>/template.xlsx", import_views.ImportTemplateView.as_view(), name="import-template"),
    path("nominations/<uuid:pk>/nominees/import/", import_views.NomineeImportView.as_view(), name="nominee-import"),
    path(
        "nominations/bulk/transitions/<slug:name>/", import_views.BulkTransitionView.as_view(), name="bulk-transition"
    ),
    path("reports/rounds/<int:pk>/", report_views.RoundReportView.as_view(), name="report-round"),
    path("reports/phases/<int:pk>/", report_views.PhaseReportView.as_view(), name="report-phase"),
    path("reports/annual/<int:year>/", annual_views.AnnualSummaryView.as_view(), name="report-annual"),
    path("reports/statistics/<int:year>/", statistics_views.StatisticsFormView.as_view(), name="report-statistics"),
    path("annual-reports/<int:year>/", annual_views.AnnualReportView.as_view(), name="annual-report"),
    path(
        "annual-reports/<int:year>/submit/", annual_views.AnnualReportSubmitView.as_view(), name="annual-report-submit"
    ),
    path("council-sessions/", council_views.CouncilSessionListView.as_view(), name="council-sessions"),
    path("council-sessions/<int:pk>/", council_views.CouncilSessionDetailView.as_view(), name="council-session"),
    path("council-sessions/<int:pk>/votes/", council_views.CouncilVoteView.as_view(), name="council-session-votes"),
    path(
        "council-sessions/<int:pk>/votes/dispute/",
        council_views.CouncilVoteDisputeView.as_view(),
        name="council-session-vote-dispute",
    ),
    path(
        "council-sessions/<int:pk>/votes/withdraw/",
        council_views.CouncilWrittenVoteWithdrawView.as_view(),
        name="council-session-vote-withdraw",
    ),
    path(
        "council-sessions/<int:pk>/close/",
        council_views.CouncilSessionCloseView.as_view(),
        name="council-session-close",
    ),
    path("council-sessions/<int:pk>/minutes.pdf", council_views.CouncilMinutesView.as_view(), name="council-minutes"),
    path("decisions/", decision_views.DecisionListView.as_view(), name="decisions"),
    path("decisions/<int:pk>/", decision_views.DecisionDetailView.as_view(), name="decision"),
    path("decisions/<int:pk>/sign/", decision_views.DecisionSignView.as_view(), name="decision-sign"),
    path("decisions/<int:pk>/issue/", decision_views.DecisionIssueView.as_view(), name="decision-issue"),
    path("decisions/<int:pk>/document.pdf", decision_views.DecisionPdfView.as_view(), name="decision-pdf"),
    path("decisions/<int:pk>/document.docx", decision_views.DecisionDocxView.as_view(), name="decision-docx"),
    path(
        "decisions/<int:pk>/certificates.pdf",
        decision_views.DecisionCertificatesPdfView.as_view(),
        name="decision-certificates-pdf",
    ),
    path(
        "decisions/<int:pk>/certificates-blank.pdf",
        record_views.DecisionCertificatesBlankPdfView.as_view(),
        name="decision-certificates-blank-pdf",
    ),
    path(
        "decisions/<int:pk>/blank-calibration.pdf",
        record_views.DecisionBlankCalibrationView.as_view(),
        name="decision-blank-calibration",
    ),
    path("certificates/", decision_views.CertificateListView.as_view(), name="certificates"),
    path("certificates/<int:pk>/", decision_views.CertificateDetailView.as_view(), name="certificate"),
    path("certificates/<int:pk>/document.pdf", decision_views.CertificatePdfView.as_view(), name="certificate-pdf"),
    path("certificates/<int:pk>/revoke/", decision_views.CertificateRevokeView.as_view(), name="certificate-revoke"),
    path(
        "certificates/<int:pk>/recovered/",
        record_views.CertificateRecoveredView.as_view(),
        name="certificate-recovered",
    ),
    path("certificates/<int:pk>/paid/", payment_views.CertificatePaidView.as_view(), name="certificate-paid"),
    path("broadcasts/", decision_views.BroadcastListView.as_view(), name="broadcasts"),
    path("broadcasts/<int:pk>/aired/", decision_views.BroadcastAiredView.as_view(), name="broadcast-aired"),
    path(
        "broadcasts/<int:pk>/script.pdf", decision_views.BroadcastScriptPdfView.as_view(), name="broadcast-script-pdf"
    ),
]
