# The portal's production image: gunicorn, Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint's libraries (Pango, HarfBuzz) and fonts with Cyrillic for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libfontconfig1 fonts-dejavu-core fonts-liberation shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
RUN useradd --create-home --uid 1000 eged \
    && mkdir -p /app/var/media /app/var/static /app/var/beat \
    && chown -R eged:eged /app/var /app/locale
USER eged

EXPOSE 8000
CMD ["gunicorn", "eged_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
