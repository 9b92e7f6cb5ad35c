#!/usr/bin/env bash
# The production stack on one machine: nginx -> two pools of two gunicorns (signed-in requests;
# anonymous page views), two task workers, PostgreSQL, Redis and moto's S3 server, supervised
# by honcho (deploy/Procfile.stack).
#   deploy/stack.sh up      prepare, then run in the foreground (make stack; Ctrl-C stops it)
#   deploy/stack.sh start   prepare, then run in the background (make stack-test)
#   deploy/stack.sh stop    stop the background stack
set -euo pipefail
cd "$(dirname "$0")/.."

export STACK_DIR="${STACK_DIR:-$PWD/var/stack}"
export STACK_PORT="${STACK_PORT:-8180}"
export STACK_WEB_A_PORT="${STACK_WEB_A_PORT:-8181}"
export STACK_WEB_B_PORT="${STACK_WEB_B_PORT:-8182}"
export STACK_ANON_A_PORT="${STACK_ANON_A_PORT:-8183}"
export STACK_ANON_B_PORT="${STACK_ANON_B_PORT:-8184}"
export STACK_S3_PORT="${STACK_S3_PORT:-8189}"
# Where the stack's mail goes: the checks listen there (an SMTP relay's stand-in).
export STACK_SMTP_PORT="${STACK_SMTP_PORT:-8125}"
export STACK_FORWARDED_PROTO="${STACK_FORWARDED_PROTO:-https}"
STACK_DB="${STACK_DB:-portal_stack}"

write_env() {
    mkdir -p "$STACK_DIR"
    cat > "$STACK_DIR/stack.env" <<ENV
DJANGO_SETTINGS_MODULE=portal.settings.production
SECRET_KEY=${STACK_SECRET_KEY:-stack-only-secret-key-$(hostname)-not-for-real-use-0123456789abcdef}
ALLOWED_HOSTS=localhost,127.0.0.1
DATABASE_URL=${STACK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$STACK_DB}
REDIS_URL=${STACK_REDIS_URL:-redis://127.0.0.1:6379/3}
AWS_STORAGE_BUCKET_NAME=portal-stack
AWS_S3_ENDPOINT_URL=http://127.0.0.1:$STACK_S3_PORT
AWS_S3_REGION_NAME=eu-west-2
AWS_ACCESS_KEY_ID=stack
AWS_SECRET_ACCESS_KEY=stack
ALLAUTH_TRUSTED_PROXY_COUNT=1
SECURE_SSL_REDIRECT=false
SECURE_HSTS_SECONDS=0
STATIC_ROOT=$STACK_DIR/static
BACKUP_ROOT=$STACK_DIR/backups
PROMETHEUS_MULTIPROC_DIR=$STACK_DIR/metrics
METRICS_TOKEN=${METRICS_TOKEN:-stack-metrics-token}
LOG_FORMAT=json
EMAIL_HOST=127.0.0.1
EMAIL_PORT=$STACK_SMTP_PORT
ROUNDUP_BATCH_SIZE=10
ROUNDUP_RATE_PER_MINUTE=300
ROUNDUP_STALL_SECONDS=5
ROUNDUP_BASE_URL=http://localhost:$STACK_PORT
WAGTAILADMIN_BASE_URL=http://localhost:$STACK_PORT
STACK_DIR=$STACK_DIR
STACK_PORT=$STACK_PORT
STACK_WEB_A_PORT=$STACK_WEB_A_PORT
STACK_WEB_B_PORT=$STACK_WEB_B_PORT
STACK_ANON_A_PORT=$STACK_ANON_A_PORT
STACK_ANON_B_PORT=$STACK_ANON_B_PORT
STACK_S3_PORT=$STACK_S3_PORT
STACK_SMTP_PORT=$STACK_SMTP_PORT
ENV
}

ensure_services() {
    command -v nginx >/dev/null || {
        echo "Installing Debian's nginx"
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light
    }
    if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
        version="$(ls /etc/postgresql | sort -V | tail -1)"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start
        for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
    fi
    if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
        command -v redis-server >/dev/null || {
            apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server
        }
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379
        for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
    fi
}

prepare() {
    ensure_services
    write_env
    if [ -z "${STACK_DATABASE_URL:-}" ]; then
        psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$STACK_DB'" \
            | grep -q 1 || psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $STACK_DB"
    fi
    rm -rf "$STACK_DIR/metrics" && mkdir -p "$STACK_DIR/metrics" "$STACK_DIR/backups"
    sed -e "s#\${STACK_DIR}#$STACK_DIR#g" -e "s#\${STACK_PORT}#$STACK_PORT#g" \
        -e "s#\${STACK_WEB_A_PORT}#$STACK_WEB_A_PORT#g" -e "s#\${STACK_WEB_B_PORT}#$STACK_WEB_B_PORT#g" \
        -e "s#\${STACK_ANON_A_PORT}#$STACK_ANON_A_PORT#g" -e "s#\${STACK_ANON_B_PORT}#$STACK_ANON_B_PORT#g" \
        -e "s#\${STACK_FORWARDED_PROTO}#$STACK_FORWARDED_PROTO#g" \
        deploy/nginx.conf.template > "$STACK_DIR/nginx.conf"
    # What every release runs (see the README's Deployment section).
    set -a; . "$STACK_DIR/stack.env"; set +a
    .venv/bin/python manage.py migrate --noinput -v 0
    .venv/bin/python manage.py collectstatic --noinput -v 0
    .venv/bin/python manage.py schedule_periodic_tasks
}

case "${1:-up}" in
    up)
        prepare
        exec .venv/bin/honcho -f deploy/Procfile.stack -e "$STACK_DIR/stack.env" -d . start
        ;;
    start)
        prepare
        setsid .venv/bin/honcho -f deploy/Procfile.stack -e "$STACK_DIR/stack.env" -d . start \
            > "$STACK_DIR/honcho.log" 2>&1 &
        echo $! > "$STACK_DIR/honcho.pid"
        # Healthy through nginx, and every gunicorn of both pools answering for itself.
        for _ in $(seq 1 120); do
            healthy=yes
            for port in "$STACK_PORT" "$STACK_WEB_A_PORT" "$STACK_WEB_B_PORT" \
                "$STACK_ANON_A_PORT" "$STACK_ANON_B_PORT"; do
                curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null \
                    || { healthy=no; break; }
            done
            [ "$healthy" = yes ] && grep -q "bucket portal-stack ready" "$STACK_DIR/honcho.log" \
                && exit 0
            sleep 1
        done
        echo "The stack did not become healthy:"; tail -50 "$STACK_DIR/honcho.log"; exit 1
        ;;
    stop)
        if [ -f "$STACK_DIR/honcho.pid" ]; then
            kill -TERM "-$(cat "$STACK_DIR/honcho.pid")" 2>/dev/null || true
            rm -f "$STACK_DIR/honcho.pid"
        fi
        ;;
    *) echo "usage: $0 up|start|stop"; exit 2 ;;
esac
