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

need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || { echo "nginx.sh: $1 missing (install nginx from .ci/packages)" >&2; exit 3; }; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

print_env() {
  echo "NGINX_URL=https://127.0.0.1:$PORT"
  echo "NGINX_UPSTREAM_PORT=$UPSTREAM_PORT"
}

up() {
  need nginx; need openssl
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
  [ -f "$STATE/nginx.pid" ] || { echo "nginx.sh: nginx did not start, see $STATE/error.log" >&2; exit 1; }
  print_env
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
