# The production image: the wheel installed without extras (the build compiles the Vietnamese catalogue),
# static files collected at build, a non-root user. scripts/vinhdanh.sh holds the steps; make prod-check
# runs the same script against the same wheel, so CI proves what this image does.
FROM python:3.11-slim-bookworm AS wheel
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

FROM python:3.11-slim-bookworm
# WeasyPrint's Pango/HarfBuzz and Liberation Serif 2 (Times metrics, full Vietnamese) for the documents.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*
ENV PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    DJANGO_STATIC_ROOT=/app/static \
    DJANGO_MEDIA_ROOT=/data/media \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    BEAT_SCHEDULE_FILE=/tmp/celerybeat-schedule \
    BIND=0.0.0.0:8000
COPY --from=wheel /dist/ /tmp/dist/
RUN pip install --no-cache-dir /tmp/dist/vinhdanh-*.whl && rm -rf /tmp/dist
COPY scripts/vinhdanh.sh /usr/local/bin/vinhdanh
# Settings must load to collect static files: throwaway keys and host, used for nothing else.
RUN DJANGO_SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    VINHDANH_AUDIT_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    DJANGO_ALLOWED_HOSTS=localhost vinhdanh build
RUN useradd --create-home --uid 1000 vinhdanh && mkdir -p /data/media && chown vinhdanh /data/media
USER vinhdanh
WORKDIR /home/vinhdanh
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 CMD ["vinhdanh", "health"]
# web: migrations, then gunicorn. The same image runs `vinhdanh worker` and `vinhdanh beat`.
CMD ["vinhdanh", "web"]
