"""Calendars that never run out: the statutory holidays of any year, announced days on top, the warning."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from core import clock
from nominations.calendar import add_working_days, is_working_day, statutory_holidays
from nominations.checks import holiday_announcement_check
from nominations.models import Holiday, HolidayAnnouncement
from notifications.deadlines import working_days_left
from tests.accounts.otp import verified_login

D = datetime.date


def test_the_vietnam_calendar_computes_tet_and_gio_to_from_the_lunar_calendar():
    # Mùng 1 Tết Đinh Mùi is Saturday 6/2/2027; 10/3 âm lịch is Friday 16/4/2027.
    assert statutory_holidays(2027)[D(2027, 2, 6)] == "Tết Nguyên Đán"
    assert statutory_holidays(2027)[D(2027, 4, 16)] == "Ngày Giỗ Tổ Hùng Vương"
    # The new moon of February 2030 falls at 23:07 in Hà Nội and 00:07 in Beijing: Vietnam's Tết Canh Tuất
    # is Saturday 2/2/2030, a day before China's, which only a calendar computed at UTC+7 gets right.
    assert statutory_holidays(2030)[D(2030, 2, 2)] == "Tết Nguyên Đán"
    assert statutory_holidays(2030)[D(2030, 4, 12)] == "Ngày Giỗ Tổ Hùng Vương"


@pytest.mark.django_db
def test_a_deadline_over_tet_2027_skips_it():
    # Tết Đinh Mùi: Thursday 4/2 to Wednesday 10/2/2027 closed; nothing about 2027 is in the database.
    assert not Holiday.objects.filter(day__year=2027).exists()
    assert add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    assert add_working_days(D(2027, 2, 1), 5) == D(2027, 2, 15)  # 2, 3, 11, 12 and 15/2
    assert working_days_left(D(2027, 2, 3), D(2027, 2, 11), organization_id=None) == 1
    assert not is_working_day(D(2027, 2, 8))


@pytest.mark.django_db
def test_an_announced_extra_day_off_and_a_compensatory_saturday_are_counted():
    # 2030: a bridge day off on Friday 3/5, worked back on Saturday 11/5 (an announcement entered by the admin).
    assert add_working_days(D(2030, 5, 2), 1) == D(2030, 5, 3)
    Holiday.objects.create(day=D(2030, 5, 3), name="Nghỉ bù hoán đổi")
    Holiday.objects.create(day=D(2030, 5, 11), name="Làm bù cho ngày 03/5", is_working_day=True)

    assert add_working_days(D(2030, 5, 2), 1) == D(2030, 5, 6)
    assert is_working_day(D(2030, 5, 11))
    assert add_working_days(D(2030, 5, 10), 1) == D(2030, 5, 11)


@pytest.mark.django_db
def test_the_seeded_years_know_their_working_saturdays():
    assert is_working_day(D(2025, 4, 26))
    assert not is_working_day(D(2025, 5, 2))
    assert set(HolidayAnnouncement.objects.values_list("year", flat=True)) >= {2024, 2025, 2026}


@pytest.mark.django_db
def test_on_1_december_the_system_check_warns_until_the_coming_year_is_entered():
    with clock.replay_on(D(2026, 11, 30)):
        assert holiday_announcement_check() == []
    with clock.replay_on(D(2026, 12, 1)):
        warnings = holiday_announcement_check()
        assert [w.id for w in warnings] == ["vinhdanh.W001"]
        assert "2027" in warnings[0].msg
        with pytest.raises(SystemCheckError):
            call_command("check", fail_level="WARNING")
        HolidayAnnouncement.objects.create(year=2027, document="Thông báo nghỉ lễ, Tết năm 2027")
        assert holiday_announcement_check() == []


@pytest.mark.django_db
def test_the_administrator_is_warned_on_every_page_and_others_are_not(client, ward):
    with clock.replay_on(D(2026, 12, 2)):
        verified_login(client, ward.users["admin"])
        for url in (reverse("web:dashboard"), reverse("web:queue"), reverse("admin:index")):
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"data-calendar-warning" in response.content, url
            assert b"2027" in response.content, url
        assert "Chưa nhập ngày nghỉ lễ" in client.get(reverse("web:dashboard")).content.decode()
        client.force_login(ward.users["unit1"])
        assert b"data-calendar-warning" not in client.get(reverse("web:dashboard")).content
        HolidayAnnouncement.objects.create(year=2027, document="Thông báo nghỉ lễ, Tết năm 2027")
        verified_login(client, ward.users["admin"])
        assert b"data-calendar-warning" not in client.get(reverse("web:dashboard")).content
