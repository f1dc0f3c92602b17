"""The part of a form that asks for an outcome and exactly what it needs, shared by finishing
a ticket (办结) and asking to correct one (更正).

咨询件 what was answered (for the resident's slip), 承诺件 the promised date, 补充件 the
missing materials ticked from the matter's list (all at once), 退回件 the written reason,
上报件 the higher authority and its time limit in working days.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from bianmin.domain.types import Outcome
from bianmin.wire.hall import MatterView
from bianmin.wire.requests import Finish
from counter.forms import (
    CONSULT_ANSWERS,
    DATE_HELP,
    DAYS_HELP,
    RETURN_REASONS,
    day_hint,
    parse_day,
    parse_days,
)
from counter.screens.form import FormScreen, R, chosen, written_with_presets

# What each outcome asks for: its field group and the field the cursor goes to first.
NEEDS = {
    Outcome.CONSULTATION: ("consultation", "#answer"),
    Outcome.PROMISED: ("promised", "#promised-date"),
    Outcome.SUPPLEMENT: ("supplement", "#materials"),
    Outcome.RETURNED: ("returned", "#return-reason"),
    Outcome.ESCALATED: ("escalated", "#authority"),
}


class OutcomeForm(FormScreen[R]):
    def __init__(
        self, matter: MatterView | None, outcomes: dict[str, str], today: date,
        first: Outcome | None = None,
    ) -> None:
        super().__init__()
        self.matter = matter
        self.outcomes = outcomes
        self.today = today
        self.first = first if first is not None else (matter.handling if matter else None)

    def outcome_fields(self) -> ComposeResult:
        yield Label("办结类型（↑↓ 选择）：")
        yield OptionList(
            *[Option(f"{name}", id=key) for key, name in self.outcomes.items()],
            compact=True,
            id="outcome",
        )
        with Vertical(id="consultation", classes="needs"):
            yield from written_with_presets(
                "答复内容（必填，打印在咨询答复单上交给办事群众）：",
                CONSULT_ANSWERS,
                field="answer",
                max_length=300,
                placeholder="写明答复内容，或从下面选一条",
            )
        with Vertical(id="promised", classes="needs"):
            yield Label("承诺办结日期（必填）：")
            yield Input(
                compact=True,
                placeholder="如 2026-12-05、12-05 或 +5",
                id="promised-date",
                max_length=12,
            )
            yield Static("", id="promised-hint", classes="hint")
        with Vertical(id="supplement", classes="needs"):
            yield Label("所缺材料（空格勾选，须一次性勾全）：")
            yield SelectionList[str](
                *[(m, m) for m in (self.matter.materials if self.matter else [])],
                compact=True,
                id="materials",
            )
        with Vertical(id="returned", classes="needs"):
            yield from written_with_presets(
                "退回原因（必填，将书面告知办事群众）：",
                RETURN_REASONS,
                field="return-reason",
                max_length=300,
            )
        with Vertical(id="escalated", classes="needs"):
            yield Label("报送的上级审批部门（必填）：")
            yield Input(compact=True, placeholder="如 县自然资源局", id="authority", max_length=100)
            yield Label("上级审批时限（工作日，必填）：")
            yield Input(compact=True, placeholder="如 20", id="authority-days", max_length=8)

    def on_mount(self) -> None:
        outcomes = self.query_one("#outcome", OptionList)
        keys = list(self.outcomes)
        outcomes.highlighted = keys.index(self.first) if self.first in keys else 0
        outcomes.focus()
        self.show_needs()

    @property
    def outcome(self) -> Outcome | None:
        key = chosen(self.query_one("#outcome", OptionList))
        return None if key is None else Outcome(key)

    def show_needs(self) -> None:
        outcome = self.outcome
        need = NEEDS[outcome][0] if outcome is not None and outcome in NEEDS else ""
        for group in self.query(".needs"):
            group.display = group.id == need

    @on(OptionList.OptionHighlighted, "#outcome")
    def outcome_moved(self) -> None:
        self.show_needs()

    @on(OptionList.OptionSelected, "#outcome")
    def outcome_picked(self) -> None:
        self.show_needs()
        outcome = self.outcome
        self.query_one(
            NEEDS[outcome][1] if outcome is not None and outcome in NEEDS else self.AFTER_OUTCOME
        ).focus()

    AFTER_OUTCOME = "#note"  # where the cursor goes for an outcome that needs nothing

    @on(Input.Changed, "#promised-date")
    def date_typed(self, event: Input.Changed) -> None:
        day = parse_day(event.value, self.today) if event.value.strip() else None
        self.query_one("#promised-hint", Static).update(day_hint(day, self.today))

    def read_outcome(self, note: str) -> Finish | None:
        """The outcome and its fields as typed, or None after saying what is wrong. What the
        hub checks besides (a date not in the past, the materials) it says itself."""
        outcome = self.outcome
        if outcome is None:
            self.error("请选择办结类型。")
            return None
        finish = Finish(outcome=outcome, note=note)
        if outcome is Outcome.CONSULTATION:
            finish.answer = self.query_one("#answer", Input).value.strip()
            if not finish.answer:
                self.error("咨询件请写明答复内容（可从下面选一条），将打印在咨询答复单上。")
                return None
        elif outcome is Outcome.PROMISED:
            typed = self.query_one("#promised-date", Input).value
            if typed.strip():
                day = parse_day(typed, self.today)
                if day is None:
                    self.error(DATE_HELP)
                    return None
                finish.promised_date = day
        elif outcome is Outcome.SUPPLEMENT:
            finish.missing_materials = list(self.query_one("#materials", SelectionList).selected)
        elif outcome is Outcome.RETURNED:
            finish.reason = self.query_one("#return-reason", Input).value.strip()
        elif outcome is Outcome.ESCALATED:
            finish.authority = self.query_one("#authority", Input).value.strip()
            typed = self.query_one("#authority-days", Input).value
            if typed.strip():
                days = parse_days(typed)
                if days is None:
                    self.error(DAYS_HELP)
                    return None
                finish.authority_days = days
        return finish
