"""The sample configuration `bianmin init` writes: a typical town center, commented."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from bianmin.pins import hash_pin

DEMO_PIN = "123456"
DEMO_KIOSK_TOKEN = "demo-kiosk"
DEMO_DISPLAY_TOKEN = "demo-display"
DEMO_RATING_TOKEN = "demo-rating"
OFFICE_STAFF_NO = "9001"
HEAD_STAFF_NO = "9002"  # an office account heading departments (部门负责人)

CLERKS = [
    ("1001", "张丽", 1),
    ("1002", "王强", 2),
    ("1003", "李娜", 3),
    ("1004", "刘洋", 4),
    ("1005", "陈静", 5),
    ("1006", "杨帆", 6),
    ("1007", "赵敏", 7),
    ("1008", "黄伟", 8),
]


@dataclass(frozen=True)
class Credentials:
    pins: dict[str, str]  # staff number -> PIN, shown once
    kiosk_token: str
    display_token: str
    rating_token: str


def credentials(demo: bool) -> Credentials:
    numbers = [c[0] for c in CLERKS] + [OFFICE_STAFF_NO, HEAD_STAFF_NO]
    if demo:
        return Credentials({n: DEMO_PIN for n in numbers}, DEMO_KIOSK_TOKEN,
                           DEMO_DISPLAY_TOKEN, DEMO_RATING_TOKEN)
    return Credentials(
        {n: f"{secrets.randbelow(10**6):06d}" for n in numbers},
        secrets.token_urlsafe(18),
        secrets.token_urlsafe(18),
        secrets.token_urlsafe(18),
    )


def render(creds: Credentials, demo: bool) -> str:
    clerks = "\n".join(
        f'[[clerks]]\nstaff_no = "{no}"\nname = "{name}"\nwindow = {window}\n'
        f'pin_hash = "{hash_pin(creds.pins[no])}"\n'
        for no, name, window in CLERKS
    )
    office_pin = hash_pin(creds.pins[OFFICE_STAFF_NO])
    return TEMPLATE.format(
        demo="true" if demo else "false",
        demo_note=DEMO_NOTE if demo else "",
        clerks=clerks,
        office_pin=office_pin,
        head_pin=hash_pin(creds.pins[HEAD_STAFF_NO]),
        kiosk_token=creds.kiosk_token,
        display_token=creds.display_token,
        rating_token=creds.rating_token,
    )


def write(folder: Path, demo: bool) -> tuple[Path, Credentials]:
    """Write `folder/bianmin.toml`; refuses to overwrite one that exists."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bianmin.toml"
    if path.exists():
        raise FileExistsError(path)
    creds = credentials(demo)
    path.write_text(render(creds, demo), encoding="utf-8")
    path.chmod(0o600)
    return path, creds


DEMO_NOTE = """
# DEMO CREDENTIALS: every PIN below is 123456 and the device tokens are demo-kiosk,
# demo-display and demo-rating. Never run a real hall on them: make a fresh file with
# `bianmin init DIR` (without --demo), which chooses random PINs and tokens.
"""

TEMPLATE = """\
# Bianmin (便民) configuration for one town convenience service center.
# Edit with any text editor; the hub checks the whole file on start-up and names the line
# of any mistake. Matters are referred to by their prefix letter, windows by their number.
{demo_note}
[center]
name = "青溪镇便民服务中心"
name_en = "Qingxi Town Convenience Service Center"
timezone = "Asia/Shanghai"       # the local day: ticket numbers restart at 001 each day
english = true                   # show English beside Chinese on the display and tickets
# The address phones use to follow a ticket (printed as a QR code). Leave empty to use the
# address the kiosk reaches the hub on.
public_url = ""
complaint_phone = "0571-8468123"  # 24小时受理举报

[hub]
host = "127.0.0.1"               # use "0.0.0.0" to let kiosks and counters on the LAN connect
port = 8600
database = "bianmin.db"          # relative to this file's folder
demo = {demo}

[rules]
immediate_limit_minutes = 30     # 即办件: done within 30 minutes of being received
recalls_before_no_show = 2       # a called ticket is recalled this often before 过号
stall_minutes = 20               # a transferred ticket waiting longer is flagged to its owner
promised_warn_days = 1           # 承诺件: warn this many days before the promised date

# Names of the outcome classes as printed and shown (the wire uses the English keys).
[outcome_names]
consultation = "咨询件"
immediate = "即办件"
promised = "承诺件"
supplement = "补充件"
returned = "退回件"
petition = "信访件"
escalated = "上报件"

# ---- The office (中心办公室): appointments, ratings, complaints --------------------------
[office_rules]
slots = ["09:00-10:00", "10:00-11:00", "14:00-15:00", "15:00-16:00"]
capacity = 4                     # bookings per matter per slot
capacity_by_matter = {{ D = 2 }}   # fewer for real estate: each takes long
days_ahead = 14                  # how far ahead residents may book
early_minutes = 30               # check-in at the kiosk opens this long before the slot
late_minutes = 15                # and closes this long after the slot ends
complaint_reasons = ["服务态度不好", "办事效率低", "推诿扯皮", "一次性告知不到位", "乱收费", "其他"]
complaint_working_days = 5       # a complaint is answered within this many working days
# 好差评: five levels, at the window's pad or from the resident's phone (the code on the ticket).
rating_minutes = 10              # a finished ticket may be rated this long at the pad
phone_rating_minutes = 1440      # and this long from the phone
# What a bad rating (不满意, 非常不满意) asks went wrong: the national standard's points.
unsatisfied_reasons = ["服务效率", "服务水平", "服务态度"]
case_working_days = 15           # a bad rating is called back (回访) and put right (整改) in this
due_soon_working_days = 3        # a deadline this close shows as due soon and is flagged

# Working days for those deadlines: Monday to Friday, less the public holidays, plus the
# weekend days worked instead (调休). Add each year's from the State Council's notice
# (国务院办公厅关于部分节假日安排的通知, published in the autumn before).
[calendar]
holidays = [
  2026-01-01, 2026-01-02, 2026-01-03,                                # 元旦
  2026-02-15, 2026-02-16, 2026-02-17, 2026-02-18, 2026-02-19,        # 春节
  2026-02-20, 2026-02-21, 2026-02-22, 2026-02-23,
  2026-04-04, 2026-04-05, 2026-04-06,                                # 清明节
  2026-05-01, 2026-05-02, 2026-05-03, 2026-05-04, 2026-05-05,        # 劳动节
  2026-06-19, 2026-06-20, 2026-06-21,                                # 端午节
  2026-09-25, 2026-09-26, 2026-09-27,                                # 中秋节
  2026-10-01, 2026-10-02, 2026-10-03, 2026-10-04, 2026-10-05,        # 国庆节
  2026-10-06, 2026-10-07,
]
workdays = [2026-01-04, 2026-02-14, 2026-02-28, 2026-05-09, 2026-09-20, 2026-10-10]

# ---- Matters (事项) -------------------------------------------------------------------
# prefix: the ticket letter (I and O are left out: they look like 1 and 0).
# handling: the usual outcome class: immediate, promised, consultation, ...
# time_limit_minutes: how long serving may take before the clerk and office are warned.
# materials: what a resident must bring; shown on the kiosk and printed (一次性告知).

[[matters]]
prefix = "A"
name = "户籍办理"
name_en = "Household Registration"
handling = "immediate"
time_limit_minutes = 30
materials = ["居民身份证", "户口簿", "近期一寸免冠照片", "相关证明材料"]

[[matters]]
prefix = "B"
name = "社保医保"
name_en = "Social & Medical Insurance"
handling = "immediate"
time_limit_minutes = 30
materials = ["居民身份证", "社会保障卡", "户口簿", "银行卡或存折"]

[[matters]]
prefix = "C"
name = "民政救助"
name_en = "Civil Affairs & Assistance"
handling = "promised"
time_limit_minutes = 45
materials = ["居民身份证", "户口簿", "家庭收入证明", "村（居）委会证明", "残疾证或病历（如有）"]

[[matters]]
prefix = "D"
name = "不动产登记"
name_en = "Real Estate Registration"
handling = "promised"
time_limit_minutes = 45
materials = ["居民身份证", "不动产权证书", "购房合同或权属来源证明", "宗地图", "申请表"]

[[matters]]
prefix = "E"
name = "农业农村"
name_en = "Agriculture & Rural Affairs"
handling = "promised"
time_limit_minutes = 30
materials = ["居民身份证", "土地承包经营权证", "村委会意见", "申请表"]

[[matters]]
prefix = "F"
name = "卫生健康"
name_en = "Health Services"
handling = "immediate"
time_limit_minutes = 30
materials = ["居民身份证", "户口簿", "出生医学证明（如办理生育登记）"]

[[matters]]
prefix = "G"
name = "市场监管"
name_en = "Market Regulation"
handling = "immediate"
time_limit_minutes = 30
materials = ["居民身份证", "经营场所证明", "登记申请书", "营业执照（变更、注销时）"]

[[matters]]
prefix = "H"
name = "退役军人服务"
name_en = "Veterans Services"
handling = "immediate"
time_limit_minutes = 30
materials = ["居民身份证", "退役证件", "户口簿"]

[[matters]]
prefix = "J"
name = "综合咨询"
name_en = "General Enquiry"
handling = "consultation"
time_limit_minutes = 15
materials = ["居民身份证（如需查询个人信息）"]

# ---- Windows (窗口) -------------------------------------------------------------------
# matters: what the window serves. A window calls only these (and tickets sent to it).
# strict_matter_order = true: an earlier matter in the list is called before a
# later one of the same class, even if it arrived later. Default: first come, first served.
# printer: a window printer for notices (承诺件通知书 ...), same keys as a kiosk printer.

[[windows]]
number = 1
department = "派出所户籍"
matters = ["A"]

[[windows]]
number = 2
department = "人力社保"
matters = ["B"]

[[windows]]
number = 3
department = "医保卫健"
matters = ["F", "B"]
strict_matter_order = true

[[windows]]
number = 4
department = "民政"
matters = ["C", "H"]

[[windows]]
number = 5
department = "自然资源（不动产）"
matters = ["D"]

[[windows]]
number = 6
department = "农业农村"
matters = ["E"]

[[windows]]
number = 7
department = "市场监管"
matters = ["G"]

[[windows]]
number = 8
department = "综合服务台"
matters = ["J", "A", "B"]

# ---- Bundles (一件事一次办) -------------------------------------------------------------
# A life event offered as one item: one ticket, one number, and the same number goes on to
# each department's queue in turn, ahead of new arrivals, when a step is done.
# matters: in the order they are taken; any_order: those (consecutive in matters) that may
# be taken in any order, whichever waits least. materials: besides the matters' own (the
# kiosk and the ticket list them all once). time_limit_minutes: the whole visit's limit.

[[bundles]]
id = "newborn"
name = "新生儿出生一件事"
name_en = "A Newborn"
summary = "出生登记落户、生育登记、参保登记一次办"
matters = ["A", "F", "B"]
any_order = ["F", "B"]
materials = ["父母双方结婚证"]
time_limit_minutes = 120

[[bundles]]
id = "restaurant"
name = "开办小餐饮店一件事"
name_en = "Opening a Small Restaurant"
summary = "营业执照、食品经营登记、从业人员健康证明一次办"
matters = ["G", "F"]
materials = ["从业人员体检表"]
time_limit_minutes = 90

[[bundles]]
id = "bereavement"
name = "身后一件事"
name_en = "After a Death in the Family"
summary = "户口注销、社保医保停保与丧葬补助、殡葬补贴一次办"
matters = ["A", "B", "C"]
any_order = ["B", "C"]
materials = ["死亡医学证明或火化证明", "经办人身份证"]
time_limit_minutes = 150

[[bundles]]
id = "veteran"
name = "退役军人落户安置一件事"
name_en = "A Veteran Settling Home"
summary = "退役报到、户口登记、社保接续一次办"
matters = ["H", "A", "B"]
materials = ["退役军人报到通知书"]
time_limit_minutes = 120

# ---- Staff ----------------------------------------------------------------------------
# PINs are kept only as salted hashes. Make one with:  bianmin hash-pin
# window: where the clerk usually sits (the counter terminal suggests it).

{clerks}
# Office accounts (中心办公室) sign in to the office console. departments: those it heads
# (部门负责人): a bad rating at one of their windows is assigned to them; the others go to
# the office as a whole.
[[office]]
staff_no = "{office_no}"
name = "周主任"
pin_hash = "{office_pin}"

[[office]]
staff_no = "{head_no}"
name = "孙科长"
pin_hash = "{head_pin}"
departments = ["人力社保", "医保卫健"]

# ---- Hall display (叫号显示屏) ----------------------------------------------------------
# The television's page: http://HUB:8600/display?token=<the display's token>, or run
# `bianmin display --hub http://HUB:8600 --token ...` on the television box.
# Colours are CSS colours ("#0b2545", "navy"). Every key may be left out.

[display]
background = "#0b2545"           # the screen
panel = "#13315c"                # the boxes on it
text = "#f4f7fb"
muted = "#9fb3c8"                # labels and English lines
accent = "#ffd23f"               # ticket numbers
highlight = "#c0392b"            # flashes behind the call just made
window = "#7bdff2"               # window numbers
paused = "#f4a259"               # a paused window; the "reconnecting" mark
scale = 1.0                      # every text size times this (0.5-2.0): 1.2 for a far wall
recent_calls = 8                 # how many last calls are listed (1-20)
highlight_seconds = 8            # how long a new call flashes
notice_seconds = 12              # how long each notice (办结公告) shows before the next
show_windows = true              # the strip showing what each window is doing

# The voice: a chime, then "请 A012 号 到 3 号窗口办理", said `repeat` times; a recall again.
[display.voice]
enabled = true
repeat = 2                       # 1-5; when other calls wait, each is said once, briefly
number_reading = "digits"        # "digits": A零一二 ; "natural": A十二
chime = true
english = false                  # then once in English: "Number A 0 1 2, please go to window 3"
volume = 1.0                     # 0.0-1.0
gap_ms = 700                     # the pause between two sayings
max_age_seconds = 120            # a call the display missed while away for longer is not said
rate = 175                       # espeak-ng speed, words a minute (80-450)
brisk_rate = 240                 # its speed for the brief form said when calls queue up
pitch = 50                       # espeak-ng pitch (0-99)
# espeak = "espeak-ng"           # the speech program, its Mandarin and English voices:
# espeak_voice = "cmn"
# espeak_voice_en = "en"
# clips_dir = "voice-clips"      # recorded clips that replace generated ones, e.g. qing.wav
#                                # for 请 (names: docs/display.md); relative to this file;
#                                # the folder must exist
# cache_dir = "voice-cache"      # where generated clips are kept (default: beside the database)

# ---- Devices --------------------------------------------------------------------------
# kind: kiosk (issues tickets), display (hall screen, read-only), rating (resident rating pad).
# A kiosk's printer: kind = "none" | "usb" | "network" | "serial" | "file"
#   usb:     vendor = 0x0416, product = 0x5011
#   network: host = "192.168.1.50", port = 9100
#   serial:  device = "/dev/ttyUSB0", baudrate = 9600
#   file:    device = "/dev/usb/lp0"
#   columns: 32 for 58 mm paper, 48 for 80 mm paper.

[[devices]]
id = "kiosk-1"
kind = "kiosk"
name = "大厅取号机"
token = "{kiosk_token}"
printer = {{ kind = "none", columns = 48 }}

[[devices]]
id = "display-1"
kind = "display"
name = "大厅显示屏"
token = "{display_token}"

[[devices]]
id = "rating-1"
kind = "rating"
name = "评价器"
token = "{rating_token}"
"""
TEMPLATE = TEMPLATE.replace("{office_no}", OFFICE_STAFF_NO).replace("{head_no}", HEAD_STAFF_NO)
