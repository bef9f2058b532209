"""Phường Mỹ Thạnh as the demo shows it (SPEC.md §7): catalogues, people, and files in every state."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from demo.award_files import seed_award_files
from demo.catalogues import Ward, seed_award_tables, seed_catalogues
from demo.files import seed_files
from demo.people import seed_city, seed_users
from demo.review_desk import seed_review_desk
from nominations.models import Nomination
from notifications.deadlines import seed_announced_years, seed_public_holidays
from scoring.defaults import seed_default_criteria


def seed_demo(password: str, today: datetime.date | None = None) -> Ward:
    today = today or timezone.localdate()
    with transaction.atomic():
        # Public holidays first: the demo files' due dates are counted in working days.
        seed_public_holidays()
        seed_announced_years()
        ward = seed_catalogues(today)
        ward.users = seed_users(ward, password)
        ward.users.update(seed_city(ward, password, today))
        seed_award_tables(ward)
        if not Nomination.objects.filter(organization=ward.organization).exists():
            seed_files(ward)
            seed_award_files(ward)
        # After the demo files: those were recognised before titles were scored against criteria.
        seed_default_criteria(ward.award_kinds)
        # Last: the files already under review are handed to their case officers.
        ward.users.update(seed_review_desk(ward, password, today))
    return ward


# --- Council, decisions and certificates -----------------------------------------------------
