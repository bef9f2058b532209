from celery import shared_task
from viewflow.workflow.timers import fire_due_timers as viewflow_fire_due_timers


@shared_task(name="workflows.fire_due_timers", ignore_result=True)
def fire_due_timers() -> int:
    return viewflow_fire_due_timers()
