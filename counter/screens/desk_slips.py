"""The desk's slips: made for every finish (and again for an approved correction), printed
on the window's printer, shown on the screen when it is away, kept since sign-in to show and
print again (`V`)."""

from __future__ import annotations

from textual import work

from bianmin.printing.layout import as_text
from bianmin.wire.requests import Finish
from bianmin.wire.tickets import TicketPublic
from counter.notices import Handed, Notice, name, notice_for, receipt
from counter.printer import WindowPrinter
from counter.screens.desk_base import DeskBase
from counter.screens.notice import NoticeScreen
from counter.screens.slips import SlipsScreen
from counter.session import Session

PRINTER_RECHECK = 30.0
SLIPS_KEPT = 30  # the slips handed over since sign-in that `V` offers again


class SlipsDesk(DeskBase):
    def __init__(self, session: Session, printer: WindowPrinter) -> None:
        super().__init__(session, printer)
        self.slips: list[Notice] = []  # handed over since sign-in, newest first

    def slip(self, finish: Finish, ticket: TicketPublic, limit_minutes: int | None, *,
             corrected: bool = False, next_step: str = "") -> Notice:
        """The slip for `finish`, kept to show and print again (`V`); `next_step` tells the
        resident of a joint ticket where its next step is taken."""
        window = self.window()
        matter = self.counter.mirror.matters.get(ticket.queue_matter)
        handed = Handed(
            center=self.counter.mirror.center,
            window=self.session.window,
            department=window.department if window else "",
            clerk=f"{self.session.name}（{self.session.staff_no}）",
            when=self.counter.hub_now(),
        )
        notice = notice_for(finish, ticket, handed, limit_minutes=limit_minutes,
                            materials=matter.materials if matter else (), corrected=corrected,
                            next_step=next_step)
        self.slips.insert(0, notice)
        del self.slips[SLIPS_KEPT:]
        return notice

    def recheck_printer(self) -> None:
        """A printer in fault is asked again now and then, so its recovery shows."""
        if self.printer.may_recover:
            self.check_printer()

    @work(exclusive=True, group="printer-check")
    async def check_printer(self) -> None:
        await self.printer.check()
        self.tick()

    @work(group="printer-report")
    async def report_printer(self) -> None:
        """Back in step with the hub: tell it what it missed of the printer (the watch sends
        nothing when its last report got through)."""
        await self.printer.report()

    @work(group="printer-job")  # jobs wait for each other in the device, none is dropped
    async def hand_over(self, notice: Notice, first: str = "") -> None:
        """Print the notice on the window's printer; show it on the screen when it cannot.
        `first` is what the clerk must still read before the word of the slip (where a
        joint ticket's resident goes next)."""
        title = name(notice)

        def say(text: str, severity: str = "info") -> None:
            self.say(f"{first}{text}", severity)

        if not self.printer.configured:
            say(
                f"本窗口未配置打印机，{title}已显示在屏幕上，请向办事群众出示并说明。"
                "按 V 可再次查看。",
                "warning",
            )
            self.show_notice(notice, "本窗口未配置打印机。")
            return
        say(f"正在打印{title}…")
        fault = await self.printer.print_notice(receipt(notice))
        self.tick()
        if fault:
            say(
                f"{title}未能打印：{fault} 已显示在屏幕上；排除故障后按 V 再按 P 重新打印。",
                "error",
            )
            self.show_notice(notice, f"未能打印：{fault}")
        else:
            say(f"{title}已打印，请交给办事群众。按 V 可在屏幕上查看。")

    def show_notice(self, notice: Notice, status: str = "") -> None:
        lines = as_text(receipt(notice), self.printer.columns)

        def again() -> None:
            self.hand_over(notice)

        self.app.push_screen(
            NoticeScreen(name(notice), lines, again if self.printer.configured else None, status)
        )

    def action_notice(self) -> None:
        if not self.slips:
            self.say("本次登录还没有开具通知书。", "warning")
            return
        if len(self.slips) == 1:
            self.show_notice(self.slips[0])
            return
        counter = self.counter

        def chosen(picked: str | None) -> None:
            if picked is not None:
                self.show_notice(self.slips[int(picked)])

        self.app.push_screen(SlipsScreen(counter.commands, counter.client, self.slips), chosen)
