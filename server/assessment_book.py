"""The month's 考核 as an Excel workbook: one sheet per view of the console (the center, the
windows ranked, the clerks ranked, the bad ratings' cases, the complaints) and one saying how
each figure is counted. Plain cells with number formats, so it opens alike in Excel and WPS;
rates are fractions shown as percentages, times minutes to one decimal."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bianmin.wire.office import AssessmentReport, AssessmentRow, Column

HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDEBF7")
FORMATS = {"minutes": "0.0", "percent": "0.0%", "count": "0"}
CALLBACK = {(True, False): "已回访", (False, True): "无法回访", (False, False): "未回访"}
SCOPE_SHEETS = [("all", "全中心"), ("window", "窗口排名"), ("clerk", "人员排名")]


def columns(report: AssessmentReport, scope: str) -> list[Column]:
    """Every group's columns once, in order; the center has no rank."""
    seen: dict[str, Column] = {}
    for group in report.groups:
        for c in group.columns:
            seen.setdefault(c.key, c)
    return [c for c in seen.values() if not (scope == "all" and c.key == "rank")]


def cell(row: AssessmentRow, c: Column) -> Any:
    value = getattr(row, c.key)
    if value is None:
        return None
    return value / 100 if c.kind == "percent" else value


def assessment_xlsx(report: AssessmentReport) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for scope, title in SCOPE_SHEETS:
        cols = columns(report, scope)
        sheet = book.create_sheet(title)
        sheet.append([c.title for c in cols])
        for row in report.rows:
            if row.scope == scope:
                sheet.append([cell(row, c) for c in cols])
        _formats(sheet, [c.kind for c in cols])
        _style(sheet)
    cases = book.create_sheet("差评回访整改")
    cases.append(["编号", "受理日期", "窗口", "工作人员", "评价", "不满意之处", "整改期限",
                  "回访", "办结日期", "状态"])
    for k in report.cases:
        cases.append([k.id, k.opened, k.window, k.clerk_name or "", k.rating_name,
                      "、".join(k.points), k.due,
                      CALLBACK[(k.reached, k.callback_impossible)],
                      k.closed, k.state_name])
    _style(cases)
    complaints = book.create_sheet("投诉办理")
    complaints.append(["编号", "受理日期", "窗口", "工作人员", "答复期限", "答复日期", "状态"])
    for p in report.complaints:
        complaints.append([p.number, p.lodged, p.window, p.clerk_name or "", p.due,
                           p.answered, p.state_name])
    _style(complaints)
    info = book.create_sheet("说明")
    for line in (["中心", report.center], ["月份", report.month],
                 ["统计期间", f"{report.since} 至 {report.until}"],
                 ["生成时间", report.generated_at.strftime("%Y-%m-%d %H:%M:%S")],
                 *(["说明", note] for note in report.notes)):
        info.append(line)
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 100
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if c.is_date:
                    c.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _formats(sheet: Worksheet, kinds: Sequence[str]) -> None:
    for i, kind in enumerate(kinds, 1):
        for (c,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
            if kind in FORMATS:
                c.number_format = FORMATS[kind]


def _style(sheet: Worksheet) -> None:
    for c in sheet[1]:
        c.font, c.fill = HEAD, FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    for i, column in enumerate(sheet.columns, 1):
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[get_column_letter(i)].width = min(40, max(8, width * 2 + 2))
