"""/healthz for monitoring: 200 when healthy, 503 otherwise, counts only (services.health)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from channels.app import request_session
from services import health

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    extensions = current_app.extensions
    result = health.check(request_session(), extensions["settings"], extensions["clock"].now())
    response = jsonify(result.to_json())
    response.status_code = 200 if result.healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
