"""The report written as HTML (one self-contained file), XLSX (a sheet per question + the themed rows) or JSON."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Iterable, Optional

from analytics.analysis import spreadsheet_safe
from analytics.charts import bar_chart, column_chart, month_label
from analytics.report import BREAKDOWNS, MIN_GROUP
from analytics.xlsx_rows import fill_sheet

FORMATS = (".html", ".xlsx", ".json")
THEMED_SHEET = "Themed statements"


def count(value: Optional[int]) -> str:
    return f"fewer than {MIN_GROUP}" if value is None else f"{value:,}"


def share_text(theme: Dict) -> str:
    if theme["respondents"] is None:
        return f"fewer than {MIN_GROUP} people"
    return f"{theme['share']:.0%} ({theme['respondents']:,} people)"


def render_html(report: Dict) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("analytics", "templates"),
                              autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    questions = []
    for question in report["questions"]:
        bars = [(theme["name"], theme["share"], share_text(theme)) for theme in question["themes"]]
        questions.append({
            **question,
            "chart": bar_chart(f"{question['label']}: share of people raising each theme", bars),
            "trend_chart": column_chart(f"{question['label']}: people answering by month",
                                        [(point["month"], point["respondents"]) for point in question["trend"]]),
        })
    template = environment.get_template("report.html.j2")
    return template.render(report={**report, "questions": questions}, count=count, share=share_text,
                           breakdowns=BREAKDOWNS, month_label=month_label)


def write_xlsx(report: Dict, themed_rows: Iterable[Dict], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(sheet, *titles):
        cells = []
        for title in titles:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    for question in report["questions"]:
        sheet = workbook.create_sheet(title=question["label"].replace("'", "")[:31])
        sheet.append([question["label"]])
        sheet.append([f"{count(question['respondents'])} people, {count(question['statements'])} points"])
        sheet.append([])
        header(sheet, "Rank", "Theme", "Description", "People", "Share", "Quote 1", "Quote 2", "Quote 3")
        for rank, theme in enumerate(question["themes"], start=1):
            quotes = (theme["quotes"] + ["", "", ""])[:3]
            sheet.append([rank, theme["name"], theme["description"], count(theme["respondents"]),
                          theme["share"] if theme["share"] is not None else "", *map(spreadsheet_safe, quotes)])
        for key, label in BREAKDOWNS:
            sheet.append([])
            header(sheet, f"By {label.lower()}", "Theme", "Group", "People")
            for theme in question["themes"]:
                for row in theme["breakdown"].get(key, []):
                    sheet.append(["", theme["name"], spreadsheet_safe(row["group"]), count(row["respondents"])])
        sheet.append([])
        header(sheet, "By month", "Theme", "Month", "People")
        for theme in question["themes"]:
            for point in theme["trend"]:
                sheet.append(["", theme["name"], point["month"], count(point["respondents"])])
    statements = workbook.create_sheet(title=THEMED_SHEET)
    statements.append(["(filled below)"])
    method = workbook.create_sheet(title="How this was made")
    for note in report["method"]:
        method.append([note])
    workbook.save(path)
    columns = ["id", "stance", "themes", "sentiment", "text", "role", "age_band", "district", "created_at"]
    fill_sheet(path, THEMED_SHEET, columns,
               ([_number(row[column]) if column == "sentiment" else spreadsheet_safe(row[column])
                 for column in columns] for row in themed_rows))


def _number(text: str):
    try:
        return float(text)
    except ValueError:
        return text


def write_report(report: Dict, themed_rows: Iterable[Dict], path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".html":
        path.write_text(render_html(report), encoding="utf-8")
    elif suffix == ".json":
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    elif suffix == ".xlsx":
        write_xlsx(report, themed_rows, path)
    else:
        raise ValueError(suffix)
