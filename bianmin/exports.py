"""The figures as files: CSV (UTF-8 with BOM, so Excel and WPS open Chinese correctly) and an
Excel workbook with one sheet per view. The center's office and the county download the same
files (the county's sheets are its own views: the county, its centers, windows and clerks).
Times in minutes to one decimal, as the console shows them (the hub counts seconds)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bianmin.domain.assessment import minutes
from bianmin.domain.figures import COLUMNS, DIMENSION_NAMES
from bianmin.wire.office import FigureRow, Figures

SHEETS = [("all", "汇总"), ("matter", "按事项"), ("window", "按窗口"), ("clerk", "按人员")]
DAILY_COLUMNS = [("day", "日期"), ("issued", "取号数"), ("served", "办结数"),
                 ("complaints", "投诉"), ("very_satisfied", "非常满意"), ("satisfied", "满意"),
                 ("basic", "基本满意"), ("unsatisfied", "不满意"),
                 ("very_unsatisfied", "非常不满意")]
MINUTES = frozenset({"wait_mean", "wait_median", "wait_p90", "service_mean", "service_median",
                     "service_p90"})
TITLES = [title.replace("(秒)", "(分钟)") for _, title in COLUMNS]


def _cell(row: FigureRow, key: str) -> object:
    value = getattr(row, key)
    if key == "dimension":
        return DIMENSION_NAMES.get(str(value), value)
    if value is None:
        return ""
    return minutes(value) if key in MINUTES else value


def figures_csv(rows: list[FigureRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TITLES)
    for row in rows:
        writer.writerow([_cell(row, key) for key, _ in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _plain(row: dict[str, Any], key: str) -> object:
    value = row.get(key)
    if value is None:
        return ""
    return minutes(value) if key.startswith("whole_") else value


def rows_csv(columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> bytes:
    """Another table of figures (一件事's) as CSV, its times in minutes like the others."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title.replace("(秒)", "(分钟)") for _, title in columns])
    for row in rows:
        writer.writerow([_plain(row, key) for key, _ in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


Extra = tuple[str, list[tuple[str, str]], list[dict[str, Any]]]  # title, columns, rows


def figures_xlsx(figures: Figures, sheets: list[tuple[str, str]] = SHEETS,
                 extra: list[Extra] | None = None) -> bytes:
    """The workbook; `extra`: more sheets after the views (the hall's 一件事)."""
    book = Workbook()
    book.remove(book.active)
    head = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for dimension, title in sheets:
        sheet = book.create_sheet(title)
        sheet.append(TITLES)
        for row in figures.rows:
            if row.dimension == dimension:
                sheet.append([_cell(row, key) for key, _ in COLUMNS])
        _style(sheet, head, fill)
    for title, columns, rows in extra or []:
        sheet = book.create_sheet(title)
        sheet.append([t.replace("(秒)", "(分钟)") for _, t in columns])
        for plain in rows:
            sheet.append([_plain(plain, key) for key, _ in columns])
        _style(sheet, head, fill)
    daily = book.create_sheet("每日")
    daily.append([t for _, t in DAILY_COLUMNS])
    for day in figures.daily:
        daily.append([getattr(day, k) for k, _ in DAILY_COLUMNS])
    _style(daily, head, fill)
    info = book.create_sheet("说明")
    info.append(["中心", figures.center])
    info.append(["统计期间", f"{figures.since} 至 {figures.until}"])
    info.append(["生成时间", figures.generated_at.strftime("%Y-%m-%d %H:%M:%S")])
    info.append(["说明", "等候时间：自取号（或转办、重新排队）至叫号；"
                 "办理时间：自开始办理至办结或转办；时间单位为分钟。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _style(sheet: Any, head: Font, fill: PatternFill) -> None:
    for cell in sheet[1]:
        cell.font, cell.fill = head, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    for i, column in enumerate(sheet.columns, 1):
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[get_column_letter(i)].width = min(40, max(8, width * 2 + 2))
