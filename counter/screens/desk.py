"""The desk: one screen with the window's state, the ticket at the window, the queue, the
督办 and 承诺件 panels and every action on a key. Everything on it is read from the app's hall
mirror. Its slips are `desk_slips`, what it asks of and hears from the office `desk_office`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from bianmin.client import HubClient
from bianmin.domain.types import QueueClass, TicketState, WindowStatus
from bianmin.wire.hall import WindowStaff
from bianmin.wire.live import ClerkEventMessage
from bianmin.wire.tickets import Step
from counter.bundles import finished_words, moved_on, progress_line, slip_line
from counter.messages import ConnectionChanged, HallChanged
from counter.printer import WindowPrinter
from counter.promises import kept_message
from counter.queueview import window_queue
from counter.screens.confirm import ConfirmScreen
from counter.screens.desk_office import OfficeDesk
from counter.screens.desk_slips import PRINTER_RECHECK
from counter.screens.finish import Finished, FinishScreen, finish_sender
from counter.screens.join import JoinScreen
from counter.screens.keep import KeepPromiseScreen
from counter.screens.pause import PauseScreen
from counter.screens.pick import PickScreen
from counter.screens.requeue import RequeueScreen
from counter.screens.transfer import TransferScreen, transferred
from counter.screens.urgent import UrgentScreen
from counter.session import Session
from counter.widgets.hub_table import HubTable
from counter.widgets.message_bar import MessageBar
from counter.widgets.promise_panel import PromisePanel
from counter.widgets.queue_panel import QueuePanel
from counter.widgets.supervision_panel import SupervisionPanel
from counter.widgets.ticket_panel import TicketPanel
from counter.widgets.window_bar import WindowBar

if TYPE_CHECKING:
    pass

R = TypeVar("R")
TicketStep = Callable[[HubClient, str], Awaitable[Step]]
Said = Callable[[Step], str]  # what the clerk is told of the hub's answer

LINK_DOWN = "与服务器的连接已断开，正在重连…操作暂不可用，恢复后将自动同步。"


class DeskScreen(OfficeDesk):
    # Short words: every key fits on one line of a 100-column terminal (the README's table
    # says each in full). `p` reads 暂停 or 恢复, whichever it does now; 联办 (only while
    # serving) takes the place of 过号 (only before) in the footer, and both keys always work.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "call_next", "叫号"),
        Binding("r", "recall", "重呼"),
        Binding("s", "start", "办理"),
        Binding("x", "no_show", "过号"),
        Binding("x", "no_show_unlisted", "过号", show=False),
        Binding("j", "join", "联办"),
        Binding("j", "join_unlisted", "联办", show=False),
        Binding("t", "transfer", "转办"),
        Binding("f", "finish", "办结"),
        Binding("p", "pause", "暂停"),
        Binding("p", "resume", "恢复"),
        Binding("u", "urgent", "加急"),
        Binding("b", "requeue", "重排"),
        Binding("k", "keep_promise", "承诺"),
        Binding("e", "correct", "更正"),
        Binding("h", "visits", "上门"),
        Binding("v", "notice", "通知"),
        Binding("q", "sign_out", "退出"),
    ]

    def __init__(self, session: Session, printer: WindowPrinter) -> None:
        super().__init__(session, printer)
        self.ever_synced = False
        self.footer_paused = False  # what the footer's `p` last said: 暂停 or 恢复
        self.footer_serving = False  # whether the footer lists 联办 in the place of 过号

    def compose(self) -> ComposeResult:
        yield WindowBar(self.session, self.printer)
        yield Static(id="banner")  # shown only while the link is down
        with Horizontal(id="top"):
            yield TicketPanel(id="ticket")
            yield QueuePanel(id="queue")
        yield SupervisionPanel(self.session.staff_no, id="supervision")
        yield PromisePanel(self.session.staff_no, id="promises")
        yield MessageBar(id="message")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)
        self.show_all()
        if self.printer.configured:
            self.check_printer()
            self.set_interval(PRINTER_RECHECK, self.recheck_printer)

    # ----- what the screen shows -----------------------------------------------------------

    def show_all(self) -> None:
        window = self.window()
        paused = window is not None and window.status is WindowStatus.PAUSED
        if not paused:
            self.paused = None  # that pause is over: a later one is not this counter's words
        if paused != self.footer_paused:
            self.footer_paused = paused
            self.refresh_bindings()
        self.tick()
        mirror = self.counter.mirror
        queue = window_queue(mirror, self.session.window)
        self.query_one(QueuePanel).show(queue, mirror.matters)

    def show_ticket(self) -> None:
        super().show_ticket()
        ticket = self.current()
        serving = ticket is not None and ticket.state is TicketState.SERVING
        if serving != self.footer_serving:
            self.footer_serving = serving
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`p` pauses an open window and resumes a paused one; the footer shows which. `x`
        and `j` each have a listed and an unlisted binding: the footer lists the one that
        fits the ticket at the window."""
        if action == "pause":
            return not self.footer_paused
        if action == "resume":
            return self.footer_paused
        if action in ("join", "no_show_unlisted"):
            return self.footer_serving
        if action in ("no_show", "join_unlisted"):
            return not self.footer_serving
        return True

    def on_connection_changed(self, message: ConnectionChanged) -> None:
        banner = self.query_one("#banner", Static)
        if message.synced:
            banner.display = False
            if self.ever_synced:
                self.say("已重新连接服务器，数据已同步。")
                self.report_printer()
            else:
                self.remind_visits()
            self.ever_synced = True
            self.query_one(SupervisionPanel).load()
            self.query_one(PromisePanel).load()
        else:
            banner.update(LINK_DOWN)
            banner.display = True
        self.tick()

    def on_hall_changed(self, message: HallChanged) -> None:
        heard = message.message
        if isinstance(heard, ClerkEventMessage) and heard.window is not None \
                and heard.window.number == self.session.window \
                and heard.window.status is not WindowStatus.PAUSED:
            self.paused = None  # that pause is over: a later one is not this terminal's words
        self.show_all()
        if isinstance(message.message, ClerkEventMessage):
            self.query_one(SupervisionPanel).follow(message.message)
            self.query_one(PromisePanel).follow(message.message)
            self.tell_transferred_in(message.message)
            self.follow_office(message.message)

    def tell_transferred_in(self, message: ClerkEventMessage) -> None:
        ticket = message.ticket
        if (
            message.kind == "ticket-transferred"
            and ticket is not None
            and ticket.target_window == self.session.window
        ):
            self.say(f"{ticket.number} 由{message.event.window}号窗口转入本窗口，已排在队列前列。")
        window = self.window()
        if (
            message.kind == "bundle-moved-on"
            and ticket is not None
            and ticket.bundle is not None
            and message.event.window != self.session.window
            and window is not None
            and ticket.queue_matter in window.matters
        ):
            self.say(f"{ticket.number}（{progress_line(ticket.bundle)}）"
                     f"已在{message.event.window}号窗口办完上一项，排在本窗口队列前列。")

    def on_hub_table_alert(self, message: HubTable.Alert) -> None:
        self.say(message.text, message.severity)

    # ----- the clerk's actions ---------------------------------------------------------------

    @work(group="command")
    async def action_call_next(self) -> None:
        client, window = self.counter.client, self.session.window
        await self.command(
            lambda: client.call_next(window),
            lambda t: f"已叫号 {t.number}（{t.matter_name}），请等候办事群众到窗口。",
        )

    @work(group="command")
    async def action_recall(self) -> None:
        await self.step(HubClient.recall, lambda t: f"已重呼 {t.number}（第 {t.recalls} 次）。")

    @work(group="command")
    async def action_start(self) -> None:
        await self.step(HubClient.start, lambda t: f"开始办理 {t.number}，计时开始。")

    @work(group="command")
    async def action_no_show(self) -> None:
        await self.step(HubClient.no_show, lambda t: f"{t.number} 已按过号处理，当天可重新排队。")

    def action_no_show_unlisted(self) -> None:
        self.action_no_show()

    async def step(self, call: TicketStep, said: Said) -> None:
        """One step on the ticket at the window."""
        ticket = self.at_window()
        if ticket is None:
            return
        client = self.counter.client
        await self.command(lambda: call(client, ticket.id), said)

    async def command(self, make: Callable[[], Awaitable[Step]], said: Said) -> None:
        """Send a command whose answer is the ticket at the window; say what `said` makes of
        the answer, or the refusal."""
        result = await self.counter.commands.run(make)
        if not result.ok or result.value is None:
            self.say(result.error, "error")
            return
        self.note(result.value)
        self.say(said(result.value))

    def ask(self, form: PickScreen[R], said: Callable[[R], tuple[str, str]]) -> None:
        """Open a dialog; once the hub has done its command, say what `said` makes of the
        hub's answer (the text and its severity)."""

        def done(reply: R | None) -> None:
            if reply is not None:
                self.say(*said(reply))
                self.tick()

        self.app.push_screen(form, done)

    def action_transfer(self) -> None:
        ticket = self.at_window("转办")
        if ticket is None:
            return
        counter, mirror = self.counter, self.counter.mirror

        def done(reply: Step | None) -> None:
            if reply is None:
                return
            self.note(reply)
            self.say(transferred(reply, mirror.matters, self.session.staff_no))
            self.query_one(SupervisionPanel).load()

        self.app.push_screen(
            TransferScreen(
                counter.commands,
                counter.client,
                ticket,
                list(mirror.windows.values()),
                list(mirror.matters.values()),
                self.session.window,
            ),
            done,
        )

    def action_join(self) -> None:
        ticket = self.at_window("联办")
        if ticket is None:
            return
        counter, mirror = self.counter, self.counter.mirror

        def done(reply: Step | None) -> None:
            if reply is None or reply.bundle is None:
                return
            self.note(reply)
            after = [s.matter_name for s in reply.bundle.steps if s.state == "next"]
            self.say(f"{reply.number} 已设为联办件，本项办结后依次到{'、'.join(after)}办理，"
                     "无需重新取号；您是首问责任人，可在督办中跟进。")

        self.app.push_screen(
            JoinScreen(counter.commands, counter.client, ticket, list(mirror.matters.values())),
            done,
        )

    def action_join_unlisted(self) -> None:
        self.action_join()

    def action_finish(self) -> None:
        ticket = self.at_window("办结")
        if ticket is None:
            return
        mirror, counter = self.counter.mirror, self.counter

        def done(finished: Finished | None) -> None:
            if finished is None:
                return
            reply = finished.ticket
            self.note(reply)
            outcome = finished.finish.outcome
            said = mirror.outcomes.get(outcome, outcome)
            # A joint ticket's word (where the resident goes next) stays in sight while the
            # slip is printed.
            first = "" if reply.bundle is None else finished_words(
                reply, ticket.matter_name, said, mirror.matters)
            self.say(first or f"{reply.number} 已办结（{said}）。按 C 叫下一位。")
            # A step that went on: the slip is for the step taken here, as it was served.
            served = ticket if moved_on(reply) else reply
            notice = self.slip(finished.finish, served, ticket.limit_minutes,
                               next_step=slip_line(reply, mirror.matters))
            self.hand_over(notice, first)

        self.app.push_screen(
            FinishScreen(
                finish_sender(counter.commands, counter.client, ticket.id, self.session.staff_no),
                ticket,
                mirror.matters.get(ticket.queue_matter),
                mirror.outcomes,
                counter.hub_now().date(),
            ),
            done,
        )

    def action_pause(self) -> None:
        window = self.window()
        if window is not None and window.status is WindowStatus.PAUSED:
            self.action_resume()
            return

        def paused(reply: WindowStaff) -> tuple[str, str]:
            self.paused = reply  # the clerks' live feed never carries the reason
            return f"本窗口已暂停服务（{reply.paused_reason}）。按 P 恢复服务。", "warning"

        counter = self.counter
        self.ask(PauseScreen(counter.commands, counter.client, self.session.window), paused)

    @work(group="command")
    async def action_resume(self) -> None:
        client, number = self.counter.client, self.session.window
        result = await self.counter.commands.run(lambda: client.resume(number))
        if result.ok:
            self.paused = None
            self.say("本窗口已恢复服务。按 C 叫下一位。")
        else:
            self.say(result.error, "error")
        self.tick()

    def action_urgent(self) -> None:
        counter = self.counter
        waiting = window_queue(counter.mirror, self.session.window)
        queue = [t for t in waiting if t.queue_class is not QueueClass.URGENT]
        if not queue:
            self.say("本窗口队列中没有可设为加急的等候号票。", "warning")
            return

        self.ask(
            UrgentScreen(counter.commands, counter.client, queue, counter.hub_now()),
            lambda t: (f"{t.number} 已设为加急，将优先叫号。", "info"),
        )

    def action_requeue(self) -> None:
        counter = self.counter
        missed = sorted(
            (
                t
                for t in counter.mirror.tickets.values()
                if t.state is TicketState.MISSED and t.window == self.session.window
            ),
            key=lambda t: t.called_at or t.enqueued_at,
            reverse=True,
        )
        if not missed:
            self.say("本窗口今天没有过号的号票。", "warning")
            return

        self.ask(
            RequeueScreen(counter.commands, counter.client, missed),
            lambda t: (f"{t.number} 已重新排队，前面还有 {t.ahead} 人。", "info"),
        )

    def action_keep_promise(self) -> None:
        panel = self.query_one(PromisePanel)
        if not panel.items:
            self.say("您目前没有未办结的承诺件。", "warning")
            return
        counter = self.counter
        self.ask(
            KeepPromiseScreen(
                counter.commands,
                counter.client,
                panel.items,
                panel.highlighted_ticket(),
            ),
            lambda reply: kept_message(reply, counter.hub_clock.zone),
        )

    def action_sign_out(self) -> None:
        ticket = self.current()
        if ticket is not None:  # the hub would refuse: no need to ask first
            self.say(f"当前号票 {ticket.number} 尚未处理完，请先办结或转办再退出登录。", "warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.sign_out()

        self.app.push_screen(ConfirmScreen(f"退出 {self.session.window}号窗口的登录？"), answered)

    @work(group="command")
    async def sign_out(self) -> None:
        client = self.counter.client
        self.counter.leaving = True
        result = await self.counter.commands.run(lambda: client.logout("退出登录"))
        self.counter.leaving = False
        if result.ok:
            self.counter.end_session("您已退出登录，辛苦了。", error=False)
        else:
            self.say(result.error, "error")

    def banner_text(self) -> str:
        shown = self.query_one("#banner", Static).content
        return shown.plain if isinstance(shown, Text) else str(shown)

