"""ASGI entry point (uvicorn, gunicorn's UvicornWorker and asgi worker, granian)."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")

application = get_asgi_application()
