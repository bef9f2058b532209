"""The state machine drawn from the code itself, as Mermaid, for the README."""

from django.apps import apps

from nominations.states import Status


def state_diagram() -> str:
    model = apps.get_model("nominations", "Nomination")
    transitions = sorted(
        {(t.source, t.target, t.name) for t in model._meta.get_field("status").get_all_transitions(model)},
        key=lambda edge: (list(Status.values).index(edge[0]), edge[2]),
    )
    lines = ["stateDiagram-v2", f"    [*] --> {Status.DRAFT}"]
    lines += [f"    {source} --> {target}: {name}" for source, target, name in transitions]
    terminal = {Status.ISSUED, Status.REJECTED, Status.NOT_APPROVED, Status.WITHDRAWN}
    lines += [f"    {state} --> [*]" for state in Status.values if state in terminal]
    return "\n".join(lines)
