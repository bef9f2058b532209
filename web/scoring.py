"""The title track's score sheet: the unit self-assesses each nominee against each criterion while
the file is its own to edit; the reviewer scores while it is under review. scoring.services decides.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import Refusal
from core.http import client_ip
from nominations import access as permissions
from nominations.models import Nomination, Role, Track
from nominations.states import EDITABLE, Status
from scoring import services
from web.common import visible_nomination

YES, NO = "1", "0"


def scoring_mode(user: Any, nomination: Nomination) -> str:
    """ "self" for the unit while editable, "review" for whoever may recognise it under review, else ""."""
    if nomination.status in EDITABLE and permissions.has_role(user, Role.SUBMITTER, unit_id=nomination.unit_id):
        return "self"
    if (
        nomination.status == Status.UNDER_REVIEW
        and permissions.transition_refusal(user, nomination, "recognize") is None
    ):
        return "review"
    return ""


def _met(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def _rows(
    sheet: dict[str, Any], mode: str, posted: Any = None, error: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """Per nominee, per criterion: what is stored and what the form shows (the post, after a refusal, with the
    refusal's message on the cell it is about: ``error`` is (cell key, message))."""
    criteria = sheet["criteria_set"]["criteria"]
    rows = []
    for nominee in sheet["nominees"]:
        stored = {s["criterion"]: s for s in nominee["scores"]}
        cells = []
        for criterion in criteria:
            score = stored.get(criterion["code"], {})
            key = f"{nominee['nominee']}-{criterion['code']}"
            if mode == "review":
                points, met, comment = score.get("review_points"), score.get("met"), score.get("comment", "")
            else:
                points, met, comment = score.get("self_points"), score.get("self_met"), ""
            cell = {
                "criterion": criterion,
                "key": key,
                "self_points": score.get("self_points"),
                "self_met": score.get("self_met"),
                "points": "" if points is None else str(points),
                "met": _met(met),
                "comment": comment or "",
            }
            if error and error[0] == key:
                cell["error"] = error[1]
            if posted is not None:
                cell.update(
                    points=posted.get(f"p-{key}", ""),
                    met=posted.get(f"m-{key}", ""),
                    comment=posted.get(f"c-{key}", ""),
                )
            cells.append(cell)
        rows.append({**nominee, "cells": cells})
    return rows


def _posted_scores(sheet: dict[str, Any], data: Any, mode: str) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The form as the service takes it; a criterion left blank is not sent. Also each row's place."""
    scores: list[dict[str, Any]] = []
    places: list[tuple[str, str]] = []
    for nominee in sheet["nominees"]:
        for criterion in sheet["criteria_set"]["criteria"]:
            key = f"{nominee['nominee']}-{criterion['code']}"
            raw_points = data.get(f"p-{key}", "").strip()
            raw_met = data.get(f"m-{key}", "")
            comment = data.get(f"c-{key}", "").strip() if mode == "review" else ""
            if not raw_points and raw_met not in (YES, NO) and not comment:
                continue
            points: Any = None
            if raw_points:
                points = int(raw_points) if re.fullmatch(r"\d{1,4}", raw_points) else raw_points
            row = {
                "nominee": nominee["nominee"],
                "criterion": criterion["code"],
                "points": points,
                "met": {YES: True, NO: False}.get(raw_met),
            }
            if mode == "review":
                row["comment"] = comment
            scores.append(row)
            places.append((key, f"{nominee['name']} — {criterion['code']}"))
    return scores, places


def _place_of(refusal: Refusal, places: list[tuple[str, str]]) -> tuple[str, str]:
    """(cell key, "name — criterion") of the score a refusal is about, or empty strings."""
    match = re.match(r"scores\[(\d+)\]", str(refusal.extra.get("field", "")))
    if match and int(match.group(1)) < len(places):
        return places[int(match.group(1))]
    return "", ""


_CELL = re.compile(r"[pmc]-\d+-[\w.\-]{1,40}")


def _focus(value: str | None) -> str:
    """The cell to come back to: one of the sheet's own input ids, or nothing."""
    return value if value and _CELL.fullmatch(value) else ""


@login_required
def score_sheet(request: HttpRequest, pk: Any) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    if nomination.award_kind.track != Track.TITLE:
        raise Http404
    sheet = services.score_sheet(nomination)
    mode = scoring_mode(request.user, nomination)
    refusal: Refusal | None = None
    place = error_key = ""
    focus = _focus(request.POST.get("place") if request.method == "POST" else request.GET.get("o"))
    if request.method == "POST" and sheet["criteria_set"] is not None:
        if not mode:
            raise Http404
        scores, places = _posted_scores(sheet, request.POST, mode)
        save = services.score_review if mode == "review" else services.score_self_assess
        try:
            if scores:
                save(nomination_id=nomination.pk, actor=request.user, scores=scores, client_ip=client_ip(request))
        except Refusal as exc:
            if exc.status == 404:
                raise Http404 from exc
            refusal = exc
            error_key, place = _place_of(exc, places)
            if error_key:
                focus = "p-" + error_key
        else:
            messages.success(request, _("Scores saved."))
            # back on the cell the scorer was in, so a long sheet does not start over from the top
            target = reverse("web:score-sheet", kwargs={"pk": nomination.pk})
            return redirect(f"{target}?o={focus}#{focus}" if focus else target)
    context: dict[str, Any] = {
        "nomination": nomination,
        "sheet": sheet,
        "mode": mode,
        "refusal": refusal,
        "refusal_place": place,
        "focus": focus,
        "rows": (
            _rows(
                sheet,
                mode,
                request.POST if refusal else None,
                (error_key, refusal.message) if refusal and error_key else None,
            )
            if sheet["criteria_set"]
            else []
        ),
        "may_recognize": mode == "review",
    }
    return render(request, "web/score_sheet.html", context, status=refusal.status if refusal else 200)
