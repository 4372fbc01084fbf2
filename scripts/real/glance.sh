#!/bin/bash
# A real Glance (Debian 12's glance-api, zed) on 127.0.0.1:19292 storing images in the Ceph of
# scripts/real/ceph.sh, registered in the Keystone of scripts/real/cinder.sh, so that Cinder's RBD
# backend makes a volume from an image as a copy-on-write clone (images/<id>@snap) and the
# dashboard finds the image service in the same catalog as Cinder.
#   up:   start it (or find it running) and print KEY=value lines; exit 3 without the packages.
#   down: stop what up started and delete its state (the images' RBD data goes with ceph.sh down).
# Needs the lines of ceph.sh up (CEPH_CONF, CEPH_USER) and of cinder.sh up (KEYSTONE_URL,
# CINDER_ADMIN_PASSWORD) in the environment: scripts/test.sh starts ceph, cinder, then glance.
# Learned on Debian 12 (see ../shared/recipes/glance-ci.sh):
# - oslo.config has no inline comments ("workers = 0  # x" is the value "0  # x"): comments above;
# - glance_store's RBD driver has no keyring option: librados finds the key through the conf;
# - Cinder clones only when Glance shows direct_url (show_image_direct_url) and the image is raw;
# - deleting an image that still has cloned volumes answers 409 and leaves it active.
# Ready means an image can be written: the healthcheck answers and the cephx user lists the pool.
set -euo pipefail
STATE=${VIRTDASH_GLANCE_STATE:-/tmp/virtdash-glance}
PORT=${VIRTDASH_GLANCE_PORT:-19292}
POOL=images
URL=http://127.0.0.1:$PORT
CONF=$STATE/glance-api.conf
PY=/usr/bin/python3
# Ready in about 6 s on a quiet machine; the fresh-machine check, which starts it under a load
# average of 20-30, saw db_sync and the first answer take over 60 s.
TIMEOUT=${VIRTDASH_GLANCE_TIMEOUT:-240}

log() { echo "glance.sh: $*" >&2; }
pid() { cat "$STATE/glance-api.pid" 2>/dev/null; }
alive() { local p; p=$(pid) && [ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = glance-api ]; }
# The process just started still runs (not a zombie). Not alive(): until setsid has exec'd
# glance-api its name is still setsid's or bash's, and on a loaded machine the start loop looked
# in that window and reported a starting glance-api as exited (seen in the fresh-machine check).
running() { local p; p=$(pid) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null; }
healthy() { [ "$(curl -s -m 5 "$URL/healthcheck" 2>/dev/null)" = OK ]; }

print_env() {
  echo "GLANCE_URL=$URL"
  echo "GLANCE_RBD_POOL=$POOL"
  echo "GLANCE_LOG=$STATE/log/glance-api.log"
}

# User glance (admin in project service), service glance of type image and its three endpoints,
# replacing any earlier image endpoints (Cinder takes the first image entry of the catalog).
register() {
  AUTH_URL=$KEYSTONE_URL ADMIN_PASSWORD=$CINDER_ADMIN_PASSWORD URL=$URL PW=$1 $PY - <<'P'
import json, os, urllib.request
E = os.environ; A = E['AUTH_URL'].rstrip('/'); tok = None
def call(method, path, body=None):
    r = urllib.request.Request(A + path, method=method, data=None if body is None else json.dumps(body).encode(),
                               headers={'Content-Type': 'application/json', **({'X-Auth-Token': tok} if tok else {})})
    with urllib.request.urlopen(r, timeout=30) as resp:
        data = resp.read()
        return resp.headers, (json.loads(data) if data else None)
def first(path, key):
    items = call('GET', path)[1][key]
    return items[0] if items else None
dom = {'id': 'default'}
h, _ = call('POST', '/auth/tokens', {'auth': {
    'identity': {'methods': ['password'], 'password': {'user': {'name': 'admin', 'domain': dom, 'password': E['ADMIN_PASSWORD']}}},
    'scope': {'project': {'name': 'admin', 'domain': dom}}}})
tok = h['X-Subject-Token']
proj = first('/projects?domain_id=default&name=service', 'projects')
user = first('/users?domain_id=default&name=glance', 'users')
if user:
    call('PATCH', '/users/' + user['id'], {'user': {'password': E['PW']}})
else:
    user = call('POST', '/users', {'user': {'name': 'glance', 'domain_id': 'default', 'password': E['PW']}})[1]['user']
role = first('/roles?name=admin', 'roles')
call('PUT', '/projects/%s/users/%s/roles/%s' % (proj['id'], user['id'], role['id']))
svcs = call('GET', '/services?type=image')[1]['services']
svc = svcs[0] if svcs else call('POST', '/services', {'service': {'type': 'image', 'name': 'glance'}})[1]['service']
for s in svcs:
    for ep in call('GET', '/endpoints?service_id=' + s['id'])[1]['endpoints']:
        call('DELETE', '/endpoints/' + ep['id'])
for i in ('public', 'internal', 'admin'):
    call('POST', '/endpoints', {'endpoint': {'service_id': svc['id'], 'interface': i, 'url': E['URL'], 'region_id': 'RegionOne'}})
P
}

down() {
  local p
  if alive; then
    p=$(pid); kill "$p"
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && { log "glance-api did not stop in 10 s, killing"; kill -9 "$p" 2>/dev/null || true; }
  fi
  rm -rf "$STATE"
}

up() {
  local b missing=()
  for b in glance-api glance-manage rbd curl; do command -v "$b" >/dev/null || missing+=("$b"); done
  $PY -c 'import rbd, rados, glance_store' 2>/dev/null || missing+=("python3-rbd python3-rados python3-glance-store")
  if ((${#missing[@]})); then log "missing ${missing[*]} (install glance-api ceph-common, see .ci/packages)"; exit 3; fi
  [ -n "${CEPH_CONF:-}" ] && [ -r "$CEPH_CONF" ] || { log "no CEPH_CONF: start scripts/real/ceph.sh first and export its lines"; exit 1; }
  [ -n "${KEYSTONE_URL:-}" ] && [ -n "${CINDER_ADMIN_PASSWORD:-}" ] || { log "no KEYSTONE_URL: start scripts/real/cinder.sh first and export its lines"; exit 1; }
  local user=${CEPH_USER:-cinder}
  if alive && healthy && grep -qxF "# ceph: $CEPH_CONF" "$CONF" 2>/dev/null; then
    # Keystone may have been started afresh since: register again.
    register "$(sed -n 's/^password = //p' "$CONF")"
    print_env; return 0
  fi
  down
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then log "127.0.0.1:$PORT is taken by another program; set VIRTDASH_GLANCE_PORT"; exit 1; fi
  # Fails here with Ceph's own words when the user cannot reach the pool (Glance would only fail at upload).
  timeout 30 rbd --id "$user" ls "$POOL" >/dev/null || { log "rbd --id $user ls $POOL failed"; exit 1; }
  local t0=$SECONDS pw
  mkdir -p "$STATE"/{log,lock,staging}
  pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  cat >"$CONF" <<C
# ceph: $CEPH_CONF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $PORT
# one process: one pid to stop, no forked worker per core
workers = 0
log_file = $STATE/log/glance-api.log
# images show direct_url rbd://FSID/POOL/ID/snap, the location Cinder's RBD driver clones from
show_image_direct_url = True
node_staging_uri = file://$STATE/staging
[database]
connection = sqlite:///$STATE/glance.sqlite
[paste_deploy]
config_file = /etc/glance/glance-api-paste.ini
flavor = keystone
[glance_store]
stores = rbd
default_store = rbd
rbd_store_pool = $POOL
rbd_store_user = $user
rbd_store_ceph_conf = $CEPH_CONF
# all-zero chunks are not written: sparse images stay sparse in the OSD's memory
rbd_thin_provisioning = True
[oslo_concurrency]
lock_path = $STATE/lock
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
username = glance
password = $pw
project_name = service
user_domain_id = default
project_domain_id = default
token_cache_time = 2
C
  glance-manage --config-file "$CONF" db_sync >"$STATE/log/dbsync.log" 2>&1
  # Without WAL two requests at once answer 500 "database is locked".
  $PY -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL')" "$STATE/glance.sqlite"
  register "$pw"
  setsid glance-api --config-file "$CONF" >>"$STATE/log/start.log" 2>&1 </dev/null &
  echo $! >"$STATE/glance-api.pid"
  until healthy; do
    running || { log "glance-api exited; see $STATE/log"; tail -n 20 "$STATE/log/start.log" "$STATE/log/glance-api.log" >&2 2>/dev/null; exit 1; }
    (( SECONDS - t0 > TIMEOUT )) && { log "$URL/healthcheck did not answer OK within ${TIMEOUT}s; see $STATE/log"; tail -n 20 "$STATE/log/start.log" "$STATE/log/glance-api.log" >&2 2>/dev/null; exit 1; }
    sleep 0.2
  done
  log "ready in $((SECONDS - t0)) s"
  print_env
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
