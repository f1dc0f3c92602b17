"""联办: add matters of other departments to the ticket being served, in the order they are
to be taken, with a reason. The same number then goes to each of them in turn when the step
before ends, at the front of its class, and this clerk stays its first responder.

Enter on a matter adds it to the end of the order, or takes it out again; the order is shown
under the list. The hub checks everything again and its refusal is shown in the form.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from bianmin.client import HubClient
from bianmin.wire.hall import MatterView
from bianmin.wire.tickets import Step, TicketStaff
from counter.commands import Commands
from counter.forms import JOIN_REASONS
from counter.screens.form import FormScreen, form_foot, written_with_presets


def planned(ticket: TicketStaff) -> list[str]:
    """The matters the ticket already takes, in order: its plan, or its one matter."""
    if ticket.bundle is not None:
        return [s.matter for s in ticket.bundle.steps]
    return [ticket.queue_matter]


class JoinScreen(FormScreen[Step]):
    def __init__(self, commands: Commands, client: HubClient, ticket: TicketStaff,
                 matters: list[MatterView]) -> None:
        super().__init__()
        self.commands, self.client = commands, client
        self.ticket = ticket
        have = set(planned(ticket))
        # A matter no window serves could never be taken: the hub would refuse it.
        self.matters = {m.prefix: m for m in matters if m.prefix not in have and m.windows}
        self.order: list[str] = []

    def compose(self) -> ComposeResult:
        t = self.ticket
        with Vertical(classes="dialog", id="join-dialog"):
            yield Static(f"联办 {t.number}（{t.matter_name}）", classes="dialog-title")
            yield Label("还须办理的事项（↑↓ 选择，回车加入；再按回车取消）：")
            yield OptionList(*[self.option(m) for m in self.matters.values()], compact=True,
                             id="join-matters")
            yield Static(self.order_text(), id="join-order", classes="hint")
            yield from written_with_presets("联办原因（必填，后续窗口可见）：", JOIN_REASONS)
            yield from form_foot("联办")

    def on_mount(self) -> None:
        self.query_one("#join-matters").focus()

    def option(self, m: MatterView) -> Option:
        return Option(self.prompt(m), id=m.prefix)

    def prompt(self, m: MatterView) -> str:
        """The matter's line, marked with its place in the order once added."""
        windows = "、".join(f"{n}号" for n in sorted(m.windows))
        place = f"✓{self.order.index(m.prefix) + 1} " if m.prefix in self.order else "   "
        return f"{place}{m.name}（{m.prefix}）· 办理窗口 {windows}"

    def order_text(self) -> str:
        names = [s.matter_name for s in self.ticket.bundle.steps] if self.ticket.bundle \
            else [self.ticket.matter_name]
        names += [self.matters[p].name for p in self.order]
        steps = " → ".join(f"{n}. {name}" for n, name in enumerate(names, 1))
        return f"办理顺序：{steps}"

    @on(OptionList.OptionSelected, "#join-matters")
    def matter_picked(self, event: OptionList.OptionSelected) -> None:
        prefix = event.option.id
        if prefix is None:
            return
        if prefix in self.order:
            self.order.remove(prefix)
        else:
            self.order.append(prefix)
        options = self.query_one("#join-matters", OptionList)
        for m in self.matters.values():
            options.replace_option_prompt(m.prefix, self.prompt(m))
        self.query_one("#join-order", Static).update(self.order_text())

    def action_submit(self) -> None:
        matters = list(self.order)
        reason = self.query_one("#reason", Input).value.strip()
        tid = self.ticket.id
        self.submit_with(
            lambda: self.commands.run(lambda: self.client.join_matters(tid, matters, reason)))
