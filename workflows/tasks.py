from celery import shared_task
from viewflow.workflow.timers import fire_due_timers as viewflow_fire_due_timers

from workflows import absences


@shared_task(name="workflows.fire_due_timers", ignore_result=True)
def fire_due_timers() -> int:
    return viewflow_fire_due_timers()


@shared_task(name="workflows.absences_begin", ignore_result=True)
def absences_begin() -> int:
    """Each morning, hand over the claimed tasks of those whose absence starts today."""
    return absences.absences_begin()
