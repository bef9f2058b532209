"""Annual movement reports: each unit files by 15/11, the Hội Khuyến học adds them up for the ward.

Plan 244/KH-UBND (VII): "chậm nhất ngày 15/11 hàng năm, các ban, ngành, đoàn thể phường báo cáo tình hình tổ
chức thực hiện Phong trào thi đua về HKH phường để tổng hợp". A late report is accepted and marked late.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core import clock
from core.errors import Refusal, forbidden
from nominations import access as permissions
from nominations.models import (
    ANNUAL_REPORT_FIGURES,
    ANNUAL_REPORT_TEXTS,
    AnnualReport,
    AnnualReportStatus,
    Organization,
    Role,
    Round,
    RoundKind,
    Unit,
    UnitKind,
)
from workflows.audit import outbox_emit

# The bodies that receive, aggregate or decide do not report to themselves.
NON_REPORTING_KINDS = frozenset({UnitKind.HOI_KHUYEN_HOC, UnitKind.HOI_DONG_TDKT, UnitKind.UBND})
DEFAULT_DUE_DAY = (11, 15)
MAX_TEXT = 20_000
# The figures are stored in PostgreSQL integer columns; a larger count is a typing mistake, not a ward.
MAX_FIGURE = 2_147_483_647


def check_year(year: int) -> None:
    if not 2000 <= year <= clock.today().year + 1:
        raise Refusal("invalid_year", "Năm báo cáo không hợp lệ.", "Invalid report year.")


def reporting_unit(*, actor: Any, unit_id: int | None = None) -> Unit:
    """The unit the actor files for: the one named, or the only one in which the actor is a submitter."""
    unit_ids = permissions.unit_ids_of(actor, frozenset({Role.SUBMITTER}))
    if unit_id is not None:
        if unit_id not in unit_ids:
            raise forbidden(
                "Chỉ cán bộ lập hồ sơ của đơn vị mới được lập báo cáo của đơn vị.",
                "Only the unit's submitters may file its report.",
                code="unit_only",
            )
        chosen = unit_id
    elif len(unit_ids) == 1:
        chosen = next(iter(unit_ids))
    elif not unit_ids:
        raise forbidden(
            "Chỉ cán bộ lập hồ sơ của đơn vị mới được lập báo cáo của đơn vị.",
            "Only a unit's submitters may file its report.",
            code="unit_only",
        )
    else:
        raise Refusal(
            "unit_required",
            "Bạn thuộc nhiều đơn vị; hãy chọn đơn vị (tham số unit).",
            "You belong to several units; name one (parameter unit).",
        )
    return Unit.objects.select_related("organization").get(pk=chosen)


def report_due_on(*, organization_id: int, year: int) -> datetime.date:
    """The annual round's report deadline, or 15/11 of the year when no round sets one."""
    due = (
        Round.objects.filter(
            campaign__organization_id=organization_id, year=year, kind=RoundKind.ANNUAL, report_due_on__isnull=False
        )
        .order_by("report_due_on")
        .values_list("report_due_on", flat=True)
        .first()
    )
    return due or datetime.date(year, *DEFAULT_DUE_DAY)


def annual_report_of(*, unit: Unit, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit=unit, year=year).select_related("unit", "submitted_by").first()


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name in ANNUAL_REPORT_FIGURES:
        if name not in data:
            continue
        value = data[name]
        if value in (None, ""):
            cleaned[name] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FIGURE:
            raise Refusal(
                "validation_error",
                f"Số liệu «{name}» phải là số nguyên không âm, không quá {MAX_FIGURE:,}.".replace(",", "."),
                f"The figure '{name}' must be a whole number from 0 to {MAX_FIGURE:,}.",
                extra={"field": name},
            )
        cleaned[name] = value
    for name in ANNUAL_REPORT_TEXTS:
        if name not in data:
            continue
        value = data[name] if data[name] is not None else ""
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise Refusal(
                "validation_error",
                f"Nội dung «{name}» không hợp lệ.",
                f"The text '{name}' is invalid.",
                extra={"field": name},
            )
        cleaned[name] = value.strip()
    return cleaned


def _already_submitted(report: AnnualReport) -> Refusal:
    return Refusal(
        "already_submitted",
        f"Báo cáo năm {report.year} đã được gửi ngày {timezone.localtime(report.submitted_at):%d/%m/%Y}.",
        f"The {report.year} report was already submitted.",
        status=409,
    )


def _locked(unit: Unit, year: int, actor: Any) -> AnnualReport:
    AnnualReport.objects.bulk_create([AnnualReport(unit=unit, year=year, updated_by=actor)], ignore_conflicts=True)
    return AnnualReport.objects.select_for_update().get(unit=unit, year=year)


def annual_report_save(*, actor: Any, year: int, data: dict[str, Any], unit_id: int | None = None) -> AnnualReport:
    """Create or update the unit's draft report; a submitted report no longer changes."""
    check_year(year)
    unit = reporting_unit(actor=actor, unit_id=unit_id)
    cleaned = _clean(data)
    with transaction.atomic():
        report = _locked(unit, year, actor)
        if report.status == AnnualReportStatus.SUBMITTED:
            raise _already_submitted(report)
        for name, value in cleaned.items():
            setattr(report, name, value)
        report.updated_by = actor
        report.save()
    return report


def annual_report_submit(*, actor: Any, year: int, unit_id: int | None = None) -> AnnualReport:
    """Send the report to the Hội Khuyến học; after the deadline it is still accepted, marked late."""
    check_year(year)
    unit = reporting_unit(actor=actor, unit_id=unit_id)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().filter(unit=unit, year=year).first()
        if report is None:
            raise Refusal("not_found", "Chưa có báo cáo để gửi.", "There is no report to submit.", status=404)
        if report.status == AnnualReportStatus.SUBMITTED:
            raise _already_submitted(report)
        if not report.results:
            raise Refusal(
                "results_required",
                "Cần nêu kết quả thực hiện phong trào trước khi gửi.",
                "Describe the year's results before submitting.",
                extra={"field": "results"},
            )
        due = report_due_on(organization_id=unit.organization_id, year=year)
        report.status = AnnualReportStatus.SUBMITTED
        report.due_on = due
        report.is_late = clock.today() > due
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.save(update_fields=["status", "due_on", "is_late", "submitted_at", "submitted_by", "updated_at"])
        outbox_emit(
            event="annual_report.submitted",
            organization_id=unit.organization_id,
            unit_id=unit.pk,
            actor=actor,
            payload={"annual_report": report.pk, "year": year, "late": report.is_late},
        )
    return report


def _aggregating_organization(actor: Any, organization_id: int | None) -> Organization:
    reviewer_orgs = {g.organization_id for g in permissions.grants_of(actor) if g.role == Role.REVIEWER}
    if organization_id is None and len(reviewer_orgs) == 1:
        organization_id = next(iter(reviewer_orgs))
    allowed = actor.is_superuser or (organization_id is not None and organization_id in reviewer_orgs)
    if not allowed:
        raise forbidden(
            "Chỉ Hội Khuyến học (thẩm định) của cơ quan mới tổng hợp báo cáo phong trào.",
            "Only the organisation's reviewers (Hội Khuyến học) aggregate the movement reports.",
            code="reviewer_only",
        )
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise Refusal("not_found", "Không tìm thấy cơ quan.", "Organisation not found.", status=404)
    return organization


def annual_summary(*, actor: Any, year: int, organization_id: int | None = None) -> dict[str, Any]:
    """The ward's totals over the submitted reports, and which units have and have not reported."""
    check_year(year)
    organization = _aggregating_organization(actor, organization_id)
    units = Unit.objects.filter(organization=organization).exclude(kind__in=NON_REPORTING_KINDS)
    submitted = AnnualReport.objects.filter(
        unit__in=units, year=year, status=AnnualReportStatus.SUBMITTED
    ).select_related("unit", "submitted_by")
    sums = submitted.aggregate(**{name: Sum(name) for name in ANNUAL_REPORT_FIGURES})
    reported = [
        {
            "unit": r.unit_id,
            "name": r.unit.name,
            "submitted_at": r.submitted_at,
            "submitted_by": r.submitted_by.username if r.submitted_by else None,
            "late": r.is_late,
            **{name: getattr(r, name) for name in ANNUAL_REPORT_FIGURES},
            **{name: getattr(r, name) for name in ANNUAL_REPORT_TEXTS},
        }
        for r in submitted.order_by("unit__name", "unit_id")
    ]
    missing = list(
        units.exclude(pk__in=submitted.values("unit_id")).order_by("name", "id").values("id", "name", "kind")
    )
    return {
        "organization": organization.pk,
        "year": year,
        "due_on": report_due_on(organization_id=organization.pk, year=year),
        "units_expected": units.count(),
        "units_submitted": len(reported),
        "units_late": sum(1 for r in reported if r["late"]),
        "totals": {name: sums[name] or 0 for name in ANNUAL_REPORT_FIGURES},
        "reports": reported,
        "not_submitted": [{"unit": u["id"], "name": u["name"], "kind": u["kind"]} for u in missing],
    }
