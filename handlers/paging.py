"""更多: the next part of an answer that was too long for one WeChat message."""
from __future__ import annotations

from datetime import timedelta

from handlers import state
from handlers.messages import Context, Inbound

KEEP_PAGES = timedelta(hours=24)


def remember(ctx: Context, pages: list[str], *, stored: bool = True) -> None:
    """Keep the pages after the one being sent; an answer that fits forgets the previous ones.
    `stored`: whether the user may have pages kept; if not, there is nothing to forget."""
    if pages:
        state.save(ctx.session, ctx.openid, state.PAGING, now=ctx.now, ttl=KEEP_PAGES, data={"pages": pages})
    elif stored:
        state.clear(ctx.session, ctx.openid, state.PAGING)


def next_page(msg: Inbound, ctx: Context) -> str:
    """更多."""
    paging = state.load(ctx.session, ctx.openid, state.PAGING, ctx.now)
    pages = paging.data.get("pages", []) if paging else []
    if not pages:
        return "没有更多内容了。回复“帮助”查看我能做什么。"
    remember(ctx, pages[1:])
    return pages[0]
