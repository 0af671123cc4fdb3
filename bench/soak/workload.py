"""What the soak's users do: mostly reading (the dashboard, person search under several
spellings, person pages, sources, figures, exchanges, analysis), and editing (claims edited and
decided with the version read, reports uploaded, discrepancies resolved).

Each operation is one class of request, drawn at random with fixed weights. Writes carry the
version (or state) the client read, so two clients that pick the same claim race as two editors
would; the loser's 409 is counted as a race, apart from errors. An error is any other answer
that is not 2xx, an upload the server refused, or no answer within ``TIMEOUT`` seconds of
the moment the operation was due.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from bench.soak.driver import TIMEOUT, Answer, Pool, Sample, run_schedule

READS = ("dashboard", "person search", "person page", "sources", "figures", "exchanges",
         "analysis", "claims", "discrepancies")  # fmt: skip
WRITES = ("claim edit", "decision", "upload", "resolve")
VERSIONED = ("claim edit", "decision", "resolve")  # a 409 there is a lost race
WEIGHTS = {
    "dashboard": 12, "person search": 20, "person page": 12, "sources": 10, "figures": 6,
    "exchanges": 6, "analysis": 8, "claims": 3, "claim edit": 12, "decision": 4, "upload": 4,
    "resolve": 3,
}  # fmt: skip
ANALYSIS = ("groups", "series", "exchanges", "promises", "durations")


@dataclass
class Plan:
    """Everything the client process needs; plain data, so it crosses to another process."""

    host: str
    port: int
    tokens: dict[str, str]  # role -> API token: "reader" (an analyst) and "editor"
    names: list[str]
    person_ids: list[int]
    sources: int  # how many there were at the start (ids 1..sources)
    uploads: list[str]
    rate: float
    seconds: float
    start: float  # time.monotonic() of the first operation
    seed: int
    weights: dict[str, int] = field(default_factory=lambda: dict(WEIGHTS))


@dataclass
class Users:
    plan: Plan
    pool: Pool
    rng: random.Random
    samples: list[Sample] = field(default_factory=list)
    proposed: list[int] = field(default_factory=list)
    uploaded: int = 0

    async def ask(self, kind: str, due: float, method: str, path: str, role: str = "reader",
                  body: bytes = b"", content_type: str | None = None) -> Answer:  # fmt: skip
        """Send one request and record it; latency from ``due`` (or now, if later)."""
        started = min(due, time.monotonic())
        try:
            answer = await self.pool.send(method, path, role, body, content_type)
        except asyncio.CancelledError:  # still unanswered when the run ended
            self.samples.append(Sample(kind, started - self.plan.start,
                                       time.monotonic() - started, 0, "error",
                                       f"no answer to {method} {path} by the end"))  # fmt: skip
            raise
        latency = time.monotonic() - started
        outcome, detail = "ok", ""
        if answer.status == 0:
            outcome, detail = "error", f"no answer to {method} {path}: {answer.error}"
        elif latency > TIMEOUT:  # a user waiting this long has given up
            outcome, detail = "error", f"{method} {path} answered after {latency:.0f} s"
        elif answer.status == 409 and kind in VERSIONED:
            outcome = "race"
        elif not 200 <= answer.status < 300 or (kind == "upload" and _refused(answer)):
            outcome = "error"
        if outcome == "error" and not detail:
            text = answer.body[:300].decode("utf-8", "replace")
            detail = f"HTTP {answer.status} for {method} {path}: {text}"
        at = started - self.plan.start
        self.samples.append(Sample(kind, at, latency, answer.status, outcome, detail))
        return answer

    async def write_json(self, kind: str, due: float, method: str, path: str,
                         data: dict[str, Any]) -> Answer:  # fmt: skip
        body = json.dumps(data).encode()
        return await self.ask(kind, due, method, path, "editor", body, "application/json")

    # reads --------------------------------------------------------------------------------
    async def dashboard(self, due: float) -> None:
        path = self.rng.choice(("/", "/api/v1/dashboard", "/charts/held.svg"))
        await self.ask("dashboard", due, "GET", path)

    async def person_search(self, due: float) -> None:
        name = quote(self.rng.choice(self.plan.names))
        path = self.rng.choice((f"/persons?q={name}", f"/api/v1/persons?q={name}"))
        await self.ask("person search", due, "GET", path)

    async def person_page(self, due: float) -> None:
        person = self.rng.choice(self.plan.person_ids)
        path = self.rng.choice((f"/persons/{person}", f"/api/v1/persons/{person}"))
        await self.ask("person page", due, "GET", path)

    async def sources(self, due: float) -> None:
        offset = self.rng.randrange(0, self.plan.sources)
        path = self.rng.choice((f"/api/v1/sources?limit=20&offset={offset}",
                                f"/sources?offset={offset}", f"/api/v1/sources/{offset + 1}",
                                f"/sources/{offset + 1}"))  # fmt: skip
        await self.ask("sources", due, "GET", path)

    async def figures(self, due: float) -> None:
        await self.ask("figures", due, "GET", f"/api/v1/figures?offset={self._offset()}")

    async def exchanges(self, due: float) -> None:
        await self.ask("exchanges", due, "GET", f"/api/v1/exchanges?offset={self._offset()}")

    async def analysis(self, due: float) -> None:
        await self.ask("analysis", due, "GET", f"/api/v1/analysis/{self.rng.choice(ANALYSIS)}")

    async def claims(self, due: float) -> None:
        """The review queue; it also tells the editors which claims they can work on."""
        path = f"/api/v1/claims?state=proposed&limit=100&offset={self.rng.randrange(0, 3) * 100}"
        answer = await self.ask("claims", due, "GET", path, "editor")
        page = _json(answer)
        if page and page["items"]:
            self.proposed = [item["id"] for item in page["items"]]

    def _offset(self) -> int:
        return self.rng.randrange(0, 5) * 20

    # writes -------------------------------------------------------------------------------
    async def _read_claim(self, due: float) -> dict[str, Any] | None:
        if not self.proposed:
            await self.claims(due)
            return None
        claim_id = self.rng.choice(self.proposed)
        answer = await self.ask("claims", due, "GET", f"/api/v1/claims/{claim_id}", "editor")
        claim = _json(answer)
        if not claim or claim["state"] != "proposed":
            if claim_id in self.proposed:
                self.proposed.remove(claim_id)
            return None
        return claim

    async def claim_edit(self, due: float) -> None:
        claim = await self._read_claim(due)
        if claim is None:
            return
        change: dict[str, Any] = {"version": claim["version"],
                                  "attributed_to": f"soak edit {uuid.uuid4().hex[:8]}"}  # fmt: skip
        if claim["kind"] == "figure" and isinstance(claim["values"].get("value"), int):
            change["values"] = {**claim["values"], "value": self.rng.randint(50, 9000)}
        await self.write_json("claim edit", time.monotonic(), "PATCH",
                              f"/api/v1/claims/{claim['id']}", change)  # fmt: skip

    async def decision(self, due: float) -> None:
        claim = await self._read_claim(due)
        if claim is None:
            return
        verdict = self.rng.choice(("accept", "accept", "reject"))
        await self.write_json("decision", time.monotonic(), "POST",
                              f"/api/v1/claims/{claim['id']}/decision",
                              {"decision": verdict, "version": claim["version"]})  # fmt: skip

    async def upload(self, due: float) -> None:
        text = self.plan.uploads[self.uploaded % len(self.plan.uploads)]
        self.uploaded += 1
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="soak-{self.uploaded}.txt"\r\nContent-Type: text/plain\r\n\r\n'
            f"{text}\r\n--{boundary}--\r\n"
        ).encode()
        await self.ask("upload", due, "POST", "/api/v1/upload", "editor", body,
                       f"multipart/form-data; boundary={boundary}")  # fmt: skip

    async def resolve(self, due: float) -> None:
        answer = await self.ask("discrepancies", due, "GET",
                                "/api/v1/discrepancies?status=open&limit=20")  # fmt: skip
        page = _json(answer)
        if not page or not page["items"]:
            return
        found = self.rng.choice(page["items"])
        reason = "Checked against the later report of the same outlet during the soak."
        await self.write_json("resolve", time.monotonic(), "POST",
                              f"/api/v1/discrepancies/{found['id']}/resolve",
                              {"reason": reason})  # fmt: skip


def _refused(upload: Answer) -> bool:
    """An upload answered 200 whose file the server still refused (it says why)."""
    return any(item.get("error") for item in _json(upload) or [{"error": "not JSON"}])


def _json(answer: Answer) -> Any:
    if not 200 <= answer.status < 300:
        return None
    try:
        return json.loads(answer.body)
    except ValueError:
        return None


async def _soak(plan: Plan) -> list[Sample]:
    headers = {role: {"Authorization": f"Bearer {token}"} for role, token in plan.tokens.items()}
    pool = Pool(plan.host, plan.port, headers)
    users = Users(plan, pool, random.Random(plan.seed))
    kinds = [kind for kind, weight in plan.weights.items() if weight > 0]
    weights = [plan.weights[k] for k in kinds]
    choices = random.Random(plan.seed + 1)

    def pick(_: int):  # noqa: ANN202 - an Operation
        kind = choices.choices(kinds, weights)[0]
        return getattr(users, kind.replace(" ", "_"))

    await run_schedule(plan.rate, plan.seconds, plan.start, pick)
    await pool.close()
    return users.samples


def soak(plan: Plan) -> list[Sample]:
    return asyncio.run(_soak(plan))
