"""Consult as the reliability runs serve it.

Only the idea form's minimum fill time is off (`SUBMIT_MIN_SECONDS`), so that clients can
send the form as soon as they have loaded it; nothing else is changed. Rate limits come from
the environment like any operator's (`CONSULT_RATELIMIT_*`, see bench/reliability/stack.py).

    gunicorn --worker-class gthread 'bench.reliability.wsgi:consult_app()'
"""

from __future__ import annotations

from flask import Flask


def consult_app() -> Flask:
    from consult import create_app

    return create_app({"SUBMIT_MIN_SECONDS": 0})
