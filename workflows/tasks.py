from celery import shared_task

from workflows import absences


@shared_task(name="workflows.absences_begin", ignore_result=True)
def absences_begin() -> int:
    """Each morning, hand over the claimed tasks of those whose absence starts today."""
    return absences.absences_begin()
