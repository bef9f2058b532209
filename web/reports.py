"""Reports per round and per phase: the figures of reports.rounds, with bar charts drawn as SVG
on the server and buttons to the API's XLSX and PDF exports of the same report.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nominations.models import AwardKind, Phase
from reports import rounds as reports
from web import labels
from web.charts import Chart, bar_chart
from web.common import organization_ids, rounds_for


def _pick(options: list[Any], raw: str | None) -> Any | None:
    chosen = next((o for o in options if str(o.pk) == (raw or "")), None)
    return chosen or (options[0] if options else None)


def _award_names(codes: set[str]) -> dict[str, str]:
    return dict(AwardKind.objects.filter(code__in=codes).values_list("code", "name"))


def _charts(data: dict[str, Any]) -> dict[str, Any]:
    """Charts and table rows for the breakdowns the report carries, named in the active language."""
    names = _award_names({row["award_kind"] for row in [*data["by_award_kind"], *data["progress"]]})
    series = [_("Nominees"), _("Approved")]
    by_unit = bar_chart(
        _("Nominees by unit"), [(row["name"], (row["nominees"], row["approved"])) for row in data["by_unit"]], series
    )
    by_award = [{**row, "label": names.get(row["award_kind"], row["award_kind"])} for row in data["by_award_kind"]]
    by_award_chart = bar_chart(
        _("Nominees by award kind"), [(row["label"], (row["nominees"], row["approved"])) for row in by_award], series
    )
    # nominee kind × result: one row per kind, one bar per result that occurs.
    results = [code for code in labels.RESULT if any(r["result"] == code for r in data["by_nominee_kind"])]
    kinds = [code for code in labels.NOMINEE_KIND if any(r["kind"] == code for r in data["by_nominee_kind"])]
    counts = {(r["kind"], r["result"]): r["nominees"] for r in data["by_nominee_kind"]}
    kind_rows = [
        {
            "label": labels.NOMINEE_KIND[kind],
            "cells": [counts.get((kind, result), 0) for result in results],
        }
        for kind in kinds
    ]
    kind_chart = bar_chart(
        _("Nominees by kind and result"),
        [(str(row["label"]), row["cells"]) for row in kind_rows],
        [str(labels.RESULT[r]) for r in results],
    )
    genders = [{**row, "label": labels.GENDER.get(row["gender"] or "", _("Not stated"))} for row in data["by_gender"]]
    gender_chart = bar_chart(
        _("Individuals by gender"), [(str(row["label"]), (row["nominees"], row["approved"])) for row in genders], series
    )
    progress = [
        {
            **row,
            "label": names.get(row["award_kind"], row["award_kind"]),
            "denominator_label": labels.DENOMINATOR.get(row["denominator"], row["denominator"]),
        }
        for row in data["progress"]
    ]
    progress_chart = bar_chart(
        _("Progress against the movement's targets (%)"),
        [(row["label"], (row["percent"],)) for row in progress],
        [_("Achieved")],
        scale_max=100,
        suffix="%",
        markers=[row["target_percent"] for row in progress],
    )
    charts: list[tuple[str, Chart]] = [
        ("unit", by_unit),
        ("award", by_award_chart),
        ("kind", kind_chart),
        ("gender", gender_chart),
        ("progress", progress_chart),
    ]
    return {
        "charts": dict(charts),
        "by_award": by_award,
        "kind_rows": kind_rows,
        "kind_results": [labels.RESULT[r] for r in results],
        "genders": genders,
        "progress": progress,
    }


@login_required
def round_report(request: HttpRequest) -> HttpResponse:
    rounds = list(rounds_for(request.user))
    chosen = _pick(rounds, request.GET.get("round"))
    context: dict[str, Any] = {"rounds": rounds, "chosen": chosen, "mode": "round"}
    if chosen is not None:
        data = reports.round_report(round=chosen, user=request.user)
        context.update(data=data, **_charts(data))
    return render(request, "web/report.html", context)


def phases_for(user: Any) -> list[Phase]:
    qs = Phase.objects.select_related("campaign").order_by("-end_year", "start_year", "id")
    if not user.is_superuser:
        qs = qs.filter(campaign__organization_id__in=organization_ids(user))
    return list(qs)


@login_required
def phase_report(request: HttpRequest) -> HttpResponse:
    phases = phases_for(request.user)
    chosen = _pick(phases, request.GET.get("phase"))
    context: dict[str, Any] = {"phases": phases, "chosen": chosen, "mode": "phase"}
    if chosen is not None:
        data = reports.phase_report(phase=chosen, user=request.user)
        rounds_chart = bar_chart(
            _("Nominees by round"),
            [(row["name"], (row["nominees"], row["approved"])) for row in data["rounds"]],
            [_("Nominees"), _("Approved")],
        )
        context.update(data=data, rounds_chart=rounds_chart, **_charts(data))
    return render(request, "web/report.html", context)
