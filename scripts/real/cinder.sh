#!/bin/bash
# A real Keystone + Cinder (API, scheduler, volume service) + RabbitMQ on 127.0.0.1, from Debian's
# packages, for test/real/cinder.test.ts and test/real/cinder.contract.test.ts.
#   up:   start them (or find them running) and print KEY=value lines; exit 3 without the packages.
#   down: stop what up started (RabbitMQ's epmd included).
# What the tests get:
#   - Keystone v3 on :5000 (sqlite, fernet tokens): admin/ADMIN_PASSWORD in project admin, and the
#     users virtdash and virtdash-contract (role member) in the projects of those names; the catalog has a
#     volumev3 service whose endpoints are http://127.0.0.1:8776/v3/%(project_id)s.
#   - cinder-api on :8776 with auth_strategy = keystone (keystonemiddleware auth_token against that
#     Keystone), and a second cinder-api on :8786 with auth_strategy = noauth (the development-cloud
#     mode; token "user:project", project ids must be hex), both on one database and one RabbitMQ.
#   - cinder-scheduler and cinder-volume with a no-op driver (Cinder's own FakeLoggingVolumeDriver
#     plus extend and revert), so volumes really go creating → available through RPC.
# Learned on Debian 12 (see ../shared/recipes): Keystone on sqlite needs WAL or it answers 500
# "database is locked"; volumes leave "creating" only with RabbitMQ + scheduler + volume service
# running; the LVM-derived fake driver cannot extend on its own. Cinder's four processes on one
# sqlite file answer 500 "database is locked" as soon as two clients create volumes at once (a
# quota reservation reads, then writes), so Cinder's database is a private PostgreSQL; Keystone,
# one process, stays on sqlite. PATH's python3 may not be Debian's: Cinder's modules live under
# /usr/bin/python3 only.
set -euo pipefail
STATE=${VIRTDASH_CINDER_STATE:-/tmp/virtdash-cinder}
KS_PORT=${VIRTDASH_KEYSTONE_PORT:-5000}
API_PORT=${VIRTDASH_CINDER_PORT:-8776}
NOAUTH_PORT=${VIRTDASH_CINDER_NOAUTH_PORT:-8786}
AMQP_PORT=${VIRTDASH_RABBIT_PORT:-5672}
EPMD_PORT=${VIRTDASH_EPMD_PORT:-4369}
DIST_PORT=${VIRTDASH_RABBIT_DIST_PORT:-25672}
PG_PORT=${VIRTDASH_CINDER_PG_PORT:-55439}
ADMIN_PASSWORD=ci-admin-secret
USER_PASSWORD=ci-virtdash-secret
SERVICE_PASSWORD=ci-cinder-secret
# The libvirt secret (usage type ceph) that Cinder's RBD connection info names; the dashboard or a
# test defines it on the libvirt host from CEPH_USER_KEY.
RBD_SECRET_UUID=5eed0000-cef0-4000-8000-0000000000cb
# The noauth project: any id works, but Cinder's noauth middleware wants hex.
NOAUTH_PROJECT=5eed0000c1d0000000000000000000aa
PY=/usr/bin/python3
RABBIT_BIN=/usr/lib/rabbitmq/bin
DAEMONS="cinder-api cinder-api-noauth cinder-scheduler cinder-volume keystone"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

need() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || { echo "cinder.sh: $1 missing (install the Cinder/Keystone packages in .ci/packages)" >&2; exit 3; }; }

ts() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(ts)" 'BEGIN { printf "%.1f", b - a }'; }
log() { echo "cinder.sh: $*" >&2; }

rabbit_env() {
  export HOME=$STATE/rabbit RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$AMQP_PORT RABBITMQ_DIST_PORT=$DIST_PORT ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$EPMD_PORT \
    RABBITMQ_MNESIA_BASE=$STATE/rabbit/mnesia RABBITMQ_LOG_BASE=$STATE/rabbit/log \
    RABBITMQ_CONFIG_FILE=$STATE/rabbit/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=$STATE/rabbit/enabled_plugins \
    RABBITMQ_CONF_ENV_FILE=$STATE/rabbit/env.conf \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

print_env() {
  # shellcheck disable=SC1091
  . "$STATE/ids.env"
  echo "KEYSTONE_URL=http://127.0.0.1:$KS_PORT/v3"
  echo "CINDER_URL=http://127.0.0.1:$API_PORT"
  echo "CINDER_USER=virtdash"
  echo "CINDER_PASSWORD=$USER_PASSWORD"
  echo "CINDER_PROJECT=virtdash"
  echo "CINDER_PROJECT_ID=$PROJECT_ID"
  echo "CINDER_CONTRACT_USER=virtdash-contract"
  echo "CINDER_CONTRACT_PROJECT=virtdash-contract"
  echo "CINDER_USER_DOMAIN=Default"
  echo "CINDER_PROJECT_DOMAIN=Default"
  echo "CINDER_ADMIN_USER=admin"
  echo "CINDER_ADMIN_PASSWORD=$ADMIN_PASSWORD"
  echo "CINDER_ADMIN_PROJECT=admin"
  echo "CINDER_NOAUTH_URL=http://127.0.0.1:$NOAUTH_PORT"
  echo "CINDER_NOAUTH_PROJECT=$NOAUTH_PROJECT"
  if [ -n "${CEPH_CONF:-}" ]; then
    echo "CINDER_RBD_TYPE=ceph"
    echo "CINDER_RBD_SECRET_UUID=$RBD_SECRET_UUID"
  fi
}

# 0 when every daemon of a previous up still runs and answers.
running() {
  [ -f "$STATE/ids.env" ] || return 1
  # One started without (or with another) Ceph has not the RBD backend the tests expect.
  if [ -n "${CEPH_CONF:-}" ]; then grep -qxF "rbd_ceph_conf = $CEPH_CONF" "$STATE/cinder.conf" || return 1; fi
  for d in $DAEMONS rabbit; do
    [ -f "$STATE/$d.pid" ] && kill -0 "$(cat "$STATE/$d.pid")" 2>/dev/null || return 1
  done
  as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg/data" status >/dev/null 2>&1 || return 1
  curl -sf -o /dev/null "http://127.0.0.1:$KS_PORT/v3" || return 1
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$API_PORT/")" = 300 ] || return 1
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NOAUTH_PORT/")" = 300 ] || return 1
  scheduler_knows_pool || return 1
}

# Each daemon gets its own session (setsid), so down can stop it with all its children (the
# cinder-api worker, erl_child_setup…) by process group, and nothing else.
spawn() {
  local name=$1; shift
  setsid "$@" >"$STATE/log/$name.out" 2>&1 < /dev/null &
  echo $! >"$STATE/$name.pid"
}

# The last line in these logs that says something went wrong (what an operator would look for).
last_error() {
  local f line
  for f in "$@"; do
    [ -f "$f" ] || continue
    line=$(grep -E 'ERROR|CRITICAL|Traceback|No valid backend|refused|[Ee]rror:' "$f" | tail -n 1 || true)
    [ -n "$line" ] && echo "$f: $line"
  done
}

wait_for() { # seconds, what, logs that would show why (space-separated, names under $STATE/log), command...
  local limit=$1 what=$2 logs=$3; shift 3
  local deadline=$(( $(date +%s) + limit )) f paths=()
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for f in $logs; do paths+=("$STATE/log/$f"); done
      log "$what: not ready within ${limit}s; logs in $STATE/log"
      [ ${#paths[@]} -eq 0 ] || log "what they say: $(last_error "${paths[@]}" | tr '\n' ' ')"
      return 1
    fi
    sleep 0.2
  done
}

http_is() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$2")" = "$1" ]; }

start_rabbit() {
  mkdir -p "$STATE/rabbit/mnesia" "$STATE/rabbit/log"
  printf 'listeners.tcp.1 = 127.0.0.1:%s\n' "$AMQP_PORT" >"$STATE/rabbit/rabbitmq.conf"
  echo '[].' >"$STATE/rabbit/enabled_plugins"
  : >"$STATE/rabbit/env.conf"
  ( rabbit_env; spawn rabbit "$RABBIT_BIN/rabbitmq-server" )
}

keystone_conf() {
  cat >"$STATE/keystone.conf" <<C
[DEFAULT]
log_dir = $STATE/log
log_file = keystone.log
[database]
connection = sqlite:///$STATE/keystone.sqlite
[identity]
# bcrypt's minimum cost instead of 12: every sign-in hashes the password, and these are test users.
password_hash_rounds = 4
[token]
provider = fernet
[fernet_tokens]
key_repository = $STATE/fernet-keys
[fernet_receipts]
key_repository = $STATE/fernet-keys
[credential]
key_repository = $STATE/credential-keys
C
}

# db_sync, keys, bootstrap (admin user, admin project, roles admin/member/reader, the identity
# endpoint), then the WSGI server. Runs in the background while RabbitMQ and Cinder's database start.
setup_keystone() {
  local K="keystone-manage --config-file $STATE/keystone.conf"
  $K db_sync >"$STATE/log/keystone-manage.out" 2>&1
  sqlite3 "$STATE/keystone.sqlite" 'PRAGMA journal_mode=WAL;' >/dev/null
  # What fernet_setup and credential_setup write (a staged key 0 and a primary key 1, 32 random
  # bytes in urlsafe base64), without two more keystone-manage start-ups of ~5 s each.
  $PY - "$STATE" <<'P'
import base64, os, sys
for repo in ('fernet-keys', 'credential-keys'):
    path = os.path.join(sys.argv[1], repo)
    os.makedirs(path, mode=0o700)
    for key in ('0', '1'):
        with os.fdopen(os.open(os.path.join(path, key), os.O_WRONLY | os.O_CREAT, 0o600), 'w') as f:
            f.write(base64.urlsafe_b64encode(os.urandom(32)).decode())
P
  $K bootstrap --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-region-id RegionOne \
    --bootstrap-admin-url "http://127.0.0.1:$KS_PORT/v3/" --bootstrap-public-url "http://127.0.0.1:$KS_PORT/v3/" \
    --bootstrap-internal-url "http://127.0.0.1:$KS_PORT/v3/" >>"$STATE/log/keystone-manage.out" 2>&1
  OS_KEYSTONE_CONFIG_DIR=$STATE OS_KEYSTONE_CONFIG_FILES=keystone.conf \
    spawn keystone keystone-wsgi-public --host 127.0.0.1 --port "$KS_PORT"
}

# Runs the Python on stdin after a prelude that gives it call(method, path, body, token) on Keystone
# ($KS) and t, a token of the bootstrap admin ($ADMIN_PASSWORD) scoped to the admin project.
KEYSTONE_PRELUDE=$(cat <<'P'
import json, os, urllib.request
ks = os.environ['KS']
def call(method, path, body=None, token=None):
    req = urllib.request.Request(ks + path, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={'Content-Type': 'application/json', **({'X-Auth-Token': token} if token else {})})
    with urllib.request.urlopen(req) as r:
        text = r.read()
        return r.headers, (json.loads(text) if text else None)
headers, _ = call('POST', '/auth/tokens', {'auth': {
    'identity': {'methods': ['password'], 'password': {'user': {'name': 'admin', 'domain': {'id': 'default'}, 'password': os.environ['ADMIN_PASSWORD']}}},
    'scope': {'project': {'name': 'admin', 'domain': {'id': 'default'}}}}})
t = headers['X-Subject-Token']
P
)
keystone_py() { { printf '%s\n' "$KEYSTONE_PRELUDE"; cat; } | $PY -; }

# Projects, the test user, Cinder's service user and the volumev3 catalog entry, through
# Keystone's own API as the bootstrap admin.
populate_keystone() {
  KS=http://127.0.0.1:$KS_PORT/v3 API=http://127.0.0.1:$API_PORT ADMIN_PASSWORD=$ADMIN_PASSWORD \
    USER_PASSWORD=$USER_PASSWORD SERVICE_PASSWORD=$SERVICE_PASSWORD keystone_py >"$STATE/ids.env" <<'P'
roles = {r['name']: r['id'] for r in call('GET', '/roles', token=t)[1]['roles']}
def project(name):
    return call('POST', '/projects', {'project': {'name': name, 'domain_id': 'default'}}, t)[1]['project']['id']
def user(name, password):
    return call('POST', '/users', {'user': {'name': name, 'password': password, 'domain_id': 'default'}}, t)[1]['user']['id']
def grant(p, u, role):
    call('PUT', f'/projects/{p}/users/{u}/roles/{roles[role]}', token=t)
service_project, main, contract = project('service'), project('virtdash'), project('virtdash-contract')
grant(service_project, user('cinder', os.environ['SERVICE_PASSWORD']), 'admin')
# Two users, so that revoking one user's tokens (a test) never touches the other suite's.
grant(main, user('virtdash', os.environ['USER_PASSWORD']), 'member')
grant(contract, user('virtdash-contract', os.environ['USER_PASSWORD']), 'member')
service = call('POST', '/services', {'service': {'type': 'volumev3', 'name': 'cinderv3', 'description': 'Block Storage'}}, t)[1]['service']['id']
for interface in ('public', 'internal', 'admin'):
    call('POST', '/endpoints', {'endpoint': {'service_id': service, 'interface': interface, 'region_id': 'RegionOne',
                                             'url': os.environ['API'] + '/v3/%(project_id)s'}}, t)
print(f'PROJECT_ID={main}')
print(f'CONTRACT_PROJECT_ID={contract}')
P
}

# PostgreSQL refuses to run as root: as the package's postgres user, trust on loopback, no fsync.
as_pg() { runuser -u postgres -- "$@"; }
start_postgres() {
  mkdir -p "$STATE/pg"
  chown postgres:postgres "$STATE/pg"
  as_pg "$PG_BIN/initdb" -D "$STATE/pg/data" -U postgres --auth=trust -E UTF8 >"$STATE/log/initdb.out" 2>&1
  as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/postgres.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$STATE/pg -c fsync=off" start >/dev/null
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres cinder
}

cinder_conf() { # file, auth strategy, port
  cat >"$1" <<C
[DEFAULT]
auth_strategy = $2
transport_url = rabbit://guest:guest@127.0.0.1:$AMQP_PORT/
host = ci
my_ip = 127.0.0.1
state_path = $STATE/cinder
api_paste_config = /etc/cinder/api-paste.ini
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = $3
osapi_volume_workers = 1
enabled_backends = fake,spare$(rbd_backend_name)
# Until a volume service's pools reach the scheduler, its get_pools leaves them out and every create
# on them fails "No valid backend was found". Each backend publishes its pools once at start (lost
# when the scheduler's queue is not there yet; the scheduler's own request at its start is lost when
# the backend's is not) and then every backend_stats_polling_interval (60 s, first run 60 s after
# start, after a periodic_fuzzy_delay of up to 60 s more). Seen in CI: the rbd backend lost both
# start messages and the rig gave up after 60 s. So: publish every 5 s from the start, heartbeat
# every 5 s. (These are [DEFAULT] options; in another section they are silently ignored.)
backend_stats_polling_interval = 5
periodic_interval = 5
periodic_fuzzy_delay = 0
report_interval = 5
[database]
connection = postgresql+psycopg2://postgres@127.0.0.1:$PG_PORT/cinder
[oslo_concurrency]
lock_path = $STATE/lock
[coordination]
backend_url = file://$STATE/cinder
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:$KS_PORT
auth_url = http://127.0.0.1:$KS_PORT
auth_type = password
user_domain_name = Default
project_domain_name = Default
project_name = service
username = cinder
password = $SERVICE_PASSWORD
# Validations are cached for 2 s only (default 300 s), so a token revoked in Keystone is refused
# soon after (the re-sign-in test waits that long), while a burst of calls validates once.
token_cache_time = 2
[fake]
volume_driver = ci_cinder_driver.NoopVolumeDriver
volume_backend_name = fake
# A volume service no volume type schedules to: test/real/cinder-services.test.ts disables and
# enables it (os-services) without taking a backend away from the tests creating volumes.
[spare]
volume_driver = ci_cinder_driver.NoopVolumeDriver
volume_backend_name = spare
C
  rbd_backend_conf >>"$1"
}

# With the Ceph of scripts/real/ceph.sh (CEPH_CONF in the environment: test.sh starts it first), a
# second backend: Cinder's RBD driver on its pool volumes, as client.cinder, whose connection info
# names RBD_SECRET_UUID as the libvirt secret holding that user's key. Volumes of type "ceph" go
# there; the default type stays on the no-op backend, so the API tests behave as without Ceph.
rbd_backend_name() { if [ -n "${CEPH_CONF:-}" ]; then echo ",rbd"; fi; }
rbd_backend_conf() {
  [ -n "${CEPH_CONF:-}" ] || return 0
  cat <<C
[rbd]
volume_driver = cinder.volume.drivers.rbd.RBDDriver
volume_backend_name = rbd
rbd_pool = volumes
rbd_ceph_conf = $CEPH_CONF
rbd_user = ${CEPH_USER:-cinder}
rbd_secret_uuid = $RBD_SECRET_UUID
C
}

# Keystone's "service" role for the user virtdash: since OSSA-2023-003 Cinder deletes the attachment
# of a VM that is not Nova's only for a service token, and the dashboard attaching volumes to
# libvirt VMs is such a service (test/real/volumes.test.ts).
grant_service_role() {
  KS=http://127.0.0.1:$KS_PORT/v3 ADMIN_PASSWORD=$ADMIN_PASSWORD keystone_py <<'P'
roles = call('GET', '/roles?name=service', token=t)[1]['roles']
role = roles[0]['id'] if roles else call('POST', '/roles', {'role': {'name': 'service'}}, t)[1]['role']['id']
user = call('GET', '/users?name=virtdash', token=t)[1]['users'][0]['id']
project = call('GET', '/projects?name=virtdash', token=t)[1]['projects'][0]['id']
call('PUT', f'/projects/{project}/users/{user}/roles/{role}', token=t)
P
}

# The default type pinned to the no-op backend "fake" (not "spare", which test/real/cinder-services
# disables and enables while others create volumes), and with Ceph a volume type "ceph" for RBD.
rbd_volume_types() {
  API=http://127.0.0.1:$NOAUTH_PORT/v3/$NOAUTH_PROJECT TOKEN=admin:$NOAUTH_PROJECT WITH_CEPH=${CEPH_CONF:+1} $PY - <<'P'
import json, os, urllib.request
def call(method, path, body=None):
    r = urllib.request.Request(os.environ['API'] + path, method=method, data=json.dumps(body).encode() if body else None,
                               headers={'Content-Type': 'application/json', 'X-Auth-Token': os.environ['TOKEN'],
                                        'OpenStack-API-Version': 'volume 3.27'})
    with urllib.request.urlopen(r) as resp:
        text = resp.read()
        return json.loads(text) if text else None
types = {t['name']: t['id'] for t in call('GET', '/types')['volume_types']}
if os.environ.get('WITH_CEPH'):
    if 'ceph' not in types:
        types['ceph'] = call('POST', '/types', {'volume_type': {'name': 'ceph', 'os-volume-type-access:is_public': True}})['volume_type']['id']
    call('POST', '/types/%s/extra_specs' % types['ceph'], {'extra_specs': {'volume_backend_name': 'rbd'}})
call('POST', '/types/%s/extra_specs' % types['__DEFAULT__'], {'extra_specs': {'volume_backend_name': 'fake'}})
P
}

volume_service_up() {
  curl -sf "http://127.0.0.1:$NOAUTH_PORT/v3/$NOAUTH_PROJECT/os-services?binary=cinder-volume" \
    -H "X-Auth-Token: admin:$NOAUTH_PROJECT" |
    WANT="ci@fake ci@spare$(rbd_backend_name | sed 's/,/ ci@/g')" \
    $PY -c 'import json,os,sys; up={s["host"] for s in json.load(sys.stdin)["services"] if s["state"] == "up"}; sys.exit(0 if set(os.environ["WANT"].split()) <= up else 1)'
}

scheduler_knows_pool() {
  curl -sf "http://127.0.0.1:$NOAUTH_PORT/v3/$NOAUTH_PROJECT/scheduler-stats/get_pools" \
    -H "X-Auth-Token: admin:$NOAUTH_PROJECT" |
    WANT="ci@fake ci@spare$(rbd_backend_name | sed 's/,/ ci@/g')" \
    $PY -c 'import json,os,sys; names=[p["name"] for p in json.load(sys.stdin)["pools"]]; sys.exit(0 if all(any(n.startswith(w + "#") for n in names) for w in os.environ["WANT"].split()) else 1)'
}

pool_names() {
  curl -s "http://127.0.0.1:$NOAUTH_PORT/v3/$NOAUTH_PROJECT/scheduler-stats/get_pools" \
    -H "X-Auth-Token: admin:$NOAUTH_PROJECT" |
    $PY -c 'import json,sys; print(" ".join(p["name"] for p in json.load(sys.stdin)["pools"]) or "nothing")' 2>&1
}

up() {
  need keystone-manage; need keystone-wsgi-public; need cinder-api; need cinder-scheduler; need cinder-volume
  need cinder-manage; need "$RABBIT_BIN/rabbitmq-server"; need curl; need sqlite3; need setsid; need "$PY"
  need "$PG_BIN/initdb"; need runuser
  "$PY" -c 'import psycopg2' 2>/dev/null || { log "python3-psycopg2 missing (install the packages in .ci/packages)"; exit 3; }
  if running; then print_env; return; fi
  # Anything half-started before: stop it and begin from an empty state.
  down 2>/dev/null || true
  local t0 port; t0=$(ts)
  # A port already answering is someone else's (Debian's own init scripts, another rig): say which.
  for port in "$KS_PORT" "$API_PORT" "$NOAUTH_PORT" "$AMQP_PORT" "$EPMD_PORT" "$DIST_PORT" "$PG_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "127.0.0.1:$port is taken by another program; stop it or move this rig (VIRTDASH_*_PORT, see the top of this script)"
      exit 1
    fi
  done
  rm -rf "$STATE"
  mkdir -p "$STATE/log" "$STATE/lock" "$STATE/cinder" "$STATE/drv"
  cat >"$STATE/drv/ci_cinder_driver.py" <<'P'
from cinder.tests.fake_driver import FakeLoggingVolumeDriver


class NoopVolumeDriver(FakeLoggingVolumeDriver):
    """Cinder's logging fake, plus the operations its LVM parent would run lvm commands for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The logging fake reports every backend as "fake", so a volume type pinned to the backend
        # "fake" could land on "spare" too (seen: ci@spare#fake); report the configured name.
        self.backend_name = self.configuration.safe_get('volume_backend_name') or 'fake'

    def extend_volume(self, volume, new_size):
        pass

    def revert_to_snapshot(self, context, volume, snapshot):
        pass
P
  cinder_conf "$STATE/cinder.conf" keystone "$API_PORT"
  cinder_conf "$STATE/cinder-noauth.conf" noauth "$NOAUTH_PORT"
  keystone_conf

  start_rabbit
  setup_keystone &
  local ks_setup=$!
  start_postgres
  log "postgresql up at $(since "$t0")s"
  cinder-manage --config-file "$STATE/cinder.conf" db sync >"$STATE/log/cinder-dbsync.out" 2>&1
  log "cinder db sync done at $(since "$t0")s"
  local C="--config-file $STATE/cinder.conf"
  spawn cinder-api cinder-api $C --log-file "$STATE/log/cinder-api.log"
  spawn cinder-api-noauth cinder-api --config-file "$STATE/cinder-noauth.conf" --log-file "$STATE/log/cinder-api-noauth.log"
  wait_for 60 RabbitMQ "" bash -c "exec 3<>/dev/tcp/127.0.0.1/$AMQP_PORT"
  log "rabbitmq listening at $(since "$t0")s"
  spawn cinder-scheduler cinder-scheduler $C --log-file "$STATE/log/cinder-scheduler.log"
  PYTHONPATH=$STATE/drv spawn cinder-volume cinder-volume $C --log-file "$STATE/log/cinder-volume.log"
  wait "$ks_setup" || { log "keystone setup failed, see $STATE/log/keystone-manage.out"; exit 1; }
  wait_for 60 Keystone "keystone.log keystone.out" curl -sf -o /dev/null "http://127.0.0.1:$KS_PORT/v3"
  log "keystone answering at $(since "$t0")s"
  populate_keystone || { log "populating keystone failed"; exit 1; }
  grant_service_role || { log "granting the service role failed"; exit 1; }
  wait_for 60 cinder-api "cinder-api.log cinder-api.out" http_is 300 "http://127.0.0.1:$API_PORT/"
  wait_for 60 "cinder-api (noauth)" "cinder-api-noauth.log cinder-api-noauth.out" http_is 300 "http://127.0.0.1:$NOAUTH_PORT/"
  log "cinder-api answering at $(since "$t0")s"
  wait_for 60 cinder-volume "cinder-volume.log cinder-volume.out" volume_service_up
  rbd_volume_types || { log "creating the ceph volume type failed"; exit 1; }
  log "cinder-volume up at $(since "$t0")s"
  # Ready only when the scheduler can place a volume: its get_pools lists every backend (fake, and
  # rbd when Ceph is up), which it learns only from each volume service's periodic report.
  wait_for 60 "the scheduler's pool list (get_pools) listing every backend (ci@fake#…, ci@spare#…$(rbd_backend_name | sed 's/,/, ci@/')#…)" \
    "cinder-scheduler.log cinder-volume.log" scheduler_knows_pool ||
    { log "get_pools lists only: $(pool_names)"; exit 1; }
  log "scheduler lists the pools, all ready in $(since "$t0")s"
  print_env
}

# Stops daemons with their whole process groups, all at once, and waits until every one is gone
# (SIGKILL after 15 s).
stop_groups() {
  local pids=() name pid
  for name in "$@"; do
    [ -f "$STATE/$name.pid" ] || continue
    pid=$(cat "$STATE/$name.pid")
    kill -TERM -- "-$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 150); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  for name in "$@"; do rm -f "$STATE/$name.pid"; done
}

down() {
  local t0; t0=$(ts)
  # shellcheck disable=SC2086
  stop_groups $DAEMONS
  if [ -f "$STATE/rabbit.pid" ]; then
    ( rabbit_env; timeout 30 "$RABBIT_BIN/rabbitmqctl" -q shutdown >/dev/null 2>&1 ) || true
    stop_groups rabbit
  fi
  if [ -f "$STATE/pg/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  # epmd daemonizes itself out of RabbitMQ's process group; it exits on request once no node is registered.
  if command -v epmd >/dev/null 2>&1; then
    ( rabbit_env; epmd -kill >/dev/null 2>&1 ) || true
  fi
  log "down in $(since "$t0")s"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
