"""Working-day deadlines over weekends and Vietnam's holidays, reminders once per threshold, the 15/11 report."""

from __future__ import annotations

import datetime

import pytest

from nominations.calendar import add_working_days
from nominations.holidays import PUBLIC_HOLIDAYS, seed_public_holidays
from nominations.models import Holiday, Nomination
from notifications.deadlines import annual_report_reminders_run, deadline_reminders_run
from notifications.models import Notification
from tests.conftest import SUBMIT
from workflows.models import OutboxEvent

D = datetime.date


@pytest.fixture
def holidays(db):
    seed_public_holidays()


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday → Monday
        (D(2025, 3, 3), 10, D(2025, 3, 17)),  # two full weeks
        (D(2024, 2, 7), 1, D(2024, 2, 15)),  # Tết Giáp Thìn 8–14/2/2024
        (D(2025, 1, 24), 1, D(2025, 2, 3)),  # Tết Ất Tỵ 25/1–2/2/2025
        (D(2025, 1, 20), 10, D(2025, 2, 10)),  # an appraisal that spans Tết
        (D(2026, 2, 13), 1, D(2026, 2, 23)),  # Tết Bính Ngọ 14–22/2/2026
        (D(2026, 2, 10), 5, D(2026, 2, 24)),  # three days before Tết, two after
        (D(2025, 4, 29), 1, D(2025, 5, 5)),  # 30/4, 1/5 and the swapped 2/5/2025
        (D(2026, 4, 24), 1, D(2026, 4, 28)),  # Hùng Kings on a Sunday: Monday 27/4/2026 off
        (D(2025, 8, 29), 1, D(2025, 9, 3)),  # Quốc khánh 1–2/9/2025
    ],
)
def test_working_days_skip_weekends_and_public_holidays(holidays, start, days, expected):
    assert add_working_days(start, days) == expected


def test_the_holiday_seed_covers_tet_every_year_and_runs_twice_harmlessly(holidays):
    added_again = seed_public_holidays()

    national = set(Holiday.objects.filter(organization__isnull=True).values_list("day", flat=True))
    assert added_again == 0
    assert {D(2024, 2, 10), D(2025, 1, 29), D(2026, 2, 17)} <= national
    assert len(national) >= len(PUBLIC_HOLIDAYS)


@pytest.mark.django_db
def test_an_organisations_own_holiday_counts_only_for_it(ward, holidays):
    Holiday.objects.create(organization=ward.organization, day=D(2025, 3, 10), name="Lễ hội địa phương")

    assert add_working_days(D(2025, 3, 7), 1, organization_id=ward.organization.pk) == D(2025, 3, 11)
    assert add_working_days(D(2025, 3, 7), 1) == D(2025, 3, 10)


@pytest.mark.django_db
def test_reminders_go_out_once_per_threshold_then_the_head_is_told_once_the_date_passes(
    ward, make_nomination, holidays, django_capture_on_commit_callbacks
):
    nomination = make_nomination(steps=(SUBMIT,))
    Nomination.objects.filter(pk=nomination.pk).update(due_on=D(2025, 2, 10))  # due after Tết 2025

    def run(day: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return deadline_reminders_run(today=day)

    timeline = [
        run(D(2025, 1, 20)),  # 10 working days left
        run(D(2025, 1, 22)),  # 8 left
        run(D(2025, 2, 4)),  # 4 left: Tết did not count
        run(D(2025, 2, 5)),  # 3 left → first reminder
        run(D(2025, 2, 5)),  # the same day again
        run(D(2025, 2, 6)),  # 2 left
        run(D(2025, 2, 7)),  # 1 left → second reminder
        run(D(2025, 2, 10)),  # due today: nothing new
        run(D(2025, 2, 11)),  # passed → escalation
        run(D(2025, 2, 12)),
    ]

    assert timeline == [0, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    events = list(
        OutboxEvent.objects.filter(event__startswith="deadline.").order_by("pk").values_list("event", "payload")
    )
    assert [(e, p.get("threshold")) for e, p in events] == [
        ("deadline.approaching", 3),
        ("deadline.approaching", 1),
        ("deadline.passed", None),
    ]
    (escalation,) = Notification.objects.filter(recipient=ward.users["signer"])
    assert escalation.event == "deadline.passed"
    assert "đã quá hạn xử lý" in escalation.message
    assert "10/02/2025" in escalation.message
    assert Notification.objects.filter(recipient=ward.users["reviewer"], event__startswith="deadline.").count() == 3


@pytest.mark.django_db
def test_a_late_first_run_sends_one_reminder_not_one_per_missed_threshold(ward, make_nomination, holidays):
    nomination = make_nomination(steps=(SUBMIT,))
    Nomination.objects.filter(pk=nomination.pk).update(due_on=D(2025, 3, 14))

    assert deadline_reminders_run(today=D(2025, 3, 13)) == 1
    assert deadline_reminders_run(today=D(2025, 3, 13)) == 0
    assert OutboxEvent.objects.get(event="deadline.approaching").payload["threshold"] == 1


@pytest.mark.django_db
def test_every_unit_is_reminded_of_the_annual_report_due_on_15_november(
    ward, holidays, django_capture_on_commit_callbacks
):
    year = ward.rounds["current"].year
    with django_capture_on_commit_callbacks(execute=True):
        early = annual_report_reminders_run(today=D(year, 10, 1))
        ten_days = annual_report_reminders_run(today=D(year, 11, 14) - datetime.timedelta(days=15))
        again = annual_report_reminders_run(today=D(year, 11, 14) - datetime.timedelta(days=15))

    assert (early, ten_days, again) == (0, 1, 0)
    event = OutboxEvent.objects.get(event="report.annual_due")
    assert event.payload["due_on"] == f"{year}-11-15"
    notices = Notification.objects.filter(event="report.annual_due")
    assert {n.recipient.username for n in notices} == {"unit1", "unit2"}
    assert f"hạn chót 15/11/{year}" in notices[0].message
