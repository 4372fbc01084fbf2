#!/bin/bash
# A real single-node Ceph (Debian 12's pacific) on 127.0.0.1 for the Cinder RBD backend, Glance's
# image store and QEMU's rbd disks (test/real/volumes*.test.ts): 1 mon, 1 mgr, 1 OSD on memstore.
#   up:   start it (or find it healthy) and print KEY=value lines; exit 3 without the packages.
#   down: stop what up started and delete its state (memstore data is throwaway).
# Learned on Debian 12 (see ../shared/recipes/ceph-ci.sh and scripts/real/README.md):
# - memstore keeps objects in RAM: no disk, loop device or kernel module, but nothing survives an
#   OSD restart, so up never restarts a half-dead cluster: it rebuilds it;
# - never export CEPH_KEYRING: librados would use it for every client (Permission denied for
#   client.cinder); the conf's [client] keyring line finds each user's own keyring;
# - ceph-osd --mkfs fetches its config from the mon, so the OSD key must exist first;
# - pacific wants mon_allow_pool_size_one for one replica and says HEALTH_WARN unless told the
#   lack of redundancy, the global_id reclaim and a nearly full disk are expected here.
# Ready means what the tests do works: pools volumes and images are rbd-initialised, the cluster is
# HEALTH_OK with every PG active+clean, and client.cinder (profile rbd on both pools) can list them.
set -euo pipefail
STATE=${VIRTDASH_CEPH_STATE:-/tmp/virtdash-ceph}
PORT=${VIRTDASH_CEPH_PORT:-16789}
OSD_BYTES=${VIRTDASH_CEPH_OSD_BYTES:-6442450944}
POOLS="volumes images"
CLIENT=cinder
TIMEOUT=120
V2=$((PORT + 1))
MON_HOST="[v2:127.0.0.1:$V2,v1:127.0.0.1:$PORT]"
CONF=$STATE/ceph.conf
MARK="# virtdash ceph.sh state"
export CEPH_CONF=$CONF

log() { echo "ceph.sh: $*" >&2; }
ceph_() { timeout 30 ceph --connect-timeout 10 "$@"; }
wait_for() { # what, command...
  local what=$1 t0=$SECONDS; shift
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - t0 > TIMEOUT )); then log "$what not reached within ${TIMEOUT}s; logs in $STATE/log"; return 1; fi
    sleep 0.3
  done
}
# A pid file naming a live ceph-* process (a reused pid of another program is not ours).
alive() { local p; p=$(cat "$STATE/run/$1.pid" 2>/dev/null) && [ -n "$p" ] && [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == ceph-* ]]; }
healthy() { ceph_ health | grep -q '^HEALTH_OK' && ceph_ pg stat | grep -Eq '^[0-9]+ pgs: [0-9]+ active\+clean;'; }
client_works() { local p; for p in $POOLS; do timeout 30 rbd --id "$CLIENT" ls "$p" >/dev/null || return 1; done; }

print_env() {
  echo "CEPH_CONF=$CONF"
  echo "CEPH_ADMIN_KEYRING=$STATE/ceph.client.admin.keyring"
  echo "CEPH_MON=127.0.0.1:$PORT"
  echo "CEPH_MON_HOST=$MON_HOST"
  echo "CEPH_FSID=$(sed -n 's/^fsid = //p' "$CONF")"
  echo "CEPH_USER=$CLIENT"
  echo "CEPH_USER_KEY=$(ceph-authtool -p -n "client.$CLIENT" "$STATE/ceph.client.$CLIENT.keyring")"
}

down() {
  local group n p pids
  for group in "osd.0 mgr.x" mon.a; do # the mon last: the OSD tells it that it is going down
    pids=""
    for n in $group; do alive "$n" && pids+=" $(cat "$STATE/run/$n.pid")"; done
    [ -n "$pids" ] || continue
    # shellcheck disable=SC2086
    kill $pids
    for _ in $(seq 100); do kill -0 $pids 2>/dev/null || break; sleep 0.1; done
    # shellcheck disable=SC2086
    kill -0 $pids 2>/dev/null && { log "$group did not stop in 10 s, killing"; kill -9 $pids 2>/dev/null || true; }
  done
  if [ -e "$CONF" ] && grep -qxF "$MARK" "$CONF"; then rm -rf "$STATE"; fi
  return 0
}

up() {
  local b missing=()
  for b in ceph-mon ceph-mgr ceph-osd ceph ceph-authtool monmaptool rbd; do command -v "$b" >/dev/null || missing+=("$b"); done
  if ((${#missing[@]})); then log "missing ${missing[*]} (install ceph-mon ceph-mgr ceph-osd ceph-common, see .ci/packages)"; exit 3; fi
  if alive mon.a && alive mgr.x && alive osd.0 && healthy && client_works; then print_env; return 0; fi
  if [ -e "$STATE" ] && ! { [ -e "$CONF" ] && grep -qxF "$MARK" "$CONF"; }; then log "$STATE exists and is not ours; refusing"; exit 1; fi
  down
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    log "127.0.0.1:$PORT is taken by another program; stop it or set VIRTDASH_CEPH_PORT"; exit 1
  fi
  local t0=$SECONDS fsid
  mkdir -p "$STATE"/{run,log,crash,mon.a,mgr.x,osd.0}
  fsid=$(cat /proc/sys/kernel/random/uuid)
  # Ceph's conf accepts comments after values, but they stay on their own lines here, as everywhere.
  cat >"$CONF" <<C
$MARK
[global]
fsid = $fsid
mon_host = $MON_HOST
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
# mgr and OSD ports in a private range instead of 6800-7300
ms_bind_port_min = $((PORT + 11))
ms_bind_port_max = $((PORT + 110))
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
auth_allow_insecure_global_id_reclaim = false
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_crush_chooseleaf_type = 0
osd_pool_default_pg_autoscale_mode = off
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
mon_data_avail_warn = 2
mon_data_avail_crit = 1
run_dir = $STATE/run
crash_dir = $STATE/crash
[mon]
mon_data = $STATE/mon.\$id
mon_allow_pool_delete = true
# map changes (pools, snapshots) commit in 0.1 s instead of 1 s
paxos_propose_interval = 0.1
mon_cluster_log_file = $STATE/log/cluster.log
log_file = $STATE/log/\$name.log
pid_file = $STATE/run/\$name.pid
[mgr]
mgr_data = $STATE/mgr.\$id
log_file = $STATE/log/\$name.log
pid_file = $STATE/run/\$name.pid
[osd]
osd_data = $STATE/osd.\$id
osd_objectstore = memstore
memstore_device_bytes = $OSD_BYTES
log_file = $STATE/log/\$name.log
pid_file = $STATE/run/\$name.pid
[client]
keyring = $STATE/ceph.\$name.keyring
C
  {
    ceph-authtool --create-keyring "$STATE/mon.keyring" --gen-key -n mon. --cap mon 'allow *'
    ceph-authtool --create-keyring "$STATE/ceph.client.admin.keyring" --gen-key -n client.admin \
      --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *'
    ceph-authtool "$STATE/mon.keyring" --import-keyring "$STATE/ceph.client.admin.keyring"
    monmaptool --create --fsid "$fsid" --addv a "$MON_HOST" "$STATE/monmap"
  } >>"$STATE/log/mkfs.log"
  ceph-mon --mkfs -i a --monmap "$STATE/monmap" --keyring "$STATE/mon.keyring" 2>>"$STATE/log/mkfs.log"
  ceph-mon -i a 2>>"$STATE/log/start.log"
  wait_for "mon quorum" ceph_ mon stat
  ceph_ auth get-or-create mgr.x mon 'allow profile mgr' osd 'allow *' mds 'allow *' -o "$STATE/mgr.x/keyring"
  ceph-mgr -i x 2>>"$STATE/log/start.log"
  local uuid key
  uuid=$(cat /proc/sys/kernel/random/uuid)
  key=$(ceph-authtool --gen-print-key)
  ceph-authtool --create-keyring "$STATE/osd.0/keyring" -n osd.0 --add-key "$key" >>"$STATE/log/mkfs.log"
  [ "$(echo "{\"cephx_secret\": \"$key\"}" | ceph_ osd new "$uuid" -i -)" = 0 ] || { log "the OSD did not get id 0"; exit 1; }
  ceph-osd -i 0 --mkfs --osd-uuid "$uuid" >>"$STATE/log/mkfs.log" 2>&1
  ceph-osd -i 0 2>>"$STATE/log/start.log"
  wait_for "osd.0 up" bash -c "ceph --connect-timeout 10 osd dump | grep -q '^osd.0 up '"
  wait_for "an active mgr" bash -c "ceph --connect-timeout 10 mgr stat | grep -q '\"available\": true'"
  local p caps="" pids=()
  for p in $POOLS; do ceph_ osd pool create "$p" >/dev/null 2>&1; caps+="${caps:+, }profile rbd pool=$p"; done
  # Each rbd pool init waits for its PGs: run them side by side.
  for p in $POOLS; do timeout 60 rbd pool init "$p" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
  ceph_ auth get-or-create "client.$CLIENT" mon 'profile rbd' osd "$caps" mgr "$caps" -o "$STATE/ceph.client.$CLIENT.keyring" >/dev/null
  wait_for "HEALTH_OK with every PG active+clean" healthy || { ceph_ health detail >&2 || true; exit 1; }
  wait_for "client.$CLIENT listing the pools" client_works
  log "ready in $((SECONDS - t0)) s"
  print_env
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
