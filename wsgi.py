"""Entry point for gunicorn (`gunicorn wsgi:app`) and the flask command."""
from marketplace import create_app

app = create_app()
