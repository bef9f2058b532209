from celery import shared_task

from workflows import absences
from workflows.audit_integrity import audit_seal, audit_verify_and_alert


@shared_task(name="workflows.seal_audit", ignore_result=True)
def seal_audit() -> int | None:
    seal = audit_seal()
    return seal.pk if seal else None


@shared_task(name="workflows.verify_audit", ignore_result=True)
def verify_audit() -> list[str]:
    return audit_verify_and_alert().broken_chains


@shared_task(name="workflows.absences_begin", ignore_result=True)
def absences_begin() -> int:
    """Each morning, hand over the claimed tasks of those whose absence starts today."""
    return absences.absences_begin()
