"""The small vocabularies of the domain: priorities, states, outcomes, window status."""

from __future__ import annotations

from enum import StrEnum


class Priority(StrEnum):
    NORMAL = "normal"
    PRIORITY = "priority"  # 老弱病残孕, veterans
    APPOINTMENT = "appointment"
    URGENT = "urgent"  # 急事急办、特事特办: staff only


class TicketState(StrEnum):
    WAITING = "waiting"  # issued, transferred or re-queued, and not yet called
    CALLED = "called"  # called (and perhaps recalled) at a window, resident not yet received
    SERVING = "serving"
    DONE = "done"
    MISSED = "missed"  # no-show after its recalls; can be re-queued within the day
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # still open when its day ended


FINAL_STATES = frozenset({TicketState.DONE, TicketState.CANCELLED, TicketState.EXPIRED})


class Outcome(StrEnum):
    CONSULTATION = "consultation"  # 咨询件
    IMMEDIATE = "immediate"  # 即办件
    PROMISED = "promised"  # 承诺件
    SUPPLEMENT = "supplement"  # 补充件
    RETURNED = "returned"  # 退回件
    PETITION = "petition"  # 信访件
    ESCALATED = "escalated"  # 上报件


OUTCOME_NAMES: dict[Outcome, str] = {
    Outcome.CONSULTATION: "咨询件",
    Outcome.IMMEDIATE: "即办件",
    Outcome.PROMISED: "承诺件",
    Outcome.SUPPLEMENT: "补充件",
    Outcome.RETURNED: "退回件",
    Outcome.PETITION: "信访件",
    Outcome.ESCALATED: "上报件",
}

PRIORITY_NAMES: dict[Priority, str] = {
    Priority.NORMAL: "普通",
    Priority.PRIORITY: "优先",
    Priority.APPOINTMENT: "预约",
    Priority.URGENT: "加急",
}

STATE_NAMES: dict[TicketState, str] = {
    TicketState.WAITING: "等候中",
    TicketState.CALLED: "已叫号",
    TicketState.SERVING: "办理中",
    TicketState.DONE: "已办结",
    TicketState.MISSED: "已过号",
    TicketState.CANCELLED: "已取消",
    TicketState.EXPIRED: "已过期",
}


class QueueClass(StrEnum):
    """The classes a queue is ordered by, most urgent first."""

    URGENT = "urgent"
    TRANSFERRED = "transferred"
    APPOINTMENT = "appointment"
    PRIORITY = "priority"
    NORMAL = "normal"


QUEUE_CLASS_RANK: dict[QueueClass, int] = {c: i for i, c in enumerate(QueueClass)}


class WindowStatus(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"  # nobody signed in
