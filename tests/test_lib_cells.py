"""Cells as offices type them: dates in every shape, phones, codes."""
from datetime import date, datetime

import pytest

from yinling.lib.cells import CellError, parse_choice, parse_date, parse_date_precise, parse_phone, text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1946.03", date(1946, 3, 1)),
        ("1946.3.5", date(1946, 3, 5)),
        ("1946年3月5日", date(1946, 3, 5)),
        ("1946年3月", date(1946, 3, 1)),
        ("１９４６年３月５日", date(1946, 3, 5)),  # full-width
        ("1946-03-05", date(1946, 3, 5)),
        ("1946/3/5", date(1946, 3, 5)),
        ("1946-03-05 00:00:00", date(1946, 3, 5)),
        ("194603", date(1946, 3, 1)),
        ("19460305", date(1946, 3, 5)),
        (19460305, date(1946, 3, 5)),
        (194603.0, date(1946, 3, 1)),
        (16866, date(1946, 3, 5)),  # Excel serial
        (16866.0, date(1946, 3, 5)),
        ("16866", date(1946, 3, 5)),
        (datetime(1946, 3, 5, 0, 0), date(1946, 3, 5)),
        (date(1946, 3, 5), date(1946, 3, 5)),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_dates_as_offices_write_them(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value, message", [("1946.2.30", "不存在"), ("去年", "看不懂日期"), ("1946.13", "不存在")])
def test_it_refuses_dates_it_cannot_read(value, message):
    with pytest.raises(CellError, match=message):
        parse_date(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        (13812345678.0, "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0513-85012345", "0513-85012345"),
        ("0513 8501 2345", "0513-85012345"),
        ("(010)62751234", "010-62751234"),
        ("85012345", "85012345"),
        ("", ""),
    ],
)
def test_it_normalises_phones(value, expected):
    assert parse_phone(value) == expected


@pytest.mark.parametrize("value", ["12345", "12812345678", "1381234567890123"])
def test_it_refuses_impossible_phones(value):
    with pytest.raises(CellError):
        parse_phone(value)


def test_it_reads_codes_from_labels():
    choices = {"男": "M", "女": "F"}
    assert parse_choice(" 男 ", choices, "性别") == "M"
    assert parse_choice("", choices, "性别") is None
    with pytest.raises(CellError, match="可填：男、女"):
        parse_choice("未知", choices, "性别")


@pytest.mark.parametrize("value, expected", [(1.0, "1"), (1.5, "1.5"), ("  a\u3000b ", "a b"), (None, ""), (True, "是")])
def test_it_turns_any_cell_into_text(value, expected):
    assert text(value) == expected


@pytest.mark.parametrize(
    "value, month_only",
    [("1946.03", True), ("1946年3月", True), ("194603", True), (194603, True), ("1946.3.5", False),
     ("19460305", False), (16866, False), (date(1946, 3, 5), False)],
)
def test_it_knows_when_a_cell_named_only_a_month(value, month_only):
    assert parse_date_precise(value)[1] is month_only


@pytest.mark.parametrize("value, expected", [
    ("王立明", "王立明"), ("  王 立明 ", "王 立明"), ("王\u3000立明", "王 立明"), ("ＡＢＣ１２３", "ABC123"),
    ("南京市\t鼓楼区", "南京市 鼓楼区"), ("e\u0301", "\u00e9"), ("中山路  1 号", "中山路 1 号"), ("\ufeff张三", "张三"),
    ("abc  def ", "abc def"), ("", ""), (None, ""),
])
def test_text_is_cleaned_the_same_way_whether_or_not_it_needs_it(value, expected):
    from yinling.lib.text import clean

    assert clean(value) == expected
