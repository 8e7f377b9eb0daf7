"""Placeholder: being built (issue 7)."""
from flask import Blueprint

blueprint = Blueprint("auth", __name__)


@blueprint.route("/login")
def login():
    return "login"


@blueprint.post("/logout")
def logout():
    return "logout"
