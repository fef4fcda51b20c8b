"""The Vietnamese texts of the pages' errors: statuses, parameters, query syntax.

The API answers in English with a stable code; people reading the pages get Vietnamese,
with nothing of a traceback or an exception's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from diemtin.errors import QuerySyntaxError

STATUS_TITLES: Mapping[int, str] = {
    400: "Yêu cầu chưa đúng",
    404: "Không tìm thấy",
    405: "Không hỗ trợ thao tác này",
    422: "Dữ liệu chưa đúng",
    500: "Lỗi máy chủ",
}
STATUS_MESSAGES: Mapping[int, str] = {
    400: "Yêu cầu có tham số chưa đúng.",
    404: "Không có trang nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn.",
    405: "Địa chỉ này không nhận thao tác đó (chỉ xem được bằng trình duyệt).",
    422: "Dữ liệu gửi lên chưa đúng.",
    500: "Máy chủ gặp lỗi ngoài dự kiến; lỗi đã được ghi vào nhật ký. Hãy thử lại sau.",
}
_PARAMETER_NAMES: Mapping[str, str] = {
    "page": "Số trang", "q": "Truy vấn", "outlet": "Cơ quan báo chí",
    "since": "Ngày bắt đầu", "until": "Ngày kết thúc", "limit": "Số kết quả",
}
_PROBLEMS: Mapping[str, str] = {
    "int_parsing": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "greater_than_equal": "phải từ {ge} trở lên",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "không được lớn hơn {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "missing": "còn thiếu",
    "string_too_short": "cần ít nhất {min_length} ký tự",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_pattern_mismatch": "chưa đúng định dạng",
}
_QUERY_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text) for pattern, text in (
        (r"^unterminated phrase", 'cụm từ trong ngoặc kép chưa đóng: thêm dấu " ở cuối'),
        (r"^'([^']*):' needs a word", 'sau “{0}:” cần một từ hoặc "cụm từ", viết liền'),
        (r"^unexpected '\)'", "dấu “)” thừa: không có “(” nào để đóng"),
        (r"^OR needs a word after it", "sau OR cần một từ"),
        (r"^NOT needs a word after it", "sau NOT cần một từ"),
        (r"^expected a word", 'chỗ này cần một từ, một "cụm từ" hoặc dấu “(”'),
        (r"^missing '\)'", "thiếu dấu “)” để đóng “(”"),
        (r"^(\S+): filters apply to the whole query",
         "bộ lọc “{0}:” áp dụng cho cả truy vấn: không đặt trong ngoặc hay sau NOT"),
        (r"^the query has no letters or digits", "truy vấn không có chữ hay số nào để tìm"),
        (r"^(.+) has no letters or digits", "{0} không có chữ hay số nào để tìm"),
        (r"^the query is empty", "truy vấn trống: hãy gõ từ cần tìm"),
        (r"^the query is too long \((\d+) characters; at most (\d+)\)",
         "truy vấn quá dài ({0} ký tự; tối đa {1})"),
        (r"^a query needs at least one word that is not excluded",
         "truy vấn cần ít nhất một từ không bị NOT loại trừ"),
    ))


def query_error_text(error: QuerySyntaxError) -> str:
    """The Vietnamese explanation of a malformed query, with the position.

    >>> from diemtin.search import parse_query
    >>> try:
    ...     parse_query('"lao cai')
    ... except QuerySyntaxError as error:
    ...     print(query_error_text(error))
    cụm từ trong ngoặc kép chưa đóng: thêm dấu " ở cuối (ở ký tự 1)
    """
    reason = getattr(error, "reason", "")
    for pattern, text in _QUERY_REASONS:
        match = pattern.match(reason)
        if match:
            return f"{text.format(*match.groups())} (ở ký tự {error.position + 1})"
    return f"truy vấn chưa đúng cú pháp ở ký tự {error.position + 1}"


def query_problem(error: QuerySyntaxError, lang: str) -> str:
    """The page's sentence for a malformed query: Vietnamese, or the parser's English."""
    if lang == "en":
        return f"The query is not valid: {error}"
    return "Truy vấn chưa đúng: " + query_error_text(error)


def parameter_problem_text(problem: Mapping[str, Any]) -> str:
    """A Vietnamese sentence for one request validation problem (as FastAPI lists them).

    >>> parameter_problem_text({"loc": ("query", "page"), "type": "int_parsing",
    ...                         "input": "abc"})
    'Số trang phải là một số nguyên (nhận được “abc”).'
    """
    location = problem.get("loc") or ("?",)
    name = str(location[-1])
    label = _PARAMETER_NAMES.get(name, f"Tham số “{name}”")
    template = _PROBLEMS.get(str(problem.get("type")), "không hợp lệ")
    try:
        what = template.format(**(problem.get("ctx") or {}))
    except (KeyError, IndexError):
        what = "không hợp lệ"
    given = problem.get("input")
    shown = f" (nhận được “{given}”)" if isinstance(given, str | int) and len(str(given)) <= 80 \
        else ""
    return f"{label} {what}{shown}."


def status_title(status: int) -> str:
    """The heading of an error page."""
    return STATUS_TITLES.get(status, "Lỗi" if status < 500 else "Lỗi máy chủ")


def status_message(status: int) -> str:
    """The default explanation of an error page for ``status``."""
    return STATUS_MESSAGES.get(status, STATUS_MESSAGES[500 if status >= 500 else 400])
