"""Sign-in: staff number and PIN for this window; take the window over when it is taken."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from bianmin.client import HubError, HubUnavailable

if TYPE_CHECKING:
    from counter.app import CounterApp


class SignInScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+t", "take_over", "接替登录", show=False)]

    def __init__(self, window: int, staff_no: str = "") -> None:
        super().__init__()
        self.window = window
        self.staff_no = staff_no

    @property
    def counter(self) -> CounterApp:
        return cast("CounterApp", self.app)

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="signin-box"):
            yield Static(f"{self.window}号窗口 · 工作人员登录", id="signin-title")
            yield Input(
                self.staff_no,
                placeholder="工号",
                id="staff",
                max_length=32,
                restrict=r"[0-9A-Za-z]*",
            )
            yield Input(
                placeholder="密码（PIN）",
                id="pin",
                password=True,
                max_length=12,
                restrict=r"[0-9]*",
            )
            yield Static("", id="signin-message")
            with Horizontal(id="signin-buttons"):
                yield Button("登录", id="login", variant="primary")
                yield Button("接替登录", id="take-over", variant="warning")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#take-over").display = False
        self.query_one("#pin" if self.staff_no else "#staff", Input).focus()

    def say(self, text: str, *, error: bool = True) -> None:
        self.query_one("#signin-message", Static).update(
            Text(text, style="bold red" if error else "green")
        )

    def show_ended(self, message: str, *, error: bool = True) -> None:
        self.query_one("#pin", Input).value = ""
        self.query_one("#take-over").display = False
        self.say(message, error=error)
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#staff")
    def next_field(self) -> None:
        if self.query_one("#staff", Input).value.strip():
            self.query_one("#pin", Input).focus()
        else:
            self.say("请输入工号。")

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#login")
    def login(self) -> None:
        self.sign_in(force=False)

    @on(Button.Pressed, "#take-over")
    def action_take_over(self) -> None:
        if self.query_one("#take-over").display:
            self.sign_in(force=True)

    @work(exclusive=True, group="sign-in")
    async def sign_in(self, force: bool) -> None:
        staff_no = self.query_one("#staff", Input).value.strip()
        pin = self.query_one("#pin", Input).value
        if not staff_no:
            self.say("请输入工号。")
            self.query_one("#staff", Input).focus()
            return
        if not pin:
            self.say("请输入密码。")
            self.query_one("#pin", Input).focus()
            return
        self.say("正在登录，请稍候…", error=False)
        try:
            reply = await self.counter.client.login(staff_no, pin, self.window, force=force)
        except HubUnavailable:
            self.say(f"无法连接服务器 {self.counter.hub_url}，请检查网络后重试，或联系中心办公室。")
            return
        except HubError as err:
            taken = err.code == "window-taken"
            self.query_one("#take-over").display = taken
            if taken:
                self.say(err.message + "（按 Ctrl+T 或点“接替登录”）")
            else:
                self.say(err.message)
                self.query_one("#pin", Input).value = ""
                self.query_one("#pin", Input).focus()
            return
        self.query_one("#pin", Input).value = ""
        self.query_one("#take-over").display = False
        self.say("")
        self.counter.signed_in(reply)
