"""Hostile inputs of issue 15: size, wall time and peak memory, diemtin beside trafilatura.

    python bench/robustness.py [--only tables,menu] [--timeout 120] [--max-memory-mb 6144]

Each input is generated into a temporary folder, then run in a child process (so a
stall or a blow-up costs one row, not the run): the child times the step itself and the
parent reads the child's peak resident memory (``ru_maxrss``) from ``wait4``. A child
past ``--timeout`` is killed and shown as ``timeout``; one past ``--max-memory-mb`` of
address space fails with ``MemoryError``. On the HTML inputs the same child runs
trafilatura (``pip install -e .[bench]``) when it is installed; the last column is
trafilatura's time over diemtin's.

Steps: ``analysis`` ingests one JSONL record with analysis into a fresh SQLite file,
``normalize`` runs ``diemtin.text.normalize`` on the title, ``extract`` runs
``diemtin.extract.extract`` on the page, ``stdin`` pipes a JSONL stream into
``diemtin ingest - --no-analyze`` and counts what was stored.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PARA = ("Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến đường ở Lào Cai bị sạt lở, giao thông "
        "qua đèo Khau Phạ bị chia cắt, lực lượng chức năng đang khẩn trương thông tuyến. ")
ARTICLE = ("<article><h1>Sạt lở ở Lào Cai</h1>"
           + "".join(f"<p>{PARA}Đoạn {number}.</p>" for number in range(6)) + "</article>")


# -- inputs ---------------------------------------------------------------------------
def _one_line_body(size: int) -> bytes:
    chars = size * len(PARA) // len(PARA.encode())  # Vietnamese: about 1.3 bytes a char
    body = (PARA * (chars // len(PARA) + 1))[:chars]
    return json.dumps({"url": "https://baolaocai.vn/a.html", "title": "Sạt lở ở Lào Cai",
                       "body": [body]}, ensure_ascii=False).encode() + b"\n"


def _nested_tables() -> bytes:
    count = 50_000
    return ("<html><body>" + "<table><tr><td>" * count + f"<p>{PARA}</p>"
            + "</td></tr></table>" * count + "</body></html>").encode()


def _unclosed_tags() -> bytes:
    rng = random.Random(15)
    names = ["div", "span", "p", "b", "i", "a", "li", "ul", "table", "tr", "td", "section",
             "em", "font", "h2", "strong"]
    return ("<html><body>" + "".join(f"<{rng.choice(names)}>" for _ in range(300_000))
            + ARTICLE).encode()


def _inline_image() -> bytes:
    image = "data:image/jpeg;base64," + "QUJDRA" * 185_000
    return (f"<html><head><title>Sạt lở ở Lào Cai</title></head><body><header><a href='/'>"
            f"<img src='{image}' alt='Báo Lào Cai'></a></header>{ARTICLE}</body></html>").encode()


def _menu() -> bytes:
    items = "".join(f"<li class='menu-item'><a href='/chuyen-muc/tin-tuc-{i}' title='Tin tức "
                    f"số {i}'>Tin tức {i}</a></li>" for i in range(12_500))
    return f"<html><body><nav><ul>{items}</ul></nav>{ARTICLE}</body></html>".encode()


def _twenty_mb_page() -> bytes:
    script = "<script>" + "var a = 1;" * 50_000 + "</script>"
    filler = ("<div class='item'><a href='/x'>Tin khác trong ngày</a>"
              "<p>Một dòng mô tả ngắn.</p></div>") * 2000
    return ("<html><body>" + ARTICLE + (script + filler) * 35 + "</body></html>").encode()


def _jsonl_stream() -> bytes:
    lines = []
    for number in range(52_700):  # about 130 MB
        body = [f"{PARA} Bài số {number}."] * 10
        lines.append(json.dumps({"url": f"https://baolaocai.vn/bai-{number}.html",
                                 "title": f"Tin số {number} về Lào Cai", "body": body},
                                ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class Case:
    name: str
    step: str
    build: Callable[[], bytes]
    suffix: str


CASES = [
    Case("body-4mb", "analysis", lambda: _one_line_body(4_000_000), ".jsonl"),
    Case("body-19mb", "analysis", lambda: _one_line_body(19_000_000), ".jsonl"),
    Case("title-19mb", "normalize", lambda: ("Lào Cai " * 2_400_000).encode(), ".txt"),
    Case("tables", "extract", _nested_tables, ".html"),
    Case("unclosed", "extract", _unclosed_tags, ".html"),
    Case("inline-image", "extract", _inline_image, ".html"),
    Case("menu", "extract", _menu, ".html"),
    Case("page-20mb", "extract", _twenty_mb_page, ".html"),
    Case("jsonl-130mb", "stdin", _jsonl_stream, ".jsonl"),
]


# -- the child ------------------------------------------------------------------------
def child(step: str, path: str, who: str) -> dict[str, object]:
    """Run one step on the input at ``path``; return its time and outcome."""
    data = Path(path).read_bytes()
    started = time.perf_counter()
    outcome = _STEPS[(step, who)](data, path)
    return {"seconds": time.perf_counter() - started, "outcome": outcome}


def _extract(data: bytes, _path: str) -> str:
    from diemtin.errors import ExtractionError
    from diemtin.extract import extract

    try:
        article = extract(data, url="https://baolaocai.vn/a.html")
    except ExtractionError as error:
        return f"error: {error.reason}"
    return f"article, {sum(len(p) for p in article.body)} chars"


def _trafilatura(data: bytes, _path: str) -> str:
    import trafilatura

    text = trafilatura.extract(data.decode("utf-8"))
    return f"article, {len(text)} chars" if text else "nothing"


def _normalize(data: bytes, _path: str) -> str:
    from diemtin.text import normalize

    return f"{len(normalize(data.decode('utf-8')))} chars"


def _cli_ingest(args: list[str], stdin: str | None = None) -> str:
    """Run ``diemtin ingest`` in this process (so its memory is this child's)."""
    import click

    from diemtin.cli import cli
    from diemtin.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "tin.db")
        if stdin is not None:
            sys.stdin = open(stdin, encoding="utf-8")  # noqa: SIM115  (read by the CLI)
        try:
            code = cli.main(["ingest", *args, "--db", db], standalone_mode=False) or 0
        except click.ClickException as error:
            code = error.exit_code
        except SystemExit as error:  # the command's own exit status for a failed batch
            code = error.code if isinstance(error.code, int) else 1
        with open_store(db) as store:
            return f"exit {code}, {store.count_articles()} stored"


_STEPS: dict[tuple[str, str], Callable[[bytes, str], str]] = {
    ("extract", "diemtin"): _extract,
    ("extract", "trafilatura"): _trafilatura,
    ("normalize", "diemtin"): _normalize,
    ("analysis", "diemtin"): lambda _data, path: _cli_ingest([path, "--quiet"]),
    ("stdin", "diemtin"): lambda _data, path: _cli_ingest(["-", "--no-analyze", "--quiet"],
                                                           stdin=path),
}


# -- the parent -----------------------------------------------------------------------
@dataclass
class Run:
    seconds: float | None
    peak_mb: float
    outcome: str


def run_child(step: str, path: Path, who: str, *, timeout: float, memory_mb: int) -> Run:
    """Run the child, kill it after ``timeout``; its peak memory comes from ``wait4``."""
    def limit() -> None:
        limit_bytes = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
        os.setsid()  # its own group: a timeout kills the CLI it starts too

    process = subprocess.Popen([sys.executable, __file__, "--child", step, str(path), who],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=limit)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return Run(None, usage.ru_maxrss / 1024, f"timeout after {timeout:.0f} s")
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    output = process.stdout.read().decode() if process.stdout else ""
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        last = (errors.strip().splitlines() or ["?"])[-1]
        return Run(None, usage.ru_maxrss / 1024, f"crashed: {last[:60]}")
    result = json.loads(output.strip().splitlines()[-1])
    return Run(float(result["seconds"]), usage.ru_maxrss / 1024, str(result["outcome"]))


def _peer_installed() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def _cell(run: Run | None) -> str:
    if run is None:
        return f"{'-':>8} {'-':>8}"
    seconds = f"{run.seconds:8.2f}" if run.seconds is not None else f"{'-':>8}"
    return f"{seconds} {run.peak_mb:8.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(case.name for case in CASES))
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--max-memory-mb", type=int, default=6144)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    chosen = [case for case in CASES if case.name in args.only.split(",")]
    peer = _peer_installed()
    print(f"{'input':<13} {'step':<9} {'MB':>6} {'diemtin s':>9} {'peak MB':>8}  "
          f"{'outcome':<28} {'peer s':>8} {'peak MB':>8}  {'peer/diemtin':>12}  peer outcome")
    with tempfile.TemporaryDirectory() as folder:
        for case in chosen:
            path = Path(folder) / f"{case.name}{case.suffix}"
            path.write_bytes(case.build())
            ours = run_child(case.step, path, "diemtin", timeout=args.timeout,
                             memory_mb=args.max_memory_mb)
            theirs = run_child(case.step, path, "trafilatura", timeout=args.timeout,
                               memory_mb=args.max_memory_mb) \
                if peer and case.step == "extract" else None
            ratio = (f"{theirs.seconds / ours.seconds:12.1f}" if theirs and theirs.seconds
                     and ours.seconds else f"{'-':>12}")
            print(f"{case.name:<13} {case.step:<9} {path.stat().st_size / 1e6:6.1f} "
                  f"{_cell(ours)[:-9]:>9} {ours.peak_mb:8.0f}  {ours.outcome[:28]:<28} "
                  f"{_cell(theirs)}  {ratio}  {theirs.outcome[:40] if theirs else ''}",
                  flush=True)
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
