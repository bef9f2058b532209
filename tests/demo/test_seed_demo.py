"""seed_demo builds Phường Mỹ Thạnh and its 2025 merger into Phường Mỹ Thới (SPEC.md §7) with API.md's users;
a second run changes only passwords."""

import pytest
from django.core.management import call_command

from nominations.models import AwardKind, Membership, Nomination, Round, Unit, User
from workflows.audit import verify_chain
from workflows.models import AuditEntry
from workflows.selectors import flow_disagreements

pytestmark = pytest.mark.django_db

EXPECTED_ROLES = {
    "admin": {("admin", None)},
    "reviewer": {("reviewer", "Hội Khuyến học phường")},
    "secretary": {("secretary", "Hội đồng Thi đua – Khen thưởng")},
    "chair": {
        ("council_chair", "Hội đồng Thi đua – Khen thưởng"),
        ("council_member", "Hội đồng Thi đua – Khen thưởng"),
    },
    "member1": {("council_member", "Hội đồng Thi đua – Khen thưởng"), ("member", "Hội Liên hiệp Phụ nữ phường")},
    "member2": {("council_member", "Hội đồng Thi đua – Khen thưởng")},
    "member3": {("council_member", "Hội đồng Thi đua – Khen thưởng")},
    "member4": {("council_member", "Hội đồng Thi đua – Khen thưởng")},
    "signer": {("signer", "UBND phường")},
    "broadcaster": {("broadcaster", "Ban Văn hóa – Đài truyền thanh")},
    "supervisor": {("supervisor", "Ủy ban MTTQ phường")},
    "unit1": {("submitter", "Hội Liên hiệp Phụ nữ phường")},
}


def snapshot() -> dict[str, object]:
    return {
        "users": sorted(User.objects.values_list("username", flat=True)),
        "memberships": Membership.objects.count(),
        "units": Unit.objects.count(),
        "rounds": sorted(Round.objects.values_list("name", "opens_on", "closes_on")),
        "award_kinds": AwardKind.objects.count(),
        "nominations": sorted(Nomination.objects.values_list("reference", "status", "version")),
        "audit": AuditEntry.objects.count(),
    }


def test_seed_demo_creates_every_user_of_the_api_table_with_its_roles():
    call_command("seed_demo", password="Mot-mat-khau-1")

    for username, roles in EXPECTED_ROLES.items():
        user = User.objects.get(username=username)
        held = {(m.role, m.unit.name if m.unit else None) for m in user.memberships.select_related("unit")}
        assert held == roles, username
        assert user.check_password("Mot-mat-khau-1")
    unit2 = User.objects.get(username="unit2")
    assert [(m.role, m.unit.kind) for m in unit2.memberships.select_related("unit")] == [("submitter", "khom")]
    assert Membership.objects.filter(role="council_member").count() == 5
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_builds_the_ward_catalogues_and_open_current_round():
    call_command("seed_demo", password="Mot-mat-khau-1")

    codes = set(AwardKind.objects.values_list("code", flat=True))
    assert codes >= {
        "giay_khen",
        "tuyen_duong_phat_thanh",
        "cong_dan_hoc_tap",
        "gia_dinh_hoc_tap",
        "dong_ho_hoc_tap",
        "don_vi_hoc_tap",
        "cong_dong_hoc_tap",
    }
    assert AwardKind.objects.get(code="giay_khen_thanh_pho").level == "city"
    assert AwardKind.objects.get(code="bang_khen_tinh").level == "province"
    assert AwardKind.objects.get(code="giay_khen").required_attachments == ["proposal", "minutes", "achievement_report"]
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert {"ban_nganh", "doan_the", "truong_hoc", "doanh_nghiep", "khom", "hoi_khuyen_hoc", "mttq"} <= kinds
    ward_rounds = Round.objects.filter(campaign__organization__name="Phường Mỹ Thới")
    open_rounds = [r for r in ward_rounds if r.is_open]
    assert len(open_rounds) == 1
    assert {r.year for r in ward_rounds.exclude(pk=open_rounds[0].pk)} <= {2024, 2025}
    assert not any(r.is_open for r in ward_rounds.filter(year__in=[2024, 2025]))
    # No district level since 1/7/2025: the ward's proposals go to the province.
    assert not Round.objects.filter(campaign__organization__name="Thành phố Long Xuyên").exists()
    province_rounds = Round.objects.filter(campaign__organization__name="Tỉnh An Giang")
    assert [r.is_open for r in province_rounds] == [True]


def test_seed_demo_files_span_the_states_with_valid_chains_and_flows():
    call_command("seed_demo", password="Mot-mat-khau-1")

    states = set(Nomination.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "under_review", "returned", "recommended", "rejected", "withdrawn"} <= states
    for nomination in Nomination.objects.all():
        assert verify_chain(nomination.audit_entries.order_by("seq")) is None
    assert flow_disagreements() == []


def test_running_seed_demo_twice_changes_nothing_but_passwords():
    call_command("seed_demo", password="Mot-mat-khau-1")
    before = snapshot()

    call_command("seed_demo", password="Mat-khau-moi-2")

    assert snapshot() == before
    reviewer = User.objects.get(username="reviewer")
    assert reviewer.check_password("Mat-khau-moi-2")
    assert not reviewer.check_password("Mot-mat-khau-1")


def test_the_demo_body_reviews_in_steps_with_a_clerk_two_officers_a_head_and_a_substitute():
    from nominations.models import Absence, ReviewAssignment
    from workflows.flows import review_stage

    call_command("seed_demo", password="Mot-mat-khau-1")

    roles = {
        (m.user.username, m.role) for m in Membership.objects.filter(role__startswith="review").select_related("user")
    }
    assert {
        ("clerk", "review_clerk"),
        ("head", "review_head"),
        ("reviewer", "reviewer"),
        ("officer2", "reviewer"),
    } <= roles
    under_review = Nomination.objects.filter(status="under_review").select_related("organization")
    assert under_review.exists()
    assert "decision" in {review_stage(n) for n in under_review}
    assert ReviewAssignment.objects.count() == under_review.count()
    absence = Absence.objects.get()
    assert (absence.user.username, absence.substitute.username) == ("officer2", "reviewer")
