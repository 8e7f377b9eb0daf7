"""Placeholder: being built (issue 7)."""
from flask import Blueprint

blueprint = Blueprint("console", __name__)
