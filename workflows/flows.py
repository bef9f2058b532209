"""The flows that hand out human work on a nomination, one per track.

A flow never keeps a status of its own: every Switch reads the nomination's state, and
every human task waits for the role that may move the nomination out of that state.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from viewflow import this
from viewflow.workflow import flow, lock

from nominations.states import Status
from workflows.models import NominationProcess


def task_view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Human tasks are performed on the nomination's own pages and API, not in viewflow's views."""
    return HttpResponseRedirect("/")


def role_permission(role: str) -> str:
    return f"vinhdanh.role_{role}"


def _organization(process: NominationProcess) -> Any:
    return process.nomination.organization


def _unit(process: NominationProcess) -> Any:
    return process.nomination.unit


def _in(*states: str):  # type: ignore[no-untyped-def]
    def predicate(activation: Any) -> bool:
        return activation.process.nomination.status in states

    return predicate


# Which human task waits in each state: (task name, role, scope of the role).
TASK_FOR_STATE: dict[str, tuple[str, str, str]] = {
    Status.DRAFT: ("prepare", "submitter", "unit"),
    Status.RETURNED: ("revise", "submitter", "unit"),
    Status.SUBMITTED: ("intake", "reviewer", "organization"),
    Status.UNDER_REVIEW: ("appraise", "reviewer", "organization"),
    Status.RECOMMENDED: ("schedule_council", "secretary", "organization"),
    Status.IN_COUNCIL: ("council", "secretary", "organization"),
    Status.APPROVED: ("decision", "secretary", "organization"),
    Status.DECIDED: ("issue", "secretary", "organization"),
}


# The steps inside review, where the organisation reviews in steps (Organization.review_in_steps): the head
# (or the clerk) assigns a case officer, the officer appraises and proposes, the head decides. A ward that
# reviews in one step keeps the single `appraise` task of TASK_FOR_STATE.
REVIEW_STEPS: dict[str, tuple[str, str, str]] = {
    "assign": ("assign", "review_head", "organization"),
    "appraise": ("appraise", "reviewer", "organization"),
    "decision": ("review_decision", "review_head", "organization"),
}


def review_stage(nomination: Any) -> str | None:
    """Which step of review a file under review waits at, or None when its organisation reviews in one step."""
    if nomination.status != Status.UNDER_REVIEW or not nomination.organization.review_in_steps:
        return None
    assignment = getattr(nomination, "review_assignment", None)
    if assignment is None:
        return "assign"
    return "decision" if assignment.proposal else "appraise"


def task_waiting(nomination: Any) -> tuple[str, str, str] | None:
    """(task name, role, scope) of the human task a file waits on, whatever the organisation's steps."""
    stage = review_stage(nomination)
    return REVIEW_STEPS[stage] if stage else TASK_FOR_STATE.get(nomination.status)


def _at_stage(stage: str):  # type: ignore[no-untyped-def]
    def predicate(activation: Any) -> bool:
        return review_stage(activation.process.nomination) == stage

    return predicate


def _human(name: str):  # type: ignore[no-untyped-def]
    titles = {"assign": "Phân công thẩm định", "review_decision": "Lãnh đạo duyệt đề xuất"}
    if name in titles:
        role = next(role for task, role, _ in REVIEW_STEPS.values() if task == name)
        title = titles[name]
        return (
            flow.View(task_view)
            .Annotation(title=title)
            .Permission(role_permission(role), obj=_organization)
            .Next(this.route)
        )
    state = next(s for s, (task, _, _) in TASK_FOR_STATE.items() if task == name)
    _, role, scope = TASK_FOR_STATE[state]
    return (
        flow.View(task_view)
        .Annotation(title=Status(state).label)
        .Permission(role_permission(role), obj=_unit if scope == "unit" else _organization)
        .Next(this.route)
    )


class CommendationFlow(flow.Flow):
    """Khen thưởng: Hội đồng xét, Chủ tịch ký"""

    process_class = NominationProcess
    # The nomination row is locked by the transition service; a second lock would add nothing.
    lock_impl = lock.no_lock

    start = flow.StartHandle(this.start_process).Next(this.route)
    route = (
        flow.Switch()
        .Case(this.prepare, _in(Status.DRAFT))
        .Case(this.revise, _in(Status.RETURNED))
        .Case(this.intake, _in(Status.SUBMITTED))
        .Case(this.assign, _at_stage("assign"))
        .Case(this.review_decision, _at_stage("decision"))
        .Case(this.appraise, _in(Status.UNDER_REVIEW))
        .Case(this.schedule_council, _in(Status.RECOMMENDED))
        .Case(this.council, _in(Status.IN_COUNCIL))
        .Case(this.decision, _in(Status.APPROVED))
        .Case(this.issue, _in(Status.DECIDED))
        .Default(this.end)
    )
    prepare = _human("prepare")
    revise = _human("revise")
    intake = _human("intake")
    assign = _human("assign")
    appraise = _human("appraise")
    review_decision = _human("review_decision")
    schedule_council = _human("schedule_council")
    council = _human("council")
    decision = _human("decision")
    issue = _human("issue")
    end = flow.End()

    def start_process(self, activation: Any, nomination: Any) -> NominationProcess:
        # The process row is saved by viewflow right after this returns.
        activation.process.nomination = nomination
        return activation.process


class TitleFlow(flow.Flow):
    """Danh hiệu học tập: HKH thẩm định và công nhận"""

    process_class = NominationProcess
    lock_impl = lock.no_lock

    start = flow.StartHandle(this.start_process).Next(this.route)
    route = (
        flow.Switch()
        .Case(this.prepare, _in(Status.DRAFT))
        .Case(this.revise, _in(Status.RETURNED))
        .Case(this.intake, _in(Status.SUBMITTED))
        .Case(this.assign, _at_stage("assign"))
        .Case(this.review_decision, _at_stage("decision"))
        .Case(this.appraise, _in(Status.UNDER_REVIEW))
        .Case(this.decision, _in(Status.APPROVED))
        .Case(this.issue, _in(Status.DECIDED))
        .Default(this.end)
    )
    prepare = _human("prepare")
    revise = _human("revise")
    intake = _human("intake")
    assign = _human("assign")
    appraise = _human("appraise")
    review_decision = _human("review_decision")
    decision = _human("decision")
    issue = _human("issue")
    end = flow.End()

    def start_process(self, activation: Any, nomination: Any) -> NominationProcess:
        # The process row is saved by viewflow right after this returns.
        activation.process.nomination = nomination
        return activation.process


def flow_for_track(track: str) -> type[flow.Flow]:
    return TitleFlow if track == "title" else CommendationFlow
