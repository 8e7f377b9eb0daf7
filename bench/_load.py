"""The load generator of bench/webhook.py: WeChat deliveries built ahead, sent over loopback by
threads (one keep-alive `http.client` connection each), and the replies checked afterwards — so
the client spends its CPU (which the server shares on one machine) on sending, not on checking.
"""
from __future__ import annotations

import http.client
import itertools
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import xmltodict
from wechatpy.crypto import WeChatCrypto

from bench._timing import percentile
from channels.wechat_inbound import APOLOGY
from core.rate_limit import SLOW_DOWN
from tests.wechat_side import ACCOUNT, cdata, message_xml, sign

QA_EVAL = Path(__file__).resolve().parent.parent / "tests" / "qa_eval.json"
RETRY_GAP = 5  # a retry repeats the delivery sent this many messages before, often still in flight
TIMEOUT = 10.0  # seconds; WeChat gives up after 5


def questions() -> list[str]:
    """Residents' questions as they type them: answerable, who/when, ambiguous and unanswerable."""
    data = json.loads(QA_EVAL.read_text(encoding="utf-8"))
    found = [q for group in ("answerable", "who_or_when") for asked in data[group].values() for q in asked]
    found += [question for question, _topics in data["clarify"]]
    return found + data["unanswerable"]


@dataclass(frozen=True)
class Delivery:
    kind: str  # "qa", "help", or "retry" (the very bytes of an earlier delivery again)
    sender: str
    target: str  # path and query
    body: bytes


@dataclass
class Result:
    delivery: Delivery
    status: int | None  # None: timed out or the connection failed
    body: bytes
    latency: float  # seconds from when the message was due to the last byte of the reply


class Traffic:
    """Deliveries from `openids`, as WeChat would post them: 70 % policy questions, 20 % 帮助,
    10 % retries of a MsgId already sent; signed, and in safe mode encrypted."""

    _msg_ids = itertools.count(7_100_000_000_000_000_001)

    def __init__(self, *, token: str, app_id: str, aes_key: str, timestamp: int, seed: int = 8):
        self.token, self.timestamp = token, str(timestamp)
        self.crypto = WeChatCrypto(token, aes_key, app_id)
        self.questions = questions()
        self.random = random.Random(seed)
        self._nonces = itertools.count(1)

    def batch(self, openids: list[str], count: int, *, encrypted: bool) -> list[Delivery]:
        made: list[Delivery] = []
        for i in range(count):
            if i % 10 == 9 and i >= RETRY_GAP:
                earlier = made[i - RETRY_GAP]
                made.append(Delivery("retry", earlier.sender, earlier.target, earlier.body))
                continue
            sender = openids[i % len(openids)]
            kind, text = ("help", "帮助") if i % 10 in (2, 6) else ("qa", self.random.choice(self.questions))
            made.append(self.delivery(kind, sender, text, encrypted=encrypted))
        return made

    def delivery(self, kind: str, sender: str, text: str, *, encrypted: bool) -> Delivery:
        xml = message_xml("text", sender=sender, create_time=int(self.timestamp), Content=text,
                          msg_id=next(self._msg_ids))
        nonce = str(next(self._nonces))
        query = f"signature={sign(self.token, self.timestamp, nonce)}&timestamp={self.timestamp}&nonce={nonce}"
        if not encrypted:
            return Delivery(kind, sender, f"/wechat?{query}", xml.encode())
        envelope = xmltodict.parse(self.crypto.encrypt_message(xml, nonce, self.timestamp))["xml"]
        body = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(envelope['Encrypt'])}</Encrypt></xml>"
        target = f"/wechat?{query}&encrypt_type=aes&msg_signature={envelope['MsgSignature']}"
        return Delivery(kind, sender, target, body.encode())


def send(port: int, deliveries: list[Delivery], *, rate: float | None, connections: int,
         seconds: float | None = None) -> tuple[list[Result], float]:
    """Post `deliveries` to 127.0.0.1:`port`: message i due at start + i/rate (latency counts from
    then, so a server falling behind shows), or back to back on `connections` threads when `rate` is
    None, stopping after `seconds`. Returns the results and the seconds from start to the last reply."""
    results: list[Result] = []
    taken = itertools.count()
    start = time.perf_counter() + 0.05
    stop_at = start + seconds if seconds else float("inf")
    finished = [start]

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        mine = []
        while (i := next(taken)) < len(deliveries):
            due = start + i / rate if rate else time.perf_counter()
            if due > stop_at:
                break
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            delivery = deliveries[i]
            try:
                connection.request("POST", delivery.target, delivery.body, {"Content-Type": "text/xml"})
                response = connection.getresponse()
                status, body = response.status, response.read()
            except (OSError, http.client.HTTPException):
                connection.close()  # reopened by the next request
                status, body = None, b""
            done = time.perf_counter()
            mine.append(Result(delivery, status, body, done - due))
        finished.append(time.perf_counter())
        connection.close()
        results.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, max(finished) - start


@dataclass
class Figures:
    sent: int
    answered: int
    seconds: float
    latencies: list[float]
    errors: Counter = field(default_factory=Counter)
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def ms(self, share: float) -> float:
        return percentile(self.latencies, share) * 1e3 if self.latencies else float("nan")

    @property
    def max_ms(self) -> float:
        return max(self.latencies) * 1e3 if self.latencies else float("nan")

    def describe_errors(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in self.errors.most_common()) or "0"


def check(results: list[Result], seconds: float, crypto: WeChatCrypto) -> Figures:
    """Figures for one run; an error is a non-200, a timeout, a reply that is not a (decryptable)
    WeChat text reply to the sender, the apology (the database or a handler failed), the rate
    limit's "slow down" (the benchmark lifts the limit), or a retry answered unlike its first delivery."""
    figures = Figures(len(results), 0, seconds, [])
    first_reply: dict[bytes, str] = {}
    for result in sorted(results, key=lambda r: r.delivery.kind == "retry"):
        problem, content = _read(result, crypto)
        if problem is None and result.delivery.kind == "retry":
            original = first_reply.get(result.delivery.body)
            problem = "retry answered differently" if original not in (None, content) else None
        elif problem is None:
            first_reply[result.delivery.body] = content
        if problem:
            figures.errors[problem] += 1
            continue
        figures.answered += 1
        figures.latencies.append(result.latency)
        figures.by_kind.setdefault(result.delivery.kind, []).append(result.latency)
    return figures


def _read(result: Result, crypto: WeChatCrypto) -> tuple[str | None, str]:
    if result.status is None:
        return "timeout/refused", ""
    if result.status != 200:
        return f"HTTP {result.status}", ""
    if result.body == b"success":
        return "empty 'success'", ""
    try:
        fields = xmltodict.parse(result.body)["xml"]
        if "Encrypt" in fields:
            plain = crypto.decrypt_message(result.body, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])
            fields = xmltodict.parse(plain)["xml"]
    except Exception:  # anything unreadable is the same error to WeChat
        return "not a WeChat XML reply", ""
    if fields.get("MsgType") != "text" or fields.get("ToUserName") != result.delivery.sender:
        return "reply not to the sender", ""
    content = fields.get("Content") or ""
    return {APOLOGY: "apology", SLOW_DOWN: "rate limited"}.get(content), content
