# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango; fonts for the PDFs ship with the application.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml requirements.lock ./
COPY uppfoljning ./uppfoljning
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

RUN useradd --system --home /app uppfoljning && chown -R uppfoljning /app
USER uppfoljning
EXPOSE 8000
CMD ["gunicorn", "uppfoljning.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
