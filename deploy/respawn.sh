#!/usr/bin/env bash
# Run a command and start it again whenever it dies, as systemd's Restart=always would; stop it
# on TERM/INT. The stack's checks kill -9 processes and expect them back.
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
while true; do
    "$@" &
    child=$!
    echo "$child" > "${PIDFILE:-/dev/null}"
    wait "$child"
    sleep 0.5
done
