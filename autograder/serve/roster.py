"""Read a class roster CSV into ``Student`` records: ours, or what Canvas exports.

Three shapes, told apart by their header (names compared without case, spaces, ``-`` or ``_``
differences, so ``SIS User ID`` is ``sis_user_id``):

- ours: ``student_id,name[,section][,email]`` (``id`` for ``student_id`` too);
- a Canvas gradebook export (Grades → Export): ``Student,ID,SIS User ID,SIS Login ID,Section,…``
  then the assignment columns. Its ``Points Possible`` row, rows holding only ``Muted`` or
  ``Manual Posting`` marks (what Canvas's own importer skips), and the Student View account
  (``Student, Test``) are not students;
- a Canvas people/users export (``Name``, ``Sortable Name``, ``SIS User ID`` or ``user_id``,
  ``Login ID`` or ``login_id``, ``canvas_user_id``, ``Section``, ``Email``, or ``first_name`` and
  ``last_name``).

A student's id is the first non-empty of ``student_id``, the SIS user id, the SIS login id, then
Canvas's own numeric id. The file may be UTF-8 (with or without the BOM Excel writes) or, failing
that, CP949 (Korean Excel's "CSV"), separated by commas, semicolons or tabs (what the header
line holds most of). A quote left open is refused (read leniently, it would swallow every row
after it into one cell, and those students would silently be missing). Every problem is a
``RosterError`` naming its line, in English and Korean: no id column, an empty id, an id that is
not safe as a student id (``SAFE_ID``), an id another line already has (compared as
``submission.identity`` compares them: not by case, Unicode form or width), no students at all.
"""
from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..submission import SKIPPED, identity
from ..text import safe

# what a student id may be: it names the student's folder of uploads and a submission's entry,
# so only characters every file system, URL and CSV keeps as they are (and Hangul), never a
# hidden name (the grader skips those)
SAFE_ID = re.compile("[A-Za-z0-9._@\\-\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]{1,64}")

ID_COLUMNS = ("student_id", "sis_user_id", "user_id", "sis_id", "sis_login_id", "login_id",
              "id", "canvas_user_id")
NAME_COLUMNS = ("name", "full_name", "student", "student_name", "display_name", "short_name")
SECTION_COLUMNS = ("section", "sections", "section_name")
EMAIL_COLUMNS = ("email", "e_mail", "email_address")
CANVAS_COLUMNS = {"student", "sis_user_id", "sis_login_id", "login_id", "sortable_name",
                  "canvas_user_id", "user_id"}
TEST_STUDENTS = {"student, test", "test student"}  # Canvas's Student View account
NOT_STUDENT_MARKS = {"", "muted", "manual posting"}
LIMITS = {"name": 200, "section": 100, "email": 200}  # the database's column widths

MESSAGES = {
    "no_id_column": {
        "en": "line {line}: the header has no student id column (student_id or id; from Canvas: "
              "SIS User ID, SIS Login ID or ID)",
        "ko": "{line}번째 줄: 머리글에 학생 ID 열이 없습니다 (student_id 또는 id, Canvas 파일이면 "
              "SIS User ID, SIS Login ID 또는 ID)"},
    "empty_id": {
        "en": "line {line}: this row has no student id",
        "ko": "{line}번째 줄: 이 행에 학생 ID가 없습니다"},
    "unsafe_id": {
        "en": "line {line}: {id!r} cannot be a student id: use 1 to 64 letters, digits, Hangul "
              "or . _ - @, not starting with a dot (nor __pycache__ or __MACOSX)",
        "ko": "{line}번째 줄: {id!r} 은(는) 학생 ID로 쓸 수 없습니다. 영문자, 숫자, 한글, . _ - @ 로 "
              "된 1~64자여야 하며 점(.)으로 시작할 수 없습니다 (__pycache__, __MACOSX 도 안 됩니다)"},
    "duplicate_id": {
        "en": "line {line}: student id {id!r} is already on line {first} ({other!r}); ids that "
              "differ only by case or Unicode form name the same student",
        "ko": "{line}번째 줄: 학생 ID {id!r} 이(가) 이미 {first}번째 줄에 있습니다 ({other!r}). "
              "대소문자나 유니코드 형태만 다른 ID는 같은 학생입니다"},
    "no_students": {
        "en": "line {line}: the roster lists no students",
        "ko": "{line}번째 줄: 명단에 학생이 없습니다"},
    "not_text": {
        "en": "line {line}: the roster is not text in UTF-8 (save it as \"CSV UTF-8\")",
        "ko": "{line}번째 줄: 명단이 UTF-8 텍스트가 아닙니다 (\"CSV UTF-8\" 형식으로 저장하세요)"},
    "bad_csv": {
        "en": "line {line}: the file is not a readable CSV ({error})",
        "ko": "{line}번째 줄: CSV 파일로 읽을 수 없습니다 ({error})"},
}


class RosterError(ValueError):
    """A roster that cannot be imported; ``text`` holds the sentence in each language."""

    def __init__(self, key: str, line: int, **values):
        self.key, self.line, self.values = key, line, values
        self.text = {lang: s.format(line=line, **values) for lang, s in MESSAGES[key].items()}
        super().__init__(self.text["en"])


@dataclass(frozen=True)
class Student:
    student_id: str
    name: str = ""
    section: str = ""
    email: str = ""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949")
    except UnicodeDecodeError:
        raise RosterError("not_text", 1) from None


def _text(path_or_text) -> str:
    """The roster's text: ``path_or_text`` is a path (a ``Path``, or a non-empty ``str`` without
    a line break), the CSV text itself (any other ``str``), or its bytes."""
    if isinstance(path_or_text, (bytes, bytearray)):
        return _decode(bytes(path_or_text))
    if isinstance(path_or_text, os.PathLike) or (path_or_text and "\n" not in path_or_text):
        return _decode(Path(path_or_text).read_bytes())
    return path_or_text.removeprefix("\ufeff")


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "_", header.strip().casefold()).strip("_")


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", safe(value)).strip()


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","


def read_roster(path_or_text) -> list[Student]:
    """The students a roster CSV lists, in its order. Raises ``RosterError`` naming the line."""
    text = _text(path_or_text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    students: list[Student] = []
    seen: dict[str, tuple[int, str]] = {}
    columns, end = None, 0
    try:
        for row in reader:
            line, end = end + 1, reader.line_num  # a quoted cell may span lines: the row's first
            cells = [_clean(c) for c in row]
            if columns is None:
                if any(cells):
                    columns = _columns(cells, line)
                continue
            student = _student(cells, columns, line)
            if student is None:
                continue
            first = seen.setdefault(identity(student.student_id), (line, student.student_id))
            if first[0] != line:
                raise RosterError("duplicate_id", line, id=student.student_id, first=first[0], other=first[1])
            students.append(student)
    except csv.Error as exc:
        raise RosterError("bad_csv", reader.line_num or 1, error=str(exc)) from None
    if columns is None:
        raise RosterError("no_id_column", 1)
    if not students:
        raise RosterError("no_students", max(end, 1))
    return students


def _columns(header: list[str], line: int) -> dict:
    keys = [_key(h) for h in header]

    def where(names):
        return [keys.index(n) for n in names if n in keys]

    ids = where(ID_COLUMNS)
    if not ids:
        raise RosterError("no_id_column", line)
    return {"id": ids, "name": where(NAME_COLUMNS), "section": where(SECTION_COLUMNS),
            "email": where(EMAIL_COLUMNS), "first": where(("first_name",)), "last": where(("last_name",)),
            "sortable": where(("sortable_name",)),
            "canvas": bool(CANVAS_COLUMNS & set(keys)) and "student_id" not in keys}


def _first(cells: list[str], indices: list[int]) -> str:
    return next((cells[i] for i in indices if i < len(cells) and cells[i]), "")


def _student(cells: list[str], columns: dict, line: int) -> Student | None:
    """The row's student, or None for a row that lists nobody (blank, or Canvas's own rows)."""
    if all(c == "" for c in cells):
        return None
    name = _first(cells, columns["name"])
    if columns["canvas"]:
        if cells and "points possible" in cells[0].casefold():
            return None
        if all(c.casefold() in NOT_STUDENT_MARKS for c in cells):
            return None
        if {cells[i].casefold() for i in columns["name"] + columns["sortable"] if i < len(cells)} & TEST_STUDENTS:
            return None
    name = name or " ".join(p for p in (_first(cells, columns["first"]), _first(cells, columns["last"])) if p)
    name = name or _first(cells, columns["sortable"])
    student_id = _first(cells, columns["id"])
    if not student_id:
        raise RosterError("empty_id", line)
    if not SAFE_ID.fullmatch(student_id) or student_id.startswith(".") \
            or identity(student_id) in {identity(n) for n in SKIPPED}:
        raise RosterError("unsafe_id", line, id=student_id)
    return Student(student_id, name[:LIMITS["name"]], _first(cells, columns["section"])[:LIMITS["section"]],
                   _first(cells, columns["email"])[:LIMITS["email"]])
