#!/bin/bash
# A real libvirtd (qemu/TCG and test drivers) on 127.0.0.1:16509, for test/real/libvirt.test.ts.
#   up:   start it (or find it running) and print KEY=value lines; exit 3 without the packages.
#   down: stop what up started.
# Learned on Debian 12 (see README.md here): libvirtd refuses to start without the user
# libvirt-qemu, guests refuse to start without virtlogd, and qemu.conf must run guests as root
# with dynamic_ownership off because there is no systemd/polkit setup on these machines, and with
# no private /dev per guest (namespaces = []: in a chroot or container libvirt cannot build one:
# "Failed to open /dev/null for OFD lock probing"); every
# network runs dnsmasq (dnsmasq-base, only a Recommends of libvirt) with its files under
# /var/lib/libvirt/dnsmasq, a directory that only libvirt-daemon-system (not installed: it pulls in
# systemd) ships, so this script makes it.
set -euo pipefail
STATE=${VIRTDASH_LIBVIRT_STATE:-/tmp/virtdash-libvirt}
PORT=${VIRTDASH_LIBVIRT_PORT:-16509}
SSH_PORT=${VIRTDASH_LIBVIRT_SSH_PORT:-2222}
TLS_PORT=${VIRTDASH_LIBVIRT_TLS_PORT:-16514}
URI="qemu+tcp://127.0.0.1:$PORT/system"
# Host B: a second libvirtd on this machine, so a real live migration can run (A → B).
STATE_B=${VIRTDASH_LIBVIRT_STATE_B:-$STATE-b}
PORT_B=${VIRTDASH_LIBVIRT_PORT_B:-16510}
URI_B="qemu+tcp://127.0.0.1:$PORT_B/system"

need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || { echo "libvirt.sh: $1 missing (install the libvirt packages in .ci/packages)" >&2; exit 3; }; }
fail() { echo "libvirt.sh: $*" >&2; exit 1; }

# The last error libvirtd logged (its log has errors only), to name what went wrong.
last_error() { tail -n 200 "$STATE/libvirtd.log" 2>/dev/null | grep -v '^\s*$' | tail -n 1; }

# The adapter proves a Ceph user's key before it plugs an rbd disk, with a transient rbd pool
# (lib/backends/libvirt/ceph-probe.ts): ready means this daemon loaded libvirt's rbd storage
# backend (libvirt-daemon-driver-storage-rbd), which it says in its pool capabilities. A daemon
# started before that package was installed does not have it either.
rbd_pools_work() {
  local out rc=0
  out=$(timeout 30 virsh -q -c "$URI" pool-capabilities 2>&1) || rc=$?
  [ $rc -eq 0 ] || fail "libvirtd did not answer pool-capabilities (rc $rc): $out"
  grep -q "<pool type='rbd' supported='yes'>" <<<"$out" ||
    fail "libvirtd has no rbd storage backend (pool-capabilities: rbd not supported): install libvirt-daemon-driver-storage-rbd and restart libvirtd (scripts/real/libvirt.sh down; up)"
}

# Ready means the tests' network can start: a transient network shaped like theirs (isolated
# bridge on TEST-NET-2, no DNS) is created and destroyed. This is what fails without dnsmasq or
# its state directory, which a daemon that merely answers `virsh version` does not show.
network_works() {
  local name="virtdash-probe-$$" out rc=0
  local xml="$STATE/$name.xml"
  echo "<network><name>$name</name><forward mode='open'/><bridge name='vdprobe$(( $$ % 10000 ))' stp='off'/><dns enable='no'/><ip address='198.51.100.241' prefix='28'/></network>" >"$xml"
  out=$(timeout 30 virsh -q -c "$URI" net-create "$xml" 2>&1) || rc=$?
  rm -f "$xml"
  if [ $rc -ne 0 ]; then
    fail "libvirtd runs but cannot start a network, which the tests need. virsh said: $out; libvirtd's last error ($STATE/libvirtd.log): $(last_error)"
  fi
  # A guest's NIC plugged into it (a network port): libvirt writes the network's MAC table then.
  echo "<networkport><uuid>$(cat /proc/sys/kernel/random/uuid)</uuid><owner><name>$name</name><uuid>$(cat /proc/sys/kernel/random/uuid)</uuid></owner><mac address='52:54:00:fe:00:01'/></networkport>" >"$xml"
  rc=0
  out=$(timeout 30 virsh -q -c "$URI" net-port-create "$name" "$xml" 2>&1) || rc=$?
  rm -f "$xml"
  timeout 30 virsh -q -c "$URI" net-destroy "$name" >/dev/null 2>&1 || fail "could not destroy the probe network $name: $(last_error)"
  if [ $rc -ne 0 ]; then
    fail "libvirtd starts a network but cannot plug a NIC into it, which the tests need. virsh said: $out; libvirtd's last error ($STATE/libvirtd.log): $(last_error)"
  fi
  # A NAT network: libvirt 9 (Debian 12) writes its masquerading and forwarding rules with
  # iptables and turns on ip_forward; without the iptables package it cannot start one.
  echo "<network><name>$name-nat</name><forward mode='nat'/><bridge name='vdnat$(( $$ % 10000 ))' stp='off'/><dns enable='no'/><ip address='198.51.100.225' prefix='28'/></network>" >"$xml"
  rc=0
  out=$(timeout 30 virsh -q -c "$URI" net-create "$xml" 2>&1) || rc=$?
  rm -f "$xml"
  if [ $rc -ne 0 ]; then
    fail "libvirtd cannot start a NAT network, which the tests need (its firewall rules are written with iptables: package iptables). virsh said: $out; libvirtd's last error ($STATE/libvirtd.log): $(last_error)"
  fi
  timeout 30 virsh -q -c "$URI" net-destroy "$name-nat" >/dev/null 2>&1 || fail "could not destroy the probe network $name-nat: $(last_error)"
}

print_env() {
  echo "LIBVIRT_QEMU_URI=$URI"
  # Host B (see start_host_b): a guest on A live-migrates to it.
  echo "LIBVIRT_QEMU_URI_B=$URI_B"
  echo "LIBVIRT_TEST_URI_PREFIX=test+tcp://127.0.0.1:$PORT"
  echo "LIBVIRT_POOL=virtdash-ci"
  echo "LIBVIRT_POOL_DIR=$STATE/pool"
  # The same daemon on its local UNIX socket (qemu:///system for a dashboard running on the host).
  echo "LIBVIRT_UNIX_URI=qemu+unix:///system?socket=$STATE/run/libvirt-sock"
  # qemu+tls: the daemon's CA and a client certificate it accepts (tests also try a foreign one).
  echo "LIBVIRT_TLS_URI=qemu+tls://127.0.0.1:$TLS_PORT/system"
  echo "LIBVIRT_TLS_DIR=$STATE/pki"
  if [ -f "$STATE/sshd.pid" ]; then
    # qemu+ssh, key-based: a private sshd on loopback, netcat onto this daemon's socket.
    echo "LIBVIRT_SSH_URI=qemu+ssh://root@127.0.0.1:$SSH_PORT/system?socket=$STATE/run/libvirt-sock"
    echo "LIBVIRT_SSH_KEY_FILE=$STATE/client_key"
  fi
}

# A private CA, the daemon's certificate for 127.0.0.1, one client certificate it signs, and a
# foreign client certificate (another CA) that the daemon must refuse.
make_pki() {
  local d="$STATE/pki"
  [ -f "$d/client.pem" ] && return 0
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=virtdash CI CA" -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$d/server.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 3650 -extfile "$d/server.ext" -out "$d/server.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/O=virtdash/CN=dashboard" -keyout "$d/client.key" -out "$d/client.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' > "$d/client.ext"
  openssl x509 -req -in "$d/client.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 3650 -extfile "$d/client.ext" -out "$d/client.pem" 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=stranger" -keyout "$d/foreign.key" -out "$d/foreign.pem" 2>/dev/null
}

# A loopback-only sshd that accepts one generated key (for the qemu+ssh tests); skipped when
# openssh-server or netcat-openbsd are not installed.
start_sshd() {
  command -v /usr/sbin/sshd >/dev/null 2>&1 && command -v nc >/dev/null 2>&1 || return 0
  [ -f "$STATE/sshd.pid" ] && kill -0 "$(cat "$STATE/sshd.pid")" 2>/dev/null && return 0
  [ -f "$STATE/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$STATE/host_key"
  [ -f "$STATE/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$STATE/client_key"
  cp "$STATE/client_key.pub" "$STATE/authorized_keys"
  chmod 600 "$STATE/authorized_keys"
  mkdir -p /run/sshd
  cat > "$STATE/sshd_config" <<S
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $STATE/host_key
AuthorizedKeysFile $STATE/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $STATE/sshd.pid
S
  /usr/sbin/sshd -f "$STATE/sshd_config" -E "$STATE/sshd.log"
  for _ in $(seq 100); do [ -f "$STATE/sshd.pid" ] && break; sleep 0.05; done
}

# Whether a daemon accepts connections on a Unix socket (python3 is there: Cinder and Glance need it).
sock_alive() {
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.settimeout(1); s.connect(sys.argv[1])' "$1" 2>/dev/null
}

# A socket file is not a daemon: a virtlogd killed hard leaves /run/libvirt/virtlogd-sock behind,
# and guests then fail to start with "Connection refused" (CI found exactly that). So the test is
# whether something accepts a connection on it; a dead socket is removed and virtlogd started.
# Checked even when libvirtd already runs: it is virtlogd that guests need at start.
ensure_virtlogd() {
  sock_alive /run/libvirt/virtlogd-sock && return 0
  mkdir -p "$STATE" /run/libvirt
  rm -f /run/libvirt/virtlogd-sock /run/libvirt/virtlogd-admin-sock
  virtlogd >"$STATE/virtlogd.out" 2>&1 &
  echo $! >"$STATE/virtlogd.pid"
  for _ in $(seq 200); do sock_alive /run/libvirt/virtlogd-sock && return 0; sleep 0.05; done
  fail "virtlogd did not accept connections within 10 s: $(tail -n 3 "$STATE/virtlogd.out")"
}

# Host B. libvirt migrates only between hosts with different host UUIDs, and each daemon keeps its
# guests' state, sockets and definitions in fixed places (/run/libvirt, /var/lib/libvirt,
# /etc/libvirt, /var/cache/libvirt, /var/log/libvirt), so B runs in its own mount namespace with
# those bind-mounted from $STATE_B, with its own virtlogd (guests start only with one on
# /run/libvirt/virtlogd-sock, which in B's namespace is B's). Everything else (the disk paths under
# /tmp, the QEMU binary) both daemons see alike: to libvirt that is storage both hosts share.
# The source sends the guest to the host name the destination reports (libvirt refuses a loopback
# migration_host or migration_address: "must not be the address of the local machine"), and this
# machine's name need not resolve to loopback (a container's /etc/hosts maps it to its own
# address). So B also gets its own UTS namespace whose host name is 127.0.0.1: libvirt takes a
# name with a dot as it is, and sends the guest to 127.0.0.1 (B's QEMU listens on its default
# address, in a port range of its own, for the seconds a migration takes).
# Both daemons' qemu.conf: guests as root with no ownership changes and no private /dev (see the top),
# consoles on loopback.
qemu_conf() {
  cat <<'Q'
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
namespaces = []
vnc_listen = "127.0.0.1"
spice_listen = "127.0.0.1"
Q
}

start_host_b() {
  if timeout 5 virsh -q -c "$URI_B" version >/dev/null 2>&1; then return 0; fi
  local sb="$STATE_B"
  mkdir -p "$sb/etc" "$sb/lib/qemu" "$sb/lib/images" "$sb/cache" "$sb/log/qemu" "$sb/varrun" "$sb/sock"
  # QEMU's capabilities, probed by A already: copied, B starts in a second instead of probing again.
  [ -d "$sb/cache/qemu" ] || cp -a /var/cache/libvirt/qemu "$sb/cache/" 2>/dev/null || true
  [ -f "$sb/host_uuid" ] || cat /proc/sys/kernel/random/uuid >"$sb/host_uuid"
  { qemu_conf; printf 'migration_port_min = 49300\nmigration_port_max = 49363\n'; } > "$sb/etc/qemu.conf"
  cat > "$sb/libvirtd.conf" <<C
host_uuid = "$(cat "$sb/host_uuid")"
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$PORT_B"
auth_tcp = "none"
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_dir = "$sb/sock"
log_outputs = "3:file:$sb/libvirtd.log"
C
  # unshare without a new PID namespace execs in place: $! is the shell that becomes libvirtd.
  unshare -m -u --propagation private bash -c '
    set -e
    sb=$1
    echo 127.0.0.1 >/proc/sys/kernel/hostname
    mount --bind "$sb/etc" /etc/libvirt
    mount --bind "$sb/lib" /var/lib/libvirt
    mount --bind "$sb/cache" /var/cache/libvirt
    mount --bind "$sb/log" /var/log/libvirt
    mount --bind "$sb/varrun" /run/libvirt
    rm -f /run/libvirt/virtlogd-sock /run/libvirt/virtlogd-admin-sock
    # Their pid files are in /run itself (not private here): each gets its own.
    virtlogd --pid-file "$sb/virtlogd.run.pid" >"$sb/virtlogd.out" 2>&1 &
    echo $! >"$sb/virtlogd.pid"
    exec libvirtd --listen --pid-file "$sb/libvirtd.run.pid" --config "$sb/libvirtd.conf"
  ' host-b "$sb" >"$sb/libvirtd.out" 2>&1 &
  echo $! >"$sb/libvirtd.pid"
  local deadline=$(( $(date +%s) + 120 ))
  until timeout 5 virsh -q -c "$URI_B" version >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$sb/libvirtd.pid")" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      fail "host B's libvirtd did not start within 120 s; its last words ($sb/libvirtd.out, libvirtd.log): $(tail -n 1 "$sb/libvirtd.out") $(tail -n 1 "$sb/libvirtd.log" 2>/dev/null)"
    fi
    sleep 0.1
  done
}

# Ready for migration means one runs: a tiny transient guest (no OS, like the tests') started on A
# live-migrates peer-to-peer to B, runs there, and is destroyed on B.
migration_works() {
  local name="virtdash-migprobe-$$" out rc=0
  local xml="$STATE/$name.xml"
  echo "<domain type='qemu'><name>$name</name><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>" >"$xml"
  out=$(timeout 60 virsh -q -c "$URI" create "$xml" 2>&1) || rc=$?
  rm -f "$xml"
  [ $rc -eq 0 ] || fail "host A cannot start the migration probe guest. virsh said: $out; libvirtd's last error: $(last_error)"
  out=$(timeout 120 virsh -q -c "$URI" migrate --live --p2p "$name" "$URI_B" 2>&1) || rc=$?
  if [ $rc -ne 0 ]; then
    timeout 30 virsh -q -c "$URI" destroy "$name" >/dev/null 2>&1 || true
    fail "a guest does not live-migrate from A to B ($URI_B). virsh said: $out; A's last error: $(last_error); B's ($STATE_B/libvirtd.log): $(tail -n 1 "$STATE_B/libvirtd.log" 2>/dev/null)"
  fi
  out=$(timeout 30 virsh -q -c "$URI_B" domstate "$name" 2>&1) || rc=$?
  timeout 30 virsh -q -c "$URI_B" destroy "$name" >/dev/null 2>&1 || true
  [ $rc -eq 0 ] && [ "$out" = running ] || fail "the migrated probe guest is not running on B (domstate: $out); B's last error: $(tail -n 1 "$STATE_B/libvirtd.log" 2>/dev/null)"
}

up() {
  need libvirtd; need virtlogd; need unshare; need mount; need virsh; need qemu-system-x86_64; need qemu-img; need openssl; need dnsmasq; need iptables; need tc; need python3
  ensure_virtlogd
  if timeout 5 virsh -q -c "$URI" version >/dev/null 2>&1; then network_works; rbd_pools_work; start_host_b; migration_works; start_sshd; print_env; return; fi
  mkdir -p "$STATE/run" "$STATE/pool"
  # What libvirt-daemon-system would have made (see the top): state of networks and guests.
  mkdir -p /var/lib/libvirt/dnsmasq /var/lib/libvirt/qemu /var/lib/libvirt/images /var/cache/libvirt /var/log/libvirt/qemu
  # What systemd-tmpfiles makes at boot: /var/lock is /run/lock, where libvirt locks a guest's serial
  # pty when a console opens ("Couldn't create lock file for device '/dev/pts/0'" without it).
  mkdir -p /run/lock && chmod 1777 /run/lock
  make_pki
  getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
  getent passwd libvirt-qemu >/dev/null || useradd -r -g libvirt-qemu -d /var/lib/libvirt -M -s /usr/sbin/nologin libvirt-qemu
  mkdir -p /etc/libvirt
  qemu_conf > /etc/libvirt/qemu.conf
  cat > "$STATE/libvirtd.conf" <<C
listen_tls = 1
tls_port = "$TLS_PORT"
ca_file = "$STATE/pki/ca.pem"
cert_file = "$STATE/pki/server.pem"
key_file = "$STATE/pki/server.key"
tls_no_verify_certificate = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$PORT"
auth_tcp = "none"
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_dir = "$STATE/run"
log_outputs = "3:file:$STATE/libvirtd.log"
C
  libvirtd --listen --config "$STATE/libvirtd.conf" >"$STATE/libvirtd.out" 2>&1 &
  echo $! >"$STATE/libvirtd.pid"
  # Up to 120 s for the daemon to answer: it usually does within 1 s, but its first start on a new
  # machine probes QEMU for its capabilities cache, which is slow on a loaded 2-core machine.
  local deadline=$(( $(date +%s) + 120 ))
  until timeout 5 virsh -q -c "$URI" version >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$STATE/libvirtd.pid")" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      fail "libvirtd did not start within 120 s; its last words ($STATE/libvirtd.out, libvirtd.log): $(tail -n 1 "$STATE/libvirtd.out") $(last_error)"
    fi
    sleep 0.1
  done
  # A directory pool for the volumes and guests the tests create.
  if ! virsh -q -c "$URI" pool-info virtdash-ci >/dev/null 2>&1; then
    virsh -q -c "$URI" pool-define-as virtdash-ci dir --target "$STATE/pool" >/dev/null
  fi
  virsh -q -c "$URI" pool-start virtdash-ci >/dev/null 2>&1 || true
  network_works
  rbd_pools_work
  start_host_b
  migration_works
  start_sshd
  print_env
}

down() {
  for d in libvirtd virtlogd; do
    if [ -f "$STATE_B/$d.pid" ]; then
      kill "$(cat "$STATE_B/$d.pid")" 2>/dev/null || true
      rm -f "$STATE_B/$d.pid"
    fi
  done
  for d in libvirtd virtlogd sshd; do
    if [ -f "$STATE/$d.pid" ]; then
      kill "$(cat "$STATE/$d.pid")" 2>/dev/null || true
      rm -f "$STATE/$d.pid"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
