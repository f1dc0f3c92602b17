"""What the office decides for the clerk at this desk, and the clerk's requests to it:
corrections (更正) asked with `E` and their approval or refusal heard live (an approved one
makes its slip again); home visits (上门服务) listed and started with `H`, reminded at
sign-in and when one is assigned."""

from __future__ import annotations

from textual import work

from bianmin.wire.live import ClerkEventMessage
from bianmin.wire.requests import Finish
from bianmin.wire.tickets import Correction, TicketStaff
from counter.notices import name
from counter.screens.correct import CorrectScreen, PickFinishedScreen
from counter.screens.desk_slips import SlipsDesk
from counter.screens.visits import VisitsScreen


class OfficeDesk(SlipsDesk):
    def follow_office(self, message: ClerkEventMessage) -> None:
        """What the office decided for this clerk: a correction, a home visit assigned."""
        kind, event = message.kind, message.event
        if kind in ("ticket-corrected", "correction-refused") and event.correction:
            self.correction_decided(event.correction, message.ticket)
        elif kind == "home-visit-assigned" and event.clerk == self.session.staff_no:
            text = "中心办公室给您指派了一件上门服务，按 H 查看。"
            self.app.notify(text, title="上门服务", timeout=20)
            self.say(text)

    @work(exclusive=True, group="dialog")
    async def action_correct(self) -> None:
        counter = self.counter
        done = await counter.commands.read(counter.client.finished)
        if not done.ok or done.value is None:
            self.say(done.error, "error")
            return
        if not done.value:
            self.say("您今天还没有办结的号票，没有可更正的记录。", "warning")
            return
        asked = await counter.commands.read(counter.client.corrections)
        waiting = {x.ticket for x in asked.value or [] if x.state == "pending"}
        mirror = counter.mirror
        picked = await self.app.push_screen_wait(PickFinishedScreen(
            counter.commands, counter.client, done.value, mirror.outcomes, waiting))
        ticket = next((t for t in done.value if t.id == picked), None)
        if ticket is None:
            return
        correction = await self.app.push_screen_wait(CorrectScreen(
            counter.commands, counter.client, ticket, mirror.matters.get(ticket.queue_matter),
            mirror.outcomes, counter.hub_now().date()))
        if correction is not None:
            self.say(f"已提交更正申请：{correction.summary}。等候中心办公室审核，"
                     "审核结果会在这里告知。")

    @work(group="corrections")
    async def correction_decided(self, correction: str, ticket: TicketStaff | None) -> None:
        """The office decided a correction: if this clerk asked for it, say how, and make the
        slip again for an approved one."""
        counter = self.counter
        mine = await counter.commands.read(counter.client.corrections)
        x = next((c for c in mine.value or [] if c.id == correction), None)
        if x is None or x.state == "pending":
            return
        self.app.bell()
        if x.state == "refused":
            text = f"中心办公室未批准更正（{x.summary}）：{x.decision}"
            self.app.notify(text, title="更正", severity="warning", timeout=30)
            self.say(text, "warning")
            return
        text = f"中心办公室已批准更正：{x.summary}。"
        if ticket is not None:
            notice = self.slip(corrected_finish(x), ticket, ticket.limit_minutes,
                               corrected=True)
            text += f"按 V 查看并打印更正后的{name(notice)}。"
        self.app.notify(text, title="更正", timeout=30)
        self.say(text)

    @work(exclusive=True, group="dialog")
    async def action_visits(self) -> None:
        counter = self.counter
        visits = await counter.commands.read(counter.client.home_visits)
        if not visits.ok or visits.value is None:
            self.say(visits.error, "error")
            return
        if not visits.value:
            self.say("目前没有指派给您的上门服务。", "warning")
            return
        started = await self.app.push_screen_wait(VisitsScreen(
            counter.commands, counter.client, visits.value, counter.hub_now().date()))
        if started is None:
            return
        self.note(started)
        self.say(f"已开始上门服务 {started.number}（{started.matter_name}），计时开始；"
                 "办理完毕按 F 办结。如需离开窗口，可按 P 暂停服务。")

    @work(group="visits")
    async def remind_visits(self) -> None:
        """At sign-in: today's home visits still to do."""
        visits = await self.counter.commands.read(self.counter.client.home_visits)
        today = self.counter.hub_now().date()
        due = [v for v in visits.value or [] if v.day == today and v.state == "assigned"]
        if due:
            text = f"今天有 {len(due)} 件上门服务待办，按 H 查看。"
            self.app.notify(text, title="上门服务", timeout=20)
            self.say(text, "warning")


def corrected_finish(x: Correction) -> Finish:
    """The finish as the office approved it corrected: what the new slip says."""
    return Finish(outcome=x.outcome, promised_date=x.promised_date,
                  missing_materials=list(x.missing_materials), reason=x.reason,
                  authority=x.authority, authority_days=x.authority_days, answer=x.answer,
                  note=x.note)
