"""投诉建议 (24小时受理举报): one question a page, each answered with one touch. The window
(or none), the clerk (those of that window first, or none), the matter complained of (a usual
reason, or 其他: the office calls the resident back to hear it, so the phone number is then
asked for), then a phone number for the reply if the resident wishes, and 提交. Nothing needs
a keyboard.

What has been chosen stays in a line at the top, so it can be checked before it is sent;
上一步 goes back to change it.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Static

from bianmin.client import HubError
from bianmin.wire.office import ComplaintOptions
from kiosk import texts
from kiosk.complaint import (
    ComplaintForm,
    clerk_label,
    clerks_for,
    window_label,
)
from kiosk.screens.page import KioskPage
from kiosk.widgets.choices import ChoicePane, Choices
from kiosk.widgets.code_display import CodeDisplay
from kiosk.widgets.touch import TouchButton, touch_label

STEPS = ("step-window", "step-clerk", "step-reason", "step-phone")
PROMPTS = {
    "step-window": (texts.STEP_WINDOW, texts.STEP_WINDOW_EN),
    "step-clerk": (texts.STEP_CLERK, texts.STEP_CLERK_EN),
    "step-reason": (texts.STEP_REASON, texts.STEP_REASON_EN),
    "step-phone": (texts.STEP_PHONE, texts.STEP_PHONE_EN),
}
NONE = "none"  # the value of 不指定窗口 / 不指定人员
OTHER = "其他"  # the usual reason that asks for words of the resident's own
PHONE_LENGTH = 12  # a mobile (11) or a landline with its area code
CALL_BACK_DIGITS = 7  # the shortest number the office can call back (a local landline)
PHONE_KEYS = [(d, d) for d in "1234567890"]
RETRY_OPTIONS_SECONDS = 2.0


class ComplaintScreen(KioskPage):
    def __init__(self) -> None:
        super().__init__()
        self.form = ComplaintForm()
        self.step = STEPS[0]

    @property
    def options(self) -> ComplaintOptions | None:
        return self.kiosk.complaint_options

    def compose(self) -> ComposeResult:
        en = self.kiosk.english
        yield from self.page_header(texts.COMPLAINT_TITLE)
        yield Static(id="summary")
        with ContentSwitcher(initial=STEPS[0], id="steps"):
            yield ChoicePane(Choices(id="windows"), id="step-window")
            yield ChoicePane(Choices(id="clerks"), id="step-clerk")
            yield ChoicePane(Choices(id="reasons"), id="step-reason")
            with Vertical(id="step-phone"):
                yield CodeDisplay(PHONE_LENGTH, slots=False, placeholder=texts.NO_PHONE,
                                  title=texts.PHONE, id="phone")
                yield Choices(PHONE_KEYS, columns=5, big=True, id="phone-keys", classes="keypad")
        with Horizontal(classes="actions"):
            yield TouchButton(touch_label(texts.HOME, texts.HOME_EN, en), id="home")
            yield TouchButton(touch_label(texts.PREVIOUS, texts.PREVIOUS_EN, en), id="previous")
            yield TouchButton(touch_label(texts.DELETE, texts.DELETE_EN, en), id="delete")
            yield TouchButton(touch_label(texts.SUBMIT, texts.SUBMIT_EN, en), id="submit")

    def on_mount(self) -> None:
        self.show_step(STEPS[0])
        self.load_options(self.options)

    @work(exclusive=True, group="complaint-options")
    async def load_options(self, known: ComplaintOptions | None = None) -> None:
        """The windows, clerks and reasons, fresh from the hub (`known`, a copy from an
        earlier visit, is shown meanwhile); tried again while the hub is away."""
        if known is not None:
            await self.show_options(known)
        try:
            options = await self.kiosk.client.complaint_options()
        except HubError:
            self.set_timer(RETRY_OPTIONS_SECONDS, self.load_options)
            return
        self.kiosk.complaint_options = options
        await self.show_options(options)

    async def show_options(self, options: ComplaintOptions) -> None:
        en = self.kiosk.english
        windows = [(str(w.number), window_label(w)) for w in options.windows]
        windows.append((NONE, touch_label(texts.ANY_WINDOW, texts.NOT_SURE_EN, en)))
        await self.query_one("#windows", Choices).show(windows)
        # 其他 needs words a touch screen cannot take: the office calls the resident instead.
        reasons = [(r, texts.OTHER_REASON if r == OTHER else r) for r in options.reasons]
        if OTHER not in options.reasons:
            reasons.append((OTHER, texts.OTHER_REASON))
        await self.query_one("#reasons", Choices).show(reasons)
        await self._show_clerks()

    async def _show_clerks(self) -> None:
        en = self.kiosk.english
        known = self.options.clerks if self.options is not None else []
        clerks = [(c.staff_no, clerk_label(c)) for c in clerks_for(known, self.form.window)]
        clerks.append((NONE, touch_label(texts.ANY_CLERK, texts.NOT_SURE_EN, en)))
        await self.query_one("#clerks", Choices).show(clerks)

    # ----- steps ----------------------------------------------------------------------------

    def show_step(self, step: str) -> None:
        self.step = step
        self.guard_touches()  # the next step's buttons are where this one's were
        self.set_focus(None)
        self.query_one(ContentSwitcher).current = step
        for pane in self.query(ChoicePane):
            pane.scroll_home(animate=False)
        if step == "step-phone" and self.calls_back:
            self.prompt(texts.STEP_PHONE_CALL_BACK, texts.STEP_PHONE_CALL_BACK_EN)
        else:
            self.prompt(*PROMPTS[step])
        self.query_one("#summary", Static).update(self.form.summary())
        on_phone = step == "step-phone"
        self.query_one("#previous").display = step != STEPS[0]
        self.query_one("#delete").display = on_phone
        self.query_one("#submit").display = on_phone
        self.show_ready()

    @property
    def calls_back(self) -> bool:
        """The resident chose 其他: the office hears the rest by phone."""
        return self.form.reason == OTHER

    @property
    def ready(self) -> bool:
        """A reason is given (the rest may stay empty, but for the number to call back on
        其他), and the kiosk can send it now."""
        phone = self.query_one("#phone", CodeDisplay).value
        if self.calls_back and len(phone) < CALL_BACK_DIGITS:
            return False
        return bool(self.form.reason) and self.kiosk.can_send

    def show_ready(self) -> None:
        self.query_one("#submit", Button).disabled = not self.ready

    def show_online(self, online: bool) -> None:
        super().show_online(online)
        self.show_ready()

    def try_again(self) -> None:
        if self.step == "step-phone":
            self.query_one("#phone", CodeDisplay).value = ""
            self.show_ready()

    def on_screen_resume(self) -> None:
        self.show_ready()  # back from a refusal: the submission is over

    def _next(self) -> None:
        self.show_step(STEPS[min(len(STEPS) - 1, STEPS.index(self.step) + 1)])

    # ----- touches ---------------------------------------------------------------------------

    async def on_choices_chosen(self, event: Choices.Chosen) -> None:
        event.stop()
        options, value = self.options, event.value
        match event.choices.id:
            case "windows":
                windows = options.windows if options is not None else []
                window = next((w for w in windows if str(w.number) == value), None)
                self.form = self.form.with_window(window)
                await self._show_clerks()
                self._next()
            case "clerks":
                clerks = options.clerks if options is not None else []
                clerk = next((c for c in clerks if c.staff_no == value), None)
                self.form = self.form.with_clerk(clerk)
                self._next()
            case "reasons":
                self.reason_given(value)
            case "phone-keys":
                phone = self.query_one("#phone", CodeDisplay)
                if len(phone.value) < PHONE_LENGTH:
                    phone.value += value
                self.show_ready()

    def reason_given(self, reason: str) -> None:
        self.form = replace(self.form, reason=reason)
        self._next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        match event.button.id:
            case "home":
                self.dismiss()
            case "previous":
                self.show_step(STEPS[max(0, STEPS.index(self.step) - 1)])
            case "delete":
                phone = self.query_one("#phone", CodeDisplay)
                phone.value = phone.value[:-1]
                self.show_ready()
            case "submit":
                self.submit()

    def submit(self) -> None:
        if not self.ready:
            return
        phone = self.query_one("#phone", CodeDisplay).value
        self.form = replace(self.form, phone=phone)
        self.kiosk.lodge_complaint(self, self.form)
        self.show_ready()
