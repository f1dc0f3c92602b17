"""The slips this terminal handed over since sign-in, newest first: pick one to show it again
and print it again."""

from __future__ import annotations

from textual.widgets.option_list import Option

from bianmin.client import HubClient
from counter.commands import Commands
from counter.notices import Notice, name
from counter.screens.pick import ChooseScreen


class SlipsScreen(ChooseScreen):
    HEADING = "本次登录开具的通知书"
    PICK = "↑↓ 选择，Enter 查看（查看时按 P 重新打印）："
    PICK_MISSING = "请先选择通知书。"
    SUBMIT = ("查看", "primary")

    def __init__(self, commands: Commands, client: HubClient, slips: list[Notice]) -> None:
        super().__init__(commands, client)
        self.slips = slips

    def options(self) -> list[Option]:
        return [Option(f"{n.number} {n.matter} · {name(n)}"
                       + (" · 更正后" if n.corrected else "") + f" · {n.when}", id=str(i))
                for i, n in enumerate(self.slips)]
