"""?format=pdf on the round report: the same figures as a Nghị định 30 style báo cáo."""

from __future__ import annotations

from typing import Any

from api.workbooks import PDF, FileRenderer
from nominations.models import Round
from reports import rounds as reports
from reports.documents import round_report_pdf


class RoundReportPDFRenderer(FileRenderer):
    media_type = PDF
    format = "pdf"

    def build(self, data: dict[str, Any], renderer_context: dict[str, Any]) -> bytes:
        view = renderer_context.get("view")
        request = renderer_context.get("request")
        round_ = Round.objects.select_related("campaign__organization").get(pk=data["round"])
        files = getattr(view, "report_files", None)
        user = getattr(request, "user", None)
        return round_report_pdf(
            data,
            organization=round_.campaign.organization,
            awardees=reports.awardees(files) if files is not None else (),
            prepared_by=(getattr(user, "full_name", "") or getattr(user, "username", "")) if user else "",
        )
