"""Every sentence the kiosk shows or prints, in one place, so all of it can be read for civil
language (文明用语) at once. English is shown beside where the center asks for it."""

from __future__ import annotations

GREETING = "您好，请选择您要办理的业务"
GREETING_EN = "Welcome. Please choose your service."
CONNECTING = "系统连接中，请稍候"
CONNECTING_EN = "Connecting, please wait a moment."
BAD_TOKEN = "本机尚未获准取号，请联系中心办公室。"
ISSUING = "正在为您取号，请稍候……"
ISSUING_EN = "Getting your ticket, please wait..."
ISSUE_FAILED = "对不起，暂时无法为您取号，请稍候再试，或到服务台咨询。"
ISSUE_FAILED_EN = "Sorry, we cannot issue a ticket right now. Please try again or ask at the desk."
BACK = "返回"
BACK_EN = "Back"
OK = "好的"

WAITING_COUNT = "等候 {n} 人"
WAITING_COUNT_EN = "{n} waiting"

PRIORITY = "优先通道"
PRIORITY_EN = "Priority"
PRIORITY_WHO = "老、弱、病、残、孕及军人（退役军人）优先办理"
PRIORITY_WHO_EN = "For the elderly, sick, disabled, pregnant, and service members or veterans"
PRIORITY_TITLE = "优先通道：请选择您要办理的业务"
PRIORITY_MARK = "优先"

YOUR_NUMBER = "您好，您的号码是"
YOUR_NUMBER_EN = "Your number"
AHEAD = "您前面还有 {n} 人"
AHEAD_EN = "{n} ahead of you"
NEXT = "下一位就是您"
NEXT_EN = "You are next"
WHERE = "请在等候区就座，留意叫号屏幕和语音提示"
WHERE_EN = "Please take a seat and watch the display. Window {windows}."
WINDOWS = "办理窗口：{windows}"
MATERIALS = "请准备以下材料（一次性告知）："
MATERIALS_EN = "Please have these ready:"
NO_MATERIALS = "本业务无需准备材料。"
TAKE_TICKET = "请取走您的号票"
TAKE_TICKET_EN = "Please take your ticket."
PRINTING = "正在打印号票，请稍候"
WRITE_DOWN = "请记下您的号码"
WRITE_DOWN_EN = "Please note your number."
NO_PRINTER = "本机不打印号票，请记下您的号码。"
PRINTER_FAULT = "{fault}{write_down}，工作人员会尽快处理。"
REPRINT = "重新打印"
REPRINT_EN = "Print again"
TOUCH_HOME = "轻触屏幕返回首页（{s} 秒后自动返回）"
TOUCH_HOME_EN = "Touch to return ({s} s)"
PRINTER_DOWN_NOTICE = "打印机暂时无法出票，取号后请记下您的号码"

# On the printed ticket.
POLITE_LINE = "请您留意叫号，过号请到服务台。"
POLITE_LINE_EN = "Please listen for your number. If you miss it, please ask at the service desk."
SCAN = "扫码查看排队进度"
SCAN_EN = "Scan to follow your ticket"
ISSUED_AT = "取号时间：{at}"
THANKS = "感谢您的耐心等候"


def join_windows(numbers: list[int]) -> str:
    return "、".join(f"{n}号" for n in numbers) + "窗口" if numbers else "服务台"
