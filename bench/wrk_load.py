"""Load a server with wrk (C, epoll): the load generator costs the server little CPU.

bench/web.py used httpx from Python before: at 50 connections that client needs a CPU of
its own, which on a 2-CPU machine it takes from the server it measures. wrk (Debian's
``wrk`` package) sends the same closed-loop load (each connection sends its next request
when the last one answered) for a fixed time; a Lua script picks each request's path at
random from a file and reports p50/p95 and errors. Each request carries the CSRF cookie
of one of ``browsers`` browsers, at random, as a browser does after its first page (the
server sets it on the first one); ``cookies`` gives the browsers' whole Cookie headers
instead (signed-in users: a session cookie each).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
local cookies = {}
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
function init(args)
  math.randomseed(tonumber(os.getenv("WRK_SEED") or "1") * 1000 + (seed or 0))
  local given = os.getenv("WRK_COOKIES")
  if given and given ~= "" then
    for line in io.lines(given) do cookies[#cookies + 1] = { Cookie = line } end
    return
  end
  for b = 1, tonumber(os.getenv("WRK_BROWSERS") or "50") do
    local token = {}
    for i = 1, 43 do
      local n = math.random(#alphabet)
      token[i] = alphabet:sub(n, n)
    end
    cookies[b] = { Cookie = "diemtin_csrf=" .. table.concat(token) }
  end
end
function request()
  return wrk.format("GET", paths[math.random(#paths)], cookies[math.random(#cookies)])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %.3f %.3f %.3f\n", summary.requests,
    summary.duration, e.connect, e.read + e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""
_RESULT = re.compile(r"^RESULT (.+)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class WrkResult:
    """What one wrk pass measured (latencies in ms)."""

    requests: int
    seconds: float
    errors: dict[str, int]
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        """Requests answered per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    """Whether the ``wrk`` command is installed."""
    return shutil.which("wrk") is not None


def run_wrk(base: str, paths: list[str], *, connections: int, seconds: float,
            seed: int = 1, timeout_s: int = 30, browsers: int = 50,
            cookies: list[str] | None = None) -> WrkResult:
    """Load ``base`` with requests to random ``paths`` over ``connections`` connections
    for ``seconds`` (one wrk thread: enough for tens of thousands of requests/s)."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "load.lua"
        script.write_text(_SCRIPT, encoding="utf-8")
        listing = Path(folder) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        jar = Path(folder) / "cookies.txt"
        jar.write_text("\n".join(cookies or []) + "\n", encoding="utf-8")
        env = {**os.environ, "WRK_PATHS": str(listing), "WRK_SEED": str(seed),
               "WRK_BROWSERS": str(browsers), "WRK_COOKIES": str(jar) if cookies else ""}
        done = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
             f"--timeout={timeout_s}s", "-s", str(script), base],
            capture_output=True, text=True, env=env, check=True)
    found = _RESULT.search(done.stdout)
    if found is None:
        raise RuntimeError(f"wrk printed no result: {done.stdout}\n{done.stderr}")
    requests, micros, connect, io, status, timeouts = (int(v) for v in found.group(1).split()[:6])
    p50, p95, p99 = (float(v) for v in found.group(1).split()[6:])
    errors = {name: count for name, count in (("connect", connect), ("read/write", io),
                                              ("status", status), ("timeout", timeouts))
              if count}
    return WrkResult(requests, micros / 1e6, errors, p50, p95, p99)
