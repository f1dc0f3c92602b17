"""What an outcome (限时办结制) needs written with it, checked in one place for a finish and
for a correction of one.

承诺件 a promised date, 补充件 every missing material from the matter's list (一次性告知),
退回件 the written reason, 上报件 the higher authority and its time limit in working days;
咨询件 may carry what was answered, for the resident's slip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from bianmin.domain.catalog import Matter
from bianmin.domain.errors import InvalidCommand
from bianmin.domain.types import OUTCOME_NAMES, Outcome
from bianmin.domain.windows import clean_text

AUTHORITY_DAYS_MAX = 365


class Asked(Protocol):
    """An outcome and its fields as a command carries them."""

    @property
    def outcome(self) -> Outcome: ...
    @property
    def promised_date(self) -> date | None: ...
    @property
    def missing_materials(self) -> tuple[str, ...]: ...
    @property
    def reason(self) -> str: ...
    @property
    def authority(self) -> str: ...
    @property
    def authority_days(self) -> int: ...
    @property
    def answer(self) -> str: ...
    @property
    def note(self) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Settled:
    """An outcome with exactly the fields it keeps, checked and trimmed."""

    outcome: Outcome
    promised_date: date | None = None
    missing_materials: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""
    authority: str = ""
    authority_days: int = 0
    answer: str = ""
    note: str = ""


def settle(asked: Asked, matter: Matter | None, earliest: date) -> Settled:
    """The outcome `asked` for a ticket of `matter`, or the refusal that says what is
    missing. A promised date may not be before `earliest`."""
    outcome = asked.outcome
    name = OUTCOME_NAMES[outcome]
    note = clean_text(asked.note)
    if outcome is Outcome.PROMISED:
        if asked.promised_date is None:
            raise InvalidCommand("promised-date-required", f"{name}须填写承诺办结日期。")
        if asked.promised_date < earliest:
            raise InvalidCommand("promised-date-past", "承诺办结日期不能早于今天，请重新填写。")
        return Settled(outcome=outcome, promised_date=asked.promised_date, note=note)
    if outcome is Outcome.SUPPLEMENT:
        if not asked.missing_materials:
            raise InvalidCommand(
                "materials-required", f"{name}须勾选所缺的全部材料，一次性告知办事群众。")
        listed = matter.materials if matter is not None else ()
        unknown = [m for m in asked.missing_materials if m not in listed]
        if unknown and matter is not None:
            raise InvalidCommand(
                "unknown-material",
                f"材料“{unknown[0]}”不在“{matter.name}”的材料清单中，请从清单中勾选。")
        return Settled(outcome=outcome, missing_materials=tuple(
            dict.fromkeys(asked.missing_materials)), note=note)
    if outcome is Outcome.RETURNED:
        reason = clean_text(asked.reason)
        if not reason:
            raise InvalidCommand("reason-required", f"{name}须写明退回原因，书面告知办事群众。")
        return Settled(outcome=outcome, reason=reason, note=note)
    if outcome is Outcome.ESCALATED:
        authority = clean_text(asked.authority, 200)
        if not authority:
            raise InvalidCommand("authority-required", f"{name}须填写报送的上级审批部门。")
        if not 1 <= asked.authority_days <= AUTHORITY_DAYS_MAX:
            raise InvalidCommand(
                "authority-days-required",
                f"{name}须填写上级审批的办理时限（1 到 {AUTHORITY_DAYS_MAX} 个工作日）。")
        return Settled(outcome=outcome, authority=authority,
                       authority_days=asked.authority_days, note=note)
    if outcome is Outcome.CONSULTATION:
        return Settled(outcome=outcome, answer=clean_text(asked.answer), note=note)
    return Settled(outcome=outcome, note=note)
