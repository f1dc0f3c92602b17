"""上门服务: the home visits assigned to this clerk, today's and those to come, in full (this
clerk goes there). Starting one of today's issues its ticket, served at this window from now:
timed like any ticket and finished with `F`, which records the visit done."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date

from rich.text import Text
from textual.widgets.option_list import Option

from bianmin.client import HubClient
from bianmin.wire.office import HomeVisit
from bianmin.wire.tickets import Step
from counter.commands import Commands
from counter.notices import WEEKDAYS
from counter.screens.pick import PickScreen

STATE_STYLES = {"assigned": "bold", "started": "bold yellow", "done": "dim"}


def day_text(day: date, today: date) -> str:
    if day == today:
        return "今天"
    if (day - today).days == 1:
        return "明天"
    return f"{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def visit_option(v: HomeVisit, today: date) -> Option:
    text = Text(f"{day_text(v.day, today)} {v.slot} · {v.matter_name} · {v.name} {v.phone}\n"
                f"    {v.address}")
    if v.note:
        text.append(f"（{v.note}）")
    text.append(f" · {v.state_name}", style=STATE_STYLES.get(v.state, ""))
    return Option(text, id=v.code)


class VisitsScreen(PickScreen[Step]):
    HEADING = "上门服务（指派给我的，今天及以后）"
    PICK = "↑↓ 选择，Enter 开始今天的上门服务（开始后计时，回窗口后按 F 办结）："
    PICK_MISSING = "请先选择要开始的上门服务。"
    SUBMIT = ("开始上门服务", "success")

    def __init__(self, commands: Commands, client: HubClient, visits: list[HomeVisit],
                 today: date) -> None:
        super().__init__(commands, client)
        self.visits, self.today = visits, today

    def options(self) -> list[Option]:
        return [visit_option(v, self.today) for v in self.visits]

    def command(self, picked: str, written: str) -> Awaitable[Step]:
        return self.client.start_home_visit(picked)
