# The servicedesk bot: slim, runs as an unprivileged user, answers a health check.
#   docker build -t servicedesk .
#   docker run --env-file .env -v servicedesk-data:/data servicedesk            (Socket Mode)
#   docker run --env-file .env -p 3000:3000 servicedesk run --http              (HTTP mode)
# See README, "Running it as a service".

FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY kb ./kb
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[postgres]'

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    XDG_DATA_HOME=/data \
    ANNOUNCEMENTS_DIR=/data/announcements \
    PORT=3000 \
    METRICS_PORT=9102
RUN useradd --system --uid 10001 --user-group --home-dir /data --create-home servicedesk \
 && mkdir -p /data/announcements && chown -R servicedesk:servicedesk /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY deploy/healthcheck.py /usr/local/bin/servicedesk-healthcheck
USER servicedesk
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000 9102
# Socket Mode answers /healthz on METRICS_PORT, HTTP mode on PORT; 200 while the database answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "/usr/local/bin/servicedesk-healthcheck"]
# SIGTERM makes the bot stop in order within 10 s (Docker's default grace period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["servicedesk"]
CMD ["run"]
