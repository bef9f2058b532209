"""Random users perform random transitions with fresh or stale versions; the lifecycle's invariants hold."""

from __future__ import annotations

from collections import deque

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from core.errors import Refusal
from nominations.models import Nomination
from nominations.states import PUBLIC_TRANSITIONS, Status
from tests.workflows.lifecycle import (
    DEMO_ROLES,
    GRAPH,
    expected_status,
    footprint,
    public_audit_rows,
    some_household,
    someone,
)
from workflows.models import OutboxEvent
from workflows.selectors import flow_disagreements
from workflows.services import nomination_transition


def reachable_from_draft() -> set[str]:
    """The states the code's FSM graph reaches from draft, public and internal transitions alike."""
    edges: dict[str, set[str]] = {}
    for t in Nomination._meta.get_field("status").get_all_transitions(Nomination):
        edges.setdefault(t.source, set()).add(t.target)
    seen, todo = {Status.DRAFT.value}, deque([Status.DRAFT.value])
    while todo:
        for target in edges.get(todo.popleft(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_graph_reaches_every_status_and_the_public_graph_is_the_specs(ward):
    assert reachable_from_draft() == set(Status.values)
    for source, moves in GRAPH.items():
        for name, target in moves.items():
            table = {
                t.name: t.target
                for t in Nomination._meta.get_field("status").get_all_transitions(Nomination)
                if t.source == source
            }
            assert table[name] == target


def test_random_sequences_of_transitions_keep_the_invariants(ward, make_nomination):
    reachable = reachable_from_draft()
    seen_statuses: set[str] = set()

    class NominationLife(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            # a commendation file of unit1 and a title file of unit2, each with its own nominee
            self.files = [
                (make_nomination(nominees=[someone()]), "unit1"),
                (
                    make_nomination(submitter="unit2", award="gia_dinh_hoc_tap", nominees=[some_household()]),
                    "unit2",
                ),
            ]
            self.successes = [0, 0]

        @rule(
            index=st.integers(0, 1),
            username=st.sampled_from(DEMO_ROLES),
            name=st.sampled_from(PUBLIC_TRANSITIONS),
            fresh=st.booleans(),
            stale_offset=st.sampled_from([-1, 1, 7]),
            comment=st.sampled_from(["", "  ", "Lý do cụ thể"]),
        )
        def anyone_tries_anything(self, index, username, name, fresh, stale_offset, comment) -> None:
            self.attempt(index, username, name, fresh=fresh, stale_offset=stale_offset, comment=comment)

        @rule(index=st.integers(0, 1), choice=st.integers(0, 7))
        def the_right_person_moves_the_file_on(self, index, choice) -> None:
            # random users rarely hit a possible move; this rule walks the file deeper into its life,
            # withdrawing (which ends it) only now and then
            nomination, owner = self.files[index]
            moves = sorted(GRAPH.get(footprint(nomination.pk).status, {}))
            onward = [name for name in moves if name != "withdraw"] if choice else moves
            if onward:
                name = onward[choice % len(onward)]
                who = owner if name in ("submit", "withdraw") else "reviewer"
                self.attempt(index, who, name, comment="Lý do cụ thể")

        def attempt(self, index, username, name, *, fresh=True, stale_offset=0, comment="") -> None:
            nomination, owner = self.files[index]
            before = footprint(nomination.pk)
            version = before.version if fresh else before.version + stale_offset
            expected = expected_status(
                username,
                name,
                status=before.status,
                track=nomination.award_kind.track,
                owner=owner,
                fresh=fresh,
                comment=comment,
                submitted=Nomination.objects.filter(pk=nomination.pk, submitted_at__isnull=False).exists(),
            )
            try:
                nomination_transition(
                    nomination_id=nomination.pk, name=name, actor=ward.users[username], version=version, comment=comment
                )
                answer = 200
            except Refusal as refusal:
                answer = refusal.status
            assert answer == expected, (username, name, before, fresh, comment)
            after = footprint(nomination.pk)
            if answer == 200:
                self.successes[index] += 1
                seen_statuses.add(after.status)
                assert after.version == before.version + 1
                assert after.status == GRAPH[before.status][name]
            else:
                assert after == before

        @invariant()
        def states_are_reachable(self) -> None:
            for nomination, _ in self.files:
                status = Nomination.objects.values_list("status", flat=True).get(pk=nomination.pk)
                assert status in Status.values
                assert status in reachable

        @invariant()
        def every_success_and_only_it_is_audited_and_announced(self) -> None:
            for (nomination, _), successes in zip(self.files, self.successes, strict=True):
                assert public_audit_rows(nomination.pk) == successes
                events = OutboxEvent.objects.filter(
                    nomination_id=nomination.pk, event__in=[f"nomination.{name}" for name in PUBLIC_TRANSITIONS]
                )
                assert events.count() == successes
                # the version starts at 1 and only successful transitions raise it here
                assert footprint(nomination.pk).version == 1 + successes

        @invariant()
        def the_flow_agrees_with_the_state(self) -> None:
            assert flow_disagreements(Nomination.objects.filter(pk__in=[n.pk for n, _ in self.files])) == []

    run_state_machine_as_test(
        NominationLife,
        settings=settings(
            max_examples=30,
            stateful_step_count=15,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
    # the exploration went past the first step of the life, or it proved little
    assert {"submitted", "under_review"} <= seen_statuses
    assert seen_statuses & {"returned", "rejected", "recommended", "approved"}
