"""Which way a reminder reaches a person: the account's channels (template message, 订阅通知,
customer-service text within 48 hours) or the bureau's WeCom app, from what the configuration
allows and what each of the person's addresses allows. Pure: plain data in and out.

A person has at most a few addresses: WeChat openids bound to them, and WeCom members (openid
"wecom:<userid>"). The office prefers one network per person (or REMINDER_PREFER for all); the
other is the fallback. Every channel that fails for a message is left out of the next choice, so
a message that cannot go one way goes the other, once each.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

WECOM_PREFIX = "wecom:"
WECHAT, WECOM = "wechat", "wecom"
NETWORK_NAMES = {WECHAT: "微信公众号", WECOM: "企业微信"}
SERVICE_WINDOW = timedelta(hours=48)  # customer-service messages reach a user this long after they wrote
# How a message goes: the WeChat account's template message, 订阅通知, customer-service text or
# image (48 hours), or the WeCom app.
CHANNELS = ("template", "subscribe", "text", "image", "wecom")

NO_BINDING = "未绑定微信"
NO_BINDING_ANYWHERE = "未绑定微信,也未绑定企业微信"
UNFOLLOWED = "已取消关注公众号"
NO_TEMPLATE_OUT_OF_WINDOW = "未配置模板消息,对方48小时内未与公众号互动,客服消息发不出"
NO_CONSENT_OUT_OF_WINDOW = "未同意接收订阅通知,对方48小时内未与公众号互动,客服消息发不出"
SUBSCRIPTION_ACCOUNT = "订阅号不能主动发消息,请绑定企业微信"
NO_WECOM = "企业微信未配置(WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_SECRET)"


def wecom_openid(userid: str) -> str:
    return f"{WECOM_PREFIX}{userid}"


def wecom_userid(openid: str) -> str | None:
    """The WeCom userid of a "wecom:" openid; None for a WeChat openid."""
    return openid[len(WECOM_PREFIX):] if openid.startswith(WECOM_PREFIX) else None


def network_of(openid: str) -> str:
    return WECOM if openid.startswith(WECOM_PREFIX) else WECHAT


def network_of_channel(channel: str) -> str:
    return WECOM if channel == WECOM else WECHAT


@dataclass(frozen=True)
class Setup:
    """What the configuration allows (built from Settings by services.outbox.setup_of)."""

    subscription_account: bool = False  # a 订阅号: pushes nothing
    template: bool = False  # WECHAT_TEMPLATE_ID set
    mode: str = "template"  # WECHAT_REMINDER_CHANNEL: template | subscribe | auto
    subscribe: bool = False  # WECHAT_SUBSCRIBE_TEMPLATE_ID set
    wecom: bool = False
    prefer: str = WECOM  # REMINDER_PREFER


@dataclass(frozen=True)
class Address:
    """One openid bound to the person, as it stands now."""

    openid: str
    following: bool = True
    unreachable_reason: str | None = None  # set when the API refused it and they have not written since
    last_seen_at: datetime | None = None
    consent: bool = False  # may get the 订阅通知 template now

    @property
    def network(self) -> str:
        return network_of(self.openid)


@dataclass(frozen=True)
class Route:
    """How a message goes: to `openid` on `channel`, or not at all (`reason`)."""

    openid: str
    channel: str
    reason: str | None = None

    @property
    def network(self) -> str:
        return network_of_channel(self.channel)


def config_channel(setup: Setup) -> str:
    """The WeChat channel the configuration names before anyone's consent is known."""
    if setup.mode == "subscribe" and setup.subscribe:
        return "subscribe"
    return "template" if setup.template else "text"


def wechat_route(addresses: list[Address], setup: Setup, now: datetime, exclude: frozenset = frozenset()) -> Route:
    """The best WeChat channel to the most recently seen reachable openid (addresses newest first)."""
    wechat = [a for a in addresses if a.network == WECHAT]
    default = config_channel(setup)
    if setup.subscription_account:
        return Route(wechat[0].openid if wechat else "", default, SUBSCRIPTION_ACCOUNT)
    if not wechat:
        return Route("", default, NO_BINDING)
    following = [a for a in wechat if a.following]
    if not following:
        return Route(wechat[0].openid, default, UNFOLLOWED)
    reachable = [a for a in following if a.unreachable_reason is None]
    if not reachable:
        return Route(following[0].openid, default, following[0].unreachable_reason)
    chosen = reachable[0]
    consented = next((a for a in reachable if a.consent), None)
    if setup.subscribe and setup.mode in ("subscribe", "auto") and consented and "subscribe" not in exclude:
        return Route(consented.openid, "subscribe")
    if setup.template and setup.mode in ("template", "auto") and "template" not in exclude:
        return Route(chosen.openid, "template")
    # Customer-service text: only to someone who wrote within 48 hours.
    no_push = NO_CONSENT_OUT_OF_WINDOW if setup.mode == "subscribe" else NO_TEMPLATE_OUT_OF_WINDOW
    if "text" in exclude:
        return Route(chosen.openid, "text", no_push)
    if chosen.last_seen_at is None or now - chosen.last_seen_at > SERVICE_WINDOW:
        return Route(chosen.openid, "text", no_push)
    return Route(chosen.openid, "text")


def wecom_route(addresses: list[Address], setup: Setup, exclude: frozenset = frozenset()) -> Route:
    wecom = [a for a in addresses if a.network == WECOM]
    if not wecom:
        return Route("", WECOM, "未绑定企业微信")
    if not setup.wecom:
        return Route(wecom[0].openid, WECOM, NO_WECOM)
    reachable = [a for a in wecom if a.unreachable_reason is None]
    if not reachable:
        return Route(wecom[0].openid, WECOM, wecom[0].unreachable_reason)
    if WECOM in exclude:
        return Route(reachable[0].openid, WECOM, "企业微信发送失败")
    return Route(reachable[0].openid, WECOM)


@dataclass(frozen=True)
class Reach:
    """Every way to a person, and the one a reminder takes."""

    chosen: Route
    routes: dict[str, Route] = field(default_factory=dict)  # by network
    seen: dict[str, datetime | None] = field(default_factory=dict)  # each address's last message to us

    @property
    def reachable(self) -> list[str]:
        return [network for network, route in self.routes.items() if route.reason is None]


def reach(addresses: list[Address], setup: Setup, now: datetime, preferred: str | None = None,
          exclude: frozenset = frozenset()) -> Reach:
    """The preferred network's route if it can go, else the other's; with neither, the reason
    of the network the person is bound on (the preferred one when both or none)."""
    routes = {WECHAT: wechat_route(addresses, setup, now, exclude), WECOM: wecom_route(addresses, setup, exclude)}
    seen = {a.openid: a.last_seen_at for a in addresses}
    # A network the configuration cannot use comes last, whatever the preference.
    first = WECHAT if not setup.wecom else WECOM if setup.subscription_account else preferred or setup.prefer
    order = _order(first)
    for network in order:
        if routes[network].reason is None:
            return Reach(routes[network], routes, seen)
    bound = [n for n in order if any(a.network == n for a in addresses)]
    if not bound and setup.wecom:
        return Reach(Route("", routes[order[0]].channel, NO_BINDING_ANYWHERE), routes, seen)
    return Reach(routes[(bound or order)[0]], routes, seen)


def _order(first: str) -> list[str]:
    return [first, WECOM if first == WECHAT else WECHAT]


NO_PICTURE = "图片只能发到企业微信,或发给48小时内与公众号互动过的微信"


def picture_route(found: Reach, now: datetime, exclude: frozenset = frozenset()) -> Route:
    """Where a picture can go: the WeCom app always, WeChat only as a customer-service image to
    someone who wrote within 48 hours; the chosen network first."""
    for network in _order(found.chosen.network):
        route = found.routes.get(network)
        if route is None or route.reason is not None:
            continue
        if network == WECOM and WECOM not in exclude:
            return Route(route.openid, WECOM)
        seen = found.seen.get(route.openid)
        if network == WECHAT and "image" not in exclude and seen is not None and now - seen <= SERVICE_WINDOW:
            return Route(route.openid, "image")
    return Route(found.chosen.openid, "image", NO_PICTURE)


def for_kind(kind: str, found: Reach, now: datetime, exclude: frozenset = frozenset()) -> Route:
    """The route of a message of `kind`: an alert is free text and a chart a picture, so neither
    goes as a template message or 订阅通知."""
    if kind == "chart":
        return picture_route(found, now, exclude)
    route = found.chosen
    if kind == "alert" and route.channel in ("template", "subscribe"):
        wecom = found.routes.get(WECOM)
        if wecom is not None and wecom.reason is None and WECOM not in exclude:
            return wecom
        return Route(route.openid, "text", route.reason)
    return route
