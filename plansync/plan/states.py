"""The plan state machine: forward only, one step at a time.

``draft -> locked -> in_production -> completed``. Each command names the
one state it leaves; a refusal names the event, its current state and the
allowed next step, so the baker knows what to run instead.
"""

from __future__ import annotations

from plansync.engine.model import PLAN_STATES
from plansync.errors import RefusedError
from plansync.load.documents import Document

#: state -> the command that moves an event out of it (None: final).
NEXT_STEP: dict[str, str | None] = {
    "draft": "lock",
    "locked": "start",
    "in_production": "complete",
    "completed": None,
}

#: command -> (state it requires, state it leads to)
TRANSITIONS: dict[str, tuple[str, str]] = {
    "lock": ("draft", "locked"),
    "start": ("locked", "in_production"),
    "complete": ("in_production", "completed"),
}


def state_of(document: Document) -> str:
    """The event's ``plan_state`` (``draft`` when the file leaves it out)."""
    state = document.data.get("plan_state", "draft") if isinstance(document.data, dict) else "draft"
    return state if state in PLAN_STATES else "draft"


def next_step_text(state: str) -> str:
    step = NEXT_STEP.get(state)
    if step is None:
        return f"{state} is final; there is no next step"
    return f"the next step is {step}"


def require_transition(event: str, state: str, command: str) -> str:
    """The state ``command`` leads ``event`` to; refuses any other move.

    ``cannot start christmas-2026: it is draft; the next step is lock``.
    """
    required, target = TRANSITIONS[command]
    if state != required:
        raise RefusedError(f"cannot {command} {event}: it is {state}; {next_step_text(state)}")
    return target


def require_in_production(event: str, state: str, action: str) -> None:
    """Amendments are allowed only while the event is in production."""
    if state != "in_production":
        raise RefusedError(
            f"cannot {action} {event}: it is {state}; amendments are allowed only in production "
            f"({next_step_text(state)})"
        )


def at_least(state: str, floor: str) -> bool:
    """True when ``state`` is ``floor`` or later."""
    return PLAN_STATES.index(state) >= PLAN_STATES.index(floor)  # type: ignore[arg-type]
