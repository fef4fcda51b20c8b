"""``diemtin.web.forms``: how every page reads a posted form and answers it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from diemtin.errors import InputError
from diemtin.web.forms import (
    MAX_FORM_BYTES,
    form_fields,
    form_lists,
    form_pairs,
    see_other,
)


def _app() -> FastAPI:
    app = FastAPI()

    @app.exception_handler(InputError)
    async def refused(request: Request, error: InputError) -> JSONResponse:
        return JSONResponse({"error": str(error)}, status_code=400)

    @app.post("/read")
    async def read(request: Request) -> Any:
        return {"pairs": await form_pairs(request), "fields": await form_fields(request),
                "lists": await form_lists(request)}

    @app.post("/done")
    def done() -> Any:
        return see_other("/saved")

    return app


@pytest.fixture
def client() -> TestClient:
    return TestClient(_app())


def test_form_read_three_ways(client: TestClient) -> None:
    body = "place=L%C3%A0o+Cai&q=s%E1%BA%A1t+l%E1%BB%9F&place=Y%C3%AAn+B%C3%A1i"
    answer = client.post("/read", content=body,
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["pairs"] == [["place", "Lào Cai"], ["q", "sạt lở"], ["place", "Yên Bái"]]
    assert data["fields"] == {"place": "Yên Bái", "q": "sạt lở"}
    assert data["lists"] == {"place": ["Lào Cai", "Yên Bái"], "q": ["sạt lở"]}


def test_files_are_left_out(client: TestClient) -> None:
    answer = client.post("/read", data={"name": "Bão số 12"},
                         files={"upload": ("a.txt", b"x", "text/plain")})
    assert answer.json()["fields"] == {"name": "Bão số 12"}


def test_a_form_over_the_limit_is_refused(client: TestClient) -> None:
    body = "note=" + "a" * MAX_FORM_BYTES
    answer = client.post("/read", content=body,
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 400
    assert f"at most {MAX_FORM_BYTES} bytes" in answer.json()["error"]


def test_see_other_is_a_303(client: TestClient) -> None:
    answer = client.post("/done", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/saved")
