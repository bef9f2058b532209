"""The reviewing body in steps, shared by the review-step tests."""

from __future__ import annotations

import pytest

from nominations.models import Membership, Role, User
from tests.accounts.otp import api_client_for
from tests.conftest import PASSWORD


@pytest.fixture
def body(ward):
    """The Hội Khuyến học reviewing in steps: a clerk, two officers (reviewer, officer2) and a head."""
    org = ward.organization
    org.review_in_steps = True
    org.save(update_fields=["review_in_steps"])
    for username, name, role in [
        ("clerk", "Lê Văn Tiếp", Role.REVIEW_CLERK),
        ("officer2", "Đoàn Thị Duyệt", Role.REVIEWER),
        ("head", "Hồ Văn Trưởng", Role.REVIEW_HEAD),
    ]:
        user = User.objects.create_user(username, password=PASSWORD, full_name=name)
        Membership.objects.create(user=user, organization=org, role=role)
    return org


@pytest.fixture
def api(ward):
    def client_for(username):
        return api_client_for(User.objects.get(username=username))

    return client_for
