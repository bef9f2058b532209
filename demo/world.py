"""The demo ward (SPEC.md §7) on the real map: catalogues, people, files in every state, and the 2025 merger."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from demo.award_files import seed_award_files
from demo.catalogues import Ward, seed_award_tables, seed_catalogues
from demo.files import seed_files
from demo.map2025 import MERGED_ON, seed_the_merger
from demo.people import seed_city, seed_users
from demo.pki import seed_signing_keys
from demo.review_desk import seed_review_desk
from nominations.holidays import seed_announced_years, seed_public_holidays
from nominations.models import Nomination
from scoring.defaults import seed_default_criteria


def seed_demo(password: str, today: datetime.date | None = None) -> Ward:
    """The ward's years in the order they happened: Mỹ Thạnh's 2024 and first half of 2025, the merger into
    Mỹ Thới on 1/7/2025 (when ``today`` is past it), then the rest of 2025 and the current year."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Public holidays first: the demo files' due dates are counted in working days.
        seed_public_holidays()
        seed_announced_years()
        ward = seed_catalogues(today)
        ward.users = seed_users(ward, password)
        seed_award_tables(ward)
        fresh = not Nomination.objects.filter(unit__in=ward.units.values()).exists()
        merging = today >= MERGED_ON
        if fresh:
            # Mỹ Thạnh's own: the 2024 round, and the 2025 files decided before the merger.
            seed_files(ward, keys=("2024", "2025"))
            seed_award_files(ward, keys=("2024",) if merging else ("2024", "2025"))
        if merging:
            ward = seed_the_merger(ward)
            seed_signing_keys(ward.organization, [ward.users["signer"]])
        ward.users.update(seed_city(ward, password, today))
        if fresh:
            if merging:
                seed_award_files(ward, keys=("2025",))
            seed_files(ward, keys=("current",))
            seed_award_files(ward, keys=("current",))
        # After the demo files: those were recognised before titles were scored against criteria.
        seed_default_criteria(ward.award_kinds)
        # Last: the files already under review are handed to their case officers.
        ward.users.update(seed_review_desk(ward, password, today))
    return ward
