# Strategia's app server image: gunicorn with config/gunicorn.conf.py on port 8000.
# Not built on the development machine (no Docker engine there): see docs/deployment.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STRATEGIA_VAR_DIR=/var/lib/strategia \
    GUNICORN_BIND=0.0.0.0:8000

# WeasyPrint (PDF reports) needs Pango; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --home /srv/strategia strategia
WORKDIR /srv/strategia
COPY pyproject.toml README.md LICENSE ./
COPY config ./config
COPY strategia ./strategia
COPY manage.py ./
RUN pip install --no-cache-dir -e . \
    && DEBUG=1 python manage.py compilemessages --ignore=.venv \
    && mkdir -p "$STRATEGIA_VAR_DIR" \
    && DEBUG=1 python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R strategia "$STRATEGIA_VAR_DIR"

USER strategia
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["gunicorn", "--config", "config/gunicorn.conf.py"]
