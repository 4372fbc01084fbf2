#!/bin/bash
# A real libvirtd (qemu/TCG and test drivers) on 127.0.0.1:16509, for test/real/libvirt.test.ts.
#   up:   start it (or find it running) and print KEY=value lines; exit 3 without the packages.
#   down: stop what up started.
# Learned on Debian 12 (see README.md here): libvirtd refuses to start without the user
# libvirt-qemu, guests refuse to start without virtlogd, and qemu.conf must run guests as root
# with dynamic_ownership off because there is no systemd/polkit setup on these machines.
set -euo pipefail
STATE=${VIRTDASH_LIBVIRT_STATE:-/tmp/virtdash-libvirt}
PORT=${VIRTDASH_LIBVIRT_PORT:-16509}
URI="qemu+tcp://127.0.0.1:$PORT/system"

need() { command -v "$1" >/dev/null 2>&1 || { echo "libvirt.sh: $1 missing (install the libvirt packages in .ci/packages)" >&2; exit 3; }; }

print_env() {
  echo "LIBVIRT_QEMU_URI=$URI"
  echo "LIBVIRT_TEST_URI_PREFIX=test+tcp://127.0.0.1:$PORT"
  echo "LIBVIRT_POOL=virtdash-ci"
  echo "LIBVIRT_POOL_DIR=$STATE/pool"
}

up() {
  need libvirtd; need virtlogd; need virsh; need qemu-system-x86_64
  if timeout 5 virsh -q -c "$URI" version >/dev/null 2>&1; then print_env; return; fi
  mkdir -p "$STATE/run" "$STATE/pool"
  getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
  getent passwd libvirt-qemu >/dev/null || useradd -r -g libvirt-qemu -d /var/lib/libvirt -M -s /usr/sbin/nologin libvirt-qemu
  mkdir -p /etc/libvirt
  cat > /etc/libvirt/qemu.conf <<'Q'
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
vnc_listen = "127.0.0.1"
spice_listen = "127.0.0.1"
Q
  cat > "$STATE/libvirtd.conf" <<C
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$PORT"
auth_tcp = "none"
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_dir = "$STATE/run"
log_outputs = "3:file:$STATE/libvirtd.log"
C
  if [ ! -S /run/libvirt/virtlogd-sock ]; then
    virtlogd >"$STATE/virtlogd.out" 2>&1 &
    echo $! >"$STATE/virtlogd.pid"
    for _ in $(seq 100); do [ -S /run/libvirt/virtlogd-sock ] && break; sleep 0.05; done
  fi
  libvirtd --listen --config "$STATE/libvirtd.conf" >"$STATE/libvirtd.out" 2>&1 &
  echo $! >"$STATE/libvirtd.pid"
  for _ in $(seq 200); do
    timeout 5 virsh -q -c "$URI" version >/dev/null 2>&1 && break
    sleep 0.05
  done
  timeout 5 virsh -q -c "$URI" version >/dev/null 2>&1 || { echo "libvirt.sh: libvirtd did not start, see $STATE/libvirtd.out" >&2; exit 1; }
  # A directory pool for the volumes and guests the tests create.
  if ! virsh -q -c "$URI" pool-info virtdash-ci >/dev/null 2>&1; then
    virsh -q -c "$URI" pool-define-as virtdash-ci dir --target "$STATE/pool" >/dev/null
  fi
  virsh -q -c "$URI" pool-start virtdash-ci >/dev/null 2>&1 || true
  print_env
}

down() {
  for d in libvirtd virtlogd; do
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
