"""gunicorn's settings for Strategia (``make serve``, the Dockerfile, docs/deployment.md).

Every value can be changed from the environment without editing this file:
``GUNICORN_BIND`` (default ``127.0.0.1:8000``; nginx proxies to it),
``GUNICORN_WORKERS`` (default 2 × cores + 1), ``GUNICORN_THREADS`` (1: sync
workers), ``GUNICORN_TIMEOUT`` (60 s; long work runs from management commands,
not requests) and ``GUNICORN_MAX_REQUESTS`` (a worker is replaced after this
many requests, with jitter, so a slow leak can't grow for ever).
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Load the app before forking: workers share its memory and a broken
# configuration stops the master at once instead of every worker in turn.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# nginx in front sets X-Forwarded-Proto; Django reads it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
