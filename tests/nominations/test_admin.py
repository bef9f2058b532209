"""The admin serves every catalogue in Vietnamese; files are shown, never edited there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from nominations.models import Nomination

pytestmark = pytest.mark.django_db


def test_every_registered_model_lists_and_opens_its_add_page_for_the_administrator(client, ward):
    client.force_login(ward.users["admin"])

    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, info
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, info


def test_the_admin_speaks_vietnamese_by_default(client, ward):
    client.force_login(ward.users["admin"])

    page = client.get(reverse("admin:index")).content.decode()

    assert "Quản trị thi đua, khen thưởng" in page
    assert "Đợt xét" in page or "đợt xét" in page.lower()
    assert "Hình thức khen thưởng / danh hiệu" in page or "hình thức khen thưởng / danh hiệu" in page.lower()


def test_nominations_cannot_be_edited_in_the_admin(client, make_nomination, ward):
    nomination = make_nomination()
    client.force_login(ward.users["admin"])

    response = client.post(
        reverse("admin:nominations_nomination_change", args=[nomination.pk]), {"title": "sửa trái phép"}
    )

    assert response.status_code == 403
    assert Nomination.objects.get(pk=nomination.pk).title == nomination.title


def test_a_submitter_cannot_open_the_admin(client, ward):
    client.force_login(ward.users["unit1"])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


OUTCOME_MODELS = [
    ("scoring", "nomineescore"),
    ("nominations", "membership"),
    ("nominations", "awardhistory"),
    ("nominations", "annualreport"),
    ("nominations", "nominee"),
    ("honour", "honourconsent"),
    ("notifications", "notification"),
    ("notifications", "reminder"),
]


@pytest.mark.parametrize(("app_label", "model_name"), OUTCOME_MODELS)
def test_what_decides_an_outcome_is_read_only_in_the_admin(client, ward, app_label, model_name):
    # given the administrator, who may open every catalogue
    client.force_login(ward.users["admin"])

    # when they try to add to a record that decides an outcome
    response = client.get(reverse(f"admin:{app_label}_{model_name}_add"))

    # then the admin refuses: these change only through services that lock and audit
    assert response.status_code == 403
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label_lower == f"{app_label}.{model_name}")
    request = response.wsgi_request
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
