"""Who may see a nomination, and who may move it (SPEC.md §1, API.md "Nominations")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from core import clock
from core.errors import Refusal, forbidden
from nominations.models import (
    BODY_ROLES,
    UNIT_ROLES,
    AccessGrantStatus,
    FileAccessGrant,
    Membership,
    Nomination,
    Organization,
    Role,
)
from nominations.states import PUBLIC_TRANSITIONS, Status, transitions_from

M = TypeVar("M", bound=Model)

REVIEW_TRANSITIONS = frozenset({"accept", "return_for_revision", "reject", "recommend", "recognize"})
UNIT_TRANSITIONS = frozenset({"submit", "withdraw"})


@dataclass(frozen=True)
class Grant:
    organization_id: int
    unit_id: int | None
    role: str
    # The absent colleague whose role this is, while the user stands in for him or her; None for one's own.
    on_behalf_of: int | None = None


def grants_of(user: Any) -> tuple[Grant, ...]:
    """The user's roles, with those of colleagues away today who named the user their substitute.

    Read once per request, in one statement, and kept on the user object.
    """
    if not user or not user.is_authenticated:
        return ()
    cached = getattr(user, "_vinhdanh_grants", None)
    if cached is None:
        today = clock.today()
        standing_in = Q(
            user__absences__substitute_id=user.pk,
            user__absences__starts_on__lte=today,
            user__absences__ends_on__gte=today,
            user__absences__cancelled_at__isnull=True,
        )
        rows = Membership.objects.filter(Q(user_id=user.pk) | standing_in).values_list(
            "user_id", "organization_id", "unit_id", "role"
        )
        cached = tuple(
            dict.fromkeys(
                Grant(org, unit, role, None if holder == user.pk else holder) for holder, org, unit, role in rows
            )
        )
        user._vinhdanh_grants = cached
    return cached


def acting_for(user: Any, role: str, organization_id: int) -> int | None:
    """Whose role the user exercises: None when it is the user's own, else the absent holder's id."""
    grants = [g for g in grants_of(user) if g.role == role and g.organization_id == organization_id]
    if not grants or any(g.on_behalf_of is None for g in grants):
        return None
    return grants[0].on_behalf_of


def has_role(user: Any, role: str, *, organization_id: int | None = None, unit_id: int | None = None) -> bool:
    return any(
        g.role == role
        and (organization_id is None or g.organization_id == organization_id)
        and (unit_id is None or g.unit_id == unit_id)
        for g in grants_of(user)
    )


def unit_ids_of(user: Any, roles: frozenset[str] = frozenset({Role.SUBMITTER, Role.UNIT_HEAD})) -> set[int]:
    return {g.unit_id for g in grants_of(user) if g.role in roles and g.unit_id is not None}


# The bodies that read the organisation's files because their work is the file: the radio reads only
# the broadcasts it airs, and an administrator administers catalogues and users, reading a file only
# under a time-limited grant (FileAccessGrant).
FILE_READER_ROLES = BODY_ROLES - {Role.BROADCASTER, Role.ADMIN}
# Who may see a file's CCCD and ethnicity besides its own unit: the reviewer handling it and the secretary
# preparing the decision (Nghị định 13/2023: ethnicity is sensitive personal data).
PERSONAL_DATA_ROLES = frozenset({Role.REVIEWER, Role.SECRETARY})


def predecessors_of(organization_ids: set[int]) -> set[int]:
    """Every organisation merged, directly or through others, into one of these."""
    found: set[int] = set()
    frontier = set(organization_ids)
    while frontier:
        frontier = set(Organization.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def _own_body_organization_ids(user: Any) -> set[int]:
    return {g.organization_id for g in grants_of(user) if g.role in FILE_READER_ROLES}


def body_organization_ids(user: Any) -> set[int]:
    """The organisations whose files, sessions and decisions this user reads as one of their bodies: their
    own, and those merged into them, whose records the successor keeps (the files stay as they were decided).

    Read once per request with the user's roles, and kept on the user.
    """
    own = frozenset(_own_body_organization_ids(user))
    if not own:
        return set()
    cached = getattr(user, "_vinhdanh_body_organizations", None)
    if cached is None or cached[0] != own:
        cached = (own, own | predecessors_of(set(own)))
        user._vinhdanh_body_organizations = cached
    return set(cached[1])


def broadcast_organization_ids(user: Any) -> set[int]:
    return body_organization_ids(user) | {g.organization_id for g in grants_of(user) if g.role == Role.BROADCASTER}


def _left_the_unit() -> Q:
    # A file withdrawn while still a draft was never submitted: it never leaves its unit.
    return ~Q(status=Status.DRAFT) & Q(submitted_at__isnull=False)


def granted_nomination_ids(user: Any) -> QuerySet[FileAccessGrant]:
    """Files this user may read now under a granted, unexpired access grant."""
    return FileAccessGrant.objects.filter(
        grantee_id=user.pk, status=AccessGrantStatus.GRANTED, expires_at__gt=timezone.now()
    ).values("nomination_id")


def active_grant(user: Any, nomination: Nomination) -> FileAccessGrant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        FileAccessGrant.objects.filter(
            grantee_id=user.pk,
            nomination_id=nomination.pk,
            status=AccessGrantStatus.GRANTED,
            expires_at__gt=timezone.now(),
        )
        .order_by("-expires_at")
        .first()
    )


def visible_nominations(user: Any) -> QuerySet[Nomination]:
    """Files of the user's own units from creation; the organisation's files once they left the unit.

    Administrators (organisation administrators and the superuser alike) read files only under a grant.
    """
    qs = Nomination.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    unit_ids = unit_ids_of(user)
    org_ids = body_organization_ids(user)
    scope = Q(pk__in=granted_nomination_ids(user))
    if unit_ids:
        scope |= Q(unit_id__in=unit_ids)
    if org_ids:
        scope |= Q(organization_id__in=org_ids) & _left_the_unit()
    return qs.filter(scope)


def can_see(user: Any, nomination: Nomination) -> bool:
    if nomination.unit_id in unit_ids_of(user):
        return True
    if (
        nomination.status != Status.DRAFT
        and nomination.submitted_at is not None
        # The organisations merged into the user's are looked up only for their files.
        and (
            nomination.organization_id in _own_body_organization_ids(user)
            or nomination.organization_id in body_organization_ids(user)
        )
    ):
        return True
    return active_grant(user, nomination) is not None


def sees_personal_data(user: Any, nomination: Nomination) -> bool:
    """CCCD, ethnicity and birth date (and evidence scans, which show them): the unit, reviewer and secretary."""
    if nomination.unit_id in unit_ids_of(user):
        return True
    # An administrator's grant opens the file, not its sensitive data.
    return any(
        has_role(user, role, organization_id=nomination.organization_id) for role in PERSONAL_DATA_ROLES
    ) and can_see(user, nomination)


def is_supervisor_only(user: Any, organization_id: int) -> bool:
    roles = {g.role for g in grants_of(user) if g.organization_id == organization_id}
    return roles == {Role.SUPERVISOR}


def transition_refusal(user: Any, nomination: Nomination, name: str) -> Refusal | None:
    """Why this user may not perform this transition on a file he or she can see (403), or None."""
    if name in UNIT_TRANSITIONS:
        if has_role(user, Role.SUBMITTER, unit_id=nomination.unit_id):
            return None
        if is_supervisor_only(user, nomination.organization_id):
            return _supervisor_refusal()
        return forbidden(
            "Chỉ cán bộ lập hồ sơ của đơn vị đề nghị mới được gửi hoặc rút hồ sơ này.",
            "Only the nominating unit's submitters may submit or withdraw this file.",
            code="unit_only",
        )
    if name in REVIEW_TRANSITIONS and nomination.organization.review_in_steps:
        return _stepped_review_refusal(user, nomination, name)
    if name in REVIEW_TRANSITIONS:
        if not has_role(user, Role.REVIEWER, organization_id=nomination.organization_id):
            if is_supervisor_only(user, nomination.organization_id):
                return _supervisor_refusal()
            return forbidden(
                "Chỉ cán bộ thẩm định của cơ quan mới được thực hiện thao tác này.",
                "Only the organisation's reviewers may perform this action.",
                code="reviewer_only",
            )
        if user.pk in (nomination.created_by_id, nomination.submitted_by_id) or nomination.unit_id in unit_ids_of(
            user, UNIT_ROLES
        ):
            return forbidden(
                "Người lập hoặc thuộc đơn vị đề nghị không được thẩm định hồ sơ của chính mình.",
                "Whoever prepared the file, or belongs to the nominating unit, may not appraise it.",
                code="segregation_of_duties",
            )
        return None
    return forbidden(
        "Thao tác này được thực hiện qua phiên họp Hội đồng, quyết định hoặc cấp giấy khen.",
        "This change happens through a council session, a decision or an issue.",
        code="not_a_public_transition",
    )


# Where the organisation reviews in steps: who receives, who may return at once, who decides.
STEPPED_REVIEW_ROLES = {
    "accept": (Role.REVIEW_CLERK, Role.REVIEW_HEAD, Role.REVIEWER),
    "return_for_revision": (Role.REVIEW_CLERK, Role.REVIEW_HEAD),
    "reject": (Role.REVIEW_HEAD,),
    "recommend": (Role.REVIEW_HEAD,),
    "recognize": (Role.REVIEW_HEAD,),
}


def _stepped_review_refusal(user: Any, nomination: Nomination, name: str) -> Refusal | None:
    org = nomination.organization_id
    if not any(has_role(user, role, organization_id=org) for role in STEPPED_REVIEW_ROLES[name]):
        if is_supervisor_only(user, org):
            return _supervisor_refusal()
        if has_role(user, Role.REVIEWER, organization_id=org):
            return forbidden(
                "Cơ quan thẩm định theo bước: cán bộ thẩm định gửi đề xuất, lãnh đạo cơ quan quyết định.",
                "This body reviews in steps: the case officer proposes and the head decides.",
                code="head_decides",
            )
        return forbidden(
            "Chỉ lãnh đạo hoặc bộ phận tiếp nhận của cơ quan thẩm định mới được thực hiện thao tác này.",
            "Only the reviewing body's head or intake clerk may perform this action.",
            code="reviewer_only",
        )
    if user.pk in (nomination.created_by_id, nomination.submitted_by_id) or nomination.unit_id in unit_ids_of(
        user, UNIT_ROLES
    ):
        return forbidden(
            "Người lập hoặc thuộc đơn vị đề nghị không được thẩm định hồ sơ của chính mình.",
            "Whoever prepared the file, or belongs to the nominating unit, may not appraise it.",
            code="segregation_of_duties",
        )
    assignment = getattr(nomination, "review_assignment", None)
    deciding = name in ("reject", "recommend", "recognize")
    if deciding and nomination.organization.review_segregation and assignment and assignment.officer_id == user.pk:
        return forbidden(
            "Lãnh đạo không được tự duyệt đề xuất thẩm định do chính mình lập.",
            "The head may not decide on an appraisal he or she made.",
            code="segregation_of_duties",
        )
    return None


def _supervisor_refusal() -> Refusal:
    return forbidden(
        "Giám sát chỉ được xem hồ sơ, không được thay đổi.",
        "Supervisors read files; they change nothing.",
        code="read_only",
    )


def available_transitions(user: Any, nomination: Nomination) -> list[str]:
    possible = transitions_from(nomination.status)
    possible.discard("recognize" if nomination.award_kind.track == "commendation" else "recommend")
    return [
        name for name in PUBLIC_TRANSITIONS if name in possible and transition_refusal(user, nomination, name) is None
    ]


def require_role(actor: Any, role: str, organization_id: int, vi: str, en: str, code: str) -> None:
    if not has_role(actor, role, organization_id=organization_id):
        raise forbidden(vi, en, code=code)


def require_secretary(actor: Any, organization_id: int) -> None:
    require_role(
        actor,
        Role.SECRETARY,
        organization_id,
        "Chỉ Thường trực Hội đồng TĐKT mới được thực hiện thao tác này.",
        "Only the council's standing office (secretary) may do this.",
        "secretary_only",
    )


def lock_visible(visible: QuerySet[M], pk: Any, *, missing: Callable[[], Refusal], related: tuple[str, ...] = ()) -> M:
    """Lock the row with this key among those the caller may see, or refuse with ``missing`` (a 404).

    A row the caller may not see and a row that does not exist get the same answer, so the refusal
    tells nobody what exists. Role checks come after, on the locked row.
    """
    try:
        return visible.select_for_update(of=("self",)).select_related(*related).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise missing() from exc
