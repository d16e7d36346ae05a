"""The two apps bench/pages.py serves with gunicorn: Consult, and a bare Flask "hello" page.

Consult runs without rate limits and without the idea form's minimum fill time, so that
20 clients can post ideas as fast as the server takes them. Nothing else is changed.

The bare app also takes a POST of a form's `text`, stored the least costly durable way: one
INSERT into a SQLite file (WAL, synchronous=FULL, as Consult's) committed before its 303.
No CSRF, no validation, no event, no job: what any receipt-after-disk costs on this machine.

    gunicorn --chdir bench 'pages_wsgi:consult_app()'
    gunicorn --chdir bench 'pages_wsgi:hello_app()'
"""

from __future__ import annotations

import os
import sqlite3

from flask import Flask, redirect, request


def consult_app() -> Flask:
    from consult import create_app

    return create_app({"RATELIMIT_ENABLED": False, "SUBMIT_MIN_SECONDS": 0})


def hello_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "Hello, World!"

    database = sqlite3.connect(os.environ.get("BARE_DATABASE", "bare.db"),
                               isolation_level=None, check_same_thread=False)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=FULL")
    database.execute("PRAGMA busy_timeout=30000")
    database.execute("CREATE TABLE IF NOT EXISTS idea (id INTEGER PRIMARY KEY, text TEXT)")

    @app.post("/")
    def store():
        database.execute("BEGIN IMMEDIATE")
        cursor = database.execute("INSERT INTO idea (text) VALUES (?)",
                                  (request.form.get("text", ""),))
        database.execute("COMMIT")
        return redirect(f"/?stored={cursor.lastrowid}", 303)

    return app
