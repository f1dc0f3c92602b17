"""Load from `wrk` (Debian's `wrk`), a C load generator: it costs the machine far less than a
Python client would, so what is measured is the server. Kiosks issuing tickets, each request
with a request id of its own (a repeated id would be answered from memory, not written)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

ISSUE_SCRIPT = """
local counter = 0
local threads = 0
local matters = {"A","B","C","D","E","F","G","H","J"}
function setup(thread)
  threads = threads + 1
  thread:set("tid", tostring(os.time()) .. "x" .. threads .. "x" .. math.random(1, 1e9))
end
request = function()
  counter = counter + 1
  local body = '{"matter":"' .. matters[(counter % 9) + 1] .. '","request_id":"w' .. tid ..
               "-" .. counter .. '"}'
  return wrk.format("POST", "/api/tickets", {["Authorization"] = "Bearer demo-kiosk",
                    ["Content-Type"] = "application/json"}, body)
end
"""


@dataclass(frozen=True, slots=True)
class Load:
    requests: int
    seconds: float
    non_2xx: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def available() -> bool:
    return shutil.which("wrk") is not None


async def issue_load(url: str, connections: int, seconds: float) -> Load:
    with tempfile.TemporaryDirectory(prefix="bianmin-wrk-") as tmp:
        script = Path(tmp) / "issue.lua"
        script.write_text(ISSUE_SCRIPT, encoding="utf-8")
        proc = await asyncio.create_subprocess_exec(
            "wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "-s", str(script), url,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        out = (await proc.communicate())[0].decode()
    found = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
    if found is None:
        raise RuntimeError(f"wrk said: {out}")
    elapsed = float(found.group(2)) / (1000 if found.group(3) == "ms" else 1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(int(found.group(1)), elapsed, int(bad.group(1)) if bad else 0)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
