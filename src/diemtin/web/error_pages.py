"""Error answers: a Vietnamese HTML page for page routes, JSON for ``/api/`` routes.

Every API error is ``{"error": {"code": ..., "message": ...}}`` (English, stable codes);
every page error is ``error.html`` with a Vietnamese heading and explanation. Neither
shows a traceback or an exception's name; unexpected errors are logged by the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from diemtin.errors import (
    ArticleNotFound,
    CsrfRejected,
    DiemtinError,
    InputError,
    ItemNotFound,
    PageNotFound,
    PermissionDenied,
    QuerySyntaxError,
    StoryNotFound,
    Unauthenticated,
)
from diemtin.web.i18n import lang_of, translate
from diemtin.web.messages import (
    parameter_problem_text,
    query_error_text,
    status_message,
    status_title,
)

_HTTP_CODES: Mapping[int, str] = {404: "not_found", 405: "method_not_allowed"}


@dataclass(frozen=True, slots=True)
class Failure:
    """One error, told to the API (``code``, ``message``) and to people (``page_text``).

    Attributes:
        status: the HTTP status.
        code: the API's stable error code.
        message: the API's message, in English.
        page_text: the page's explanation, in Vietnamese; None for the status's default.
        detail: a detail shown under it as it is (English), for input errors.
    """

    status: int
    code: str
    message: str
    page_text: str | None = None
    detail: str | None = None


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error raised in ``app`` as a page or as API JSON."""
    app.add_exception_handler(DiemtinError, _diemtin_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


def answer(request: Request, failure: Failure,
           headers: Mapping[str, str] | None = None) -> Any:
    """The JSON error (under ``/api/``) or the Vietnamese error page for ``failure``."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": failure.code, "message": failure.message}},
                            status_code=failure.status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    lang = lang_of(request)
    message = failure.page_text or translate(status_message(failure.status), lang)
    if lang == "en" and failure.page_text:
        message = failure.message  # the API's English sentence
    context = {"title": translate(status_title(failure.status), lang),
               "status": failure.status, "message": message,
               "detail": None if lang == "en" else failure.detail}
    return templates.TemplateResponse(request, "error.html", context,
                                      status_code=failure.status, headers=headers)


def failure_of(error: DiemtinError) -> Failure:
    """How diemtin's own errors are answered."""
    if isinstance(error, ArticleNotFound):
        return Failure(404, "not_found", str(error),
                       f"Không có bài nào mang mã “{error.article_id}” trong kho.")
    if isinstance(error, StoryNotFound):
        return Failure(404, "not_found", str(error),
                       f"Không có dòng sự kiện nào mang mã “{error.story_id}”.")
    if isinstance(error, PageNotFound):
        return Failure(404, "not_found", str(error), str(error).capitalize() + ".")
    if isinstance(error, ItemNotFound):
        return Failure(404, "not_found", str(error), "Không tìm thấy mục này.")
    if isinstance(error, Unauthenticated):
        return Failure(401, "unauthorized", str(error), "Bạn cần đăng nhập.")
    if isinstance(error, CsrfRejected):
        return Failure(403, "csrf_failed", str(error),
                       "Biểu mẫu đã hết hạn hoặc không gửi từ trang này. Hãy tải lại trang "
                       "rồi thử lại.")
    if isinstance(error, PermissionDenied):
        return Failure(403, "forbidden", str(error),
                       "Tài khoản của bạn không có quyền làm việc này.")
    if isinstance(error, QuerySyntaxError):
        return Failure(400, "query_syntax", str(error),
                       "Truy vấn chưa đúng: " + query_error_text(error))
    if isinstance(error, InputError):
        return Failure(400, "invalid_input", str(error), detail=str(error))
    return Failure(500, "internal_error", "internal error; the server log has the details")


async def _diemtin_error(request: Request, error: Exception) -> Any:
    if not isinstance(error, DiemtinError):  # pragma: no cover - registered for DiemtinError
        return await _unexpected_error(request, error)
    if isinstance(error, Unauthenticated):
        if not request.url.path.startswith("/api/") or request.url.path == "/api/docs":
            return RedirectResponse(login_url(request), status_code=303)
        return answer(request, failure_of(error), headers={"www-authenticate": "Bearer"})
    return answer(request, failure_of(error))


def login_url(request: Request) -> str:
    """The login page, with the page asked for to come back to."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?" + urlencode({"next": target})


async def _unexpected_error(request: Request, error: Exception) -> Any:
    # A bug: answered in the documented shape; the server then logs the traceback.
    return answer(request, Failure(500, "internal_error",
                                   "internal error; the server log has the details"))


async def _validation_error(request: Request, error: Exception) -> Any:
    problems = error.errors() if isinstance(error, RequestValidationError) else []
    message = "; ".join(
        f"{'.'.join(str(part) for part in problem.get('loc', ()))}: {problem.get('msg', '')}"
        for problem in problems) or "invalid request"
    page_text = " ".join(parameter_problem_text(problem) for problem in problems) or None
    return answer(request, Failure(400, "invalid_request", message, page_text))


async def _http_error(request: Request, error: Exception) -> Any:
    if not isinstance(error, HTTPException):  # pragma: no cover - registered for HTTPException
        return await _unexpected_error(request, error)
    status = error.status_code
    code = _HTTP_CODES.get(status, "http_error" if status < 500 else "internal_error")
    return answer(request, Failure(status, code, str(error.detail)), headers=error.headers)
