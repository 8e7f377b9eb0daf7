"""What a handler sees and returns: plain data, no Flask and no wechatpy.

The WeChat edge and the terminal chat both turn what they receive into an `Inbound`; a handler
takes it with a `Context` and returns the text to answer (None: answer nothing).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from config import Settings
from models import Subscriber

TEXT_KINDS = ("text", "voice")  # voice counts as text when WeChat recognised it


@dataclass(frozen=True)
class Inbound:
    openid: str
    kind: str  # text, voice, image, location, link, video, shortvideo, event, or WeChat's own word
    text: str = ""  # the text, or what WeChat heard in a voice message
    event: str = ""  # subscribe, unsubscribe, click, templatesendjobfinish, … (lower case)
    event_key: str = ""
    msg_id: int | None = None
    created_at: datetime | None = None
    fields: dict = field(default_factory=dict)  # everything else WeChat sent, for the record
    channel: str = "wechat"  # where it came from: wechat, wecom (openid wecom:<userid>) or terminal

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS and bool(self.text.strip())


@dataclass
class Context:
    """Everything a handler may use: the transaction, who is talking, and the time."""

    session: Session
    subscriber: Subscriber
    now: datetime
    settings: Settings
    argument: str = ""  # what followed the command word: 绑定 ABCD-2345 → "ABCD-2345"

    @property
    def role(self) -> str:
        return self.subscriber.role

    @property
    def openid(self) -> str:
        return self.subscriber.openid
