"""The bureau office's console, part 1: overview, people and bindings, the knowledge base and the
reminder outbox. Admins only. Each page calls the same service as its `bot.py` command, so the
console and the command line never disagree.

Forms post, then redirect with a flash (a validation error re-renders the form with what was
typed). Unbinding, which cannot be undone from here, first answers with a confirmation page whose
form posts again with confirm=yes: no script needed.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from channels.app import request_session
from core.masking import mask_openid
from handlers.router import ROLE_NAMES
from models import KnowledgePassage, Subscriber
from models.outbox import CHANNEL_NAMES, KIND_NAMES, STATUS_NAMES
from services import invites, knowledge, outbox, reach_report, subscribers
from services.bootstrap import county_config
from services.invites import InviteError
from services.knowledge import KnowledgeError
from services.outbox import OutboxError
from web.session import now, requires

blueprint = Blueprint("console", __name__, url_prefix="/console")

# The outbox page's tabs: what each shows of services.outbox's statuses.
OUTBOX_STATES = {
    "pending": ("待发", ("pending", "sending")),
    "failed": ("无法送达", ("unreachable",)),
    "dead": ("停发", ("dead",)),
    "sent": ("已发送", ("sent",)),
}
PASSAGE_FIELDS = ("topic", "ref", "section", "keywords", "text")
UNANSWERED_LIMIT = 100


def _settings():
    return current_app.extensions["settings"]


def _local(moment, form: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(_settings().tz).strftime(form) if moment else ""


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[,,、;;\s]+", text) if word]


def _confirmed() -> bool:
    return request.form.get("confirm") == "yes"


def _confirm(title: str, message: str, button: str, back: str):
    """The page that asks before a destructive post; its form posts to the same URL again."""
    return render_template("console/confirm.html", title=title, message=message, button=button,
                           action=request.path, back=back)


@blueprint.context_processor
def _helpers():
    return {"local": _local, "mask_openid": mask_openid, "role_names": ROLE_NAMES}


# --- overview ------------------------------------------------------------------------------------

@blueprint.get("")
@requires("admin")
def home():
    db = request_session()
    counts = outbox.counts(db)
    return render_template(
        "console/home.html",
        bound=len(subscribers.bound_people(db)),
        invites=len(invites.open_invites(db, now())),
        passages=db.scalar(select(func.count()).select_from(KnowledgePassage)
                           .where(KnowledgePassage.retired_at.is_(None))),  # those answered from
        unanswered=len(knowledge.unanswered(db, UNANSWERED_LIMIT)),
        pending=counts.get("pending", 0) + counts.get("sending", 0),
        failed=counts.get("unreachable", 0),
        dead=counts.get("dead", 0),
        unreachable=outbox.unreachable_people(db),
        reach_warnings=reach_report.configuration_warnings(_settings()),
        reach_summary=reach_report.summary(reach_report.people_reach(db, _settings(), now())),
    )


# --- people and bindings -------------------------------------------------------------------------

@blueprint.get("/people")
@requires("admin")
def people():
    return _people_page({})


def _people_page(form: dict, error: str = "", status: int = 200):
    db = request_session()
    try:
        county = invites.home_county(db, county_config(_settings()))
    except (InviteError, LookupError) as exc:  # no plan and several counties configured
        county, error = None, error or str(exc)
    reaches = reach_report.people_reach(db, _settings(), now())
    return render_template(
        "console/people.html", people=subscribers.bound_people(db), invites=invites.open_invites(db, now()),
        ways={r.person.id: r.describe() for r in reaches}, reach_summary=reach_report.summary(reaches),
        reach_warnings=reach_report.configuration_warnings(_settings()),
        townships=[t.name for t in county.townships] if county else [],
        leaders=list(invites.leaders(db, county)) if county else [], form=form, error=error,
    ), status


@blueprint.post("/invites")
@requires("admin")
def issue_invite():
    """A one-time code, shown on this response only: the database keeps just its hash."""
    form = {name: request.form.get(name, "").strip() for name in ("role", "name", "township")}
    role = form["role"]
    db = request_session()
    try:
        issued = invites.issue_invite(
            db, county_config(_settings()), role=role, now=now(),
            township=form["township"] if role == "staff" else None,
            person=form["name"] if role == "leader" else None,
            name="" if role == "leader" else form["name"])
    except InviteError as exc:
        db.rollback()
        return _people_page(form, str(exc), 400)
    db.commit()
    page = render_template("console/invite_issued.html", issued=issued)
    return page, 200, {"Cache-Control": "no-store"}


@blueprint.post("/subscribers/<int:subscriber_id>/unbind")
@requires("admin")
def unbind(subscriber_id: int):
    db = request_session()
    subscriber = db.get(Subscriber, subscriber_id) or abort(404)
    if subscriber.person is None:
        flash("这个微信号已经不是绑定状态。", "error")
        return redirect(url_for(".people"))
    who = invites.describe(subscriber.person)
    if not _confirmed():
        return _confirm("解除绑定", f"解除{who}(微信 {mask_openid(subscriber.openid)})的绑定?"
                        "解除后对方以居民身份使用公众号,网页登录随即失效;需要时重新发绑定码。", "解除绑定",
                        url_for(".people"))
    subscribers.unbind(db, subscriber.openid)
    db.commit()
    flash(f"已解除{who}的绑定。")
    return redirect(url_for(".people"))


# --- knowledge base ------------------------------------------------------------------------------

@blueprint.get("/knowledge")
@requires("admin")
def knowledge_list():
    db = request_session()
    query = request.args.get("q", "").strip()
    passages = knowledge.list_passages(db)
    if query:
        passages = [p for p in passages
                    if any(query in value for value in (p.key, p.topic, p.text, p.ref, " ".join(p.keywords)))]
    return render_template("console/knowledge.html", passages=passages, query=query,
                           synonyms=knowledge.synonyms(db))


@blueprint.route("/knowledge/new", methods=("GET", "POST"))
@requires("admin")
def knowledge_new():
    if request.method == "GET":
        return render_template("console/passage.html", passage=None, form={}, error="")
    form = _passage_form(("key", *PASSAGE_FIELDS))
    db = request_session()
    try:
        passage = knowledge.add_passage(db, now(), key=form["key"], topic=form["topic"], ref=form["ref"],
                                        text=form["text"], section=form["section"],
                                        keywords=_words(form["keywords"]))
    except KnowledgeError as exc:
        db.rollback()
        return render_template("console/passage.html", passage=None, form=form, error=str(exc)), 400
    db.commit()
    flash(f"已新增“{passage.topic}”,下一个提问即生效。")
    return redirect(url_for(".knowledge_list"))


@blueprint.route("/knowledge/<int:passage_id>", methods=("GET", "POST"))
@requires("admin")
def knowledge_edit(passage_id: int):
    db = request_session()
    passage = db.get(KnowledgePassage, passage_id) or abort(404)
    if request.method == "GET":
        form = {name: getattr(passage, name) for name in PASSAGE_FIELDS}
        form["keywords"] = "、".join(passage.keywords)
        return render_template("console/passage.html", passage=passage, form=form, error="")
    form = _passage_form(PASSAGE_FIELDS)
    changes = {**form, "keywords": _words(form["keywords"])}
    changes = {name: value for name, value in changes.items() if value != getattr(passage, name)}
    if not changes:
        flash("没有改动。")
        return redirect(url_for(".knowledge_list"))
    try:
        knowledge.edit_passage(db, passage.key, now(), **changes)
    except KnowledgeError as exc:
        db.rollback()
        return render_template("console/passage.html", passage=passage, form=form, error=str(exc)), 400
    db.commit()
    flash(f"已修改“{passage.topic}”,下一个提问即生效。")
    return redirect(url_for(".knowledge_list"))


def _passage_form(names) -> dict[str, str]:
    return {name: request.form.get(name, "").strip() for name in names}


@blueprint.post("/knowledge/<int:passage_id>/retire")
@requires("admin")
def knowledge_retire(passage_id: int):
    """Takes a passage out of the answers, kept so it can be restored: `kb retire`."""
    return _set_retired(passage_id, True)


@blueprint.post("/knowledge/<int:passage_id>/restore")
@requires("admin")
def knowledge_restore(passage_id: int):
    return _set_retired(passage_id, False)


def _set_retired(passage_id: int, retired: bool):
    db = request_session()
    passage = db.get(KnowledgePassage, passage_id) or abort(404)
    knowledge.set_retired(db, passage.key, now(), retired)
    db.commit()
    flash(f"已{'停用' if retired else '恢复'}“{passage.topic}”,下一个提问即生效。")
    return redirect(url_for(".knowledge_list"))


@blueprint.post("/synonyms")
@requires("admin")
def synonyms():
    """Adds variants of a term (底保、低宝 → 低保), or removes one variant (field `remove`)."""
    db = request_session()
    removed = request.form.get("remove", "").strip()
    term, variants = request.form.get("term", "").strip(), _words(request.form.get("variants", ""))
    try:
        if removed:
            knowledge.remove_synonym(db, removed)
        elif not variants:
            raise KnowledgeError("请写出至少一个同义说法,如:底保、低宝")
        else:
            for variant in variants:
                knowledge.set_synonym(db, variant, term, now())
    except KnowledgeError as exc:
        db.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".knowledge_list") + "#synonyms")
    db.commit()
    flash(f"已删除同义词“{removed}”。" if removed else f"已设置:{'、'.join(variants)} 按“{term}”理解,下一个提问即生效。")
    return redirect(url_for(".knowledge_list") + "#synonyms")


@blueprint.get("/unanswered")
@requires("admin")
def unanswered():
    return render_template("console/unanswered.html",
                           questions=knowledge.unanswered(request_session(), UNANSWERED_LIMIT))


# --- the reminder outbox -------------------------------------------------------------------------

@blueprint.get("/outbox")
@requires("admin")
def outbox_list():
    state = request.args.get("state", "")
    if state and state not in OUTBOX_STATES:
        abort(404)
    db = request_session()
    counts = outbox.counts(db)
    tabs = [(key, label, sum(counts.get(s, 0) for s in statuses)) for key, (label, statuses) in OUTBOX_STATES.items()]
    return render_template(
        "console/outbox.html", state=state, tabs=tabs,
        messages=outbox.list_messages(db, OUTBOX_STATES[state][1] if state else ()),
        unreachable=outbox.unreachable_people(db), resendable=outbox.RESENDABLE,
        status_names=STATUS_NAMES, kind_names=KIND_NAMES, channel_names=CHANNEL_NAMES,
    )


@blueprint.post("/outbox/<int:message_id>/resend")
@requires("admin")
def outbox_resend(message_id: int):
    db = request_session()
    try:
        message = outbox.resend(db, message_id, _settings(), now())
    except OutboxError as exc:
        db.rollback()
        flash(str(exc), "error")
    else:
        name = message.person.name
        db.commit()
        flash(f"消息 #{message_id} 已重新排队,下一轮发送时发给{name}(工作时间内每分钟一轮)。")
    state = request.form.get("state", "")
    return redirect(url_for(".outbox_list", state=state if state in OUTBOX_STATES else None))
