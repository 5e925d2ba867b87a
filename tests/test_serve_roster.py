"""Roster import (ours and Canvas's exports) and the serve package's secrets, on real CSV texts."""
from __future__ import annotations

import base64
import unicodedata

import pytest

from autograder.serve import secrets as sec
from autograder.serve.roster import RosterError, Student, read_roster

OURS = """student_id,name,section,email
2024001,김민준,DL 101,minjun@example.ac.kr
2024002,"Kim, Alice",DL 102,alice@example.ac.kr
"""

# Grades → Export: identity columns, assignment columns "<title> (<id>)", the Points Possible row
# (Canvas writes it with leading spaces), a row of Manual Posting marks, the Student View account
GRADEBOOK = """Student,ID,SIS User ID,SIS Login ID,Section,a2_functions (48213),Current Score,Final Score
,,,,,Manual Posting,,
    Points Possible,,,,,37.00,(read only),(read only)
"Kim, Alice",1234,2024001,alice,DL 101,35.00,94.59,94.59
"Lee, 서연",1235,,seoyeon@school.ac.kr,DL 101,,,
"Park, Jun",1236,,,DL 102,30.00,81.08,81.08
"Student, Test",1299,,,DL 101,0.00,0.00,0.00
"""

PEOPLE = """Name,Sortable Name,Short Name,SIS User ID,Login ID,Section,Email,Role
Alice Kim,"Kim, Alice",Alice,2024001,alice,"DL 101",alice@example.edu,Student
이서연,"이, 서연",서연,2024002,seoyeon,DL 102,seoyeon@example.edu,Student
Test Student,"Student, Test",Test Student,,,DL 101,,Student
"""

PROVISIONING = """canvas_user_id,user_id,integration_id,login_id,first_name,last_name,full_name,sortable_name,email,status
101,UID_952109,,ball,Michael,Ball,,"Ball, Michael",ball@example.edu,active
102,,,han,Jiwoo,Han,Jiwoo Han,"Han, Jiwoo",,active
"""


def test_our_csv_with_korean_names_and_quoted_commas():
    assert read_roster(OURS) == [Student("2024001", "김민준", "DL 101", "minjun@example.ac.kr"),
                                 Student("2024002", "Kim, Alice", "DL 102", "alice@example.ac.kr")]


def test_our_csv_header_case_id_alias_bom_whitespace_crlf(tmp_path):
    text = "\ufeff ID , Name \r\n  s1  ,  Ada Lovelace \r\n\r\ns2,\r\n"
    expected = [Student("s1", "Ada Lovelace"), Student("s2")]
    assert read_roster(text) == expected
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode("utf-8"))
    assert read_roster(path) == read_roster(str(path)) == read_roster(path.read_bytes()) == expected


def test_korean_excel_csv_in_cp949_and_decomposed_hangul(tmp_path):
    path = tmp_path / "명단.csv"
    path.write_bytes("student_id,name\n2024001,김민준\n".encode("cp949"))
    assert read_roster(path) == [Student("2024001", "김민준")]
    nfd = unicodedata.normalize("NFD", "student_id,name\n홍길동,홍길동\n")  # a macOS export
    assert read_roster(nfd) == [Student("홍길동", "홍길동")]


def test_canvas_gradebook_export():
    assert read_roster(GRADEBOOK) == [
        Student("2024001", "Kim, Alice", "DL 101"),          # SIS User ID
        Student("seoyeon@school.ac.kr", "Lee, 서연", "DL 101"),  # no SIS User ID: SIS Login ID
        Student("1236", "Park, Jun", "DL 102"),              # neither: Canvas's ID
    ]


def test_canvas_gradebook_semicolon_export():
    text = 'Student;ID;SIS User ID;SIS Login ID;Section;a1 (1)\n    Points Possible;;;;;10,00\n' \
           '"Kim, Alice";1234;2024001;alice;DL 101;9,50\n'
    assert read_roster(text) == [Student("2024001", "Kim, Alice", "DL 101")]


def test_canvas_people_export():
    assert read_roster(PEOPLE) == [Student("2024001", "Alice Kim", "DL 101", "alice@example.edu"),
                                   Student("2024002", "이서연", "DL 102", "seoyeon@example.edu")]


def test_canvas_provisioning_users_export():
    assert read_roster(PROVISIONING) == [Student("UID_952109", "Michael Ball", "", "ball@example.edu"),
                                         Student("han", "Jiwoo Han")]


def test_a_quoted_cell_spanning_lines_keeps_line_numbers():
    text = 'student_id,name\ns1,"two\nlines"\n,nobody\n'
    with pytest.raises(RosterError) as err:
        read_roster(text)
    assert err.value.line == 4


@pytest.mark.parametrize("text, key, line", [
    ("name,section\nAlice,A\n", "no_id_column", 1),
    ("", "no_id_column", 1),
    ("student_id,name\ns1,Alice\n  ,Bob\n", "empty_id", 3),
    ("Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,\n\"Kim, A\",,,,DL\n", "empty_id", 3),
    ("student_id,name\ns1,Alice\ns2,Bob\nS1,Alicia\n", "duplicate_id", 4),
    ("student_id,name\nｓ1,Alice\ns1,Alicia\n", "unsafe_id", 2),   # full-width: refused, not guessed
    ("student_id,name\n김민준,A\n김민준,B\n", "duplicate_id", 3),
    ("student_id,name\n../etc,Mallory\n", "unsafe_id", 2),
    ("student_id,name\n.hidden,Mallory\n", "unsafe_id", 2),
    ("student_id,name\na b,Mallory\n", "unsafe_id", 2),
    ("student_id,name\nUID:123,Mallory\n", "unsafe_id", 2),
    ("student_id,name\n__pycache__,Mallory\n", "unsafe_id", 2),
    ("student_id,name\n" + "x" * 65 + ",Long\n", "unsafe_id", 2),
    ("student_id,name\n\n", "no_students", 2),
    ('student_id,name\ns1,"unterminated\n', "bad_csv", 2),
])
def test_roster_errors_name_the_line(text, key, line):
    with pytest.raises(RosterError) as err:
        read_roster(text)
    assert (err.value.key, err.value.line) == (key, line), str(err.value)
    assert f"line {line}" in str(err.value) and f"{line}번째 줄" in err.value.text["ko"]
    assert isinstance(err.value, ValueError)


def test_duplicates_across_id_columns_and_unicode_forms():
    text = "Student,ID,SIS User ID,SIS Login ID,Section\nA,1,,alice,S\nB,2,ALICE,,S\n"
    with pytest.raises(RosterError, match="line 3.*line 2"):
        read_roster(text)


def test_undecodable_bytes():
    with pytest.raises(RosterError) as err:
        read_roster(b"student_id,name\n\xff\xfe\xfd\xff,x\n")
    assert err.value.key == "not_text"


# -- secrets ---------------------------------------------------------------------------------
def test_tokens_are_random_and_hash_to_stored_values():
    a, b = sec.new_token(), sec.new_token()
    assert a != b and len(a) >= 32 and all(c.isalnum() or c in "-_" for c in a)
    stored = sec.hash_token(a)
    assert len(stored) == 64 and stored == sec.hash_token(a)
    assert sec.token_matches(a, stored) and not sec.token_matches(b, stored)
    assert not sec.token_matches(a, stored[:-1] + ("0" if stored[-1] != "0" else "1"))
    assert not sec.token_matches(a, None) and not sec.token_matches(None, stored)
    assert sec.new_secret_key() != sec.new_secret_key() and len(sec.new_secret_key()) >= 40


def test_password_round_trip():
    stored = sec.hash_password("correct horse")
    assert stored.startswith("scrypt$16384$8$1$")
    assert sec.verify_password("correct horse", stored)
    assert not sec.verify_password("correct horsE", stored)
    assert not sec.verify_password("", stored)
    assert sec.hash_password("correct horse") != stored  # a fresh salt each time


def test_korean_password_in_either_unicode_form():
    stored = sec.hash_password("비밀번호는여덟자")
    assert sec.verify_password(unicodedata.normalize("NFD", "비밀번호는여덟자"), stored)


def test_short_password_refused():
    with pytest.raises(ValueError):
        sec.hash_password("1234567")
    assert sec.verify_password("12345678", sec.hash_password("12345678"))


def test_tampered_or_malformed_stored_hashes_are_false():
    stored = sec.hash_password("correct horse")
    head, salt, digest = stored.rsplit("$", 2)
    raw = bytearray(base64.b64decode(digest))
    raw[0] ^= 1
    flipped = f"{head}${salt}${base64.b64encode(bytes(raw)).decode()}"
    other_salt = f"{head}${base64.b64encode(b'x' * 16).decode()}${digest}"
    for bad in [flipped, other_salt, stored.replace("scrypt$", "bcrypt$"), stored + "$",
                stored.replace("$16384$", "$16383$"), stored.replace("$16384$", "$1048576$"),
                stored.replace("$8$", "$999$"), f"{head}$!!!${digest}", f"{head}${salt}$",
                "", "scrypt", None, 42]:
        assert not sec.verify_password("correct horse", bad), bad
    assert not sec.verify_password(None, stored)
