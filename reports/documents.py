"""The round report on paper: a Nghị định 30 style báo cáo rendered to PDF."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine

from core import clock
from documents.body import header_context
from documents.dates import vn_date
from documents.money import vnd
from documents.pdf import render_pdf
from documents.templating import TEMPLATE_DIR
from nominations.letterhead import body_of
from nominations.models import AwardKind, NomineeKind, NomineeResult, Organization

OWN_TEMPLATES = Path(__file__).resolve().parent / "templates"
RESULT_LABELS = dict(NomineeResult.choices)
KIND_LABELS = dict(NomineeKind.choices)
GENDER_LABELS = {"male": "Nam", "female": "Nữ", None: "Chưa ghi"}


@cache
def _engine() -> Engine:
    # The documents' own engine settings (autoescape, no localisation) with this app's templates first.
    return Engine(dirs=[str(OWN_TEMPLATES), str(TEMPLATE_DIR)], autoescape=True, debug=False)


def _render(name: str, context: dict[str, Any]) -> str:
    return _engine().get_template(name).render(Context(context, autoescape=True, use_l10n=False, use_tz=False))


def round_report_html(
    data: dict[str, Any], *, organization: Organization, awardees: Iterable[tuple[Any, ...]], prepared_by: str = ""
) -> str:
    today = clock.today()
    money = data.get("prize_money") or {}
    award_names = dict(AwardKind.objects.values_list("code", "name"))
    context = {
        "header": header_context(body_of(organization), None, "BC", today),
        "report": data,
        "round_name": data.get("name", ""),
        "by_award_kind": [
            {**row, "award_kind": award_names.get(row["award_kind"], row["award_kind"])}
            for row in data.get("by_award_kind", [])
        ],
        "progress": [
            {**row, "award_kind": award_names.get(row["award_kind"], row["award_kind"])}
            for row in data.get("progress", [])
        ],
        "by_nominee_kind": [
            {
                "kind": KIND_LABELS.get(row["kind"], row["kind"]),
                "result": RESULT_LABELS.get(row["result"], row["result"]),
                "nominees": row["nominees"],
            }
            for row in data.get("by_nominee_kind", [])
        ],
        "by_gender": [
            {**row, "gender": GENDER_LABELS.get(row["gender"], row["gender"])} for row in data.get("by_gender", [])
        ],
        "money": {key: vnd(money.get(key, 0)) for key in ("total", "paid", "unpaid")},
        "money_counts": money,
        "awardees": [
            {
                "unit": unit,
                "award": award,
                "reference": reference,
                "kind": KIND_LABELS.get(kind, kind),
                "name": name,
                "birth_year": birth_year or "",
                "address": address,
            }
            for unit, award, reference, kind, name, _gender, birth_year, address in awardees
        ],
        "prepared_on": vn_date(today),
        "prepared_by": prepared_by,
        "signer": {"authority": "", "title": "NGƯỜI LẬP BÁO CÁO", "name": prepared_by},
    }
    return _render("reports/round.html", context)


def round_report_pdf(
    data: dict[str, Any], *, organization: Organization, awardees: Iterable[tuple[Any, ...]], prepared_by: str = ""
) -> bytes:
    return render_pdf(round_report_html(data, organization=organization, awardees=awardees, prepared_by=prepared_by))
