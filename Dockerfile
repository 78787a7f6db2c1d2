# The portal's production image: the migrate step, gunicorn, the Celery worker and beat all
# run from it. Translations are compiled and static files collected here, at build, so
# every process of the image has them.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media \
    STATIC_ROOT=/app/staticfiles \
    TZ=Asia/Bishkek

# WeasyPrint's libraries (Pango, HarfBuzz) and fonts with Cyrillic for the PDFs;
# postgresql-client for pg_dump/pg_restore (backups; bookworm's 15 matches postgres:15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libfontconfig1 fonts-dejavu-core fonts-liberation shared-mime-info \
        postgresql-client tzdata \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The exact versions of requirements.lock, each checked against its hash (`make lock`).
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .
# Build-time settings only: production settings need a secret and a host to load at all;
# nothing here is kept in the image's environment.
RUN DEBUG=false ALLOWED_HOSTS=build SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
        MFA_ENCRYPTION_KEY=build-only-not-a-secret-build-only-not-a-secret \
        VAR_DIR=/tmp/build-var sh -c \
        'python manage.py compile_translations -v0 && python manage.py collectstatic --noinput -v0' \
    && rm -rf /tmp/build-var \
    && useradd --create-home --uid 1000 eged \
    && mkdir -p /app/var/media /app/var/beat /app/var/backups \
    && chown -R eged:eged /app/var
USER eged

EXPOSE 8000
CMD ["gunicorn", "eged_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "8"]
