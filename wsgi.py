"""WSGI entry point: `gunicorn wsgi:app` (reads .env like the `consult` command does)."""

from dotenv import load_dotenv

from consult import create_app

load_dotenv()
app = create_app()
