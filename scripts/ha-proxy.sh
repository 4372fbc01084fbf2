#!/bin/bash
# nginx balancing round-robin over two dashboard instances, for the HA test (e2e/ha.spec.ts, a step
# of scripts/test.sh). Not in scripts/real/: the instances behind it are the test's own.
#   up:   start it (or find it running) and print KEY=value lines; exit 3 without the packages.
#   down: stop what up started.
# Every answer carries X-Upstream (the instance that served it), so the test can see both serve.
# A refused connection (a killed instance) passes the request to the other instance; nginx does
# that for a POST too, because nothing of the request was sent.
set -euo pipefail
STATE=${VIRTDASH_HA_STATE:-/tmp/virtdash-ha-proxy}
PORT=${HA_PROXY_PORT:-3420}
UPSTREAMS=${HA_UPSTREAM_PORTS:-"3421 3422"}

need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "$1" ] || { echo "ha-proxy.sh: $1 missing (install it from .ci/packages)" >&2; exit 3; }; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

print_env() {
  echo "HA_URL=http://127.0.0.1:$PORT"
  echo "HA_UPSTREAM_PORTS=$(echo $UPSTREAMS | tr ' ' ,)"
}

fail() { echo "ha-proxy.sh: $*" >&2; down; exit 1; }

up() {
  need nginx; need curl; need /usr/bin/python3
  mkdir -p "$STATE/tmp"
  if [ -f "$STATE/nginx.pid" ] && kill -0 "$(cat "$STATE/nginx.pid")" 2>/dev/null; then print_env; return; fi
  local servers=""
  for p in $UPSTREAMS; do servers="$servers    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;
"; done
  cat > "$STATE/nginx.conf" <<C
worker_processes 1;
pid $STATE/nginx.pid;
error_log $STATE/error.log warn;
daemon on;
events { worker_connections 512; }
http {
  access_log $STATE/access.log;
  client_body_temp_path $STATE/tmp/body;
  proxy_temp_path $STATE/tmp/proxy;
  fastcgi_temp_path $STATE/tmp/fastcgi;
  uwsgi_temp_path $STATE/tmp/uwsgi;
  scgi_temp_path $STATE/tmp/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream virtdash {
$servers  }
  server {
    listen 127.0.0.1:$PORT;
    client_max_body_size 0;
    location / {
      proxy_pass http://virtdash;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      proxy_buffering off;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
C
  "$NGINX" -t -q -c "$STATE/nginx.conf" -p "$STATE" 2>"$STATE/test.log" || { cat "$STATE/test.log" >&2; exit 1; }
  "$NGINX" -c "$STATE/nginx.conf" -p "$STATE"
  for _ in $(seq 100); do [ -f "$STATE/nginx.pid" ] && break; sleep 0.05; done
  [ -f "$STATE/nginx.pid" ] || fail "nginx did not start; its error log says: $(tail -n 1 "$STATE/error.log" 2>/dev/null)"
  balances
  print_env
}

# Ready means what the test does works: requests through nginx reach EVERY upstream port in turn.
# The dashboards are not running yet (the test starts them), so a one-file HTTP server stands in
# on each upstream port, each answering its own port number.
balances() {
  local probes=() p
  for p in $UPSTREAMS; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then fail "127.0.0.1:$p (a dashboard's port behind nginx) is taken by another program"; fi
    mkdir -p "$STATE/probe-$p"
    echo "$p" >"$STATE/probe-$p/ready.txt"
    /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$STATE/probe-$p" "$p" >"$STATE/probe-$p.log" 2>&1 &
    probes+=($!)
  done
  # Each stand-in answers directly first (else nginx counts it failed and skips it for a while).
  for p in $UPSTREAMS; do
    for _ in $(seq 100); do curl -s --max-time 2 "http://127.0.0.1:$p/ready.txt" >/dev/null 2>&1 && break; sleep 0.1; done
  done
  local seen="" body want
  want=$(echo $UPSTREAMS | tr ' ' '\n' | sort -u | tr '\n' ' ')
  # Up to 20 s: the stand-ins' start, then requests through nginx until each port has answered.
  for _ in $(seq 100); do
    body=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/ready.txt" 2>"$STATE/curl.err") || body=""
    # Only a port number counts: nginx's own 502 page (a stand-in not up yet) does not.
    seen=$(printf '%s\n%s\n' "$seen" "$body" | tr ' ' '\n' | { grep -E '^[0-9]+$' || true; } | sort -u | tr '\n' ' ')
    [ "$seen" = "$want" ] && break
    sleep 0.2
  done
  for p in "${probes[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ "$seen" = "$want" ] || fail "requests through nginx on port $PORT reached ports '${seen}' of '${want}' within 20 s. curl said: $(cat "$STATE/curl.err"); nginx's error log says: $(tail -n 1 "$STATE/error.log" 2>/dev/null)"
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
