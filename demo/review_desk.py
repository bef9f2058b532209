"""The Hội Khuyến học's desk in the demo: it reviews in steps with an intake clerk, two case officers
(the demo's reviewer and a second one) and a head; Khóm Đông Thạnh's files go to the second officer by
rule; the second officer has recorded next week's absence with the reviewer standing in.
Built only through the services, and a second run changes nothing.
"""

from __future__ import annotations

import datetime

from demo.catalogues import Ward
from nominations.models import Absence, AssignmentRule, Membership, Nomination, Role, User
from nominations.states import Status
from workflows.absences import absence_record
from workflows.review import review_assign, review_propose

BODY = "Hội Khuyến học phường"
# (username, full name, role in the reviewing body)
PEOPLE = [
    ("clerk", "Lê Văn Tiếp", Role.REVIEW_CLERK),
    ("officer2", "Đoàn Thị Duyệt", Role.REVIEWER),
    ("head", "Hồ Văn Trưởng", Role.REVIEW_HEAD),
]


def seed_review_desk(ward: Ward, password: str, today: datetime.date) -> dict[str, User]:
    org = ward.organization
    people = {}
    for username, full_name, role in PEOPLE:
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(user=user, organization=org, unit=ward.units[BODY], role=role)
        people[username] = user
    if org.review_in_steps:
        return people
    org.review_in_steps = True
    org.save(update_fields=["review_in_steps"])
    AssignmentRule.objects.get_or_create(
        organization=org, unit=ward.units["Khóm Đông Thạnh"], award_kind=None, defaults={"officer": people["officer2"]}
    )
    # Files already under review were being appraised by the reviewer: the head records it.
    under_review = Nomination.objects.filter(organization=org, status=Status.UNDER_REVIEW).order_by("created_at")
    for index, nomination in enumerate(under_review):
        review_assign(nomination_id=nomination.pk, actor=people["head"], officer="reviewer")
        if index == 0:
            review_propose(
                nomination_id=nomination.pk,
                actor=ward.users["reviewer"],
                proposal="recognize" if nomination.award_kind.track == "title" else "recommend",
                opinion="Hồ sơ đầy đủ, thành tích tiêu biểu; đề nghị lãnh đạo duyệt.",
            )
    if not Absence.objects.filter(user=people["officer2"]).exists():
        absence_record(
            actor=people["officer2"],
            starts_on=today + datetime.timedelta(days=7),
            ends_on=today + datetime.timedelta(days=11),
            substitute="reviewer",
        )
    return people
