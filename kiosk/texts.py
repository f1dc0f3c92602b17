"""Every sentence the kiosk shows or prints, in one place, so all of it can be read for civil
language (文明用语) at once. English is shown beside where the center asks for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
HOME = "返回首页"
HOME_EN = "Home"
OK = "好的"
DELETE = "删除"
DELETE_EN = "Delete"

WAITING_COUNT = "等候 {n} 人"
WAITING_COUNT_EN = "{n} waiting"

PRIORITY = "优先通道"
PRIORITY_EN = "Priority"
PRIORITY_WHO = "老年人、孕妇、残疾人、病人、军人（退役军人）请点这里，优先为您办理"
PRIORITY_SHORT = "老人、孕妇、残疾人请点这里"
PRIORITY_WHO_EN = "For the elderly, sick, disabled, pregnant, and service members or veterans"
PRIORITY_TITLE = "优先通道：请选择您要办理的业务"
PRIORITY_MARK = "优先"

# 一件事一次办 (a bundle): several matters, one number, called to each window in turn.
BUNDLE = "一件事一次办（联办）"
BUNDLE_SHORT_LABEL = "一件事一次办"
BUNDLE_EN = "One Visit"
BUNDLE_WHO = "办一件事，只取一个号"
BUNDLE_SHORT = "只取一个号"
BUNDLE_TITLE = "一件事一次办：请选择您要办的事"
BUNDLE_HOW = "点一下只取一个号，办完一步会依次叫您到下一个窗口"
BUNDLE_HOW_EN = "One number for every step, called window by window."
BUNDLE_STEPS = "共{n}步，同一个号码依次办理："
BUNDLE_ANY_ORDER = "以下可不分先后："
BUNDLE_STEP = "第{n}步　{matter}　{windows}"
BUNDLE_FIRST = "第一步请到：{windows}"
STEP_ORDINALS = "一二三四五六七八九十"

YOUR_NUMBER = "您好，您的号码是"
YOUR_NUMBER_EN = "Your number"
AHEAD = "您前面还有 {n} 人"
AHEAD_EN = "{n} ahead of you"
NEXT = "下一位就是您"
# Said after a ticket is issued (kiosk/speech.py): the number digit by digit (A零一二).
SAY_NUMBER = "您的号码是{number}号。"
SAY_AHEAD = "您前面还有{n}位，请在等候区稍候。"
SAY_NEXT = "下一位就是您，请留意叫号。"
SAY_BUNDLE = "办完一步后，请继续留意叫号，我们会依次请您到各个窗口办理。"
NEXT_EN = "You are next"
WAIT = "预计等候约 {n} 分钟"
WAIT_EN = "About {n} min wait"
WHERE = "请在等候区就座，留意叫号屏幕和语音提示"
WHERE_EN = "Please take a seat and watch the display. Window {windows}."
WINDOWS = "办理窗口：{windows}"
MATERIALS = "请准备以下材料（一次性告知）："
BUNDLE_MATERIALS = "请准备全部材料（一次性告知）："
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


# 预约签到: appointment check-in.
CHECK_IN = "预约签到"
CHECK_IN_EN = "Check-in"
CHECK_IN_WHO = "已预约的群众，请凭预约码或手机号签到取号"
CHECK_IN_SHORT = "凭预约码或手机号签到"
CHECK_IN_TITLE = "预约签到"
CODE_PROMPT = "请输入预约码（6位，预约时告知您的），再按“确认签到”"
CODE_PROMPT_EN = "Enter the 6-character booking code from your message, then Check in."
PHONE_PROMPT = "请输入预约手机号的后四位，点选您的姓氏（没有找到请按“更多姓氏”），再按“确认签到”"
PHONE_PROMPT_EN = "Enter the last 4 digits of your phone and your surname, then Check in."
BY_PHONE = "用手机号签到"
BY_PHONE_EN = "Use phone"
BY_CODE = "用预约码签到"
BY_CODE_EN = "Use code"
CONFIRM_CHECK_IN = "确认签到"
CONFIRM_CHECK_IN_EN = "Check in"
CODE = "预约码"
PHONE_TAIL = "手机号后四位"
SURNAME = "姓氏"
SURNAME_PLACEHOLDER = "请点选您的姓氏"
MORE_SURNAMES = "更多姓氏"
# The 100 most common surnames in China (2020 census), 20 a page, one touch each. A surname
# beyond them checks in by its booking code, or at the service desk.
COMMON_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
                   "郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
                   "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
                   "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
                   "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
SURNAMES_PER_PAGE = 20
CHECKING_IN = "正在为您签到，请稍候……"
CHECKING_IN_EN = "Checking you in, please wait..."
CHECK_IN_FAILED = "对不起，暂时无法为您签到，请稍候再试，或到服务台咨询。"
CHECK_IN_FAILED_EN = "Sorry, we cannot check you in right now. Please try again or ask at the desk."
REFUSED_EN = "Sorry. Please read the message above, or ask at the service desk for help."
TRY_AGAIN = "重新输入"
TRY_AGAIN_EN = "Try again"
CHECKED_IN = "预约签到成功，您的号码是"
CHECKED_IN_NAMED = "{name}，您好，预约签到成功，您的号码是"
CHECKED_IN_EN = "Checked in. Your number"
APPOINTMENT_MARK = "预约"

# 投诉建议: complaints and suggestions, 24 hours a day.
COMPLAINT = "投诉建议"
COMPLAINT_EN = "Complaints"
COMPLAINT_WHO = "意见建议、投诉举报，24小时受理"
COMPLAINT_SHORT = "24小时受理举报"
COMPLAINT_TITLE = "投诉建议（24小时受理举报）"
STEP_WINDOW = "第1步：请选择您要反映的窗口"
STEP_WINDOW_EN = "Step 1 of 4: which window?"
STEP_CLERK = "第2步：请选择工作人员（可不选）"
STEP_CLERK_EN = "Step 2 of 4: which member of staff? (optional)"
STEP_REASON = "第3步：请点选您要反映的问题"
STEP_REASON_EN = "Step 3 of 4: what would you like to tell us?"
STEP_PHONE = "第4步：如需回复，请留下联系电话（可不填），再按“提交”"
STEP_PHONE_EN = "Step 4 of 4: a phone number for our reply (optional), then Submit."
ANY_WINDOW = "不指定窗口"
ANY_CLERK = "不指定人员"
NOT_SURE_EN = "Not sure"
OTHER_REASON = "其他问题（请工作人员电话联系我）"
STEP_PHONE_CALL_BACK = "第4步：请留下联系电话，工作人员会打电话听取您的意见，再按“提交”"
STEP_PHONE_CALL_BACK_EN = "Step 4 of 4: your phone number, so that we can call you; then Submit."
PREVIOUS = "上一步"
PREVIOUS_EN = "Previous"
SUBMIT = "提交"
SUBMIT_EN = "Submit"
PHONE = "联系电话"
NO_PHONE = "（可不填）"
SUMMARY_WINDOW = "窗口：{window}"
SUMMARY_CLERK = "人员：{clerk}"
SUMMARY_REASON = "问题：{reason}"
SUBMITTING = "正在提交，请稍候……"
SUBMITTING_EN = "Sending, please wait..."
SUBMIT_FAILED = "对不起，暂时无法提交。您填写的内容已为您保留，请稍候再按“提交”。"
SUBMIT_FAILED_EN = "Sorry, we could not send it. What you entered is kept; please try again."
COMPLAINT_DONE = "您的投诉建议已受理"
COMPLAINT_DONE_EN = "Received. Thank you."
COMPLAINT_NUMBER = "受理编号"
COMPLAINT_NUMBER_EN = "Complaint No."
QUERY_CODE = "查询码：{code}"
QUERY_CODE_EN = "Query code: {code}"
SUPERVISION_PHONE = "24小时监督电话：{phone}"
SUPERVISION_PHONE_EN = "24-hour line: {phone}"
PRINTING_SLIP = "正在打印回执，请稍候"
TAKE_SLIP = "请取走您的回执"
TAKE_SLIP_EN = "Please take your receipt."
WRITE_DOWN_NUMBER = "请记下受理编号和查询码"
WRITE_DOWN_NUMBER_EN = "Please note the number and the code."
NO_PRINTER_SLIP = "本机不打印回执，请记下受理编号和查询码。"

# On the printed complaint slip.
SLIP_TITLE = "投诉建议受理回执"
SLIP_TITLE_EN = "Complaint receipt"
LODGED_AT = "受理时间：{at}"
SLIP_FOLLOW = "可凭受理编号和查询码到服务台查询处理结果。"
SLIP_FOLLOW_PHONE = "可凭受理编号和查询码到服务台或拨打监督电话查询处理结果。"
THANKS_SUPERVISION = "感谢您的监督"


@dataclass(frozen=True)
class Wording:
    """What the 'please wait' cover and the apology say for one kind of request."""

    waiting: str
    waiting_en: str
    failed: str
    failed_en: str


ISSUE_WORDING = Wording(ISSUING, ISSUING_EN, ISSUE_FAILED, ISSUE_FAILED_EN)
CHECK_IN_WORDING = Wording(CHECKING_IN, CHECKING_IN_EN, CHECK_IN_FAILED, CHECK_IN_FAILED_EN)
COMPLAINT_WORDING = Wording(SUBMITTING, SUBMITTING_EN, SUBMIT_FAILED, SUBMIT_FAILED_EN)


def join_windows(numbers: Sequence[int]) -> str:
    return "、".join(f"{n}号" for n in numbers) + "窗口" if numbers else "服务台"
