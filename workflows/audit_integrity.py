"""Whole-log checks of the audit chains: every chain against its anchor, the anchors against the daily seal.

An entry's HMAC catches a rewritten entry; the anchors (append-only, written with each entry) catch a cut
tail or a deleted chain; the seal (an HMAC over every anchored head, chained day to day) catches anchors
removed by someone who could switch the append-only trigger off.
"""

from __future__ import annotations

import datetime
import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from nominations.models import Membership, Organization, Role, User

from .audit import outbox_emit, verify_chain
from .audit_keys import UnknownAuditKey, current_key_id, new_mac
from .models import AuditAnchor, AuditDigest, AuditEntry

ALERT_EVENT = "audit.broken"


@dataclass(frozen=True)
class Problem:
    chain: str
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f" entry #{self.seq}" if self.seq is not None else ""
        return f"{self.chain}{where}: {self.reason}"


@dataclass
class AuditReport:
    chains: int = 0
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def broken_chains(self) -> list[str]:
        return sorted({problem.chain for problem in self.problems})


def _heads(through_anchor: int | None = None) -> Iterator[tuple[str, int, str]]:
    """Each chain's longest anchor (optionally among anchors up to an id): its anchored length and head."""
    anchors = AuditAnchor.objects.all()
    longer = AuditAnchor.objects.filter(chain=OuterRef("chain"), length__gt=OuterRef("length"))
    if through_anchor is not None:
        anchors = anchors.filter(pk__lte=through_anchor)
        longer = longer.filter(pk__lte=through_anchor)
    rows = anchors.filter(~Exists(longer)).values_list("chain", "length", "head_hash")
    return rows.iterator(chunk_size=5000)


def _seal_mac(*, key_id: str, prev_mac: str, through_anchor: int) -> tuple[str, int]:
    # Sorted in Python, not by the database's collation: a restored copy must seal to the same bytes.
    heads = sorted(_heads(through_anchor))
    mac = new_mac(key_id)
    mac.update(f"vinhdanh-audit-seal\n{prev_mac}\n{through_anchor}\n".encode())
    for chain, length, head in heads:
        mac.update(f"{chain}\t{length}\t{head}\n".encode())
    return mac.hexdigest(), len(heads)


def audit_seal() -> AuditDigest | None:
    """Seal every chain's anchored head as of now; chained to the previous seal. Safe to run twice."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('vinhdanh-audit-seal'))")
        last_anchor = AuditAnchor.objects.order_by("-pk").values_list("pk", flat=True).first()
        if last_anchor is None:
            return None
        previous = AuditDigest.objects.order_by("-pk").first()
        if previous is not None and previous.through_anchor == last_anchor:
            return previous
        key_id = current_key_id()
        prev_mac = previous.mac if previous else ""
        mac, chains = _seal_mac(key_id=key_id, prev_mac=prev_mac, through_anchor=last_anchor)
        return AuditDigest.objects.create(
            sealed_at=timezone.now(),
            through_anchor=last_anchor,
            chains=chains,
            key_id=key_id,
            prev_mac=prev_mac,
            mac=mac,
        )


def audit_verify() -> AuditReport:
    """Walk every chain, compare each with its anchor, and check the seals; one consistent snapshot."""
    report = AuditReport()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # Entries, anchors and seals are read in several statements: one snapshot, or a concurrent
            # append would look like a broken chain.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        anchored = {chain: (length, head) for chain, length, head in _heads()}
        entries = AuditEntry.objects.order_by("chain", "seq").iterator(chunk_size=5000)
        for chain, group in groupby(entries, key=lambda entry: entry.chain):
            chain_entries = list(group)
            report.chains += 1
            report.entries += len(chain_entries)
            broken = verify_chain(chain_entries)
            anchor = anchored.pop(chain, None)
            if broken is not None:
                report.problems.append(Problem(chain, broken.seq, broken.reason))
                continue
            _compare_with_anchor(report, chain, chain_entries, anchor)
        for chain, (length, _) in sorted(anchored.items()):
            report.problems.append(Problem(chain, None, f"chain deleted: anchored at {length} entries, none remain"))
        _check_seals(report)
    return report


def _compare_with_anchor(
    report: AuditReport, chain: str, entries: list[AuditEntry], anchor: tuple[int, str] | None
) -> None:
    length, head = len(entries), entries[-1].hash
    if anchor is None:
        report.problems.append(Problem(chain, None, "no anchor: entries were written around the audit service"))
    elif anchor[0] > length:
        report.problems.append(Problem(chain, length, f"chain cut: anchored at {anchor[0]} entries, {length} remain"))
    elif anchor[0] < length:
        report.problems.append(
            Problem(chain, anchor[0] + 1, f"entries beyond the anchored head ({anchor[0]} anchored, {length} found)")
        )
    elif not hmac.compare_digest(anchor[1], head):
        report.problems.append(Problem(chain, length, "head does not match its anchor"))


def _check_seals(report: AuditReport) -> None:
    seals = list(AuditDigest.objects.order_by("pk"))
    prev_mac = ""
    for seal in seals:
        if seal.prev_mac != prev_mac:
            report.problems.append(Problem(f"seal:{seal.pk}", None, "seal does not follow the previous seal"))
        prev_mac = seal.mac
    now = timezone.now()
    overdue = now - settings.VINHDANH_AUDIT_SEAL_OVERDUE
    if seals:
        latest = seals[-1]
        try:
            mac, _ = _seal_mac(key_id=latest.key_id, prev_mac=latest.prev_mac, through_anchor=latest.through_anchor)
        except UnknownAuditKey:
            report.problems.append(Problem(f"seal:{latest.pk}", None, f"unknown key {latest.key_id}"))
        else:
            if not hmac.compare_digest(mac, latest.mac):
                report.problems.append(
                    Problem(f"seal:{latest.pk}", None, "anchored heads no longer match the seal: anchors were changed")
                )
        stale_since: datetime.datetime | None = latest.sealed_at
        unsealed = AuditAnchor.objects.filter(pk__gt=latest.through_anchor, at__lt=overdue)
    else:
        stale_since = None
        unsealed = AuditAnchor.objects.filter(at__lt=overdue)
    if unsealed.exists():
        since = f"since {stale_since:%Y-%m-%d %H:%M}" if stale_since else "ever"
        report.problems.append(Problem("seal", None, f"no seal {since}: anchors older than the seal period"))


def administrators() -> list[int]:
    admin_ids = Membership.objects.filter(role=Role.ADMIN).values_list("user_id", flat=True)
    people = User.objects.filter(Q(is_superuser=True) | Q(pk__in=admin_ids), is_active=True)
    return sorted(people.values_list("pk", flat=True))


def audit_verify_and_alert() -> AuditReport:
    """The scheduled check: verify, and when any chain is broken tell the administrators through the outbox."""
    report = audit_verify()
    if report.intact:
        return report
    organization_id = Organization.objects.filter(parent__isnull=True).order_by("pk").values_list("pk", flat=True)
    first = organization_id.first()
    if first is None:
        return report
    with transaction.atomic():
        outbox_emit(
            event=ALERT_EVENT,
            organization_id=first,
            payload={
                "recipient_ids": administrators(),
                "chains": ", ".join(report.broken_chains[:20]),
                "count": len(report.broken_chains),
                "problems": [str(problem) for problem in report.problems[:50]],
            },
        )
    return report
