"""The two apps bench/pages.py serves with gunicorn: Consult, and a bare Flask "hello" page.

Consult runs without rate limits and without the idea form's minimum fill time, so that
20 clients can post ideas as fast as the server takes them. Nothing else is changed.

    gunicorn --chdir bench 'pages_wsgi:consult_app()'
    gunicorn --chdir bench 'pages_wsgi:hello_app()'
"""

from __future__ import annotations

from flask import Flask


def consult_app() -> Flask:
    from consult import create_app

    return create_app({"RATELIMIT_ENABLED": False, "SUBMIT_MIN_SECONDS": 0})


def hello_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "Hello, World!"

    return app
