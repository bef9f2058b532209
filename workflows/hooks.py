"""Where the rooms above the lifecycle let it call them without it importing them.

Each hook is a Django signal: the lifecycle sends, and the room that owns the answer connects its
receiver in its ``AppConfig.ready()`` (scoring for the title criteria, the notifications relay for
the outbox). Every hook is sent inside the transition's transaction, so a receiver that raises
undoes the transition.
"""

from django.dispatch import Signal

# Sent by the ``recognize`` guard with ``nomination``; a receiver returns a Refusal to stop it, or None.
recognition_check = Signal()

# Sent after ``recognize`` moved a file, with ``nomination``: receivers settle each nominee's result.
recognized = Signal()

# Sent after every transition, with ``nomination``, ``name``, ``source``, ``target`` and ``actor``.
transition_applied = Signal()

# Sent when an outbox row was written, with ``event`` (the row): a relay delivers it after commit.
outbox_recorded = Signal()
