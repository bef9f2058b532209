"""How an organisation heads its papers: the issuing body, parent body and place of every document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from documents.body import Body
from documents.dates import vn_day_month_year
from nominations.models import (
    Campaign,
    LegalBasis,
    Membership,
    Organization,
    OrganizationVersion,
    Role,
    SignerPosition,
    User,
)

_UPPER_PREFIX = "ỦY BAN NHÂN DÂN"


@dataclass(frozen=True)
class OrganizationOnDate:
    """An organisation as it stood on one day: its name, header, parent and place then."""

    pk: int
    name: str
    issuing_body: str
    parent_body: str
    place_name: str
    parent_id: int | None


def organization_on(organization: Organization | OrganizationOnDate, day: datetime.date | None) -> OrganizationOnDate:
    if isinstance(organization, OrganizationOnDate):
        return organization
    version = None
    if day is not None:
        version = (
            OrganizationVersion.objects.filter(organization=organization, valid_from__lte=day)
            .order_by("-valid_from")
            .first()
        )
    source: Any = version or organization
    return OrganizationOnDate(
        pk=organization.pk,
        name=source.name,
        issuing_body=source.issuing_body,
        parent_body=source.parent_body,
        place_name=source.place_name,
        parent_id=source.parent_id,
    )


def parent_on(organization: Organization, day: datetime.date) -> Organization | None:
    """Where a file escalates on a day: the parent then (after 1/7/2025 a ward's parent is the province)."""
    parent_id = organization_on(organization, day).parent_id
    return Organization.objects.filter(pk=parent_id).first() if parent_id else None


def sentence_case_body(organization: Organization | OrganizationOnDate, day: datetime.date | None = None) -> str:
    """ "Ủy ban nhân dân phường Mỹ Thạnh" from the capitals of the header and the organisation's name."""
    shown = organization_on(organization, day)
    if is_peoples_committee(shown) and shown.name:
        return f"Ủy ban nhân dân {shown.name[:1].lower()}{shown.name[1:]}"
    return shown.issuing_body


def is_peoples_committee(organization: Organization | OrganizationOnDate) -> bool:
    return organization.issuing_body.upper().startswith(_UPPER_PREFIX)


def body_of(organization: Organization, day: datetime.date | None = None) -> Body:
    """The header of a document dated ``day``: the organisation's name, parent line and place on that day."""
    shown = organization_on(organization, day)
    # Nghị định 30/2020, Phụ lục I: a People's Committee's documents carry no parent body above its own name.
    return Body(
        issuing_body=sentence_case_body(shown),
        parent_body="" if is_peoples_committee(shown) else shown.parent_body,
        place_name=shown.place_name,
        document_suffix=organization.document_suffix.removeprefix("QĐ-"),
    )


def person_name(user: User | None) -> str:
    return (user.full_name or user.username) if user else ""


def signer_position(user: User | None, organization: Organization) -> str:
    if user is None:
        return ""
    return (
        Membership.objects.filter(user=user, organization=organization, role=Role.SIGNER)
        .exclude(position="")
        .values_list("position", flat=True)
        .first()
        or ""
    )


def proposal_signer(organization: Organization) -> User | None:
    """Who signs the organisation's tờ trình: its Chairman, else a deputy."""
    memberships = Membership.objects.filter(organization=organization, role=Role.SIGNER).select_related("user")
    chairman = memberships.filter(position=SignerPosition.CHAIRMAN).order_by("id").first()
    chosen = chairman or memberships.order_by("id").first()
    return chosen.user if chosen else None


def signer_block(user: User | None, organization: Organization, *, collective: bool = False) -> tuple[str, str]:
    """(authority, title) above the signature, Nghị định 30/2020 style.

    The Chairman signs in his own name ("CHỦ TỊCH"); a deputy signs for him ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH");
    a document of the People's Committee as a collective adds "TM. ỦY BAN NHÂN DÂN" above. A signer whose
    position is not recorded is taken to be a deputy, the form that never claims more authority than held.
    """
    on_behalf = "TM. ỦY BAN NHÂN DÂN" if collective else ""
    if signer_position(user, organization) == SignerPosition.CHAIRMAN:
        return on_behalf, "CHỦ TỊCH"
    authority = "\n".join(part for part in (on_behalf, "KT. CHỦ TỊCH") if part)
    return authority, "PHÓ CHỦ TỊCH"


def council_body_of(organization: Organization, day: datetime.date | None = None) -> Body:
    """The council's own header: the People's Committee that set it up above, the council below."""
    shown = organization_on(organization, day)
    return Body(
        issuing_body="Hội đồng Thi đua – Khen thưởng",
        parent_body=sentence_case_body(shown),
        place_name=shown.place_name,
        document_suffix="HĐTĐKT",
    )


def legal_bases_on(day: datetime.date, organization: Organization) -> list[str]:
    """The "Căn cứ" lines in force on a document's date, e.g. NĐ 98/2023 before 1/7/2025, NĐ 152/2025 after."""
    bases = (
        LegalBasis.objects.filter(in_force_from__lte=day)
        .filter(Q(in_force_to__isnull=True) | Q(in_force_to__gte=day))
        .filter(Q(organization__isnull=True) | Q(organization=organization))
    )
    lines = []
    for basis in bases:
        dated = f" {vn_day_month_year(basis.issued_on)}" if basis.issued_on else ""
        subject = f" {basis.subject}" if basis.subject else ""
        lines.append(f"Căn cứ {basis.name}{dated}{subject};")
    return lines


def _author_on(organization: Organization, day: datetime.date | None) -> Organization:
    """Who stood for this organisation on ``day``: itself, or the one organisation merged into it since then
    that existed that day (a campaign moves to the successor; its plan keeps the author that issued it)."""
    if day is None or organization.valid_from is None or day >= organization.valid_from:
        return organization
    earlier = list(
        Organization.objects.filter(successor=organization, valid_to__gte=day).exclude(valid_from__gt=day)[:2]
    )
    return _author_on(earlier[0], day) if len(earlier) == 1 else organization


def plan_reference(campaign: Campaign | None) -> str:
    # The plan is cited as its author was named when it was issued.
    """ "Kế hoạch số 244/KH-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân phường Mỹ Thạnh", from the campaign."""
    if campaign is None or not campaign.plan_number:
        return ""
    dated = f" {vn_day_month_year(campaign.plan_date)}" if campaign.plan_date else ""
    author = _author_on(campaign.organization, campaign.plan_date)
    return f"Kế hoạch số {campaign.plan_number}{dated} của {sentence_case_body(author, campaign.plan_date)}"
