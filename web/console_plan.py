"""Placeholder: being built (issue 7)."""
from flask import Blueprint

blueprint = Blueprint("console_plan", __name__)
