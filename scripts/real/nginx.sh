#!/bin/bash
# nginx terminating TLS (self-signed certificate) in front of a dashboard on 127.0.0.1, for the
# console e2e run through a reverse proxy (e2e/console-tls.spec.ts, last step of scripts/test.sh).
#   up:   start it (or find it running) and print KEY=value lines; exit 3 without the packages.
#   down: stop what up started.
# The proxy passes WebSocket upgrades and sets X-Forwarded-Proto/Host/For, and sends the
# upstream its own Host: the dashboard (TRUST_PROXY=1) must accept the console's Origin from the
# forwarded headers, the case users of other dashboards most often report broken.
set -euo pipefail
STATE=${VIRTDASH_NGINX_STATE:-/tmp/virtdash-nginx}
PORT=${VIRTDASH_NGINX_PORT:-8443}
UPSTREAM_PORT=${VIRTDASH_NGINX_UPSTREAM_PORT:-3414}

need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "$1" ] || { echo "nginx.sh: $1 missing (install nginx from .ci/packages)" >&2; exit 3; }; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

print_env() {
  echo "NGINX_URL=https://127.0.0.1:$PORT"
  echo "NGINX_UPSTREAM_PORT=$UPSTREAM_PORT"
}

up() {
  need nginx; need openssl; need curl; need /usr/bin/python3
  mkdir -p "$STATE/tmp"
  if [ -f "$STATE/nginx.pid" ] && kill -0 "$(cat "$STATE/nginx.pid")" 2>/dev/null; then print_env; return; fi
  if [ ! -f "$STATE/cert.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$STATE/key.pem" -out "$STATE/cert.pem" 2>/dev/null
  fi
  cat > "$STATE/nginx.conf" <<C
worker_processes 1;
pid $STATE/nginx.pid;
error_log $STATE/error.log warn;
daemon on;
events { worker_connections 256; }
http {
  access_log $STATE/access.log;
  client_body_temp_path $STATE/tmp/body;
  proxy_temp_path $STATE/tmp/proxy;
  fastcgi_temp_path $STATE/tmp/fastcgi;
  uwsgi_temp_path $STATE/tmp/uwsgi;
  scgi_temp_path $STATE/tmp/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:$PORT ssl;
    ssl_certificate $STATE/cert.pem;
    ssl_certificate_key $STATE/key.pem;
    client_max_body_size 0;
    location / {
      proxy_pass http://127.0.0.1:$UPSTREAM_PORT;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      proxy_buffering off;
    }
  }
}
C
  "$NGINX" -t -q -c "$STATE/nginx.conf" -p "$STATE" 2>"$STATE/test.log" || { cat "$STATE/test.log" >&2; exit 1; }
  "$NGINX" -c "$STATE/nginx.conf" -p "$STATE"
  for _ in $(seq 100); do [ -f "$STATE/nginx.pid" ] && break; sleep 0.05; done
  [ -f "$STATE/nginx.pid" ] || fail "nginx did not start; its error log says: $(tail -n 1 "$STATE/error.log" 2>/dev/null)"
  passes_through
  print_env
}

fail() { echo "nginx.sh: $*" >&2; down; exit 1; }

# Ready means what the test does works: a TLS request, verified against our certificate for
# 127.0.0.1, reaches the upstream port and its answer comes back. The dashboard is not running yet
# (the test starts it), so a one-file HTTP server stands in on the upstream port for this check.
passes_through() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$UPSTREAM_PORT") 2>/dev/null; then
    fail "127.0.0.1:$UPSTREAM_PORT (the dashboard's port behind nginx) is taken by another program"
  fi
  local token probe body=""
  token=$(openssl rand -hex 8)
  mkdir -p "$STATE/probe"
  echo "$token" >"$STATE/probe/ready.txt"
  /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$STATE/probe" "$UPSTREAM_PORT" >"$STATE/probe.log" 2>&1 &
  probe=$!
  # Up to 20 s: the stand-in's start, then the request through nginx.
  for _ in $(seq 100); do
    body=$(curl -s --max-time 5 --cacert "$STATE/cert.pem" "https://127.0.0.1:$PORT/ready.txt" 2>"$STATE/curl.err") && [ "$body" = "$token" ] && break
    body=""
    sleep 0.2
  done
  kill "$probe" 2>/dev/null || true
  wait "$probe" 2>/dev/null || true
  [ "$body" = "$token" ] || fail "a TLS request through nginx did not reach 127.0.0.1:$UPSTREAM_PORT within 20 s. curl said: $(cat "$STATE/curl.err"); nginx's error log says: $(tail -n 1 "$STATE/error.log" 2>/dev/null)"
}

down() {
  if [ -f "$STATE/nginx.pid" ]; then
    kill "$(cat "$STATE/nginx.pid")" 2>/dev/null || true
    rm -f "$STATE/nginx.pid"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
