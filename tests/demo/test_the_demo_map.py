"""The demo on the 2025 map: Mỹ Thạnh's documents before the merger, Mỹ Thới's after, one movement."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from nominations.models import Decision, Nomination, Organization, Succession, User
from tests.accounts.otp import api_client_for
from tests.awards.award_steps import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", password="Mot-mat-khau-1")
    return {o.name: o for o in Organization.objects.all()}


def test_my_thanh_merges_into_my_thoi_on_1_july_2025_and_the_documents_follow_the_map(demo):
    # One seeded demo for every check: seeding takes a quarter of a minute.
    my_thanh, my_thoi = demo["Phường Mỹ Thạnh"], demo["Phường Mỹ Thới"]

    assert (my_thanh.successor, my_thanh.valid_to) == (my_thoi, datetime.date(2025, 6, 30))
    assert my_thoi.valid_from == datetime.date(2025, 7, 1)
    assert my_thoi.parent == demo["Tỉnh An Giang"]
    assert my_thanh.parent == demo["Thành phố Long Xuyên"]
    assert demo["Thành phố Long Xuyên"].valid_to == datetime.date(2025, 6, 30)
    merger = Succession.objects.get()
    assert (merger.predecessor, merger.successor, merger.kind) == (my_thanh, my_thoi, "merger")
    assert (merger.act_number, merger.act_date) == ("1654/NQ-UBTVQH15", datetime.date(2025, 6, 16))
    # The movement goes on in the successor: one campaign, its rounds, the units and their people.
    assert list(my_thoi.campaigns.values_list("plan_number", flat=True)) == ["244/KH-UBND"]
    assert not my_thanh.campaigns.exists()
    assert User.objects.get(username="unit1").memberships.get().organization == my_thoi
    assert not Nomination.objects.filter(organization=my_thanh, round__year__gt=2025).exists()

    # Documents signed before the merger keep Mỹ Thạnh; later ones carry Mỹ Thới.
    before = Decision.objects.filter(organization=my_thanh, signed_on__isnull=False)
    after = Decision.objects.filter(organization=my_thoi, signed_on__isnull=False)
    assert {d.signed_on.year for d in before} == {2024}
    assert {d.signed_on >= datetime.date(2025, 7, 1) for d in after} == {True}
    assert after.filter(signed_on__year=2025).exists()

    secretary = api_client_for(User.objects.get(username="secretary"))
    listed = {row["id"] for row in secretary.get("/api/v1/decisions/?page_size=100").json()["results"]}
    # The successor's council secretary keeps reading the predecessor's records.
    assert {d.pk for d in before} | {d.pk for d in after} <= listed

    old = before.order_by("signed_on").first()
    download = secretary.get(f"/api/v1/decisions/{old.pk}/document.pdf")
    assert download.status_code == 200
    assert download.content == secretary.get(f"/api/v1/decisions/{old.pk}/document.pdf").content
    old_text = pdf_text(download.content)
    assert "PHƯỜNG MỸ THẠNH" in old_text
    assert "Mỹ Thạnh, ngày" in old_text
    newest = after.order_by("-signed_on").first()
    new_text = pdf_text(secretary.get(f"/api/v1/decisions/{newest.pk}/document.pdf").content)
    assert "PHƯỜNG MỸ THỚI" in new_text
    assert "Mỹ Thới, ngày" in new_text
    assert "244/KH-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân phường Mỹ Thạnh" in " ".join(new_text.split())
    assert "MỸ THẠNH" not in new_text
    assert "LONG XUYÊN" not in new_text.upper()
