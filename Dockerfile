# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint's libraries, from the one list `make system-deps` and CI use too;
# fonts for the PDFs ship with the application.
COPY deploy/debian-run.txt /tmp/debian-run.txt
RUN apt-get update \
    && grep -v '^\s*\(#\|$\)' /tmp/debian-run.txt \
       | xargs apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/* /tmp/debian-run.txt

WORKDIR /app
COPY pyproject.toml requirements.lock ./
COPY uppfoljning ./uppfoljning
COPY administration ./administration
COPY ramavtal ./ramavtal
COPY leverantorer ./leverantorer
COPY arenden ./arenden
COPY rapporter ./rapporter
RUN pip install -c requirements.lock .
COPY . .

# collectstatic with the production (manifest) storage; these values only let
# the settings import, nothing connects to them.
RUN APP_ENV=production \
    SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build \
    CELERY_BROKER_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

# var/media holds uploaded logos and the frozen PDFs: it must exist and be the
# app user's before the named volume is mounted there (Docker copies its owner).
RUN useradd --system --home /app uppfoljning \
    && mkdir -p /app/var/media \
    && chown -R uppfoljning /app
USER uppfoljning
EXPOSE 8000
CMD ["gunicorn", "uppfoljning.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
