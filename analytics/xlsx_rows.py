"""Write a large sheet of plain rows straight into an .xlsx file that openpyxl made.

openpyxl spends about a third of a millisecond on every row (cell objects, styles, validation): 100,000
themed statements would take most of a minute. The summary sheets stay openpyxl's; the one big sheet of
rows is streamed here as SpreadsheetML with inline strings, which Excel, LibreOffice and openpyxl all read.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable, Sequence
from xml.etree import ElementTree
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Characters XML 1.0 cannot carry at all; a stray one in an answer must not make the file unreadable.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(reference: str, value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{reference}"><v>{value}</v></c>'
    text = escape(_ILLEGAL.sub("", str(value)))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str:
    """The zip member holding the named sheet, found the way Excel finds it (workbook -> relationships)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        if sheet.get("name") == sheet_name:
            relation_id = sheet.get(f"{{{_RELATIONSHIPS}}}id")
            for relation in relations.iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship"):
                if relation.get("Id") == relation_id:
                    target = relation.get("Target")
                    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    raise KeyError(sheet_name)


def fill_sheet(path: Path, sheet_name: str, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Replace the (empty) sheet `sheet_name` in the workbook at `path` with a header row and `rows`."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(path) as source, \
                zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as target:
            part = _sheet_part(source, sheet_name)
            for item in source.infolist():
                if item.filename != part:
                    with source.open(item) as reader, target.open(item.filename, "w") as writer:
                        shutil.copyfileobj(reader, writer)
            letters = [_column_letter(index) for index in range(len(header))]
            with target.open(part, "w") as writer:
                writer.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                             f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode("utf-8"))
                for number, row in enumerate(_with_header(header, rows), start=1):
                    cells = "".join(_cell(f"{letter}{number}", value)
                                    for letter, value in zip(letters, row) if value not in ("", None))
                    writer.write(f'<row r="{number}">{cells}</row>'.encode("utf-8"))
                writer.write(b"</sheetData></worksheet>")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _with_header(header, rows):
    yield list(header)
    yield from rows
